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
# # Forest Cover Type | XGBoost (hist) + 5-fold CV
#
# A compact, reproducible XGBoost baseline:
#
# * a handful of distance features,
# * `tree_method="hist"` (fast on CPU),
# * 4 stratified folds with early stopping, predictions averaged over the folds.
#
# ⭐ Upvote if you find it useful!

# %%
# !pip install -q xgboost --upgrade

# %%
import os
for dirname, _, filenames in os.walk('/kaggle/input'):
    for filename in filenames:
        print(os.path.join(dirname, filename))

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
import xgboost as xgb
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import f1_score

import warnings
warnings.filterwarnings('ignore')

SEED = 42
DATA = '/kaggle/input/forest-cover-type'
print('xgboost', xgb.__version__)

# %%
train = pd.read_csv(f'{DATA}/train.csv')
test = pd.read_csv(f'{DATA}/test.csv')
print(train.shape, test.shape)

# %% [markdown]
# ## Feature engineering

# %%
def make_features(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out['hydro_dist'] = np.sqrt(out['Horizontal_Distance_To_Hydrology'] ** 2
                                + out['Vertical_Distance_To_Hydrology'] ** 2)
    out['elev_m_vhydro'] = out['Elevation'] - out['Vertical_Distance_To_Hydrology']
    out['road_fire'] = out['Horizontal_Distance_To_Roadways'] + out['Horizontal_Distance_To_Fire_Points']
    out['road_fire_abs'] = (out['Horizontal_Distance_To_Roadways'] - out['Horizontal_Distance_To_Fire_Points']).abs()
    out['hydro_fire'] = out['Horizontal_Distance_To_Hydrology'] + out['Horizontal_Distance_To_Fire_Points']
    soil = [c for c in out.columns if c.startswith('Soil_Type')]
    out['soil_count'] = out[soil].sum(axis=1)
    return out

train = make_features(train)
test = make_features(test)
FEATURES = [c for c in train.columns if c not in ('Id', 'Cover_Type')]
len(FEATURES)

# %%
fig, ax = plt.subplots(figsize=(10, 4))
sns.histplot(data=train, x='elev_m_vhydro', hue='Cover_Type', palette='tab10', element='step', ax=ax)
plt.show()

# %% [markdown]
# ## Training
# XGBoost wants labels 0..6, so shift the target by one.

# %%
X = train[FEATURES]
y = train['Cover_Type'] - 1

params = dict(n_estimators=200, learning_rate=0.15, max_depth=5, subsample=0.85,
              colsample_bytree=0.7, tree_method='hist', random_state=SEED)

skf = StratifiedKFold(n_splits=4, shuffle=True, random_state=SEED)
oof = np.zeros((len(train), 7))
test_proba = np.zeros((len(test), 7))

for fold, (tr_idx, va_idx) in enumerate(skf.split(X, y)):
    model = xgb.XGBClassifier(**params)
    model.fit(X.iloc[tr_idx], y.iloc[tr_idx],
              eval_set=[(X.iloc[va_idx], y.iloc[va_idx])],
              eval_metric='mlogloss', early_stopping_rounds=20, verbose=False)
    oof[va_idx] = model.predict_proba(X.iloc[va_idx])
    test_proba += model.predict_proba(test[FEATURES]) / skf.n_splits
    print(f'fold {fold}: best_iteration={model.best_iteration:3d} '
          f'macro F1={f1_score(y.iloc[va_idx], oof[va_idx].argmax(1), average="macro"):.4f}')

print(f'OOF macro F1: {f1_score(y, oof.argmax(1), average="macro"):.4f}')

# %%
imp = pd.Series(model.feature_importances_, index=FEATURES).sort_values(ascending=False).head(15)
imp.plot.barh(figsize=(8, 6)).invert_yaxis()
plt.show()

# %% [markdown]
# ## Submission

# %%
sub = pd.DataFrame({'Id': test['Id'], 'Cover_Type': test_proba.argmax(1) + 1})
sub.to_csv('submission.csv', index=False)
sub['Cover_Type'].value_counts().sort_index()
