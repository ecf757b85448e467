#!/usr/bin/env python
# coding: utf-8

# # Introduction to SVM on handwritten digits
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with SVM, and a submission.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.cluster.k_means_ import KMeans
from sklearn.svm import SVC
from sklearn.model_selection import GridSearchCV
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)


# In[ ]:


km = KMeans(n_clusters=10, n_init=5, random_state=0).fit(train.drop('label', axis=1).values / 255.0)
ct = pd.crosstab(km.labels_, train['label'])
sns.heatmap(ct, annot=True, fmt='d', cmap='Blues')
plt.show()


# In[ ]:


X = train.drop(['label'], axis=1).values.astype('float32') / 255.0
y = train['label'].values
X_test = test.values.astype('float32') / 255.0
print(X.shape, X_test.shape)


# In[ ]:


svc_grid = GridSearchCV(SVC(), {'C': [1, 10], 'gamma': [0.01, 0.05]}, 'accuracy', cv=3)
svc_grid.fit(X, y)
print(svc_grid.best_params_, svc_grid.best_score_)
predictions = svc_grid.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'ImageId': range(1, len(predictions) + 1), 'Label': predictions})
submission.to_csv('submission.csv', index=False)


# That's it for now - feel free to fork and improve.
