#!/usr/bin/env python
# coding: utf-8

# # Store sales forecasting with ARIMA
#
# In this notebook I explore the data, engineer a few features and train ARIMA. Feedback is welcome!

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from scipy import signal
from statsmodels.graphics.tsaplots import plot_acf, plot_pacf
from statsmodels.tsa.arima_model import ARIMA
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv', parse_dates=['date'])
test = pd.read_csv('../input/test.csv', parse_dates=['date'])
print(train.date.min(), train.date.max(), test.date.min(), test.date.max())
train.head()


# In[ ]:


s = train[train.store == 2].set_index('date')['sales'].astype(float)
window = signal.gaussian(29, std=5)
smooth = np.convolve(s.values, window / window.sum(), mode='same')
plt.figure(figsize=(15, 4))
plt.plot(s.index, s.values, alpha=0.3)
plt.plot(s.index, smooth, 'r')
plt.show()


# In[ ]:


s3 = train[train.store == 3]['sales'].astype(float).values
fig, ax = plt.subplots(1, 2, figsize=(14, 4))
plot_acf(s3, lags=30, ax=ax[0])
plot_pacf(s3, lags=30, ax=ax[1], method='ywunbiased')
plt.show()


# In[ ]:


def add_lags(df):
    s = df.set_index('date')['sales']
    out = pd.DataFrame({'sales': s, 'lag_364': s.tshift(364, freq='D').reindex(s.index)})
    return out
lagged = {k: add_lags(g) for k, g in train.groupby('store')}
print(lagged[1].dropna().corr())
horizon = int(test.store.value_counts().max())


# In[ ]:


test['sales'] = 0.0
for store, g in train.groupby('store'):
    y = np.log1p(g['sales'].astype(float).values[-365:])
    res = ARIMA(y, order=(7, 0, 1)).fit(disp=0)
    n = int((test.store == store).sum())
    fc, se, conf = res.forecast(n)
    test.loc[test.store == store, 'sales'] = np.expm1(fc)


# In[ ]:


test[['id', 'sales']].to_csv('submission.csv', index=False)
test[['id', 'sales']].head()


# Thanks for reading. More to come in the next version.
