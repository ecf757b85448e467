#!/usr/bin/env python
# coding: utf-8

# # My first Kaggle kernel - Titanic (a Decision Tree)
#
# A short notebook: quick look at the data, a few plots, then a Decision Tree.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import plotly.plotly as py
import plotly.graph_objs as go
from sklearn.tree import DecisionTreeClassifier, export_graphviz
import graphviz
warnings.filterwarnings('ignore')


# ## Loading the data

# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)
train.head()


# In[ ]:


data = [go.Histogram(x=train['Age'].dropna(), nbinsx=30)]
py.iplot(data, filename='age-histogram')


# ## Feature engineering
# The title in the name says a lot about age and status.

# In[ ]:


combine = [train, test]
for dataset in combine:
    dataset['Title'] = dataset.Name.str.extract(r' ([A-Za-z]+)\.', expand=False)
pd.crosstab(train['Title'], train['Sex'])


# In[ ]:


for dataset in combine:
    dataset['Title'] = dataset['Title'].replace(['Lady', 'Countess', 'Capt', 'Col', 'Don', 'Dr', 'Major', 'Rev', 'Sir'], 'Rare')
    dataset['Title'] = dataset['Title'].replace(['Mlle', 'Ms'], 'Miss')
    dataset['Title'] = dataset['Title'].replace('Mme', 'Mrs')
    dataset['FamilySize'] = dataset['SibSp'] + dataset['Parch'] + 1
    dataset['IsAlone'] = (dataset['FamilySize'] == 1).astype(int)
title_age = train.groupby('Title')['Age'].median()
for dataset in combine:
    dataset['Age'] = dataset['Age'].fillna(dataset['Title'].map(title_age))
    dataset['Fare'] = dataset['Fare'].fillna(train['Fare'].median())
    dataset['Embarked'] = dataset['Embarked'].fillna(train['Embarked'].mode()[0])


# In[ ]:


features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Title', 'FamilySize', 'IsAlone']
full = pd.get_dummies(pd.concat([train[features], test[features]]), columns=['Sex', 'Embarked', 'Title'])
X = full[:len(train)]
X_test = full[len(train):]
y = train['Survived']


# ## Decision tree

# In[ ]:


tree = DecisionTreeClassifier(max_depth=4, min_impurity_split=1e-5, random_state=0)
tree.fit(X, y)
dot = export_graphviz(tree, out_file=None, filled=True, class_names=['died', 'survived'])
graphviz.Source(dot)


# In[ ]:


predictions = tree.predict(X_test)


# ## Submission

# In[ ]:


submission = pd.DataFrame({'PassengerId': test['PassengerId'], 'Survived': predictions})
submission.to_csv('submission.csv', index=False)
submission.head()


# That's it for now - feel free to fork and improve.
