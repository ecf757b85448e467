#!/usr/bin/env python
# coding: utf-8

# # Wine quality - EDA and SVM
#
# Here I try SVM after some exploratory analysis. Please upvote if you find it useful :)

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from scipy.stats import spearmanr
from sklearn import cross_validation
from sklearn.svm import SVC
from sklearn.metrics import classification_report
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.info()


# In[ ]:


sns.jointplot(x='fixed acidity', y='pH', data=train, kind='hex', stat_func=spearmanr, color='#4CB391')


# In[ ]:


fig, axes = plt.subplots(1, 3, figsize=(16, 4))
for ax, col in zip(axes, ['alcohol', 'sulphates', 'citric acid']):
    sns.violinplot('quality', col, data=train, ax=ax)
plt.show()


# In[ ]:


g = sns.PairGrid(train[['alcohol', 'density', 'pH', 'quality']], hue='quality', size=2.5, palette='RdYlGn')
g.map_diag(plt.hist)
g.map_offdiag(plt.scatter, s=6)
g.add_legend()


# In[ ]:


features = train.columns.drop(['id', 'quality'])
X = train[features]
y = train['quality']
X_test = test[features]


# In[ ]:


X_tr, X_va, y_tr, y_va = cross_validation.train_test_split(X, y, test_size=0.2, random_state=42)
svc = SVC(C=1.2, gamma=0.9, kernel='rbf').fit(X_tr, y_tr)
print(classification_report(y_va, svc.predict(X_va)))
predictions = svc.fit(X, y).predict(X_test)


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
submission.to_csv('submission.csv', index=False)
submission.quality.value_counts()
