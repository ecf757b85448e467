#!/usr/bin/env python
# coding: utf-8

# # Store item demand - ARMA
#
# Goal: a clean, reproducible baseline with ARMA.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from statsmodels.tsa.stattools import acf, pacf
from statsmodels.tsa.arima_model import ARMA
warnings.filterwarnings('ignore')


# In[ ]:


train = pd.read_csv('../input/train.csv', parse_dates=['date'])
test = pd.read_csv('../input/test.csv', parse_dates=['date'])
print(train.date.min(), train.date.max(), test.date.min(), test.date.max())
train.head()


# In[ ]:


monthly = train.set_index('date').groupby(['store', pd.TimeGrouper('M')])['sales'].sum().unstack(0)
monthly.plot(figsize=(14, 5), title='Monthly sales per store')
plt.show()


# In[ ]:


s1 = train[train.store == 1]['sales'].astype(float).values
print('autocorrelation, lags 1-14:', np.round(acf(s1, unbiased=True, nlags=14, fft=True)[1:], 2))
print('partial autocorrelation:', np.round(pacf(s1, nlags=14, method='ywunbiased')[1:], 2))


# In[ ]:


horizon = int(test.groupby('store').size().max())
last_day = train.date.max()
print('forecasting %d days after %s' % (horizon, last_day.date()))


# ## ARMA on the log of daily sales (log1p: some days have no sales)

# In[ ]:


for store in sorted(test.store.unique()):
    series = np.log1p(train[train.store == store]['sales'].astype(float).values)
    res = ARMA(series, order=(2, 1)).fit(disp=False)
    n = int((test.store == store).sum())
    test.loc[test.store == store, 'sales'] = np.expm1(res.forecast(steps=n)[0])


# In[ ]:


test[['id', 'sales']].to_csv('submission.csv', index=False)
test[['id', 'sales']].head()
