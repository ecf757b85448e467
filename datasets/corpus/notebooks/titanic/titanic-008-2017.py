#!/usr/bin/env python
# coding: utf-8

# # Titanic: SVM from scratch
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with SVM, and a submission.

# In[ ]:


import os
import numpy as np
import pandas as pd
from sklearn.grid_search import GridSearchCV
from sklearn.svm import SVC
from sklearn.preprocessing import StandardScaler


# In[ ]:


print(os.listdir("../input"))


# In[ ]:


train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
train.info()


# In[ ]:


test.info()


# In[ ]:


for name, column in train.iteritems():
    print('{:12s} {:4d} missing, {:4d} unique'.format(name, column.isnull().sum(), column.nunique()))


# In[ ]:


def clean(df):
    df = df.copy()
    df['Sex'] = df['Sex'].map({'female': 1, 'male': 0})
    df['Age'] = df['Age'].fillna(train['Age'].mean()).astype(np.int)
    df['Fare'] = df['Fare'].fillna(train['Fare'].mean())
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    df['Alone'] = np.where(df['SibSp'] + df['Parch'] == 0, 1, 0)
    return df[['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Alone']].values.astype(np.float)

X = clean(train)
X_test = clean(test)
y = train['Survived'].values


# ## Tuning an SVM

# In[ ]:


param_grid = {'C': [0.1, 1, 10], 'gamma': [0.01, 0.1, 1]}
grid = GridSearchCV(SVC(), param_grid, cv=5, scoring='accuracy')
grid.fit(StandardScaler().fit_transform(X), y)
print(grid.best_params_, grid.best_score_)


# In[ ]:


scaler = StandardScaler().fit(X)
svc = SVC(**grid.best_params_).fit(scaler.transform(X), y)
predictions = svc.predict(scaler.transform(X_test))


# In[ ]:


output = pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': np.asarray(predictions).astype(int)})
output.to_csv('submission.csv', index=False)
print("Your submission was successfully saved!")
