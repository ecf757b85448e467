#!/usr/bin/env python
# coding: utf-8

# # Comprehensive data exploration + Random Forest
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with Random Forest, and a submission.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
import plotly.graph_objs as go
from plotly.offline import init_notebook_mode, iplot
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_score
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print('train', train.shape, 'test', test.shape)


# In[ ]:


train.head()


# ### Correlation matrix

# In[ ]:


corrmat = train.corr()
f, ax = plt.subplots(figsize=(12, 9))
sns.heatmap(corrmat, vmax=.8, square=True)


# In[ ]:


k = 8
cols = corrmat.nlargest(k, 'SalePrice')['SalePrice'].index
cm = np.corrcoef(train[cols].values.T)
sns.set(font_scale=1.1)
sns.heatmap(cm, cbar=True, annot=True, square=True, fmt='.2f', yticklabels=cols.values, xticklabels=cols.values)
plt.show()


# In[ ]:


train.groupby('OverallQual').mean()['SalePrice'].plot(kind='bar', figsize=(8, 4))
plt.grid(b=True, axis='y')
plt.show()


# In[ ]:


train.median()


# In[ ]:


init_notebook_mode(connected=True)
trace = go.Scatter(x=train['GrLivArea'], y=train['SalePrice'], mode='markers',
                   marker=dict(color=train['OverallQual'], colorscale='Viridis', showscale=True))
iplot(go.Figure(data=[trace], layout=go.Layout(title='Price vs living area', xaxis=dict(title='GrLivArea'))))


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


# In[ ]:


rf = RandomForestRegressor(n_estimators=300, criterion='mse', max_features='auto', min_samples_leaf=2, random_state=0)
scores = cross_val_score(rf, X, y, cv=5, scoring='neg_mean_squared_error')
print('RMSE: %.4f' % np.sqrt(-scores).mean())
rf.fit(X, y)
predictions = np.expm1(rf.predict(X_test))


# In[ ]:


submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()
