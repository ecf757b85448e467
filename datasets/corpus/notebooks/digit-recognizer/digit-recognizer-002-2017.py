#!/usr/bin/env python
# coding: utf-8

# # Digit recognition - XGBoost from scratch
#
# A short notebook: quick look at the data, a few plots, then XGBoost.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.decomposition import PCA
from sklearn.cluster import KMeans
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)


# In[ ]:


pca = PCA(n_components=2)
proj = pca.fit_transform(train.drop('label', axis=1))
plt.figure(figsize=(8, 6))
plt.scatter(proj[:, 0], proj[:, 1], c=train['label'], cmap=plt.cm.get_cmap('tab10', 10), s=6)
plt.colorbar()
print('explained variance', pca.explained_variance_ratio_)


# Do the digits form clusters by themselves?

# In[ ]:


km = KMeans(n_clusters=10, n_init=10, n_jobs=-1, random_state=0)
clusters = km.fit_predict(train.drop('label', axis=1))
pd.crosstab(train['label'], clusters)


# In[ ]:


X = train.drop(labels=['label'], axis=1) / 255.0
y = train['label']
X_test = test / 255.0
del train


# In[ ]:


X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.1, random_state=0)
clf = XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.1, objective='multi:softprob')
clf.fit(X_tr, y_tr, eval_set=[(X_val, y_val)], eval_metric='mlogloss', early_stopping_rounds=20, verbose=False)
print('validation accuracy', (clf.predict(X_val) == y_val).mean())
predictions = clf.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'ImageId': range(1, len(predictions) + 1), 'Label': predictions})
submission.to_csv('submission.csv', index=False)
