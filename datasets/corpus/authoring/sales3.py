"""Store-sales forecasting kernels, batch 3 (a held-out test set). Models fill test['sales']."""
from kit import Snippet, code, md
import sales as _b1

SLUG = "store-sales"
TITLES = _b1.TITLES + ["Store sales: seasonality and {m}", "Daily demand forecasting with {m}"]

LOAD = _b1.LOAD

EDA = [
    Snippet("s3-eda-weekday-name", "eda", [
        md("### Day of the week"),
        code("""
        train['weekday'] = train['date'].dt.weekday_name
        order = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
        plt.figure(figsize=(10, 4))
        sns.barplot('weekday', 'sales', hue='store', data=train, order=order)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-weekday-name", "sns-positional"], needs={"train"}),
    Snippet("s3-eda-pivot", "eda", [
        code("""
        wide = train.pivot('date', 'store', 'sales')
        wide.resample('M').mean().plot(figsize=(14, 4), title='Mean daily sales per month')
        plt.show()
        wide.corr()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-pivot-positional"], needs={"train"}),
    Snippet("s3-eda-weekofyear", "eda", [
        code("""
        s = train[train.store == 1].set_index('date')['sales']
        weekly_profile = s.groupby(s.index.weekofyear).mean()
        weekly_profile.plot(figsize=(12, 4), marker='o')
        plt.xlabel('week of year')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-index-weekofyear"], needs={"train"}),
    Snippet("s3-eda-describe-dates", "eda", [
        code("""
        train.describe(include='all', datetime_is_numeric=True)
        """),
        code("""
        yearly = train.set_index(['store', train.date.dt.year])['sales']
        yearly.sum(level=[0, 1]).unstack(0).plot(kind='bar', figsize=(10, 4))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-describe-datetime-numeric", "pd-level-kw"], since="2020-07-28", needs={"train"}),
    Snippet("s3-eda-smooth", "eda", [
        code("""
        s = train[train.store == 2].set_index('date')['sales'].astype(float)
        window = signal.gaussian(29, std=5)
        smooth = np.convolve(s.values, window / window.sum(), mode='same')
        plt.figure(figsize=(15, 4))
        plt.plot(s.index, s.values, alpha=0.3)
        plt.plot(s.index, smooth, 'r')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from scipy import signal"], apis=["sc-signal-windows"], needs={"train"}),
    Snippet("s3-eda-pacf", "eda", [
        code("""
        s3 = train[train.store == 3]['sales'].astype(float).values
        fig, ax = plt.subplots(1, 2, figsize=(14, 4))
        plot_acf(s3, lags=30, ax=ax[0])
        plot_pacf(s3, lags=30, ax=ax[1], method='ywunbiased')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from statsmodels.graphics.tsaplots import plot_acf, plot_pacf"],
        apis=["sm-acf-unbiased"], since="2017-02-01", needs={"train"}),
    Snippet("s3-eda-decompose-add", "eda", [
        code("""
        weekly = train[train.store == 1].set_index('date')['sales'].resample('W').sum()
        dec = sm.tsa.seasonal_decompose(weekly, freq=52, model='additive')
        fig = dec.plot()
        fig.set_size_inches(14, 8)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import statsmodels.api as sm"], apis=["sm-decompose-freq"], needs={"train"}),
]

PREP = [
    Snippet("s3-prep-horizon", "prep", [
        code("""
        horizon = test.groupby('store').size().max()
        print('train ends', train.date.max().date(), '- forecasting', horizon, 'days')
        """)], needs={"train", "test"}, gives={"horizon"}),
    Snippet("s3-prep-closed", "prep", [
        code("""
        future = pd.date_range(train.date.max(), test.date.max(), closed='right')
        horizon = len(future)
        print(horizon, 'days to forecast, from', future[0].date(), 'to', future[-1].date())
        """)], apis=["pd-date-range-closed"], needs={"train", "test"}, gives={"horizon"}),
    Snippet("s3-prep-lags", "prep", [
        code("""
        def add_lags(df):
            s = df.set_index('date')['sales']
            out = pd.DataFrame({'sales': s, 'lag_364': s.tshift(364, freq='D').reindex(s.index)})
            return out
        lagged = {k: add_lags(g) for k, g in train.groupby('store')}
        print(lagged[1].dropna().corr())
        horizon = int(test.store.value_counts().max())
        """)], apis=["pd-tshift"], needs={"train", "test"}, gives={"horizon"}),
]

MODEL = [
    Snippet("s3-model-hw-boxcox", "model", [
        md("## Holt-Winters per store"),
        code("""
        test['sales'] = 0.0
        for store, g in train.groupby('store'):
            series = g.set_index('date')['sales'].astype(float)
            series = series.replace(0, np.nan).fillna(method='ffill').fillna(method='bfill')  # a few closed days
            series.index = pd.DatetimeIndex(series.index.values, freq='D')
            hw = ExponentialSmoothing(series, trend='add', seasonal='add', seasonal_periods=7)
            fit = hw.fit(use_boxcox=True)
            n = int((test.store == store).sum())
            test.loc[test.store == store, 'sales'] = fit.forecast(n).values
        """)], imports=["from statsmodels.tsa.holtwinters import ExponentialSmoothing"], apis=["sm-fit-use-boxcox"], since="2018-05-15",
        needs={"horizon"}, gives={"forecast"}),
    Snippet("s3-model-arima-weekday", "model", [
        code("""
        test['sales'] = 0.0
        for store, g in train.groupby('store'):
            y = np.log1p(g['sales'].astype(float).values[-365:])
            res = ARIMA(y, order=(7, 0, 1)).fit(disp=0)
            n = int((test.store == store).sum())
            fc, se, conf = res.forecast(n)
            test.loc[test.store == store, 'sales'] = np.expm1(fc)
        """)], imports=["from statsmodels.tsa.arima_model import ARIMA"], apis=["sm-arima-model"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s3-model-gbr-lad", "model", [
        code("""
        def calendar(df):
            return pd.DataFrame({'store': df.store, 'dow': df.date.dt.dayofweek, 'month': df.date.dt.month,
                                 'year': df.date.dt.year, 'doy': df.date.dt.dayofyear})
        gbr = GradientBoostingRegressor(loss='lad', n_estimators=300, max_depth=4, learning_rate=0.1, random_state=0)
        gbr.fit(calendar(train), train['sales'])
        test['sales'] = gbr.predict(calendar(test))
        """)], imports=["from sklearn.ensemble import GradientBoostingRegressor"], apis=["sk-loss-lad"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s3-model-xgb-feval", "model", [
        code("""
        def smape(preds, dm):
            y = np.expm1(dm.get_label())
            p = np.expm1(preds)
            return 'smape', float(np.mean(2 * np.abs(p - y) / (np.abs(p) + np.abs(y) + 1e-9)))

        def feats(df):
            return pd.DataFrame({'store': df.store.values, 'dow': df.date.dt.dayofweek.values, 'month': df.date.dt.month.values,
                                 'year': df.date.dt.year.values, 'doy': df.date.dt.dayofyear.values})
        last = train.date >= '2016-10-01'
        dtrain = xgb.DMatrix(feats(train[~last]), label=np.log1p(train.sales[~last]))
        dvalid = xgb.DMatrix(feats(train[last]), label=np.log1p(train.sales[last]))
        bst = xgb.train({'max_depth': 4, 'eta': 0.05}, dtrain, num_boost_round=800, evals=[(dvalid, 'valid')], feval=smape,
                        early_stopping_rounds=40, verbose_eval=100)
        test['sales'] = np.expm1(bst.predict(xgb.DMatrix(feats(test))))
        """)], imports=["import xgboost as xgb"], apis=["xgb-feval"], since="2016-09-28", needs={"horizon"}, gives={"forecast"}),
    Snippet("s3-model-rf-mae", "model", [
        code("""
        for df in (train, test):
            df['dow'] = df.date.dt.dayofweek
            df['month'] = df.date.dt.month
            df['year'] = df.date.dt.year
        cols = ['store', 'dow', 'month', 'year']
        recent = train[train.date >= '2016-01-01']
        rf = RandomForestRegressor(n_estimators=20, criterion='mae', max_depth=6, random_state=2)
        rf.fit(recent[cols], recent['sales'])
        test['sales'] = rf.predict(test[cols])
        """)], imports=["from sklearn.ensemble import RandomForestRegressor"], apis=["sk-criterion-mae"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s3-model-seasonal-mean", "model", [
        code("""
        hist = train[train.date >= '2016-01-01'].copy()
        hist['dow'] = hist.date.dt.dayofweek
        hist['month'] = hist.date.dt.month
        profile = hist.set_index(['store', 'month', 'dow'])['sales'].mean(level=[0, 1, 2])
        keys = list(zip(test.store, test.date.dt.month, test.date.dt.dayofweek))
        test['sales'] = profile.reindex(keys).values
        """)], apis=["pd-level-kw"], needs={"horizon"}, gives={"forecast"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("s3-sub-terminator", "submit", [
        code("""
        test['sales'] = test['sales'].clip(lower=0).round(2)
        test[['id', 'sales']].to_csv('submission.csv', index=False, line_terminator='\\n')
        """)], apis=["pd-line-terminator"], needs={"forecast"}),
]

MODEL_NAMES = {"s3-model-hw-boxcox": "Holt-Winters", "s3-model-arima-weekday": "ARIMA", "s3-model-gbr-lad": "Gradient Boosting",
               "s3-model-xgb-feval": "XGBoost", "s3-model-rf-mae": "Random Forest", "s3-model-seasonal-mean": "a seasonal average"}
STOCHASTIC = set()
