#!/usr/bin/env python
# coding: utf-8

# # Store sales forecasting with Holt-Winters
#
# A short notebook: quick look at the data, a few plots, then Holt-Winters.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from statsmodels.tsa.seasonal import seasonal_decompose
from statsmodels.tsa.holtwinters import ExponentialSmoothing
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train['date'] = pd.to_datetime(train['date'], format='%Y-%m-%d')
test['date'] = pd.to_datetime(test['date'], format='%Y-%m-%d')
train.info()


# In[ ]:


s = train[train.store == 3].set_index('date')['sales']
s = s[s > 0]  # closed days would break the multiplicative model
result = seasonal_decompose(s, model='multiplicative', freq=7)
result.plot()
plt.show()


# In[ ]:


horizon = int(test.groupby('store').size().max())
last_day = train.date.max()
print('forecasting %d days after %s' % (horizon, last_day.date()))


# In[ ]:


test['sales'] = 0.0
for store in sorted(test.store.unique()):
    series = train[train.store == store].set_index('date')['sales'].astype(float)
    series.index = pd.DatetimeIndex(series.index.values, freq='D')
    model = ExponentialSmoothing(series, trend='add', seasonal='add', seasonal_periods=7)
    fit = model.fit(smoothing_level=0.2, smoothing_slope=0.01)
    test.loc[test.store == store, 'sales'] = fit.forecast(int((test.store == store).sum())).values
test['sales'] = test['sales'].clip_lower(0)


# In[ ]:


test[['id', 'sales']].to_csv('submission.csv', index=False)
test[['id', 'sales']].head()


# Thanks for reading. More to come in the next version.
