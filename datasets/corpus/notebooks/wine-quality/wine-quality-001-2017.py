#!/usr/bin/env python
# coding: utf-8

# # Red wine quality: SVM
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with SVM, and a submission.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.grid_search import GridSearchCV
from sklearn.svm import SVC


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.info()


# In[ ]:


plt.figure(figsize=(12, 9))
sns.heatmap(train.drop('id', axis=1).corr(), annot=True, fmt='.2f', cmap='RdBu_r')
plt.show()


# In[ ]:


sns.factorplot(x='quality', y='volatile acidity', data=train, kind='box', size=5)
plt.show()


# In[ ]:


X = train.drop(['quality', 'id'], 1)
y = train['quality']
X_test = test.drop('id', 1)


# In[ ]:


param = {'C': [0.8, 1.0, 1.2, 1.4], 'kernel': ['linear', 'rbf'], 'gamma': [0.1, 0.8, 1.2]}
grid_svc = GridSearchCV(SVC(), param_grid=param, scoring='accuracy', cv=5)
grid_svc.fit(X, y)
print(grid_svc.best_params_)
predictions = grid_svc.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
submission.to_csv('submission.csv', index=False)
submission.quality.value_counts()


# That's it for now - feel free to fork and improve.
