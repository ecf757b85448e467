#!/usr/bin/env python
# coding: utf-8

# # Predicting wine quality with XGBoost
#
# Goal: a clean, reproducible baseline with XGBoost.

# In[ ]:


import warnings
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.preprocessing.data import StandardScaler
from xgboost import XGBClassifier
warnings.filterwarnings('ignore')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
train.head()


# In[ ]:


train.info()


# ## The target

# In[ ]:


sns.factorplot(x='quality', data=train, kind='count', size=4, aspect=1.5, color='darkred')
plt.show()
print('rows:', np.alen(train))


# ## Features

# In[ ]:


features = [c for c in train.columns if c not in ('id', 'quality')]
scaler = StandardScaler().fit(train[features])
X, X_test = scaler.transform(train[features]), scaler.transform(test[features])
y = train['quality'].values


# In[ ]:


model = XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1, random_state=0)
model.fit(X, y)
predictions = model.predict(X_test)
pd.Series(predictions).value_counts()


# In[ ]:


submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
submission.to_csv('submission.csv', index=False)
submission.quality.value_counts()


# That's it for now - feel free to fork and improve.
