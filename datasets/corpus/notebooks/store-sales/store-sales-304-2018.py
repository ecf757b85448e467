#!/usr/bin/env python
# coding: utf-8

# # Forecasting daily sales: EDA and XGBoost
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import statsmodels.api as sm
from statsmodels.graphics.tsaplots import plot_acf, plot_pacf
import xgboost as xgb
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train['date'] = pd.to_datetime(train['date'], format='%Y-%m-%d')
test['date'] = pd.to_datetime(test['date'], format='%Y-%m-%d')
train.info()


# In[ ]:


s3 = train[train.store == 3]['sales'].astype(float).values
fig, ax = plt.subplots(1, 2, figsize=(14, 4))
plot_acf(s3, lags=30, ax=ax[0])
plot_pacf(s3, lags=30, ax=ax[1], method='ywunbiased')
plt.show()


# In[ ]:


weekly = train[train.store == 1].set_index('date')['sales'].resample('W').sum()
dec = sm.tsa.seasonal_decompose(weekly, freq=52, model='additive')
fig = dec.plot()
fig.set_size_inches(14, 8)
plt.show()


# In[ ]:


future = pd.date_range(train.date.max(), test.date.max(), closed='right')
horizon = len(future)
print(horizon, 'days to forecast, from', future[0].date(), 'to', future[-1].date())


# In[ ]:


def smape(preds, dm):
    y = np.expm1(dm.get_label())
    p = np.expm1(preds)
    return 'smape', float(np.mean(2 * np.abs(p - y) / (np.abs(p) + np.abs(y) + 1e-9)))

def feats(df):
    return pd.DataFrame({'store': df.store.values, 'dow': df.date.dt.dayofweek.values, 'month': df.date.dt.month.values,
                         'year': df.date.dt.year.values, 'doy': df.date.dt.dayofyear.values})
last = train.date >= '2016-10-01'
dtrain = xgb.DMatrix(feats(train[~last]), label=np.log1p(train.sales[~last]))
dvalid = xgb.DMatrix(feats(train[last]), label=np.log1p(train.sales[last]))
bst = xgb.train({'max_depth': 4, 'eta': 0.05}, dtrain, num_boost_round=800, evals=[(dvalid, 'valid')], feval=smape,
                early_stopping_rounds=40, verbose_eval=100)
test['sales'] = np.expm1(bst.predict(xgb.DMatrix(feats(test))))


# In[ ]:


sub = pd.read_csv('../input/sample_submission.csv')
sub['sales'] = test.set_index('id').loc[sub['id'], 'sales'].values
sub.to_csv('submission.csv', index=False)


# Thanks for reading. More to come in the next version.
