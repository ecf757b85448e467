"""House-prices kernels, batch 3 (a held-out test set). Prep gives y = log1p(SalePrice); models give prices."""
import textwrap
from kit import Snippet, code, md

_dd = textwrap.dedent
import houses as _b1

SLUG = "house-prices"
TITLES = _b1.TITLES + ["House prices: a complete walkthrough with {m}", "Predicting sale prices ({m})"]

_NUMERIC = """
def numeric_frame(train, test):
    both = pd.concat([train.drop(['SalePrice'], axis=1), test], sort=False)
    both['TotalSF'] = both['TotalBsmtSF'] + both['1stFlrSF'] + both['2ndFlrSF']
    both['Age'] = both['YrSold'] - both['YearBuilt']
    both = pd.get_dummies(both.drop(['Id'], axis=1), columns=['MSZoning', 'Neighborhood', 'BldgType', 'KitchenQual', 'SaleCondition'])
    both = both.select_dtypes(exclude=['object'])
    both = both.fillna(both.median())
    return both.iloc[:len(train)], both.iloc[len(train):]
"""

LOAD = _b1.LOAD

EDA = [
    Snippet("h3-eda-reg-pos", "eda", [
        md("### Living area, quality and price"),
        code("""
        fig, axes = plt.subplots(1, 2, figsize=(14, 5))
        sns.regplot(train['GrLivArea'], train['SalePrice'], ax=axes[0], scatter_kws={'alpha': 0.3})
        sns.boxplot(train.OverallQual, train.SalePrice, ax=axes[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("h3-eda-neigh-level", "eda", [
        code("""
        by_hood = train.set_index(['Neighborhood', 'YrSold'])['SalePrice']
        medians = by_hood.median(level='Neighborhood').sort_values()
        medians.plot(kind='barh', figsize=(8, 10), title='Median price per neighbourhood')
        plt.show()
        print(by_hood.count(level=1))
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-level-kw"], needs={"train"}),
    Snippet("h3-eda-cumtrapz", "eda", [
        code("""
        # empirical distribution of the log price, integrated from its KDE
        logp = np.log(train['SalePrice'])
        grid = np.linspace(logp.min(), logp.max(), 200)
        density = stats.gaussian_kde(logp)(grid)
        cdf = cumtrapz(density, grid, initial=0)
        plt.plot(np.exp(grid), cdf)
        plt.xlabel('SalePrice')
        plt.ylabel('share of sales below')
        plt.show()
        print('skewness: %f, kurtosis: %f' % (train['SalePrice'].skew(), train['SalePrice'].kurt()))
        """)], imports=["import matplotlib.pyplot as plt", "from scipy import stats", "from scipy.integrate import cumtrapz"],
        apis=["sc-cumtrapz"], needs={"train"}),
    Snippet("h3-eda-missing", "eda", [
        code("""
        missing = train.isnull().sum()
        missing = missing[missing > 0].sort_values(ascending=False)
        missing.plot.bar(figsize=(10, 4), color=plt.cm.get_cmap('viridis')(np.linspace(0, 1, len(missing))))
        plt.grid(b=True, axis='y')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-grid-b"], needs={"train"}),
    Snippet("h3-eda-window", "eda", [
        code("""
        fig = plt.figure(figsize=(10, 5))
        fig.canvas.set_window_title('Prices over time')
        monthly = train.groupby(['YrSold', 'MoSold'])['SalePrice'].median()
        monthly.plot(marker='.')
        plt.xticks(rotation='vertical')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-set-window-title"], needs={"train"}),
    Snippet("h3-eda-plotly", "eda", [
        code("""
        trace = go.Scatter(x=train['GrLivArea'], y=train['SalePrice'], mode='markers',
                           marker=dict(color=train['OverallQual'], colorscale='Viridis', showscale=True), text=train['Neighborhood'])
        layout = go.Layout(title='Price vs living area', xaxis=dict(title='GrLivArea'), yaxis=dict(title='SalePrice'))
        fig = go.Figure(data=[trace], layout=layout)
        py.iplot(fig, filename='price-vs-area')
        """)], imports=["import plotly.plotly as py", "import plotly.graph_objs as go"], apis=["plotly-plotly"], needs={"train"}),
    Snippet("h3-eda-sp-log", "eda", [
        code("""
        import scipy as sp
        lp = sp.log1p(train['SalePrice'].values)
        print('mean %.3f, std %.3f' % (sp.mean(lp), sp.std(lp)))
        sns.distplot(lp, bins=40)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sc-numpy-functions"], needs={"train"}),
]

PREP = [
    Snippet("h3-prep-numeric", "prep", [
        code(_NUMERIC + """
X, X_test = numeric_frame(train, test)
y = np.log1p(train['SalePrice'])
print(X.shape, X_test.shape)
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h3-prep-outliers-dropna", "prep", [
        code(_dd("""
        train = train.drop(train[(train['GrLivArea'] > 4000) & (train['SalePrice'] < 300000)].index)
        # drop the columns that are mostly empty
        train = train.dropna(1, thresh=int(0.5 * len(train)))
        test = test[[c for c in train.columns if c != 'SalePrice']]
        """) + _NUMERIC + _dd("""
        X, X_test = numeric_frame(train, test)
        y = np.log1p(train.SalePrice)
        """))], apis=["pd-dedup-dropna-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h3-prep-scale-private", "prep", [
        code(_NUMERIC + """
X, X_test = numeric_frame(train, test)
scaler = RobustScaler().fit(X)
X = pd.DataFrame(scaler.transform(X), columns=X.columns)
X_test = pd.DataFrame(scaler.transform(X_test), columns=X.columns)
y = np.log1p(train['SalePrice'].values)
        """)], imports=["from sklearn.preprocessing.data import RobustScaler"], apis=["sk-private-3"], since="2016-09-28",
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h3-prep-set-axis", "prep", [
        code(_NUMERIC + """
X, X_test = numeric_frame(train, test)
clean = [c.replace(' ', '_').replace('(', '').replace(')', '') for c in X.columns]
X.set_axis(clean, axis=1, inplace=True)
X_test.set_axis(clean, axis=1, inplace=True)
y = np.log1p(train['SalePrice'])
        """)], apis=["pd-set-axis-inplace"], since="2019-07-18", needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("h3-model-gbr-lad", "model", [
        md("## Gradient Boosting with a robust loss"),
        code("""
        gbr = GradientBoostingRegressor(loss='lad', n_estimators=300, learning_rate=0.05, max_depth=4, subsample=0.8, random_state=5)
        scores = cross_val_score(gbr, X, y, cv=5, scoring='neg_mean_squared_error')
        print('RMSE: %.4f' % np.sqrt(-scores).mean())
        gbr.fit(X, y)
        predictions = np.expm1(gbr.predict(X_test))
        """)], imports=["from sklearn.ensemble import GradientBoostingRegressor", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-loss-lad"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-rf-mae", "model", [
        code("""
        rf = RandomForestRegressor(n_estimators=20, criterion='mae', max_depth=8, random_state=0, n_jobs=-1)
        rf.fit(X, y)
        importances = pd.Series(rf.feature_importances_, index=list(X.columns) if hasattr(X, 'columns') else None)
        print(importances.sort_values(ascending=False).head(10))
        predictions = np.expm1(rf.predict(X_test))
        """)], imports=["from sklearn.ensemble import RandomForestRegressor"], apis=["sk-criterion-mae"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-pinv", "model", [
        code("""
        # ordinary least squares by hand
        A = np.hstack([np.ones((len(X), 1)), np.asarray(X, dtype=float)])
        mu, sd = A[:, 1:].mean(axis=0), A[:, 1:].std(axis=0) + 1e-9
        A[:, 1:] = (A[:, 1:] - mu) / sd
        beta = pinv2(A).dot(np.asarray(y))
        B = np.hstack([np.ones((len(X_test), 1)), (np.asarray(X_test, dtype=float) - mu) / sd])
        predictions = np.expm1(np.clip(B.dot(beta), 10, 14))
        """)], imports=["from scipy.linalg import pinv2"], apis=["sc-pinv2"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-xgb-feval", "model", [
        code("""
        def rmse(preds, dtrain):
            return 'rmse_log', float(np.sqrt(np.mean((preds - dtrain.get_label()) ** 2)))

        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=2)
        dtr, dva = xgb.DMatrix(X_tr, label=y_tr), xgb.DMatrix(X_va, label=y_va)
        params = {'objective': 'reg:squarederror', 'eta': 0.05, 'max_depth': 4, 'subsample': 0.8, 'colsample_bytree': 0.7}
        model = xgb.train(params, dtr, 2000, evals=[(dtr, 'train'), (dva, 'valid')], feval=rmse, early_stopping_rounds=50, verbose_eval=200)
        predictions = np.expm1(model.predict(xgb.DMatrix(X_test), ntree_limit=model.best_ntree_limit))
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-feval", "xgb-ntree-limit", "xgb-best-ntree-limit"], since="2019-05-16", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-ridge-grid", "model", [
        code("""
        ridge = make_pipeline(StandardScaler(), Ridge())
        search = GridSearchCV(ridge, {'ridge__alpha': [1, 3, 10, 30, 100]}, 'neg_mean_squared_error', cv=5)
        search.fit(X, y)
        print(search.best_params_, np.sqrt(-search.best_score_))
        predictions = np.expm1(search.predict(X_test))
        """)], imports=["from sklearn.pipeline import make_pipeline", "from sklearn.preprocessing import StandardScaler", "from sklearn.linear_model import Ridge",
                        "from sklearn.model_selection import GridSearchCV"],
        apis=["sk-keyword-only"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-kfold-blend", "model", [
        code("""
        def rmse_cv(model, X, y):
            kf = KFold(5, True, 42).get_n_splits(X)
            return np.sqrt(-cross_val_score(model, X, y, scoring='neg_mean_squared_error', cv=kf))

        lasso = Lasso(alpha=0.0005, max_iter=50000)
        enet = ElasticNet(alpha=0.0005, l1_ratio=0.9, max_iter=50000)
        Xs = StandardScaler().fit(X)
        for m in (lasso, enet):
            print(type(m).__name__, rmse_cv(m, Xs.transform(X), y).mean())
        preds = [m.fit(Xs.transform(X), y).predict(Xs.transform(X_test)) for m in (lasso, enet)]
        predictions = np.expm1(np.mean(preds, axis=0))
        """)], imports=["from sklearn.model_selection import KFold, cross_val_score", "from sklearn.linear_model.coordinate_descent import Lasso, ElasticNet",
                        "from sklearn.preprocessing import StandardScaler"],
        apis=["sk-keyword-only", "sk-private-3"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h3-model-lgb", "model", [
        code("""
        model = lgb.LGBMRegressor(objective='regression', num_leaves=5, learning_rate=0.05, n_estimators=720)
        model.fit(X, y)
        predictions = np.expm1(model.predict(X_test))
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("h3-sub-terminator", "submit", [
        code("""
        sub = pd.DataFrame({'Id': test['Id'].values, 'SalePrice': predictions})
        sub.to_csv('submission.csv', index=False, line_terminator='\\n')
        sub.describe()
        """)], apis=["pd-line-terminator"], needs={"predictions", "test"}),
]

MODEL_NAMES = {"h3-model-gbr-lad": "Gradient Boosting", "h3-model-rf-mae": "Random Forest", "h3-model-pinv": "least squares",
               "h3-model-xgb-feval": "XGBoost", "h3-model-ridge-grid": "Ridge", "h3-model-kfold-blend": "Lasso + ElasticNet",
               "h3-model-lgb": "LightGBM"}
STOCHASTIC = set()
