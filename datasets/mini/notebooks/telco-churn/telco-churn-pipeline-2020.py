# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.5.2
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Telco churn: a leak-free preprocessing pipeline
#
# The blank `TotalCharges`, the categorical columns and the scaling all go into one `Pipeline`, so the cross-validated AUC is honest.
# Model: L2-regularised logistic regression, which is hard to beat on this kind of tabular data.
#
# *Stay safe and happy kaggling!*

# %%
# %matplotlib inline
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.metrics import roc_auc_score, roc_curve

import warnings
warnings.filterwarnings('ignore')

# %%
train = pd.read_csv('/kaggle/input/telco-churn/train.csv')
test = pd.read_csv('/kaggle/input/telco-churn/test.csv')
y = train.pop('Churn').map({'Yes': 1, 'No': 0})
print(train.shape, test.shape, 'churn rate %.3f' % y.mean())

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4))
sns.distplot(train.loc[y == 0, 'tenure'], ax=axes[0], label='stayed')
sns.distplot(train.loc[y == 1, 'tenure'], ax=axes[0], label='churned')
axes[0].legend()
sns.boxplot(x=y, y=train['MonthlyCharges'], ax=axes[1])
pd.crosstab(train['Contract'], y, normalize='index').plot(kind='bar', stacked=True, ax=axes[2])
plt.tight_layout()
plt.show()

# %% [markdown]
# ## A small custom transformer
# `TotalCharges` is a string with blanks; this turns it into a number and adds a couple of ratios.

# %%
class ChargeFeatures(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        X['TotalCharges'] = pd.to_numeric(X['TotalCharges'], errors='coerce')
        X['AvgMonthly'] = X['TotalCharges'] / X['tenure'].where(X['tenure'] > 0)
        X['NewCustomer'] = (X['tenure'] <= 6).astype(int)
        return X

numeric = ['tenure', 'MonthlyCharges', 'TotalCharges', 'AvgMonthly', 'NewCustomer', 'SeniorCitizen']
categorical = [c for c in train.columns if train[c].dtype == object and c not in ('customerID', 'TotalCharges')]

model = Pipeline([
    ('charges', ChargeFeatures()),
    ('prep', ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), numeric),
        ('cat', OneHotEncoder(handle_unknown='ignore'), categorical),
    ])),
    ('clf', LogisticRegression(C=0.3, max_iter=1000)),
])

# %%
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
for C in [0.03, 0.1, 0.3, 1.0]:
    model.set_params(clf__C=C)
    print('C=%-5s CV AUC %.4f' % (C, cross_val_score(model, train, y, cv=cv, scoring='roc_auc').mean()))

# %%
model.set_params(clf__C=0.1)
oof = cross_val_predict(model, train, y, cv=cv, method='predict_proba')[:, 1]
fpr, tpr, _ = roc_curve(y, oof)
plt.plot(fpr, tpr, label='AUC %.3f' % roc_auc_score(y, oof))
plt.plot([0, 1], [0, 1], 'k:')
plt.legend()
plt.show()

# %%
model.fit(train, y)
submission = pd.DataFrame({'customerID': test['customerID'], 'Churn': model.predict_proba(test)[:, 1]})
submission.to_csv('submission.csv', index=False)
submission.head()
