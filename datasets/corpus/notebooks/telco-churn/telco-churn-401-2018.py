#!/usr/bin/env python
# coding: utf-8

# # Telecom churn | XGBoost
#
# Goal: a clean, reproducible baseline with XGBoost.

# In[ ]:


import numpy as np
import pandas as pd
from scipy import stats
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.dtypes


# In[ ]:


overall = (train['Churn'] == 'Yes').mean()
seniors = train[train['SeniorCitizen'] == 1]
k, n = int((seniors['Churn'] == 'Yes').sum()), len(seniors)
print('senior churn %.3f vs %.3f overall, p = %.2e' % (k / n, overall, stats.binom_test(k, n, overall)))


# In[ ]:


y = (train['Churn'] == 'Yes').astype(int).values
feats = train.drop(['customerID', 'Churn'], axis=1)
others = test.drop(['customerID'], axis=1)
for df in (feats, others):
    df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
for name, col in feats.iteritems():
    if col.dtype == object:
        le = LabelEncoder().fit(pd.concat([col, others[name]]))
        feats[name], others[name] = le.transform(col), le.transform(others[name])
X, X_test = feats.values.astype(np.float_), others.values.astype(np.float_)


# In[ ]:


X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=21, stratify=y)
clf = XGBClassifier(n_estimators=500, learning_rate=0.05, max_depth=3, random_state=21)
clf.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='logloss', early_stopping_rounds=25, verbose=False)
print('validation accuracy', (clf.predict(X_va) == y_va).mean())
pred = clf.predict(X_test)


# In[ ]:


churn = pd.Series(pred).replace({1: 'Yes', 0: 'No'})
submission = pd.DataFrame({'customerID': test['customerID'], 'Churn': churn.values})
submission.to_csv('submission.csv', index=False)
submission['Churn'].value_counts()


# Thanks for reading. More to come in the next version.
