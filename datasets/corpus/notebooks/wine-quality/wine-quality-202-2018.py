#!/usr/bin/env python
# coding: utf-8

# # Which wines are good? SVM
#
# A short notebook: quick look at the data, a few plots, then SVM.

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
import seaborn.apionly as snsa
from sklearn import cross_validation
from sklearn.svm import SVC
from sklearn.metrics import classification_report


# In[ ]:


sns.set_style('whitegrid')
train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.describe().T


# In[ ]:


fig, ax = plt.subplots(figsize=(8, 5))
snsa.boxplot(x='quality', y='alcohol', data=train, ax=ax)
plt.show()


# In[ ]:


from pandas.tools.plotting import parallel_coordinates
sub = train[['alcohol', 'sulphates', 'volatile acidity', 'citric acid', 'quality']].sample(200, random_state=0)
sub = (sub - sub.min()) / (sub.max() - sub.min())
sub['quality'] = train.loc[sub.index, 'quality']
parallel_coordinates(sub, 'quality', colormap='coolwarm')
plt.show()


# In[ ]:


stats_table = pd.DataFrame({'skew': train.skew(), 'kurtosis': train.kurt(), 'mad': train.mad()})
print('geometric mean of alcohol:', np.product(train['alcohol'].values ** (1.0 / len(train))))
stats_table


# In[ ]:


features = train.columns.drop(['id', 'quality'])
X = train[features]
y = train['quality']
X_test = test[features]


# In[ ]:


X_tr, X_va, y_tr, y_va = cross_validation.train_test_split(X, y, test_size=0.2, random_state=42)
svc = SVC(C=1.2, gamma=0.9, kernel='rbf').fit(X_tr, y_tr)
print(classification_report(y_va, svc.predict(X_va)))
predictions = svc.fit(X, y).predict(X_test)


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
submission.to_csv('submission.csv', index=False)
submission.quality.value_counts()


# That's it for now - feel free to fork and improve.
