#!/usr/bin/env python
# coding: utf-8

# # Credit card fraud detection: XGBoost
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.metrics.ranking import roc_auc_score
from xgboost import XGBClassifier
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


print('Frauds: {} ({:.2%} of the transactions)'.format(train['Class'].sum(), train['Class'].mean()))


# In[ ]:


hours = train.assign(Hour=(train['Time'] // 3600) % 24)
by_hour = hours.pivot_table(index='Hour', columns='Class', values='Amount', aggfunc='count').fillna(0)
rate = by_hour[1] / by_hour.sum(1)
rate.plot(kind='bar', figsize=(12, 4), color=plt.cm.Reds(rate / rate.max()))
plt.xticks(rotation='0')
plt.show()


# ## Scaling Time and Amount

# In[ ]:


for df in (train, test):
    df['scaled_amount'] = np.log1p(df['Amount'])
    df['scaled_time'] = df['Time'] / 3600.0
features = [c for c in train.columns if c.startswith('V')] + ['scaled_amount', 'scaled_time']
X = train[features].values
y = train['Class'].values
X_test = test[features].values


# In[ ]:


X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
clf = XGBClassifier(n_estimators=500, max_depth=4, learning_rate=0.05, scale_pos_weight=10)
clf.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='auc', early_stopping_rounds=30, verbose=False)
print('validation AUC', roc_auc_score(y_va, clf.predict_proba(X_va)[:, 1]))
probs = clf.predict_proba(X_test)[:, 1]


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'Class': probs})
submission.to_csv('submission.csv', index=False)
submission.head()


# That's it for now - feel free to fork and improve.
