"""Store-sales forecasting kernels, batch 2 (written after the rule catalog). Models fill test['sales']."""
from kit import Snippet, code, md
import sales as _b1

SLUG = "store-sales"
TITLES = _b1.TITLES + ["Forecasting store sales: from moving averages to {m}", "Store item demand - {m}"]

LOAD = _b1.LOAD + [
    Snippet("s2-load-index", "load", [
        code("""
        train = pd.read_csv('../input/train.csv', parse_dates=['date'])
        test = pd.read_csv('../input/test.csv', parse_dates=['date'])
        print('train is sorted by date:', train.sort_values(['store', 'date']).date.is_monotonic)
        print('first test day:', test.date.min(), '| today:', pd.datetime.now().date())
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-is-monotonic", "pd-datetime"], gives={"train", "test"}),
]

EDA = [
    Snippet("s2-eda-rolling", "eda", [
        md("### Moving averages"),
        code("""
        s = train[train.store == 1].set_index('date')['sales']
        plt.figure(figsize=(15, 5))
        plt.plot(s, alpha=0.4, label='daily')
        plt.plot(pd.rolling_mean(s, 30), label='30-day mean')
        plt.plot(pd.ewma(s, span=90), label='EWMA 90')
        plt.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-rolling-fn"], needs={"train"}),
    Snippet("s2-eda-timegrouper", "eda", [
        code("""
        monthly = train.set_index('date').groupby(['store', pd.TimeGrouper('M')])['sales'].sum().unstack(0)
        monthly.plot(figsize=(14, 5), title='Monthly sales per store')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-timegrouper"], needs={"train"}),
    Snippet("s2-eda-resample-how", "eda", [
        code("""
        weekly = train[train.store == 2].set_index('date')['sales'].resample('W', how='sum')
        weekly.plot(figsize=(14, 4))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-resample-how"], needs={"train"}),
    Snippet("s2-eda-tsplot", "eda", [
        code("""
        tmp = train.copy()
        tmp['month'] = tmp.date.dt.month
        tmp['year'] = tmp.date.dt.year
        by_month = tmp.groupby(['store', 'year', 'month'], as_index=False)['sales'].mean()
        sns.tsplot(data=by_month[by_month.store == 1], time='month', unit='year', value='sales', err_style='unit_traces')
        sns.plt.show()
        """)], imports=["import seaborn as sns"], apis=["sns-tsplot", "sns-plt"], needs={"train"}),
    Snippet("s2-eda-acf-values", "eda", [
        code("""
        s1 = train[train.store == 1]['sales'].astype(float).values
        print('autocorrelation, lags 1-14:', np.round(acf(s1, unbiased=True, nlags=14, fft=True)[1:], 2))
        print('partial autocorrelation:', np.round(pacf(s1, nlags=14, method='ywunbiased')[1:], 2))
        """)], imports=["from statsmodels.tsa.stattools import acf, pacf"], apis=["sm-acf-unbiased"], since="2017-02-01", needs={"train"}),
    Snippet("s2-eda-decompose", "eda", [
        code("""
        s = train[train.store == 3].set_index('date')['sales']
        s = s[s > 0]  # closed days would break the multiplicative model
        result = seasonal_decompose(s, model='multiplicative', freq=7)
        result.plot()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from statsmodels.tsa.seasonal import seasonal_decompose"],
        apis=["sm-decompose-freq"], needs={"train"}),
    Snippet("s2-eda-hold", "eda", [
        code("""
        plt.hold(True)
        for store in [1, 2, 3]:
            plt.plot(train[train.store == store].groupby(train.date.dt.dayofweek)['sales'].mean(), marker='o', label=str(store))
        plt.legend()
        plt.title('Mean sales per day of the week')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-hold"], needs={"train"}),
    Snippet("s2-eda-week-box", "eda", [
        code("""
        train['weekofyear'] = train.date.dt.weekofyear
        plt.figure(figsize=(16, 5))
        sns.boxplot('weekofyear', 'sales', data=train[train.store == 1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-dt-week", "sns-positional"], needs={"train"}),
    Snippet("s2-eda-plotly-go", "eda", [
        code("""
        init_notebook_mode(connected=True)
        traces = [go.Scatter(x=g.date, y=g.sales, name='store %d' % k, marker=go.Marker(size=2)) for k, g in train.groupby('store')]
        layout = go.Layout(title='Daily sales', titlefont=dict(size=18))
        iplot(go.Figure(data=traces, layout=layout))
        """)], imports=["from plotly.offline import init_notebook_mode, iplot", "import plotly.graph_objs as go"],
        apis=["plotly-old-graph-objs"], needs={"train"}),
]

PREP = [
    Snippet("s2-prep-horizon", "prep", [
        code("""
        horizon = int(test.groupby('store').size().max())
        last_day = train.date.max()
        print('forecasting %d days after %s' % (horizon, last_day.date()))
        """)], needs={"train", "test"}, gives={"horizon"}),
    Snippet("s2-prep-sorted", "prep", [
        code("""
        train = train.sort_values(['store', 'date'], 0).reset_index(drop=True)
        test = test.sort_values(['store', 'date'], 0)
        horizon = test.store.value_counts().max()
        """)], apis=["pd-sort-values-positional"], needs={"train", "test"}, gives={"horizon"}),
]

MODEL = [
    Snippet("s2-model-arma", "model", [
        md("## ARMA on the log of daily sales (log1p: some days have no sales)"),
        code("""
        for store in sorted(test.store.unique()):
            series = np.log1p(train[train.store == store]['sales'].astype(float).values)
            res = ARMA(series, order=(2, 1)).fit(disp=False)
            n = int((test.store == store).sum())
            test.loc[test.store == store, 'sales'] = np.expm1(res.forecast(steps=n)[0])
        """)], imports=["from statsmodels.tsa.arima_model import ARMA"], apis=["sm-arima-model"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s2-model-holt-slope", "model", [
        code("""
        test['sales'] = 0.0
        for store in sorted(test.store.unique()):
            series = train[train.store == store].set_index('date')['sales'].astype(float)
            series.index = pd.DatetimeIndex(series.index.values, freq='D')
            model = ExponentialSmoothing(series, trend='add', seasonal='add', seasonal_periods=7)
            fit = model.fit(smoothing_level=0.2, smoothing_slope=0.01)
            test.loc[test.store == store, 'sales'] = fit.forecast(int((test.store == store).sum())).values
        test['sales'] = test['sales'].clip_lower(0)
        """)], imports=["from statsmodels.tsa.holtwinters import ExponentialSmoothing"], apis=["sm-holt-smoothing-slope", "pd-clip-lower-upper"],
        since="2018-05-15", needs={"horizon"}, gives={"forecast"}),
    Snippet("s2-model-xgb-native", "model", [
        code("""
        def feats(df):
            out = pd.DataFrame({'store': df.store, 'dow': df.date.dt.dayofweek, 'month': df.date.dt.month,
                                'year': df.date.dt.year, 'week': df.date.dt.week, 'doy': df.date.dt.dayofyear})
            return out

        valid = train.date >= '2016-10-01'
        dtr = xgb.DMatrix(feats(train[~valid]), label=np.log1p(train.sales[~valid]))
        dva = xgb.DMatrix(feats(train[valid]), label=np.log1p(train.sales[valid]))
        params = {'max_depth': 5, 'eta': 0.05, 'eval_metric': 'rmse'}
        bst = xgb.train(params, dtr, 1000, [(dtr, 'train'), (dva, 'valid')], early_stopping_rounds=50, verbose_eval=100)
        test['sales'] = np.expm1(bst.predict(xgb.DMatrix(feats(test)), ntree_limit=bst.best_ntree_limit))
        """)], imports=["import xgboost as xgb"], apis=["pd-dt-week", "xgb-train-positional", "xgb-ntree-limit"], since="2016-09-28",
        needs={"horizon"}, gives={"forecast"}),
    Snippet("s2-model-rf-mae", "model", [
        code("""
        for df in (train, test):
            df['dow'] = df.date.dt.dayofweek
            df['month'] = df.date.dt.month
            df['year'] = df.date.dt.year
        cols = ['store', 'dow', 'month', 'year']
        rf = RandomForestRegressor(n_estimators=60, criterion='mse', max_depth=10, min_impurity_split=1e-6, random_state=1)
        rf.fit(train[cols], train['sales'])
        test['sales'] = rf.predict(test[cols])
        """)], imports=["from sklearn.ensemble import RandomForestRegressor"], apis=["sk-criterion-mse", "sk-min-impurity-split"],
        needs={"horizon"}, gives={"forecast"}),
    Snippet("s2-model-seasonal-naive", "model", [
        code("""
        # average of the same weekday over the last 8 weeks, scaled by last year's Q1 trend
        test['sales'] = np.NaN
        for store in sorted(test.store.unique()):
            hist = train[train.store == store].set_index('date')['sales']
            last = hist[-56:]
            by_dow = last.groupby(last.index.dayofweek).mean()
            q1_growth = hist['2016-01-01':'2016-03-31'].mean() / hist['2015-10-01':'2015-12-31'].mean()
            days = test[test.store == store]
            test.loc[days.index, 'sales'] = days.date.dt.dayofweek.map(by_dow).values * q1_growth
        """)], apis=["np-nan-aliases"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s2-model-lgb", "model", [
        code("""
        for df in (train, test):
            df['dow'] = df.date.dt.dayofweek
            df['month'] = df.date.dt.month
            df['year'] = df.date.dt.year
            df['doy'] = df.date.dt.dayofyear
        cols = ['store', 'dow', 'month', 'year', 'doy']
        model = lgb.LGBMRegressor(n_estimators=500, learning_rate=0.03, num_leaves=31)
        model.fit(train[cols], np.log1p(train['sales']))
        test['sales'] = np.expm1(model.predict(test[cols]))
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"horizon"}, gives={"forecast"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"s2-model-arma": "ARMA", "s2-model-holt-slope": "Holt-Winters", "s2-model-xgb-native": "XGBoost",
               "s2-model-rf-mae": "Random Forest", "s2-model-seasonal-naive": "a seasonal naive forecast", "s2-model-lgb": "LightGBM"}
STOCHASTIC = set()
