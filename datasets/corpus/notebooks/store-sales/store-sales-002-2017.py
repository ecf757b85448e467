#!/usr/bin/env python
# coding: utf-8

# # Store demand: SARIMAX approach
#
# A short notebook: quick look at the data, a few plots, then SARIMAX.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
import statsmodels.api as sm
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train['date'] = pd.to_datetime(train['date'], format='%Y-%m-%d')
test['date'] = pd.to_datetime(test['date'], format='%Y-%m-%d')
train.info()


# In[ ]:


train['dayofweek'] = train['date'].dt.dayofweek
plt.figure(figsize=(10, 5))
sns.boxplot('dayofweek', 'sales', data=train, hue='store')
plt.show()


# In[ ]:


plt.style.use('seaborn-poster')
tmp = train.copy()
tmp['year'] = tmp.date.dt.year
tmp['woy'] = tmp.date.dt.weekofyear
pivot = tmp.pivot_table(index='year', columns='woy', values='sales', aggfunc='mean')
plt.figure(figsize=(16, 4))
sns.heatmap(pivot, cmap='viridis')
plt.show()


# In[ ]:


horizon = test.groupby('store').size().max()
print('forecasting', horizon, 'days per store')


# ## SARIMAX with weekly seasonality

# In[ ]:


for store in sorted(test.store.unique()):
    series = train[train.store == store].set_index('date')['sales'].asfreq('D').fillna(method='ffill')
    model = sm.tsa.statespace.SARIMAX(series, order=(1, 1, 1), seasonal_order=(1, 0, 1, 7),
                                      enforce_stationarity=False, enforce_invertibility=False)
    res = model.fit(disp=False)
    n = (test.store == store).sum()
    test.loc[test.store == store, 'sales'] = res.forecast(n).values
test['sales'] = test['sales'].clip(lower=0)


# In[ ]:


test[['id', 'sales']].to_csv('submission.csv', index=False)
test[['id', 'sales']].head()
