#!/usr/bin/env python
# coding: utf-8

# # Why do customers leave? SMOTE
#
# Goal: a clean, reproducible baseline with SMOTE.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from imblearn.pipeline import make_pipeline
from imblearn.over_sampling import SMOTE
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.dtypes


# In[ ]:


sns.factorplot('Contract', data=train, hue='Churn', kind='count', size=4, aspect=1.5)
plt.show()


# In[ ]:


for df in (train, test):
    df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
cat = [c for c in test.columns if test[c].dtype == object and c != 'customerID']
num = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen']
X = pd.concat([train[num], pd.get_dummies(train[cat])], 1)
X_test = pd.concat([test[num], pd.get_dummies(test[cat])], 1).reindex(columns=X.columns, fill_value=0)
y = (train.Churn == 'Yes').astype(int)


# In[ ]:


pipe = make_pipeline(StandardScaler(), SMOTE(ratio='minority', random_state=3), LogisticRegression(solver='liblinear'))
print('CV accuracy', cross_val_score(pipe, X, y, cv=5).mean())
pred = pipe.fit(X, y).predict(X_test)


# In[ ]:


churn = pd.Series(pred).replace({1: 'Yes', 0: 'No'})
submission = pd.DataFrame({'customerID': test['customerID'], 'Churn': churn.values})
submission.to_csv('submission.csv', index=False)
submission['Churn'].value_counts()


# If you liked this kernel, please upvote!
