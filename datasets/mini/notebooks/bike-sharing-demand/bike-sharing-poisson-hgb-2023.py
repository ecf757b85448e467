# %% [markdown]
# # Bike Sharing Demand | Poisson HistGradientBoosting
#
# Rental counts are counts, so a **Poisson loss** is a natural fit — no need to log-transform the target.
# This notebook:
#
# - builds cyclical hour/month features,
# - fits `HistGradientBoostingRegressor(loss="poisson")` with the categorical features declared,
# - validates on days 15–19 of every month (mimicking the day-20+ test split).
#
# Please upvote if it was helpful! 🙏

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
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_squared_log_error

sns.set_theme(style="darkgrid", palette="deep")
PATH = "/kaggle/input/bike-sharing-demand"

# %%
train = pd.read_csv(f"{PATH}/train.csv", parse_dates=["datetime"])
test = pd.read_csv(f"{PATH}/test.csv", parse_dates=["datetime"])
print(f"{train.shape=}, {test.shape=}")
train.sample(5, random_state=0)

# %% [markdown]
# ## Features

# %%
def featurize(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    dt = out["datetime"].dt
    out["hour"] = dt.hour
    out["weekday"] = dt.weekday
    out["month"] = dt.month
    out["year"] = dt.year - 2011
    out["day"] = dt.day
    out["hour_sin"] = np.sin(2 * np.pi * out["hour"] / 24)
    out["hour_cos"] = np.cos(2 * np.pi * out["hour"] / 24)
    out["month_sin"] = np.sin(2 * np.pi * out["month"] / 12)
    out["month_cos"] = np.cos(2 * np.pi * out["month"] / 12)
    return out

train = featurize(train)
test = featurize(test)

# %%
fig, axes = plt.subplots(1, 2, figsize=(15, 4))
sns.lineplot(data=train, x="hour", y="count", hue="workingday", errorbar=None, ax=axes[0])
sns.lineplot(data=train, x="month", y="count", hue="year", errorbar=None, ax=axes[1])
axes[0].set_title("Hourly profile")
axes[1].set_title("Monthly profile by year")
plt.show()

# %%
FEATURES = ["season", "holiday", "workingday", "weather", "temp", "atemp", "humidity", "windspeed",
            "hour", "weekday", "month", "year", "hour_sin", "hour_cos", "month_sin", "month_cos"]
CATEGORICAL = [f in ("season", "weather", "weekday") for f in FEATURES]

def model():
    return HistGradientBoostingRegressor(loss="poisson", learning_rate=0.12, max_iter=120,
                                         max_leaf_nodes=24, categorical_features=CATEGORICAL,
                                         random_state=7)

# %% [markdown]
# ## Validation

# %%
is_val = train["day"] >= 15
hgb = model().fit(train.loc[~is_val, FEATURES], train.loc[~is_val, "count"])
val_pred = hgb.predict(train.loc[is_val, FEATURES])
print(f"validation RMSLE: {mean_squared_log_error(train.loc[is_val, 'count'], val_pred) ** 0.5:.4f}")

# %%
ax = sns.scatterplot(x=train.loc[is_val, "count"], y=val_pred, alpha=0.4)
ax.set(xlabel="actual", ylabel="predicted", xscale="log", yscale="log")
plt.show()

# %% [markdown]
# ## Fit on everything and submit

# %%
hgb = model().fit(train[FEATURES], train["count"])
submission = pd.DataFrame({"datetime": test["datetime"], "count": hgb.predict(test[FEATURES])})
submission.to_csv("submission.csv", index=False)
submission.describe()
