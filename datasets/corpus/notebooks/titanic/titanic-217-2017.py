#!/usr/bin/env python
# coding: utf-8

# # Simple Gradient Boosting for the Titanic
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import missingno as msno
from sklearn.cross_validation import KFold
from sklearn.ensemble import GradientBoostingClassifier
warnings.filterwarnings('ignore')


# ## Load train and test, and look at them together

# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
full = pd.concat([train, test], 0, ignore_index=True)
print(full.shape)
full.tail()


# In[ ]:


msno.bar(train, figsize=(10, 4), color='steelblue')


# In[ ]:


train.groupby(['Sex', 'Pclass']).mean()


# In[ ]:


data = pd.concat([train.drop('Survived', 1), test])
data['Age'] = data['Age'].fillna(data['Age'].median())
data['Fare'] = data['Fare'].fillna(data['Fare'].median())
data = pd.get_dummies(data.drop(['Name', 'Ticket', 'Cabin'], 1), columns=['Sex', 'Embarked', 'Pclass'])
X = data[:len(train)].drop('PassengerId', 1)
X_test = data[len(train):].drop('PassengerId', 1)
y = train['Survived']


# In[ ]:


X_arr, y_arr = np.asarray(X, dtype=float), np.asarray(y)
kf = KFold(len(X_arr), n_folds=5, shuffle=True, random_state=1)
accs = []
for tr, va in kf:
    m = GradientBoostingClassifier(n_estimators=150, max_depth=3)
    m.fit(X_arr[tr], y_arr[tr])
    accs.append((m.predict(X_arr[va]) == y_arr[va]).mean())
print('mean accuracy', np.mean(accs))
predictions = GradientBoostingClassifier(n_estimators=150, max_depth=3).fit(X_arr, y_arr).predict(np.asarray(X_test, dtype=float))


# In[ ]:


output = pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': np.asarray(predictions).astype(int)})
output.to_csv('submission.csv', index=False)
print("Your submission was successfully saved!")


# That's it for now - feel free to fork and improve.
