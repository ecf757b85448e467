#!/usr/bin/env python
# coding: utf-8

# # Credit fraud | balanced bagging and resampling
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.tree import DecisionTreeClassifier
from sklearn.model_selection import cross_val_score
from imblearn.ensemble import BalancedBaggingClassifier


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


print('Frauds: {} ({:.2%} of the transactions)'.format(train['Class'].sum(), train['Class'].mean()))


# In[ ]:


count_classes = pd.value_counts(train['Class'], sort=True).sort_index()
count_classes.plot(kind='bar', rot=0)
plt.title('Fraud class histogram')
plt.show()


# In[ ]:


f, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(12, 6))
ax1.hist(train.Time[train.Class == 1], bins=50, normed=True)
ax1.set_title('Fraud')
ax2.hist(train.Time[train.Class == 0], bins=50, normed=True)
ax2.set_title('Normal')
plt.xlabel('Time (in seconds)')
plt.show()


# In[ ]:


for df in (train, test):
    df['logAmount'] = np.log1p(df['Amount'])
features = ['V%d' % i for i in range(1, 15)] + ['logAmount']
X = train[features].values.astype(np.float32)
y = train['Class'].values
X_test = test[features].values.astype(np.float32)


# In[ ]:


bbc = BalancedBaggingClassifier(base_estimator=DecisionTreeClassifier(max_depth=6), n_estimators=30,
                                sampling_strategy='auto', replacement=False, random_state=0)
print('CV AUC:', cross_val_score(bbc, X, y, cv=3, scoring='roc_auc').mean())
probs = bbc.fit(X, y).predict_proba(X_test)[:, 1]


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'Class': probs})
submission.to_csv('submission.csv', index=False)
submission.head()
