#!/usr/bin/env python
# coding: utf-8

# # Introduction to Random Forest on handwritten digits
#
# Here I try Random Forest after some exploratory analysis. Please upvote if you find it useful :)

# In[ ]:


import numpy as np
import pandas as pd
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap
from sklearn.neighbors import DistanceMetric
from sklearn.ensemble import RandomForestClassifier
get_ipython().run_line_magic('matplotlib', 'inline')


# In[ ]:


train = pd.read_csv('../input/train.csv')
test = pd.read_csv('../input/test.csv')
print(train.shape, test.shape)


# In[ ]:


matplotlib.cm.register_cmap(name='ink', cmap=LinearSegmentedColormap.from_list('ink', ['white', 'navy']))
means = train.groupby('label').mean()
fig, axes = plt.subplots(1, 10, figsize=(14, 2))
for d, ax in zip(means.index, axes):
    ax.imshow(means.loc[d].values.reshape(8, 8), cmap='ink')
    ax.set_title(d)
    ax.axis('off')
plt.show()


# ## Preparing the pixels

# In[ ]:


X = (train.drop('label', 1).values / 16.0).astype(np.float)
y = train['label'].values
X_test = (test.values / 16.0).astype(np.float)
print(X.shape, X_test.shape)


# In[ ]:


centroids = np.vstack([X[y == d].mean(axis=0) for d in range(10)])
manhattan = DistanceMetric.get_metric('manhattan')
nearest = manhattan.pairwise(X, centroids).argmin(axis=1)
print('nearest-centroid accuracy on train: %.3f' % (nearest == y).mean())
rf = RandomForestClassifier(n_estimators=200, max_features='auto', random_state=4).fit(X, y)
predictions = rf.predict(X_test)


# In[ ]:


submission = pd.DataFrame({'ImageId': range(1, len(predictions) + 1), 'Label': predictions})
submission.to_csv('submission.csv', index=False)
