#!/usr/bin/env python
# coding: utf-8

# # Titanic | data exploration and SGD
#
# Work in progress. Comments and suggestions are appreciated!

# In[ ]:


import os
import numpy as np
import pandas as pd
import plotly
import plotly.plotly as py
import plotly.graph_objs as go
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import SGDClassifier


# In[ ]:


print(os.listdir("../input"))


# In[ ]:


train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
train.info()


# In[ ]:


test.info()


# In[ ]:


plotly.tools.set_credentials_file(username='kaggler', api_key='xxxxxxxxxx')
data = [go.Histogram(x=train['Fare'], nbinsx=40)]
layout = go.Layout(title='Fare distribution')
py.iplot(go.Figure(data=data, layout=layout), filename='fare-hist')


# In[ ]:


for i in train.index:
    if pd.isnull(train.get_value(i, 'Age')):
        train.set_value(i, 'Age', train[train.Pclass == train.get_value(i, 'Pclass')].Age.median())
for i in test.index:
    if pd.isnull(test.get_value(i, 'Age')):
        test.set_value(i, 'Age', train[train.Pclass == test.get_value(i, 'Pclass')].Age.median())


# In[ ]:


def prepare(df):
    df = df.copy()
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    df['Age'] = df['Age'].fillna(28.0)
    df['Fare'] = df['Fare'].fillna(14.45)
    df['FamilySize'] = df['SibSp'] + df['Parch'] + 1
    return df

train = prepare(train)
test = prepare(test)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'FamilySize']
X, y, X_test = train[features], train['Survived'], test[features]


# In[ ]:


scaler = StandardScaler().fit(X)
sgd = SGDClassifier(loss='log', n_iter=50, alpha=1e-3, random_state=0)
sgd.fit(scaler.transform(X), y)
print(sgd.score(scaler.transform(X), y))
predictions = sgd.predict(scaler.transform(X_test))


# In[ ]:


output = pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': np.asarray(predictions).astype(int)})
output.to_csv('submission.csv', index=False)
print("Your submission was successfully saved!")


# Thanks for reading. More to come in the next version.
