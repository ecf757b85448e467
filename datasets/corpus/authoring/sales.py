"""Store-sales kernels: daily sales of three stores, 90 days ahead (RMSLE)."""
from kit import Snippet, code, md

SLUG = "store-sales"
TITLES = ["Store sales forecasting with {m}", "Time series 101: {m} for store sales", "Sales forecast - {m}",
          "Forecasting daily sales: EDA and {m}", "Store demand: {m} approach"]

LOAD = [
    Snippet("s-load-parse", "load", [
        code("""
        train = pd.read_csv('../input/train.csv', parse_dates=['date'])
        test = pd.read_csv('../input/test.csv', parse_dates=['date'])
        print(train.date.min(), train.date.max(), test.date.min(), test.date.max())
        train.head()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("s-load-todatetime", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train['date'] = pd.to_datetime(train['date'], format='%Y-%m-%d')
        test['date'] = pd.to_datetime(test['date'], format='%Y-%m-%d')
        train.info()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
]

EDA = [
    Snippet("s-eda-lines", "eda", [
        code("""
        fig, ax = plt.subplots(figsize=(15, 5))
        for store, g in train.groupby('store'):
            g.set_index('date')['sales'].resample('W').sum().plot(ax=ax, label='store %d' % store)
        plt.legend()
        plt.title('Weekly sales')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], needs={"train"}),
    Snippet("s-eda-week", "eda", [
        md("### Seasonality within the year"),
        code("""
        train['week'] = train.date.dt.week
        train.groupby('week')['sales'].mean().plot(figsize=(12, 4))
        plt.ylabel('mean daily sales')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-dt-week"], needs={"train"}),
    Snippet("s-eda-decompose", "eda", [
        md("### Trend and seasonality"),
        code("""
        monthly = train.set_index('date').groupby('store')['sales'].resample('M').sum().loc[1]
        decomposition = sm.tsa.seasonal_decompose(monthly, model='additive', freq=12)
        fig = decomposition.plot()
        fig.set_size_inches(12, 8)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import statsmodels.api as sm"], apis=["sm-decompose-freq"], needs={"train"}),
    Snippet("s-eda-weekday", "eda", [
        code("""
        train['dayofweek'] = train['date'].dt.dayofweek
        plt.figure(figsize=(10, 5))
        sns.boxplot('dayofweek', 'sales', data=train, hue='store')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("s-eda-stationarity", "eda", [
        md("### Is the series stationary?"),
        code("""
        s1 = train[train.store == 1].set_index('date')['sales']
        roll = s1.rolling(window=30)
        plt.figure(figsize=(14, 4))
        plt.plot(s1, color='blue', label='original')
        plt.plot(roll.mean(), color='red', label='rolling mean')
        plt.plot(roll.std(), color='black', label='rolling std')
        plt.legend(loc='best')
        plt.show()
        result = adfuller(s1)
        print('ADF statistic: %f, p-value: %f' % (result[0], result[1]))
        """)], imports=["import matplotlib.pyplot as plt", "from statsmodels.tsa.stattools import adfuller"], needs={"train"}),
    Snippet("s-eda-acf", "eda", [
        code("""
        s1 = train[train.store == 1].set_index('date')['sales']
        fig, axes = plt.subplots(1, 2, figsize=(16, 4))
        plot_acf(s1.diff().dropna(), lags=30, ax=axes[0])
        plot_pacf(s1.diff().dropna(), lags=30, ax=axes[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from statsmodels.graphics.tsaplots import plot_acf, plot_pacf"], needs={"train"}),
    Snippet("s-eda-style-heat", "eda", [
        code("""
        plt.style.use('seaborn-poster')
        tmp = train.copy()
        tmp['year'] = tmp.date.dt.year
        tmp['woy'] = tmp.date.dt.weekofyear
        pivot = tmp.pivot_table(index='year', columns='woy', values='sales', aggfunc='mean')
        plt.figure(figsize=(16, 4))
        sns.heatmap(pivot, cmap='viridis')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style", "pd-dt-week"], needs={"train"}),
]

PREP = [
    Snippet("s-prep-none", "prep", [
        code("""
        horizon = test.groupby('store').size().max()
        print('forecasting', horizon, 'days per store')
        """)], needs={"train", "test"}, gives={"horizon"}),
]

MODEL = [
    Snippet("s-model-arima", "model", [
        md("## ARIMA per store"),
        code("""
        forecasts = []
        for store in sorted(test.store.unique()):
            series = train[train.store == store].set_index('date')['sales'].astype(float)
            model = ARIMA(series.values, order=(2, 1, 1))
            fit = model.fit(disp=0)
            fc = fit.forecast(steps=horizon)[0]
            forecasts.append(pd.Series(fc[:(test.store == store).sum()], index=test[test.store == store].index))
        test['sales'] = pd.concat(forecasts)
        """)], imports=["from statsmodels.tsa.arima_model import ARIMA"], apis=["sm-arima-model"], since="2017-01-01",
        needs={"horizon"}, gives={"forecast"}),
    Snippet("s-model-sarimax", "model", [
        md("## SARIMAX with weekly seasonality"),
        code("""
        for store in sorted(test.store.unique()):
            series = train[train.store == store].set_index('date')['sales'].asfreq('D').fillna(method='ffill')
            model = sm.tsa.statespace.SARIMAX(series, order=(1, 1, 1), seasonal_order=(1, 0, 1, 7),
                                              enforce_stationarity=False, enforce_invertibility=False)
            res = model.fit(disp=False)
            n = (test.store == store).sum()
            test.loc[test.store == store, 'sales'] = res.forecast(n).values
        test['sales'] = test['sales'].clip(lower=0)
        """)], imports=["import statsmodels.api as sm"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s-model-xgb-features", "model", [
        md("## Gradient boosting on calendar features"),
        code("""
        def add_features(df):
            df = df.copy()
            df['dayofweek'] = df.date.dt.dayofweek
            df['month'] = df.date.dt.month
            df['year'] = df.date.dt.year
            df['dayofyear'] = df.date.dt.dayofyear
            df['weekofyear'] = df.date.dt.weekofyear
            return df

        tr, te = add_features(train), add_features(test)
        feats = ['store', 'dayofweek', 'month', 'year', 'dayofyear', 'weekofyear']
        valid = tr.date >= '2016-10-01'
        model = xgb.XGBRegressor(n_estimators=1000, learning_rate=0.05, max_depth=5)
        model.fit(tr.loc[~valid, feats], np.log1p(tr.loc[~valid, 'sales']), eval_set=[(tr.loc[valid, feats], np.log1p(tr.loc[valid, 'sales']))],
                  early_stopping_rounds=50, verbose=False)
        test['sales'] = np.expm1(model.predict(te[feats]))
        """)], imports=["import xgboost as xgb"], apis=["pd-dt-week", "xgb-fit-args"], since="2016-09-28", needs={"horizon"}, gives={"forecast"}),
    Snippet("s-model-rf-features", "model", [
        code("""
        for df in (train, test):
            df['dow'] = df['date'].dt.dayofweek
            df['month'] = df['date'].dt.month
            df['year'] = df['date'].dt.year
            df['doy'] = df['date'].dt.dayofyear
        feats = ['store', 'dow', 'month', 'year', 'doy']
        rf = RandomForestRegressor(n_estimators=200, criterion='mse', min_samples_leaf=3, n_jobs=-1, random_state=0)
        rf.fit(train[feats], np.log1p(train['sales']))
        test['sales'] = np.expm1(rf.predict(test[feats]))
        """)], imports=["from sklearn.ensemble import RandomForestRegressor"], apis=["sk-criterion-mse"], needs={"horizon"}, gives={"forecast"}),
    Snippet("s-model-holt", "model", [
        code("""
        test['sales'] = np.NaN
        for store in sorted(test.store.unique()):
            series = train[train.store == store].set_index('date')['sales'].asfreq('D').fillna(method='ffill')
            fit = ExponentialSmoothing(series, trend='add', seasonal='add', seasonal_periods=7).fit()
            test.loc[test.store == store, 'sales'] = fit.forecast((test.store == store).sum()).values
        test['sales'] = test['sales'].clip(lower=0)
        """)], imports=["from statsmodels.tsa.holtwinters import ExponentialSmoothing"], apis=["np-nan-aliases"], since="2018-05-15",
        needs={"horizon"}, gives={"forecast"}),
    Snippet("s-model-arma-weekly", "model", [
        code("""
        for store in sorted(test.store.unique()):
            series = train[train.store == store].set_index('date')['sales'].astype(float)
            mean_by_dow = series.groupby(series.index.dayofweek).mean()
            resid = series - mean_by_dow.reindex(series.index.dayofweek).values
            arma = sm.tsa.ARMA(resid.values, order=(2, 0)).fit(disp=False)
            idx = test.store == store
            fc = arma.predict(start=len(resid), end=len(resid) + idx.sum() - 1)
            test.loc[idx, 'sales'] = fc + mean_by_dow.reindex(test.loc[idx, 'date'].dt.dayofweek).values
        """)], imports=["import statsmodels.api as sm"], apis=["sm-arima-model"], since="2017-01-01", needs={"horizon"}, gives={"forecast"}),
]

SUBMIT = [
    Snippet("s-sub-1", "submit", [
        code("""
        test[['id', 'sales']].to_csv('submission.csv', index=False)
        test[['id', 'sales']].head()
        """)], needs={"forecast"}),
    Snippet("s-sub-2", "submit", [
        code("""
        sub = pd.read_csv('../input/sample_submission.csv')
        sub['sales'] = test.set_index('id').loc[sub['id'], 'sales'].values
        sub.to_csv('submission.csv', index=False)
        """)], needs={"forecast"}),
]
