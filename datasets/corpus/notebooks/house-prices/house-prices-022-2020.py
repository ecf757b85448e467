#!/usr/bin/env python
# coding: utf-8

# # House prices: XGBoost regression
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import os
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from scipy import stats
from scipy.stats import norm
import xgboost as xgb
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


for dirname, _, filenames in os.walk('/kaggle/input'):
    for filename in filenames:
        print(os.path.join(dirname, filename))


# In[ ]:


train = pd.read_csv('/kaggle/input/house-prices/train.csv')
test = pd.read_csv('/kaggle/input/house-prices/test.csv')
train.shape, test.shape


# ## The target
# SalePrice is right-skewed, so I will model its logarithm.

# In[ ]:


sns.distplot(train['SalePrice'], fit=norm)
(mu, sigma) = norm.fit(train['SalePrice'])
print('mu = {:.2f} and sigma = {:.2f}'.format(mu, sigma))
plt.show()


# In[ ]:


fig = plt.figure()
res = stats.probplot(train['SalePrice'], plot=plt)
print('Skewness: %f' % train['SalePrice'].skew())
print('Kurtosis: %f' % train['SalePrice'].kurt())


# A quick baseline on the numeric columns only.

# In[ ]:


y = np.log1p(train.SalePrice)
features = train.select_dtypes(include=[np.number]).columns.drop(['Id', 'SalePrice'])
X = train[features].fillna(train[features].mean())
X_test = test[features].fillna(train[features].mean())
X.shape


# ## XGBoost

# In[ ]:


dtrain = xgb.DMatrix(X, label=y)
dtest = xgb.DMatrix(X_test)
params = {'max_depth': 3, 'eta': 0.1, 'subsample': 0.8, 'colsample_bytree': 0.5, 'objective': 'reg:linear', 'silent': 1}
cv = xgb.cv(params, dtrain, num_boost_round=1000, nfold=3, early_stopping_rounds=30, verbose_eval=False)
print(cv.tail(1))


# In[ ]:


model = xgb.train(params, dtrain, num_boost_round=1000, evals=[(dtrain, 'train')], early_stopping_rounds=30, verbose_eval=False)
predictions = np.expm1(model.predict(dtest, ntree_limit=model.best_ntree_limit))


# ## Submission

# In[ ]:


sub = pd.DataFrame()
sub['Id'] = test['Id']
sub['SalePrice'] = predictions
sub.to_csv('submission.csv', index=False)


# Thanks for reading. More to come in the next version.
