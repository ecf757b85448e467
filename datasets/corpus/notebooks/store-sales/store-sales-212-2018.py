#!/usr/bin/env python
# coding: utf-8

# # Store item demand - ARMA
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from statsmodels.tsa.stattools import acf, pacf
from statsmodels.tsa.seasonal import seasonal_decompose
from statsmodels.tsa.arima_model import ARMA


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train['date'] = pd.to_datetime(train['date'], format='%Y-%m-%d')
test['date'] = pd.to_datetime(test['date'], format='%Y-%m-%d')
train.info()


# In[ ]:


s1 = train[train.store == 1]['sales'].astype(float).values
print('autocorrelation, lags 1-14:', np.round(acf(s1, unbiased=True, nlags=14, fft=True)[1:], 2))
print('partial autocorrelation:', np.round(pacf(s1, nlags=14, method='ywunbiased')[1:], 2))


# In[ ]:


s = train[train.store == 3].set_index('date')['sales']
s = s[s > 0]  # closed days would break the multiplicative model
result = seasonal_decompose(s, model='multiplicative', freq=7)
result.plot()
plt.show()


# In[ ]:


plt.hold(True)
for store in [1, 2, 3]:
    plt.plot(train[train.store == store].groupby(train.date.dt.dayofweek)['sales'].mean(), marker='o', label=str(store))
plt.legend()
plt.title('Mean sales per day of the week')
plt.show()


# In[ ]:


train = train.sort_values(['store', 'date'], 0).reset_index(drop=True)
test = test.sort_values(['store', 'date'], 0)
horizon = test.store.value_counts().max()


# ## ARMA on the log of daily sales (log1p: some days have no sales)

# In[ ]:


for store in sorted(test.store.unique()):
    series = np.log1p(train[train.store == store]['sales'].astype(float).values)
    res = ARMA(series, order=(2, 1)).fit(disp=False)
    n = int((test.store == store).sum())
    test.loc[test.store == store, 'sales'] = np.expm1(res.forecast(steps=n)[0])


# In[ ]:


sub = pd.read_csv('../input/sample_submission.csv')
sub['sales'] = test.set_index('id').loc[sub['id'], 'sales'].values
sub.to_csv('submission.csv', index=False)


# If you liked this kernel, please upvote!
