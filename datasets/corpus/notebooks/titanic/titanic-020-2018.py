#!/usr/bin/env python
# coding: utf-8

# # Titanic top 20% with Random Forest
#
# This is my first kernel. I will go step by step: EDA, cleaning, modelling with Random Forest, and a submission.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import missingno as msno
import plotly.plotly as py
import plotly.graph_objs as go
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score
warnings.filterwarnings('ignore')


# ## Loading the data

# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)
train.head()


# In[ ]:


msno.matrix(train)


# In[ ]:


msno.bar(test)


# In[ ]:


data = [go.Histogram(x=train['Age'].dropna(), nbinsx=30)]
py.iplot(data, filename='age-histogram')


# ## Preprocessing with a ColumnTransformer

# In[ ]:


num_cols = ['Age', 'SibSp', 'Parch', 'Fare']
cat_cols = ['Pclass', 'Sex', 'Embarked']
preprocess = ColumnTransformer([
    ('num', SimpleImputer(strategy='median'), num_cols),
    ('cat', Pipeline([('imp', SimpleImputer(strategy='most_frequent')),
                      ('ohe', OneHotEncoder(sparse=False, handle_unknown='ignore'))]), cat_cols)])
y = train['Survived']
X = preprocess.fit_transform(train.drop('Survived', axis=1))
X_test = preprocess.transform(test)
X.shape


# ## Random forest

# In[ ]:


rf = RandomForestClassifier(n_estimators=200, max_features='auto', max_depth=6, random_state=1)
scores = cross_val_score(rf, X, y, cv=5, scoring='accuracy')
print('CV accuracy: %.4f (+/- %.4f)' % (scores.mean(), scores.std()))


# In[ ]:


rf.fit(X, y)
predictions = rf.predict(X_test)


# In[ ]:


output = pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': np.asarray(predictions).astype(int)})
output.to_csv('submission.csv', index=False)
print("Your submission was successfully saved!")


# Thanks for reading. More to come in the next version.
