#!/usr/bin/env python
# coding: utf-8

# # Ames housing: model averaging baseline
#
# Goal: a clean, reproducible baseline with model averaging.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import Ridge, Lasso, ElasticNet
warnings.filterwarnings('ignore')


# In[ ]:


warnings.filterwarnings('ignore')
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.describe()


# In[ ]:


missing = train.isnull().sum()
missing = missing[missing > 0].sort_values(ascending=False)
pd.concat([missing, (missing / len(train) * 100).round(1)], 1, keys=['count', 'percent'])


# In[ ]:


plt.figure(figsize=(16, 6))
sns.boxplot('Neighborhood', 'SalePrice', data=train)
plt.xticks(rotation='90')
plt.show()


# In[ ]:


feats = ['OverallQual', 'GrLivArea', 'GarageCars', 'TotalBsmtSF', 'YearBuilt', 'Neighborhood', 'KitchenQual', 'MSZoning']
dv = DictVectorizer(sparse=False)
X = dv.fit_transform(train[feats].fillna(0).to_dict(orient='records'))
X_test = dv.transform(test[feats].fillna(0).to_dict(orient='records'))
print(dv.get_feature_names()[:10])
y = np.log1p(train['SalePrice'])


# In[ ]:


models = [Ridge(alpha=10), Lasso(alpha=0.0005, max_iter=5000), ElasticNet(alpha=0.0005, l1_ratio=0.5, max_iter=5000)]
preds = [m.fit(X, y).predict(X_test) for m in models]
# geometric mean of the three models' prices
predictions = np.product([np.expm1(p) for p in preds], axis=0) ** (1.0 / len(preds))


# In[ ]:


submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()


# Thanks for reading. More to come in the next version.
