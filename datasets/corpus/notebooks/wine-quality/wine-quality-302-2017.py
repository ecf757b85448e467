#!/usr/bin/env python
# coding: utf-8

# # What makes a good wine? (SVM)
#
# Goal: a clean, reproducible baseline with SVM.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.model_selection import GridSearchCV


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.info()


# In[ ]:


sns.pairplot(train[['alcohol', 'sulphates', 'citric acid', 'quality']], hue='quality', size=2.5, palette='husl')
plt.show()


# In[ ]:


np.warnings.filterwarnings('ignore')
stats_by_q = train.groupby('quality').agg(['mean', 'std'])
print(np.round_(stats_by_q[['alcohol', 'pH']].values, 3))


# In[ ]:


features = [c for c in train.columns if c not in ('id', 'quality')]
before = len(train)
train = train.drop_duplicates(features, 'first')
print('removed', before - len(train), 'duplicate wines')
scaler = StandardScaler().fit(train[features])
X, X_test = scaler.transform(train[features]), scaler.transform(test[features])
y = train['quality'].values


# In[ ]:


search = GridSearchCV(SVC(), {'C': [0.3, 1, 3], 'gamma': ['auto', 0.1]}, cv=4)
search.fit(X, y)
pd.DataFrame([dict(s.parameters, score=s.mean_validation_score) for s in search.grid_scores_])


# In[ ]:


predictions = search.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
submission.to_csv('submission.csv', index=False)
submission.quality.value_counts()
