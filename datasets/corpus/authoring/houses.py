"""House Prices kernels: sale price regression (RMSE of logs)."""
from kit import Snippet, code, md

SLUG = "house-prices"
TITLES = ["House prices: {m} regression", "Predicting house prices with {m}", "House Prices - EDA and {m}",
          "Comprehensive data exploration + {m}", "Stacked regressions? Start with {m}", "Ames housing: {m} baseline",
          "House price prediction | {m}", "Regularized regression and {m} for house prices"]

LOAD = [
    Snippet("h-load-input", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        print('train', train.shape, 'test', test.shape)
        """),
        code("""
        train.head()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("h-load-warnings", "load", [
        code("""
        warnings.filterwarnings('ignore')
        %matplotlib inline
        """),
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train.describe()
        """)], imports=["import warnings", "import numpy as np", "import pandas as pd", "import matplotlib.pyplot as plt"], gives={"train", "test"}),
    Snippet("h-load-kaggle", "load", [
        code("""
        for dirname, _, filenames in os.walk('/kaggle/input'):
            for filename in filenames:
                print(os.path.join(dirname, filename))
        """),
        code("""
        train = pd.read_csv('/kaggle/input/house-prices/train.csv')
        test = pd.read_csv('/kaggle/input/house-prices/test.csv')
        train.shape, test.shape
        """)], imports=["import os", "import numpy as np", "import pandas as pd"], since="2019-06-01", gives={"train", "test"}),
]

EDA = [
    Snippet("h-eda-target", "eda", [
        md("## The target\nSalePrice is right-skewed, so I will model its logarithm."),
        code("""
        sns.distplot(train['SalePrice'], fit=norm)
        (mu, sigma) = norm.fit(train['SalePrice'])
        print('mu = {:.2f} and sigma = {:.2f}'.format(mu, sigma))
        plt.show()
        """),
        code("""
        fig = plt.figure()
        res = stats.probplot(train['SalePrice'], plot=plt)
        print('Skewness: %f' % train['SalePrice'].skew())
        print('Kurtosis: %f' % train['SalePrice'].kurt())
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns", "from scipy import stats", "from scipy.stats import norm"],
        apis=["sns-distplot"], needs={"train"}),
    Snippet("h-eda-corr-heatmap", "eda", [
        md("### Correlation matrix"),
        code("""
        corrmat = train.corr()
        f, ax = plt.subplots(figsize=(12, 9))
        sns.heatmap(corrmat, vmax=.8, square=True)
        """),
        code("""
        k = 8
        cols = corrmat.nlargest(k, 'SalePrice')['SalePrice'].index
        cm = np.corrcoef(train[cols].values.T)
        sns.set(font_scale=1.1)
        sns.heatmap(cm, cbar=True, annot=True, square=True, fmt='.2f', yticklabels=cols.values, xticklabels=cols.values)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-numeric-only"], needs={"train"}),
    Snippet("h-eda-scatter-pos", "eda", [
        md("### Outliers in living area"),
        code("""
        sns.regplot('GrLivArea', 'SalePrice', data=train, scatter_kws={'alpha': 0.3})
        plt.show()
        """),
        code("""
        sns.boxplot('OverallQual', 'SalePrice', data=train)
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("h-eda-jointplot", "eda", [
        code("""
        sns.jointplot(x='TotalBsmtSF', y='SalePrice', data=train, kind='reg', size=7)
        """),
        code("""
        sns.lmplot(x='YearBuilt', y='SalePrice', data=train, size=5, aspect=2, scatter_kws={'s': 8})
        """)], imports=["import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("h-eda-style-neigh", "eda", [
        code("""
        plt.style.use('seaborn-darkgrid')
        plt.figure(figsize=(14, 6))
        order = train.groupby('Neighborhood')['SalePrice'].median().sort_values().index
        sns.boxplot(x='Neighborhood', y='SalePrice', data=train, order=order)
        plt.xticks(rotation=60)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("h-eda-missing-bar", "eda", [
        code("""
        all_na = (train.isnull().sum() / len(train)) * 100
        all_na = all_na.drop(all_na[all_na == 0].index).sort_values(ascending=False)
        plt.figure(figsize=(10, 5))
        sns.barplot(x=all_na.index, y=all_na)
        plt.xticks(rotation='90')
        plt.ylabel('Percent of missing values')
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], needs={"train"}),
    Snippet("h-eda-skew-features", "eda", [
        code("""
        numeric_feats = train.dtypes[train.dtypes != np.object].index
        skewed = train[numeric_feats].apply(lambda x: skew(x.dropna())).sort_values(ascending=False)
        skewed.head(10)
        """)], imports=["from scipy.stats import skew"], apis=["np-aliases"], needs={"train"}),
    Snippet("h-eda-quality-mean", "eda", [
        code("""
        train.groupby('OverallQual').mean()['SalePrice'].plot(kind='bar', figsize=(8, 4))
        plt.grid(b=True, axis='y')
        plt.show()
        """),
        code("""
        train.median()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-numeric-only", "mpl-grid-b"], needs={"train"}),
    Snippet("h-eda-scatter-matrix", "eda", [
        code("""
        pd.scatter_matrix(train[['SalePrice', 'GrLivArea', 'TotalBsmtSF', 'OverallQual', 'YearBuilt']], figsize=(12, 12), alpha=0.3)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-scatter-matrix"], until="2020-01-29", needs={"train"}),
    Snippet("h-eda-plotly-scatter", "eda", [
        code("""
        init_notebook_mode(connected=True)
        trace = go.Scatter(x=train['GrLivArea'], y=train['SalePrice'], mode='markers',
                           marker=dict(color=train['OverallQual'], colorscale='Viridis', showscale=True))
        iplot(go.Figure(data=[trace], layout=go.Layout(title='Price vs living area', xaxis=dict(title='GrLivArea'))))
        """)], imports=["from plotly.offline import init_notebook_mode, iplot", "import plotly.graph_objs as go"], since="2017-01-01", needs={"train"}),
    Snippet("h-eda-iteritems-dtypes", "eda", [
        code("""
        categorical = [name for name, col in train.iteritems() if col.dtype == 'object']
        print(len(categorical), 'categorical columns:', categorical)
        """)], apis=["pd-iteritems"], needs={"train"}),
]

PREP = [
    Snippet("h-prep-log-dummies", "prep", [
        md("## Preprocessing"),
        code("""
        train = train.drop(train[(train['GrLivArea'] > 4000) & (train['SalePrice'] < 300000)].index)
        y = np.log1p(train['SalePrice'])
        all_data = pd.concat((train.drop('SalePrice', axis=1), test)).reset_index(drop=True)
        all_data = all_data.drop(['Id', 'PoolQC', 'Alley', 'Fence'], 1)
        """),
        code("""
        all_data['LotFrontage'] = all_data.groupby('Neighborhood')['LotFrontage'].transform(lambda x: x.fillna(x.median()))
        for col in ('FireplaceQu', 'GarageType', 'KitchenQual'):
            all_data[col] = all_data[col].fillna('None')
        all_data = all_data.fillna(all_data.median())
        all_data['TotalSF'] = all_data['TotalBsmtSF'] + all_data['1stFlrSF'] + all_data['2ndFlrSF']
        all_data['MSSubClass'] = all_data['MSSubClass'].astype(str)
        """),
        code("""
        all_data = pd.get_dummies(all_data)
        X = all_data[:len(train)]
        X_test = all_data[len(train):]
        print(X.shape, X_test.shape)
        """)], apis=["pd-drop-positional", "pd-numeric-only"], needs={"train", "test"}, gives={"X", "y", "X_test", "test"}),
    Snippet("h-prep-numeric", "prep", [
        md("A quick baseline on the numeric columns only."),
        code("""
        y = np.log1p(train.SalePrice)
        features = train.select_dtypes(include=[np.number]).columns.drop(['Id', 'SalePrice'])
        X = train[features].fillna(train[features].mean())
        X_test = test[features].fillna(train[features].mean())
        X.shape
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h-prep-skew-boxcox", "prep", [
        code("""
        ntrain = train.shape[0]
        y = np.log1p(train['SalePrice'].values)
        all_data = pd.concat((train, test)).reset_index(drop=True)
        all_data.drop(['SalePrice', 'Id'], axis=1, inplace=True)
        for col in ['PoolQC', 'Alley', 'Fence', 'FireplaceQu', 'GarageType']:
            all_data[col] = all_data[col].fillna('None')
        for col in ['GarageCars', 'TotalBsmtSF', 'MasVnrArea', 'LotFrontage']:
            all_data[col] = all_data[col].fillna(0)
        all_data['KitchenQual'] = all_data['KitchenQual'].fillna(all_data['KitchenQual'].mode()[0])
        """),
        code("""
        numeric_feats = all_data.dtypes[all_data.dtypes != "object"].index
        skewness = all_data[numeric_feats].apply(lambda x: skew(x)).sort_values(ascending=False)
        skewed = skewness[abs(skewness) > 0.75].index
        for feat in skewed:
            all_data[feat] = boxcox1p(all_data[feat], 0.15)
        all_data = pd.get_dummies(all_data)
        X = all_data[:ntrain]
        X_test = all_data[ntrain:]
        """)], imports=["from scipy.stats import skew", "from scipy.special import boxcox1p"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h-prep-imputer-ix", "prep", [
        code("""
        y = np.log(train.SalePrice)
        num = train.select_dtypes(include=[np.number]).drop(['Id', 'SalePrice'], axis=1)
        imputer = Imputer(strategy='mean')
        X = imputer.fit_transform(num)
        X_test = imputer.transform(test.ix[:, num.columns])
        """)], imports=["from sklearn.preprocessing import Imputer"], apis=["sk-imputer", "pd-ix"], until="2019-12-03",
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("h-prep-ohe-pipeline", "prep", [
        code("""
        y = np.log1p(train['SalePrice'])
        num_cols = [c for c in train.columns if train[c].dtype != object and c not in ('Id', 'SalePrice')]
        cat_cols = [c for c in train.columns if train[c].dtype == object]
        pre = ColumnTransformer([
            ('num', Pipeline([('imp', SimpleImputer(strategy='median')), ('sc', StandardScaler())]), num_cols),
            ('cat', Pipeline([('imp', SimpleImputer(strategy='constant', fill_value='missing')),
                              ('ohe', OneHotEncoder(handle_unknown='ignore', sparse=False))]), cat_cols)])
        X = pre.fit_transform(train.drop('SalePrice', axis=1))
        X_test = pre.transform(test)
        """)], imports=["from sklearn.compose import ColumnTransformer", "from sklearn.pipeline import Pipeline",
                       "from sklearn.impute import SimpleImputer", "from sklearn.preprocessing import OneHotEncoder, StandardScaler"],
        apis=["sk-ohe-sparse"], since="2018-09-26", needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("h-model-lasso-normalize", "model", [
        md("## Regularized linear models"),
        code("""
        def rmse_cv(model):
            return np.sqrt(-cross_val_score(model, X, y, scoring='neg_mean_squared_error', cv=5))

        for alpha in [0.0001, 0.0005, 0.001]:
            print(alpha, rmse_cv(Lasso(alpha=alpha, normalize=True, max_iter=50000)).mean())
        """),
        code("""
        lasso = Lasso(alpha=0.0005, normalize=True, max_iter=50000).fit(X, y)
        ridge = Ridge(alpha=10).fit(X, y)
        predictions = np.expm1(0.7 * lasso.predict(X_test) + 0.3 * ridge.predict(X_test))
        """)], imports=["from sklearn.linear_model import Lasso, Ridge", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-normalize"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-gbr-ls", "model", [
        md("## Gradient boosting"),
        code("""
        gbr = GradientBoostingRegressor(n_estimators=600, learning_rate=0.05, max_depth=4, max_features='sqrt',
                                        min_samples_leaf=15, min_samples_split=10, loss='huber', random_state=5)
        gbr_ls = GradientBoostingRegressor(n_estimators=300, learning_rate=0.05, loss='ls', random_state=5)
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=3)
        for m in (gbr, gbr_ls):
            m.fit(X_tr, y_tr)
            print(np.sqrt(mean_squared_error(y_val, m.predict(X_val))))
        """),
        code("""
        gbr.fit(X, y)
        predictions = np.expm1(gbr.predict(X_test))
        """)], imports=["from sklearn.ensemble import GradientBoostingRegressor", "from sklearn.model_selection import train_test_split",
                       "from sklearn.metrics import mean_squared_error"],
        apis=["sk-loss-ls"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-rf-mse", "model", [
        code("""
        rf = RandomForestRegressor(n_estimators=300, criterion='mse', max_features='auto', min_samples_leaf=2, random_state=0)
        scores = cross_val_score(rf, X, y, cv=5, scoring='neg_mean_squared_error')
        print('RMSE: %.4f' % np.sqrt(-scores).mean())
        rf.fit(X, y)
        predictions = np.expm1(rf.predict(X_test))
        """)], imports=["from sklearn.ensemble import RandomForestRegressor", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-criterion-mse", "sk-max-features-auto"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-xgb-ntree", "model", [
        md("## XGBoost"),
        code("""
        dtrain = xgb.DMatrix(X, label=y)
        dtest = xgb.DMatrix(X_test)
        params = {'max_depth': 3, 'eta': 0.1, 'subsample': 0.8, 'colsample_bytree': 0.5, 'objective': 'reg:linear', 'silent': 1}
        cv = xgb.cv(params, dtrain, num_boost_round=1000, nfold=3, early_stopping_rounds=30, verbose_eval=False)
        print(cv.tail(1))
        """),
        code("""
        model = xgb.train(params, dtrain, num_boost_round=1000, evals=[(dtrain, 'train')], early_stopping_rounds=30, verbose_eval=False)
        predictions = np.expm1(model.predict(dtest, ntree_limit=model.best_ntree_limit))
        """)], imports=["import xgboost as xgb"], apis=["xgb-ntree-limit"], since="2016-07-29", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-xgb-sklearn", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=1)
        model_xgb = xgb.XGBRegressor(n_estimators=2000, learning_rate=0.03, max_depth=3, subsample=0.7, colsample_bytree=0.5)
        model_xgb.fit(X_tr, y_tr, early_stopping_rounds=100, eval_set=[(X_val, y_val)], eval_metric='rmse', verbose=False)
        print('validation rmse', np.sqrt(mean_squared_error(y_val, model_xgb.predict(X_val))))
        predictions = np.expm1(model_xgb.predict(X_test))
        """)], imports=["import xgboost as xgb", "from sklearn.model_selection import train_test_split", "from sklearn.metrics import mean_squared_error"],
        apis=["xgb-fit-args"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-kfold-stack", "model", [
        md("## Averaging three models with K-fold CV"),
        code("""
        kf = KFold(n_splits=5, random_state=42)
        models = [make_pipeline(RobustScaler(), Lasso(alpha=0.0005, max_iter=10000)),
                  make_pipeline(RobustScaler(), ElasticNet(alpha=0.0005, l1_ratio=.9, max_iter=10000)),
                  GradientBoostingRegressor(n_estimators=300, learning_rate=0.05, max_depth=3, random_state=5)]
        for m in models:
            print(np.sqrt(-cross_val_score(m, X, y, scoring='neg_mean_squared_error', cv=kf)).mean())
        """),
        code("""
        preds = [m.fit(X, y).predict(X_test) for m in models]
        predictions = np.expm1(np.mean(preds, axis=0))
        """)], imports=["from sklearn.model_selection import KFold, cross_val_score", "from sklearn.pipeline import make_pipeline",
                       "from sklearn.preprocessing import RobustScaler", "from sklearn.linear_model import Lasso, ElasticNet",
                       "from sklearn.ensemble import GradientBoostingRegressor"],
        apis=["sk-kfold-random-state"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-grid-old-ridge", "model", [
        code("""
        grid = GridSearchCV(Ridge(), {'alpha': [1, 3, 10, 30]}, scoring='mean_squared_error', cv=5)
        grid.fit(X, y)
        print(grid.best_params_)
        predictions = np.expm1(grid.predict(X_test))
        """)], imports=["from sklearn.grid_search import GridSearchCV", "from sklearn.linear_model import Ridge"],
        apis=["sk-grid-search"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-lgb", "model", [
        code("""
        model_lgb = lgb.LGBMRegressor(objective='regression', num_leaves=5, learning_rate=0.05, n_estimators=720,
                                      max_bin=55, bagging_fraction=0.8, bagging_freq=5, feature_fraction=0.23)
        model_lgb.fit(X, y)
        predictions = np.expm1(model_lgb.predict(X_test))
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("h-model-lr-joblib", "model", [
        code("""
        ridge = Ridge(alpha=0.5, normalize=True)
        ridge.fit(X, y)
        joblib.dump(ridge, 'house_ridge.pkl')
        predictions = np.expm1(joblib.load('house_ridge.pkl').predict(X_test))
        """)], imports=["from sklearn.linear_model import Ridge", "from sklearn.externals import joblib"],
        apis=["sk-normalize", "sk-externals-joblib"], until="2020-05-12", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [
    Snippet("h-sub-1", "submit", [
        md("## Submission"),
        code("""
        sub = pd.DataFrame()
        sub['Id'] = test['Id']
        sub['SalePrice'] = predictions
        sub.to_csv('submission.csv', index=False)
        """)], needs={"predictions", "test"}),
    Snippet("h-sub-2", "submit", [
        code("""
        submission = pd.DataFrame({'Id': test.Id, 'SalePrice': predictions})
        submission.to_csv('submission.csv', index=False)
        submission.head()
        """)], needs={"predictions", "test"}),
]
