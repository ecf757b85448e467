# -*- coding: utf-8 -*-
# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.14.5
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # House Prices - LightGBM
#
# Log-transform the target, then a 5-fold LightGBM.

# %%
# !pip install -q lightgbm
# %matplotlib inline
import numpy as np
import pandas as pd
import lightgbm as lgb
from sklearn.model_selection import KFold

# %% Load data [markdown]
# Data comes from `/kaggle/input`.

# %%
train = pd.read_csv("/kaggle/input/house-prices-advanced-regression-techniques/train.csv")
y = np.log1p(train.pop("SalePrice"))
X = train.select_dtypes("number").fillna(0)

# %% [raw]
# not run: submission.to_csv("submission.csv")

# %%
oof = np.zeros(len(X))
for fold, (tr, va) in enumerate(KFold(5, shuffle=True, random_state=0).split(X)):
    m = lgb.LGBMRegressor(n_estimators=500).fit(X.iloc[tr], y.iloc[tr])
    oof[va] = m.predict(X.iloc[va])
print("RMSE", np.sqrt(np.mean((oof - y) ** 2)))
