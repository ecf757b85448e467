#!/usr/bin/env python
# coding: utf-8

# # Comprehensive data exploration + XGBoost
#
# Goal: a clean, reproducible baseline with XGBoost.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import seaborn as sns
from scipy.stats import skew
from sklearn.preprocessing import Imputer
from sklearn.model_selection import train_test_split
from sklearn.metrics import mean_squared_error
import xgboost as xgb
warnings.filterwarnings('ignore')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print('train', train.shape, 'test', test.shape)


# In[ ]:


train.head()


# In[ ]:


sns.jointplot(x='TotalBsmtSF', y='SalePrice', data=train, kind='reg', size=7)


# In[ ]:


sns.lmplot(x='YearBuilt', y='SalePrice', data=train, size=5, aspect=2, scatter_kws={'s': 8})


# In[ ]:


numeric_feats = train.dtypes[train.dtypes != np.object].index
skewed = train[numeric_feats].apply(lambda x: skew(x.dropna())).sort_values(ascending=False)
skewed.head(10)


# In[ ]:


y = np.log(train.SalePrice)
num = train.select_dtypes(include=[np.number]).drop(['Id', 'SalePrice'], axis=1)
imputer = Imputer(strategy='mean')
X = imputer.fit_transform(num)
X_test = imputer.transform(test.ix[:, num.columns])


# In[ ]:


X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=1)
model_xgb = xgb.XGBRegressor(n_estimators=2000, learning_rate=0.03, max_depth=3, subsample=0.7, colsample_bytree=0.5)
model_xgb.fit(X_tr, y_tr, early_stopping_rounds=100, eval_set=[(X_val, y_val)], eval_metric='rmse', verbose=False)
print('validation rmse', np.sqrt(mean_squared_error(y_val, model_xgb.predict(X_val))))
predictions = np.expm1(model_xgb.predict(X_test))


# In[ ]:


submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()


# That's it for now - feel free to fork and improve.
