"""House-prices kernels, batch 2 (written after the rule catalog). y is log1p(SalePrice)."""
from kit import Snippet, code, md
import houses as _b1

SLUG = "house-prices"
TITLES = _b1.TITLES + ["House prices: regularized regression with {m}", "Comprehensive EDA and {m} for house prices"]

LOAD = _b1.LOAD[:2] + [
    Snippet("h2-load-index", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        print(train.Id.is_monotonic, test.Id.is_monotonic)
        print(train.shape, test.shape)
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-is-monotonic"], gives={"train", "test"}),
]

EDA = [
    Snippet("h2-eda-target", "eda", [
        md("## SalePrice"),
        code("""
        sns.distplot(train['SalePrice'], fit=norm)
        (mu, sigma) = norm.fit(train['SalePrice'])
        plt.legend(['Normal dist. ($\\\\mu=$ {:.2f} and $\\\\sigma=$ {:.2f} )'.format(mu, sigma)], loc='best')
        plt.show()
        print('Skewness: %f' % train['SalePrice'].skew())
        print('Mean absolute deviation: %f' % train['SalePrice'].mad())
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns", "from scipy.stats import norm"],
        apis=["sns-distplot", "pd-mad"], needs={"train"}),
    Snippet("h2-eda-corr-top", "eda", [
        code("""
        corrmat = train.corr()
        cols = corrmat.nlargest(10, 'SalePrice')['SalePrice'].index
        cm = np.corrcoef(train[cols].values.T)
        sns.set(font_scale=1.1)
        sns.heatmap(cm, cbar=True, annot=True, square=True, fmt='.2f', yticklabels=cols.values, xticklabels=cols.values)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-numeric-only"], needs={"train"}),
    Snippet("h2-eda-jointplot", "eda", [
        code("""
        sns.jointplot(x='GrLivArea', y='SalePrice', data=train, kind='reg', stat_func=pearsonr, size=7)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns", "from scipy.stats import pearsonr"],
        apis=["sns-jointplot-stat-func", "sns-size"], needs={"train"}),
    Snippet("h2-eda-lvplot", "eda", [
        code("""
        plt.figure(figsize=(14, 6))
        sns.lvplot(x='OverallQual', y='SalePrice', data=train, palette='Set2')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-lvplot"], since="2017-07-08", needs={"train"}),
    Snippet("h2-eda-yearly-tsplot", "eda", [
        code("""
        yearly = train.groupby(['YrSold', 'MoSold'], as_index=False)['SalePrice'].median()
        yearly['unit'] = 0
        sns.tsplot(data=yearly, time='MoSold', value='SalePrice', condition='YrSold', unit='unit')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-tsplot"], needs={"train"}),
    Snippet("h2-eda-scatter-chain", "eda", [
        code("""
        fig, ax = plt.subplots(1, 2, figsize=(14, 5))
        ax[0].scatter(train.GrLivArea, train.SalePrice, alpha=0.4)
        ax[0].set_xlabel('GrLivArea')
        ax[1].scatter(train.TotalBsmtSF, train.SalePrice, alpha=0.4, c='g')
        ax[1].set_xlabel('TotalBsmtSF')
        for a in ax:
            a.grid(b=True, linestyle=':')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-grid-b"], needs={"train"}),
    Snippet("h2-eda-missing-pct", "eda", [
        code("""
        missing = train.isnull().sum()
        missing = missing[missing > 0].sort_values(ascending=False)
        pd.concat([missing, (missing / len(train) * 100).round(1)], 1, keys=['count', 'percent'])
        """)], apis=["pd-concat-positional"], needs={"train"}),
    Snippet("h2-eda-neigh", "eda", [
        code("""
        plt.figure(figsize=(16, 6))
        sns.boxplot('Neighborhood', 'SalePrice', data=train)
        plt.xticks(rotation='90')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional", "mpl-rotation-string"], needs={"train"}),
    Snippet("h2-eda-profiling", "eda", [
        code("""
        profile = pandas_profiling.ProfileReport(train)
        profile
        """)], imports=["import pandas_profiling"], apis=["pandas-profiling"], since="2017-01-01", needs={"train"}),
    Snippet("h2-eda-pd-np", "eda", [
        code("""
        train['LogPrice'] = pd.np.log(train['SalePrice'])
        train.plot.scatter(x='OverallQual', y='LogPrice', alpha=0.3)
        train = train.drop('LogPrice', axis=1)
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-np"], needs={"train"}),
]

PREP = [
    Snippet("h2-prep-numeric-median", "prep", [
        md("## Preparing the data"),
        code("""
        train = train[train.GrLivArea < 4500]
        y = np.log1p(train['SalePrice'])
        num = train.drop(['Id', 'SalePrice'], axis=1).select_dtypes(exclude=['object']).columns
        X = train[num].fillna(train[num].median())
        X_test = test[num].fillna(train[num].median())
        X.shape, X_test.shape
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h2-prep-skew-asfarray", "prep", [
        code("""
        all_data = pd.concat((train.loc[:, 'MSSubClass':'SaleCondition'], test.loc[:, 'MSSubClass':'SaleCondition']))
        numeric_feats = all_data.dtypes[all_data.dtypes != 'object'].index
        skewed = train[numeric_feats].apply(lambda x: skew(x.dropna()))
        skewed = skewed[skewed > 0.75].index
        all_data[skewed] = np.log1p(all_data[skewed])
        all_data = pd.get_dummies(all_data)
        all_data = all_data.fillna(all_data.mean())
        X = np.asfarray(all_data[:train.shape[0]])
        X_test = np.asfarray(all_data[train.shape[0]:])
        y = np.log1p(train.SalePrice)
        """)], imports=["from scipy.stats import skew"], apis=["np-asfarray"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h2-prep-ohe-catfeat", "prep", [
        code("""
        cats = ['MSZoning', 'Neighborhood', 'BldgType', 'HouseStyle', 'KitchenQual', 'SaleCondition']
        nums = ['OverallQual', 'GrLivArea', 'GarageCars', 'TotalBsmtSF', 'YearBuilt', 'FullBath', 'LotArea']
        both = pd.concat([train[cats + nums], test[cats + nums]])
        for c in cats:
            both[c] = both[c].fillna('None').astype('category').cat.codes
        both[nums] = both[nums].fillna(0)
        enc = OneHotEncoder(categorical_features=list(range(len(cats))), sparse=False)
        M = enc.fit_transform(both.values)
        X, X_test = M[:len(train)], M[len(train):]
        y = np.log1p(train['SalePrice'].values)
        """)], imports=["from sklearn.preprocessing import OneHotEncoder"], apis=["sk-ohe-categorical-features", "sk-ohe-sparse"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h2-prep-feature-names", "prep", [
        code("""
        feats = ['OverallQual', 'GrLivArea', 'GarageCars', 'TotalBsmtSF', 'YearBuilt', 'Neighborhood', 'KitchenQual', 'MSZoning']
        dv = DictVectorizer(sparse=False)
        X = dv.fit_transform(train[feats].fillna(0).to_dict(orient='records'))
        X_test = dv.transform(test[feats].fillna(0).to_dict(orient='records'))
        print(dv.get_feature_names()[:10])
        y = np.log1p(train['SalePrice'])
        """)], imports=["from sklearn.feature_extraction import DictVectorizer"], apis=["sk-get-feature-names"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h2-prep-int64index", "prep", [
        code("""
        outliers = pd.Int64Index(train[(train.GrLivArea > 4000) & (train.SalePrice < 300000)].index)
        train = train.drop(outliers)
        y = np.log1p(train.SalePrice)
        cols = [c for c in train.columns if train[c].dtype != object and c not in ('Id', 'SalePrice')]
        X = train[cols].fillna(0)
        X_test = test[cols].fillna(0)
        """)], apis=["pd-int64index"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("h2-model-grid-mse", "model", [
        md("## Ridge, tuned"),
        code("""
        grid = GridSearchCV(Ridge(), {'alpha': [0.1, 1, 3, 10, 30]}, scoring='mean_squared_error', cv=5)
        grid.fit(X, y)
        print(grid.best_params_, np.sqrt(-grid.best_score_))
        predictions = np.expm1(grid.predict(X_test))
        """)], imports=["from sklearn.linear_model import Ridge", "from sklearn.grid_search import GridSearchCV"],
        apis=["sk-grid-search", "sk-scoring-old-names"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-cv-rmse", "model", [
        code("""
        def rmse_cv(model):
            return np.sqrt(-cross_val_score(model, X, y, scoring='mean_squared_error', cv=5))

        for a in [1, 5, 10, 30]:
            print(a, rmse_cv(Ridge(alpha=a)).mean())
        predictions = np.expm1(Ridge(alpha=10).fit(X, y).predict(X_test))
        """)], imports=["from sklearn.linear_model import Ridge", "from sklearn.cross_validation import cross_val_score"],
        apis=["sk-cross-validation", "sk-scoring-old-names"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-hgb", "model", [
        code("""
        hgb = HistGradientBoostingRegressor(loss='least_squares', max_iter=60, learning_rate=0.15, random_state=0)
        print('RMSE:', np.sqrt(-cross_val_score(hgb, X, y, cv=3, scoring='neg_mean_squared_error')).mean())
        predictions = np.expm1(hgb.fit(X, y).predict(X_test))
        """)], imports=["from sklearn.experimental import enable_hist_gradient_boosting", "from sklearn.ensemble import HistGradientBoostingRegressor",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-hgb-least-squares"], since="2019-05-09", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-gbr-lad", "model", [
        code("""
        gbr = GradientBoostingRegressor(n_estimators=400, learning_rate=0.05, max_depth=4, max_features='sqrt',
                                        min_samples_leaf=15, min_samples_split=10, loss='huber', random_state=5)
        tree = DecisionTreeRegressor(criterion='mae', max_depth=6, random_state=5)
        for name, m in [('gbr', gbr), ('tree', tree)]:
            m.fit(X, y)
            print(name, mean_squared_error(y, m.predict(X)) ** 0.5)
        predictions = np.expm1(0.8 * gbr.predict(X_test) + 0.2 * tree.predict(X_test))
        """)], imports=["from sklearn.ensemble import GradientBoostingRegressor", "from sklearn.tree import DecisionTreeRegressor",
                        "from sklearn.metrics import mean_squared_error"],
        apis=["sk-criterion-mse"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-lasso-norm", "model", [
        code("""
        lasso = make_pipeline(RobustScaler(), Lasso(alpha=0.0005, random_state=1, max_iter=5000))
        lr = LinearRegression(normalize=True)
        for m in (lasso, lr):
            print(m.__class__.__name__, np.sqrt(-cross_val_score(m, X, y, cv=5, scoring='neg_mean_squared_error')).mean())
        predictions = np.expm1(lasso.fit(X, y).predict(X_test) * 0.7 + lr.fit(X, y).predict(X_test) * 0.3)
        """)], imports=["from sklearn.pipeline import make_pipeline", "from sklearn.preprocessing import RobustScaler",
                        "from sklearn.linear_model import Lasso, LinearRegression", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-normalize"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-xgb-early", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=2)
        model_xgb = xgb.XGBRegressor(n_estimators=2000, learning_rate=0.05, max_depth=3, subsample=0.8, colsample_bytree=0.7)
        model_xgb.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='rmse', early_stopping_rounds=50, verbose=False)
        print('best iteration', model_xgb.best_iteration)
        predictions = np.expm1(model_xgb.predict(X_test, ntree_limit=model_xgb.best_ntree_limit))
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-fit-args", "xgb-ntree-limit"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-rf-joblib", "model", [
        code("""
        rf = RandomForestRegressor(n_estimators=150, max_features='auto', min_samples_leaf=2, random_state=0, n_jobs=-1)
        rf.fit(X, y)
        joblib.dump(rf, 'rf.pkl')
        rf = joblib.load('rf.pkl')
        predictions = np.expm1(rf.predict(X_test))
        """)], imports=["from sklearn.ensemble import RandomForestRegressor", "from sklearn.externals import joblib"],
        apis=["sk-max-features-auto", "sk-externals-joblib"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-stack-product", "model", [
        code("""
        models = [Ridge(alpha=10), Lasso(alpha=0.0005, max_iter=5000), ElasticNet(alpha=0.0005, l1_ratio=0.5, max_iter=5000)]
        preds = [m.fit(X, y).predict(X_test) for m in models]
        # geometric mean of the three models' prices
        predictions = np.product([np.expm1(p) for p in preds], axis=0) ** (1.0 / len(preds))
        """)], imports=["from sklearn.linear_model import Ridge, Lasso, ElasticNet"], apis=["np-product-fns"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h2-model-lgb", "model", [
        code("""
        model_lgb = lgb.LGBMRegressor(objective='regression', num_leaves=5, learning_rate=0.05, n_estimators=720)
        model_lgb.fit(X, y)
        predictions = np.expm1(model_lgb.predict(X_test))
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"h2-model-grid-mse": "Ridge", "h2-model-cv-rmse": "Ridge", "h2-model-hgb": "HistGradientBoosting",
               "h2-model-gbr-lad": "Gradient Boosting", "h2-model-lasso-norm": "Lasso", "h2-model-xgb-early": "XGBoost",
               "h2-model-rf-joblib": "Random Forest", "h2-model-stack-product": "model averaging", "h2-model-lgb": "LightGBM"}
STOCHASTIC = set()
