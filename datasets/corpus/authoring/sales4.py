"""Store-sales kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import sales as _b1

SLUG = "store-sales"
TITLES = _b1.TITLES + ["Store sales: seasonality and {m}", "Daily sales forecast with {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("s4-eda-week", "eda", [
        md("## Weekly pattern"),
        code("""
        train['week'] = train['date'].dt.week
        weekly = train.groupby(['week', 'store'])['sales'].mean().unstack()
        weekly.plot(figsize=(11, 4), title='Mean daily sales by week of year')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-dt-week"], needs={"train"}),
    Snippet("s4-eda-resample", "eda", [
        code("""
        daily = train.groupby('date')['sales'].sum()
        weekly_total = daily.resample('W', loffset='-6D').sum()
        ax = weekly_total.plot(figsize=(11, 4))
        ax.grid(b=True, linestyle=':')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-resample-loffset", "mpl-grid-b"], needs={"train"}),
    Snippet("s4-eda-acf", "eda", [
        code("""
        total = train.groupby('date')['sales'].sum().asfreq('D')
        print(np.round(acf(total, nlags=21, unbiased=True), 2))
        parts = seasonal_decompose(total, model='additive', freq=7)
        parts.plot()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from statsmodels.tsa.stattools import acf", "from statsmodels.tsa.seasonal import seasonal_decompose"],
        apis=["sm-acf-unbiased", "sm-decompose-freq"], needs={"train"}),
    Snippet("s4-eda-pivot", "eda", [
        code("""
        by_store = train.pivot('date', 'store', 'sales')
        xmas = by_store.index.get_loc(pd.Timestamp('2016-12-24'), method='nearest')
        by_store.iloc[xmas - 14:xmas + 8].plot(figsize=(10, 4), title='Around Christmas 2016')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-pivot-positional", "pd-get-loc-method"], needs={"train"}),
]

PREP = [
    Snippet("s4-prep-calendar", "prep", [
        md("## Calendar features"),
        code("""
        def calendar(df):
            out = pd.DataFrame(index=df.index)
            idx = pd.DatetimeIndex(df['date'])
            out['store'] = df['store'].values
            out['dayofweek'] = idx.dayofweek
            out['month'] = idx.month
            out['weekofyear'] = idx.weekofyear
            out['dayofyear'] = idx.dayofyear
            return out

        X, X_test = calendar(train), calendar(test)
        y = train['sales'].values
        X.head()
        """)], apis=["pd-index-weekofyear"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("s4-prep-profile", "prep", [
        code("""
        holidays = pd.Series(['2014-12-25', '2015-12-25', '2016-12-25', '2015-01-01', '2016-01-01', '2017-01-01']).astype('datetime64')
        for df in (train, test):
            df['dow'] = df['date'].dt.dayofweek
            df['month'] = df['date'].dt.month
            df['holiday'] = df['date'].isin(holidays).astype(int)
        profile = train.set_index(['store', 'dow'])['sales']
        store_mean = profile.mean(level=0)
        dow_mean = profile.mean(level=[0, 1])
        for df in (train, test):
            df['store_mean'] = df['store'].map(store_mean)
            df['dow_mean'] = [dow_mean[(s, d)] for s, d in zip(df['store'], df['dow'])]
        feats = ['store', 'dow', 'month', 'holiday', 'store_mean', 'dow_mean']
        X, y, X_test = train[feats], train['sales'].values, test[feats]
        """)], apis=["pd-astype-datetime64", "pd-level-kw"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("s4-model-rf", "model", [
        md("## Random Forest on the features"),
        code("""
        rf = RandomForestRegressor(n_estimators=120, criterion='mse', max_features='auto', min_samples_leaf=3, random_state=0, n_jobs=2)
        rf.fit(X, y)
        test['sales'] = np.round(rf.predict(X_test)).clip(0)
        forecast = test[['id', 'sales']]
        forecast.head()
        """)], imports=["from sklearn.ensemble import RandomForestRegressor"], apis=["sk-criterion-mse", "sk-max-features-auto"],
        needs={"X", "y", "X_test"}, gives={"forecast"}),
    Snippet("s4-model-ar", "model", [
        md("## An autoregressive model per store"),
        code("""
        future = pd.date_range('2017-01-01', '2017-04-01', closed='left')
        test['sales'] = 0.0
        for store, g in train.groupby('store'):
            series = g.sort_values('date')['sales'].values.astype(float)
            res = AR(series).fit(maxlag=14)
            pred = res.predict(start=len(series), end=len(series) + len(future) - 1)
            rows = test[test['store'] == store].sort_values('date').index
            test.loc[rows, 'sales'] = np.clip(pred[:len(rows)], 0, None)
        forecast = test[['id', 'sales']]
        """)], imports=["from statsmodels.tsa.ar_model import AR"], apis=["pd-date-range-closed", "sm-ar"], needs={"train", "test"}, gives={"forecast"}),
    Snippet("s4-model-holt", "model", [
        code("""
        horizon = test.groupby('store').size().max()
        test['sales'] = 0.0
        for store in sorted(train['store'].unique()):
            series = train[train['store'] == store].set_index('date')['sales'].asfreq('D').fillna(0)
            fit = ExponentialSmoothing(series, trend='add', seasonal='add', seasonal_periods=7).fit(use_boxcox=False)
            fc = fit.forecast(horizon)
            rows = test[test['store'] == store].sort_values('date').index
            test.loc[rows, 'sales'] = np.clip(fc.values[:len(rows)], 0, None)
        forecast = test[['id', 'sales']]
        """)], imports=["from statsmodels.tsa.holtwinters import ExponentialSmoothing"], apis=["sm-fit-use-boxcox"],
        since="2017-12-01", needs={"train", "test"}, gives={"forecast"}),
    Snippet("s4-model-xgb", "model", [
        code("""
        def rmsle(preds, dtrain):
            labels = dtrain.get_label()
            return 'rmsle', float(np.sqrt(np.mean((np.log1p(np.clip(preds, 0, None)) - np.log1p(labels)) ** 2)))

        cut = int(len(X) * 0.85)
        dtr = xgb.DMatrix(np.asarray(X)[:cut], label=y[:cut])
        dva = xgb.DMatrix(np.asarray(X)[cut:], label=y[cut:])
        params = {'max_depth': 5, 'eta': 0.05, 'subsample': 0.9, 'objective': 'reg:squarederror', 'seed': 0}
        booster = xgb.train(params, dtr, num_boost_round=300, evals=[(dva, 'valid')], feval=rmsle,
                            early_stopping_rounds=30, verbose_eval=False)
        test['sales'] = np.clip(booster.predict(xgb.DMatrix(np.asarray(X_test))), 0, None)
        forecast = test[['id', 'sales']]
        """)], imports=["import xgboost as xgb"], apis=["xgb-feval"], since="2019-01-01", needs={"X", "y", "X_test"}, gives={"forecast"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"s4-model-rf": "Random Forest", "s4-model-ar": "AR", "s4-model-holt": "Holt-Winters", "s4-model-xgb": "XGBoost"}
