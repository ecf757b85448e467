"""House Prices kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import houses as _b1

SLUG = "house-prices"
TITLES = _b1.TITLES + ["House prices: quick EDA and {m}", "Predicting sale prices with {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("h4-eda-kde", "eda", [
        md("## Living area against price"),
        code("""
        plt.figure(figsize=(7, 6))
        sns.kdeplot(train['GrLivArea'], train['SalePrice'], shade=True, cmap='Blues')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-kdeplot-data2"], needs={"train"}),
    Snippet("h4-eda-corr", "eda", [
        code("""
        num = train.select_dtypes(include=[np.number])
        top = num.corr()['SalePrice'].abs().sort_values(ascending=False)[1:11]
        top.plot(kind='bar', figsize=(10, 4))
        plt.xticks(rotation='75')
        plt.show()
        print('skew of log price:', pd.np.log1p(train['SalePrice']).skew())
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-rotation-string", "pd-np"], needs={"train"}),
    Snippet("h4-eda-year", "eda", [
        code("""
        by_year = train.groupby('YrSold')['SalePrice', 'LotArea'].median()
        print(by_year)
        by_year['SalePrice'].plot(marker='o')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-groupby-tuple"], needs={"train"}),
    Snippet("h4-eda-mad", "eda", [
        code("""
        cols = ['LotArea', 'GrLivArea', 'TotalBsmtSF', 'GarageArea', 'SalePrice']
        summary = pd.DataFrame({'median': train[cols].median(), 'mad': train[cols].mad()})
        summary['ratio'] = summary['mad'] / summary['median']
        summary
        """)], apis=["pd-mad"], needs={"train"}),
]

_NUM = """
y = np.log1p(train['SalePrice'])
"""

PREP = [
    Snippet("h4-prep-append", "prep", [
        md("## Preparing the features"),
        code("""
        n_train = train.shape[0]
        y = np.log1p(train['SalePrice'].values)
        all_data = train.drop('SalePrice', axis=1).append(test, ignore_index=True)
        all_data = all_data.drop('Id', axis=1)
        num_cols = all_data.dtypes[all_data.dtypes != 'object'].index
        all_data[num_cols] = all_data[num_cols].fillna(all_data[num_cols].median())
        all_data = pd.get_dummies(all_data).fillna(0)
        X, X_test = all_data[:n_train].values, all_data[n_train:].values
        print(X.shape, X_test.shape)
        """)], apis=["pd-append"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h4-prep-ohe", "prep", [
        code("""
        cats = ['MSZoning', 'Neighborhood', 'BldgType', 'HouseStyle', 'KitchenQual', 'SaleCondition']
        nums = ['OverallQual', 'GrLivArea', 'TotalBsmtSF', 'GarageCars', 'YearBuilt', 'FullBath', 'LotArea']
        enc = OneHotEncoder(sparse=False, handle_unknown='ignore')
        enc.fit(train[cats].fillna('NA'))
        print(len(enc.get_feature_names(cats)), 'dummy columns, e.g.', enc.get_feature_names(cats)[:5])

        def design(df):
            numeric = df[nums].fillna(train[nums].median()).values
            return np.hstack([numeric, enc.transform(df[cats].fillna('NA'))])

        X, X_test = design(train), design(test)
        y = np.log1p(train['SalePrice'].values)
        """)], imports=["from sklearn.preprocessing import OneHotEncoder"], apis=["sk-ohe-sparse", "sk-get-feature-names"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("h4-model-ridge", "model", [
        md("## Ridge regression"),
        code("""
        def rmse_cv(model):
            folds = KFold(5, True, 42)
            return np.sqrt(-cross_val_score(model, X, y, scoring='neg_mean_squared_error', cv=folds))

        for alpha in [0.05, 0.3, 1, 3]:
            print(alpha, rmse_cv(Ridge(alpha=alpha, normalize=True)).mean())
        ridge = Ridge(alpha=0.3, normalize=True).fit(X, y)
        predictions = np.expm1(ridge.predict(X_test))
        """)], imports=["from sklearn.linear_model import Ridge", "from sklearn.model_selection import KFold, cross_val_score"],
        apis=["sk-keyword-only", "sk-normalize"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h4-model-gbr", "model", [
        code("""
        gbr = GradientBoostingRegressor(loss='lad', criterion='mse', n_estimators=300, learning_rate=0.05,
                                        max_depth=4, subsample=0.8, random_state=5)
        gbr.fit(X, y)
        print('in-sample RMSE', np.sqrt(np.mean((gbr.predict(X) - y) ** 2)))
        predictions = np.expm1(gbr.predict(X_test))
        """)], imports=["from sklearn.ensemble import GradientBoostingRegressor"], apis=["sk-loss-lad", "sk-criterion-mse"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h4-model-xgb-holdout", "model", [
        code("""
        tr_idx, va_idx = next(KFold(n_splits=5, shuffle=True, random_state=0).split(X))
        X_tr, X_va = safe_indexing(X, tr_idx), safe_indexing(X, va_idx)
        y_tr, y_va = safe_indexing(y, tr_idx), safe_indexing(y, va_idx)
        model = xgb.XGBRegressor(n_estimators=1000, learning_rate=0.05, max_depth=3, subsample=0.8, random_state=0)
        model.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], early_stopping_rounds=40, verbose=False)
        print('best iteration', model.best_iteration)
        predictions = np.expm1(model.predict(X_test))
        """)], imports=["from sklearn.model_selection import KFold", "from sklearn.utils import safe_indexing", "import xgboost as xgb"],
        apis=["sk-safe-indexing", "xgb-fit-args"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h4-model-hgb", "model", [
        code("""
        hgb = HistGradientBoostingRegressor(loss='least_squares', max_iter=60, learning_rate=0.1, max_leaf_nodes=15, random_state=1)
        hgb.fit(X, y)
        print('train R^2: %.4f' % hgb.score(X, y))
        predictions = np.expm1(hgb.predict(X_test))
        """)], imports=["from sklearn.experimental import enable_hist_gradient_boosting", "from sklearn.ensemble import HistGradientBoostingRegressor"],
        apis=["sk-hgb-least-squares"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"h4-model-ridge": "Ridge", "h4-model-gbr": "Gradient Boosting", "h4-model-xgb-holdout": "XGBoost", "h4-model-hgb": "HistGradientBoosting"}
