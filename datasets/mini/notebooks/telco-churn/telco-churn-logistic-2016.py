#!/usr/bin/env python
# coding: utf-8

# # Telco churn: logistic regression baseline
#
# Which customers are about to leave? A first look at the telco churn data and a plain logistic regression.
# The competition is scored on AUC, so we submit probabilities, not labels.

# In[1]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
get_ipython().run_line_magic('matplotlib', 'inline')

from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import cross_val_score


# In[2]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)
train.head()


# TotalCharges is read as text because a few new customers (tenure 0) have a blank there. Convert it and fill the blanks with 0.

# In[3]:


for df in [train, test]:
    df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
train['Churn'] = (train['Churn'] == 'Yes').astype(int)
print('churn rate: %.3f' % train['Churn'].mean())


# In[4]:


for col in ['Contract', 'InternetService', 'PaymentMethod']:
    print(train.groupby(col)['Churn'].mean().round(3), '\n')


# In[5]:


train.boxplot(column='tenure', by='Churn')
plt.show()


# In[6]:


y = train['Churn']
both = pd.concat([train.drop(['Churn'], axis=1), test])
both = pd.get_dummies(both.drop(['customerID'], axis=1), drop_first=True)
X = both[:len(train)]
X_test = both[len(train):]
scaler = StandardScaler().fit(X)
X = scaler.transform(X)
X_test = scaler.transform(X_test)
print(X.shape)


# In[7]:


clf = LogisticRegression(C=0.1)
print('CV AUC: %.4f' % cross_val_score(clf, X, y, cv=5, scoring='roc_auc').mean())


# In[8]:


clf.fit(X, y)
coef = pd.Series(clf.coef_[0], index=both.columns).sort_values()
print(coef.head(5))
print(coef.tail(5))


# In[9]:


sub = pd.DataFrame({'customerID': test['customerID'], 'Churn': clf.predict_proba(X_test)[:, 1]})
sub.to_csv('submission.csv', index=False)
sub.head()
