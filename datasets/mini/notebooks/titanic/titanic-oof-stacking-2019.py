# %% [markdown]
# # Titanic: two-level stacking with an XGBoost meta-model
#
# Level 1: five quite different models (two tree ensembles, gradient boosting, k-NN and a linear model), each
# trained inside a 5-fold loop so that every training passenger receives a prediction from a model that never saw
# them. Level 2: XGBoost learns how much to trust each of them.

# %%
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier, ExtraTreesClassifier, GradientBoostingClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import StratifiedKFold

train_df = pd.read_csv('/kaggle/input/titanic/train.csv')
test_df = pd.read_csv('/kaggle/input/titanic/test.csv')
print(train_df.shape, test_df.shape)

# %% [markdown]
# ## Features
# Everything goes through one function so train and test get exactly the same treatment.

# %%
TITLES = {'Mr': 0, 'Miss': 1, 'Mrs': 2, 'Master': 3}
ticket_counts = pd.concat([train_df['Ticket'], test_df['Ticket']]).value_counts()

def make_features(df, ref):
    out = pd.DataFrame(index=df.index)
    title = df['Name'].str.split(', ').str[1].str.split('.').str[0]
    out['title'] = title.map(TITLES).fillna(4).astype(np.int)
    out['male'] = (df['Sex'] == 'male').astype(np.int)
    out['pclass'] = df['Pclass']
    age_by_title = ref.assign(t=ref['Name'].str.split(', ').str[1].str.split('.').str[0]).groupby('t')['Age'].median()
    out['age'] = df['Age'].fillna(title.map(age_by_title)).fillna(ref['Age'].median())
    out['family'] = (df['SibSp'] + df['Parch'] + 1).astype(np.int)
    out['big_family'] = (out['family'] >= 5).astype(np.int)
    out['ticket_group'] = df['Ticket'].map(ticket_counts).astype(np.int)
    fare = df['Fare'].fillna(ref['Fare'].median())
    out['fare_pp'] = np.log1p(fare / out['ticket_group'])
    out['cabin_known'] = df['Cabin'].notnull().astype(np.int)
    out['port_c'] = (df['Embarked'] == 'C').astype(np.int)
    out['port_q'] = (df['Embarked'] == 'Q').astype(np.int)
    return out

X_df = make_features(train_df, train_df)
T_df = make_features(test_df, train_df)
y = train_df['Survived'].values
X_df.describe()

# %% [markdown]
# ## Level 1: out-of-fold predictions

# %%
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=2019)

def level1(model, X, y, T):
    """Out-of-fold probabilities for the training rows and fold-averaged ones for the test rows."""
    oof = np.zeros(len(X))
    test_pred = np.zeros(len(T))
    for trn, val in folds.split(X, y):
        model.fit(X[trn], y[trn])
        oof[val] = model.predict_proba(X[val])[:, 1]
        test_pred += model.predict_proba(T)[:, 1] / folds.get_n_splits()
    return oof, test_pred

models = {
    'forest': RandomForestClassifier(n_estimators=200, max_depth=7, min_samples_leaf=2, random_state=1, n_jobs=-1),
    'extra': ExtraTreesClassifier(n_estimators=200, max_depth=8, min_samples_leaf=3, random_state=1, n_jobs=-1),
    'gbm': GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.05, random_state=1),
    'knn': make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15)),
    'logit': make_pipeline(StandardScaler(), LogisticRegression(C=0.3)),
}
X, T = X_df.values.astype(np.float), T_df.values.astype(np.float)
level1_train, level1_test = {}, {}
for name, model in models.items():
    level1_train[name], level1_test[name] = level1(model, X, y, T)
    acc = ((level1_train[name] > 0.5) == y).mean()
    print('%-7s out-of-fold accuracy %.4f' % (name, acc))

# %%
pd.DataFrame(level1_train).corr().round(3)

# %% [markdown]
# ## Level 2

# %%
meta_X = pd.DataFrame(level1_train).values
meta_T = pd.DataFrame(level1_test).values
meta = xgb.XGBClassifier(n_estimators=200, max_depth=2, learning_rate=0.05, subsample=0.9,
                         colsample_bytree=1.0, random_state=7, n_jobs=1)
meta.fit(meta_X, y)
final = meta.predict(meta_T)
print('share predicted to survive: %.3f' % final.mean())

# %%
out = pd.DataFrame({'PassengerId': test_df['PassengerId'], 'Survived': final.astype(np.int)})
out.to_csv('submission.csv', index=False)
out.head()
