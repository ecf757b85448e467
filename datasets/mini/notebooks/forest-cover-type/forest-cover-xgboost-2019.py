#!/usr/bin/env python
# coding: utf-8

# # Forest Cover Type with XGBoost
# 
# XGBoost is winning almost every tabular competition, so let's see what it does on the forest cover data.
# 
# Steps:
# 1. quick look at the data
# 2. hold-out split and early stopping to pick the number of trees
# 3. refit and predict
# 
# Upvote if it helped you!

# In[1]:


import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
get_ipython().run_line_magic('matplotlib', 'inline')

import xgboost as xgb
from xgboost import XGBClassifier
from sklearn.model_selection import train_test_split
from sklearn.metrics import f1_score, accuracy_score

print(xgb.__version__)


# In[2]:


train = pd.read_csv('/kaggle/input/forest-cover-type/train.csv')
test = pd.read_csv('/kaggle/input/forest-cover-type/test.csv')
print(train.shape, test.shape)
train.head()


# In[3]:


plt.figure(figsize=(8, 4))
sns.countplot(x='Cover_Type', data=train, palette='viridis')
plt.title('Class balance')
plt.show()


# In[4]:


features = [c for c in train.columns if c not in ['Id', 'Cover_Type']]
X = train[features]
y = train['Cover_Type']
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.2, random_state=7, stratify=y)


# ## Early stopping on a validation set

# In[5]:


model = XGBClassifier(n_estimators=200, learning_rate=0.15, max_depth=5,
                      subsample=0.8, colsample_bytree=0.8,
                      objective='multi:softprob', random_state=7)
model.fit(X_train, y_train,
          eval_set=[(X_train, y_train), (X_valid, y_valid)],
          eval_metric='mlogloss',
          early_stopping_rounds=15,
          verbose=25)


# In[6]:


print('best iteration:', model.best_iteration)
pred_valid = model.predict(X_valid)
print('accuracy  %.4f' % accuracy_score(y_valid, pred_valid))
print('macro F1  %.4f' % f1_score(y_valid, pred_valid, average='macro'))


# In[7]:


results = model.evals_result()
plt.plot(results['validation_0']['mlogloss'], label='train')
plt.plot(results['validation_1']['mlogloss'], label='valid')
plt.legend()
plt.ylabel('mlogloss')
plt.show()


# In[8]:


fig, ax = plt.subplots(figsize=(8, 10))
xgb.plot_importance(model, ax=ax, max_num_features=20)
plt.show()


# ## Refit on all data and submit

# In[9]:


final = XGBClassifier(n_estimators=model.best_iteration + 1, learning_rate=0.15, max_depth=5,
                      subsample=0.8, colsample_bytree=0.8,
                      objective='multi:softprob', random_state=7)
final.fit(X, y)
submission = pd.DataFrame({'Id': test['Id'], 'Cover_Type': final.predict(test[features])})
submission.to_csv('submission.csv', index=False)
submission.head()

