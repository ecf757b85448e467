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
# # House prices: one pipeline, RidgeCV on a log target
#
# Everything (imputation, scaling, one-hot encoding, the log transform of the target) lives in a single scikit-learn object.
# That makes cross-validation honest and the submission a one-liner.

# %%
# !pip install -q scikit-learn==0.23.2

# %%
# %matplotlib inline
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

from sklearn.compose import ColumnTransformer, TransformedTargetRegressor, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold, cross_val_score, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler, FunctionTransformer

# %%
train = pd.read_csv('/kaggle/input/house-prices/train.csv', index_col='Id')
test = pd.read_csv('/kaggle/input/house-prices/test.csv', index_col='Id')
y = train.pop('SalePrice')
X = train
print(X.shape, test.shape)

# %% [markdown]
# ## Preprocessing
# Numbers: median imputation, log1p (most area columns are skewed), standardisation.
# Strings: a constant "missing" category and one-hot encoding.

# %%
X['MSSubClass'] = X['MSSubClass'].astype(str)
test['MSSubClass'] = test['MSSubClass'].astype(str)

numeric = make_pipeline(SimpleImputer(strategy='median'), FunctionTransformer(np.log1p), StandardScaler())
categorical = make_pipeline(SimpleImputer(strategy='constant', fill_value='missing'),
                            OneHotEncoder(handle_unknown='ignore', sparse=False))
prep = ColumnTransformer([
    ('num', numeric, make_column_selector(dtype_include=np.number)),
    ('cat', categorical, make_column_selector(dtype_include=object)),
])
model = TransformedTargetRegressor(
    regressor=Pipeline([('prep', prep), ('ridge', RidgeCV(alphas=np.logspace(-1, 2.5, 20)))]),
    func=np.log, inverse_func=np.exp)

# %%
cv = KFold(n_splits=5, shuffle=True, random_state=0)
log_rmse = lambda est, X, y: -np.sqrt(np.mean((np.log(est.predict(X)) - np.log(y)) ** 2))
scores = -cross_val_score(model, X, y, cv=cv, scoring=log_rmse)
print('CV log-RMSE: %.4f +/- %.4f' % (scores.mean(), scores.std()))

# %%
oof = cross_val_predict(model, X, y, cv=cv)
plt.figure(figsize=(6, 6))
plt.scatter(y, oof, s=8, alpha=.5)
plt.plot([y.min(), y.max()], [y.min(), y.max()], 'r--')
plt.xscale('log'); plt.yscale('log')
plt.xlabel('actual'); plt.ylabel('out-of-fold prediction')
plt.show()

# %%
model.fit(X, y)
print('chosen alpha:', model.regressor_.named_steps['ridge'].alpha_)
pd.DataFrame({'Id': test.index, 'SalePrice': model.predict(test)}).to_csv('submission.csv', index=False)
