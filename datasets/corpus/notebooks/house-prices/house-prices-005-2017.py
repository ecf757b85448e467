#!/usr/bin/env python
# coding: utf-8

# # Stacked regressions? Start with XGBoost
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with XGBoost, and a submission.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import xgboost as xgb
warnings.filterwarnings('ignore')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print('train', train.shape, 'test', test.shape)


# In[ ]:


train.head()


# In[ ]:


categorical = [name for name, col in train.iteritems() if col.dtype == 'object']
print(len(categorical), 'categorical columns:', categorical)


# ## Preprocessing

# In[ ]:


train = train.drop(train[(train['GrLivArea'] > 4000) & (train['SalePrice'] < 300000)].index)
y = np.log1p(train['SalePrice'])
all_data = pd.concat((train.drop('SalePrice', axis=1), test)).reset_index(drop=True)
all_data = all_data.drop(['Id', 'PoolQC', 'Alley', 'Fence'], 1)


# In[ ]:


all_data['LotFrontage'] = all_data.groupby('Neighborhood')['LotFrontage'].transform(lambda x: x.fillna(x.median()))
for col in ('FireplaceQu', 'GarageType', 'KitchenQual'):
    all_data[col] = all_data[col].fillna('None')
all_data = all_data.fillna(all_data.median())
all_data['TotalSF'] = all_data['TotalBsmtSF'] + all_data['1stFlrSF'] + all_data['2ndFlrSF']
all_data['MSSubClass'] = all_data['MSSubClass'].astype(str)


# In[ ]:


all_data = pd.get_dummies(all_data)
X = all_data[:len(train)]
X_test = all_data[len(train):]
print(X.shape, X_test.shape)


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


# In[ ]:


submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()


# Thanks for reading. More to come in the next version.
