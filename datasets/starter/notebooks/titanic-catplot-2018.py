#!/usr/bin/env python
# coding: utf-8

# # Titanic: who survived? Visual exploration
# 
# Some plots first, then a k-nearest-neighbours classifier.

# In[1]:


import pandas as pd
import numpy as np
import seaborn as sns
import matplotlib.pyplot as plt
get_ipython().run_line_magic('matplotlib', 'inline')


# In[2]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.info()


# In[3]:


g = sns.catplot(x='Pclass', y='Survived', hue='Sex', data=train, kind='bar', height=4)


# In[4]:


from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

for df in [train, test]:
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df['Age'] = df['Age'].fillna(29.0)
    df['Fare'] = df['Fare'].fillna(14.45)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'SibSp', 'Parch']
scaler = StandardScaler().fit(train[features])
knn = KNeighborsClassifier(n_neighbors=7).fit(scaler.transform(train[features]), train['Survived'])
print('train accuracy', knn.score(scaler.transform(train[features]), train['Survived']))


# In[5]:


sub = pd.DataFrame({'PassengerId': test['PassengerId'], 'Survived': knn.predict(scaler.transform(test[features]))})
sub.to_csv('submission.csv', index=False)
