#!/usr/bin/env python
# coding: utf-8

# # My first Kaggle kernel - Titanic (LightGBM)
#
# In this notebook I explore the data, engineer a few features and train LightGBM. Feedback is welcome!

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import plotly
import plotly.plotly as py
import lightgbm as lgb
warnings.filterwarnings('ignore')


# ## Loading the data

# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)
train.head()


# In[ ]:


plotly.tools.set_credentials_file(username='my_user', api_key='my_key')
counts = train['Embarked'].value_counts()
fig = {'data': [{'labels': counts.index.tolist(), 'values': counts.values.tolist(), 'type': 'pie'}],
       'layout': {'title': 'Port of embarkation'}}
py.iplot(fig, filename='embarked-pie')


# In[ ]:


np.set_printoptions(threshold=np.nan)

def add_features(df):
    df = df.copy()
    df['Sex'] = (df['Sex'] == 'female').astype(int)
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    df['Fare'] = df['Fare'].fillna(df['Fare'].median())
    df['Age'] = df['Age'].fillna(df['Age'].median())
    df['Family'] = df['SibSp'] + df['Parch']
    df['IsAlone'] = (df['Family'] == 0).astype(int)
    return df

train = add_features(train)
test = add_features(test)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Family', 'IsAlone']
X, y, X_test = train[features].values, train['Survived'].values, test[features].values
print(X[:5])


# In[ ]:


model = lgb.LGBMClassifier(n_estimators=200, learning_rate=0.05, num_leaves=16, random_state=1)
model.fit(X, y)
predictions = model.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'PassengerId': test['PassengerId'], 'Survived': np.asarray(predictions, dtype=int)})
submission.to_csv('submission.csv', index=False, line_terminator='\n')
print(submission.Survived.mean())
