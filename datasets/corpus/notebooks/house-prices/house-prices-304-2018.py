#!/usr/bin/env python
# coding: utf-8

# # Stacked regressions? Start with Ridge
#
# Here I try Ridge after some exploratory analysis. Please upvote if you find it useful :)

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
get_ipython().run_line_magic('matplotlib', 'inline')
warnings.filterwarnings('ignore')


# In[ ]:


warnings.filterwarnings('ignore')
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.describe()


# ### Living area, quality and price

# In[ ]:


fig, axes = plt.subplots(1, 2, figsize=(14, 5))
sns.regplot(train['GrLivArea'], train['SalePrice'], ax=axes[0], scatter_kws={'alpha': 0.3})
sns.boxplot(train.OverallQual, train.SalePrice, ax=axes[1])
plt.show()


# In[ ]:


fig = plt.figure(figsize=(10, 5))
fig.canvas.set_window_title('Prices over time')
monthly = train.groupby(['YrSold', 'MoSold'])['SalePrice'].median()
monthly.plot(marker='.')
plt.xticks(rotation='vertical')
plt.show()


# In[ ]:


import scipy as sp
lp = sp.log1p(train['SalePrice'].values)
print('mean %.3f, std %.3f' % (sp.mean(lp), sp.std(lp)))
sns.distplot(lp, bins=40)
plt.show()


# In[ ]:


train = train.drop(train[(train['GrLivArea'] > 4000) & (train['SalePrice'] < 300000)].index)
# drop the columns that are mostly empty
train = train.dropna(1, thresh=int(0.5 * len(train)))
test = test[[c for c in train.columns if c != 'SalePrice']]

def numeric_frame(train, test):
    both = pd.concat([train.drop(['SalePrice'], axis=1), test], sort=False)
    both['TotalSF'] = both['TotalBsmtSF'] + both['1stFlrSF'] + both['2ndFlrSF']
    both['Age'] = both['YrSold'] - both['YearBuilt']
    both = pd.get_dummies(both.drop(['Id'], axis=1), columns=['MSZoning', 'Neighborhood', 'BldgType', 'KitchenQual', 'SaleCondition'])
    both = both.select_dtypes(exclude=['object'])
    both = both.fillna(both.median())
    return both.iloc[:len(train)], both.iloc[len(train):]

X, X_test = numeric_frame(train, test)
y = np.log1p(train.SalePrice)


# In[ ]:


ridge = make_pipeline(StandardScaler(), Ridge())
search = GridSearchCV(ridge, {'ridge__alpha': [1, 3, 10, 30, 100]}, 'neg_mean_squared_error', cv=5)
search.fit(X, y)
print(search.best_params_, np.sqrt(-search.best_score_))
predictions = np.expm1(search.predict(X_test))


# In[ ]:


submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()


# That's it for now - feel free to fork and improve.
