"""The old APIs the corpus notebooks exercise, one entry each.

Every entry is a documented change in a library's history (release notes,
changelogs, deprecation messages) between the 2016-2020 Kaggle stack and
today's, with what the old code does now. The facts were checked twice: in
the library's own notes, and by running the old call in the bullseye (2021),
bookworm (2023) and trixie (2025) environments.

Fields:
  lib        the distribution
  api        the old spelling, as a notebook writes it
  change     what happened, with the versions
  family     removed-module | renamed-api | changed-default | env-package |
             nltk-data | display-only | no-debian
  until      last date a 2016-2020 notebook could use it as current (the
             release that removed it); "" = never removed
  bullseye   True when the old call still works in Debian bullseye (the era
             environment of 2016-2021 notebooks), False when it was removed
             (or is absent) there already
  today      "raises" when it fails in trixie, "works" when it still runs
             (deprecated, or a warning only)
"""

APIS = {
    # ------------------------------------------------------------ pandas
    "pd-append": dict(lib="pandas", api="DataFrame.append / Series.append",
        change="deprecated 1.4, removed 2.0; use pd.concat", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-iteritems": dict(lib="pandas", api="DataFrame.iteritems / Series.iteritems",
        change="deprecated 1.5, removed 2.0; use .items()", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-numeric-only": dict(lib="pandas", api="corr/mean/median/std/quantile, groupby().mean() on frames with text columns",
        change="numeric_only default False since 2.0 (1.x silently dropped text columns): raises on mixed frames",
        family="changed-default", until="", bullseye=True, today="raises"),
    "pd-drop-positional": dict(lib="pandas", api="df.drop(labels, 1) (axis positional)",
        change="positional arguments deprecated 1.3, keyword-only since 2.0; use axis=1 or columns=",
        family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-groupby-tuple": dict(lib="pandas", api="df.groupby(k)['a', 'b'] (tuple column selection)",
        change="deprecated 1.0, raises ValueError since 2.0; select with a list [['a', 'b']]",
        family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-max-colwidth": dict(lib="pandas", api="pd.set_option('display.max_colwidth', -1)",
        change="negative values deprecated 1.0, ValueError since 2.0; use None", family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-dt-week": dict(lib="pandas", api="Series.dt.week / dt.weekofyear",
        change="deprecated 1.1, removed 2.0; use dt.isocalendar().week", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-error-bad-lines": dict(lib="pandas", api="read_csv(error_bad_lines=False)",
        change="deprecated 1.3, removed 2.0; use on_bad_lines='skip'", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-np": dict(lib="pandas", api="pd.np",
        change="deprecated 1.0, removed 2.0; import numpy", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-ix": dict(lib="pandas", api=".ix indexer",
        change="deprecated 0.20, removed 1.0; use .loc / .iloc", family="renamed-api", until="2020-01-29", bullseye=False, today="raises"),
    "pd-as-matrix": dict(lib="pandas", api="DataFrame.as_matrix()",
        change="deprecated 0.23, removed 1.0; use .values / .to_numpy()", family="renamed-api", until="2020-01-29", bullseye=False, today="raises"),
    "pd-scatter-matrix": dict(lib="pandas", api="pd.scatter_matrix",
        change="deprecated 0.20, removed 1.0; use pd.plotting.scatter_matrix", family="removed-module", until="2020-01-29", bullseye=False, today="raises"),
    "pd-sort": dict(lib="pandas", api="DataFrame.sort(columns=...)",
        change="deprecated 0.17, removed 0.20; use sort_values", family="renamed-api", until="2017-05-05", bullseye=False, today="raises"),
    # ------------------------------------------------------------- numpy
    "np-aliases": dict(lib="numpy", api="np.int / np.float / np.object / np.str",
        change="deprecated 1.20, removed 1.24; use the builtins or np.int64/np.float64", family="renamed-api", until="2022-12-18", bullseye=True, today="raises"),
    "np-nan-aliases": dict(lib="numpy", api="np.NaN / np.Inf / np.float_",
        change="removed from the main namespace in 2.0; use np.nan / np.inf / np.float64", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    "np-asscalar": dict(lib="numpy", api="np.asscalar(a)",
        change="deprecated 1.16, removed 1.23; use a.item()", family="renamed-api", until="2022-06-22", bullseye=True, today="raises"),
    # ------------------------------------------------------ scikit-learn
    "sk-cross-validation": dict(lib="scikit-learn", api="sklearn.cross_validation",
        change="deprecated 0.18, removed 0.20; use sklearn.model_selection", family="removed-module", until="2018-09-26", bullseye=False, today="raises"),
    "sk-grid-search": dict(lib="scikit-learn", api="sklearn.grid_search",
        change="deprecated 0.18, removed 0.20; use sklearn.model_selection", family="removed-module", until="2018-09-26", bullseye=False, today="raises"),
    "sk-learning-curve-module": dict(lib="scikit-learn", api="sklearn.learning_curve",
        change="deprecated 0.18, removed 0.20; use sklearn.model_selection.learning_curve", family="removed-module", until="2018-09-26", bullseye=False, today="raises"),
    "sk-imputer": dict(lib="scikit-learn", api="sklearn.preprocessing.Imputer",
        change="deprecated 0.20, removed 0.22; use sklearn.impute.SimpleImputer (missing_values=np.nan)", family="removed-module", until="2019-12-03", bullseye=False, today="raises"),
    "sk-externals-joblib": dict(lib="scikit-learn", api="sklearn.externals.joblib",
        change="deprecated 0.21, removed 0.23; import joblib", family="removed-module", until="2020-05-12", bullseye=False, today="raises"),
    "sk-externals-six": dict(lib="scikit-learn", api="sklearn.externals.six (StringIO)",
        change="deprecated 0.21, removed 0.23; use six or io.StringIO", family="removed-module", until="2020-05-12", bullseye=False, today="raises"),
    "sk-private-modules": dict(lib="scikit-learn", api="sklearn.metrics.scorer / sklearn.ensemble.forest / sklearn.datasets.samples_generator",
        change="private modules deprecated 0.22, removed 0.24; import from the public package", family="removed-module", until="2020-12-22", bullseye=True, today="raises"),
    "sk-max-features-auto": dict(lib="scikit-learn", api="RandomForest*(max_features='auto')",
        change="deprecated 1.1, removed 1.3; use 'sqrt' (classifiers) or 1.0 (regressors)", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-criterion-mse": dict(lib="scikit-learn", api="criterion='mse' / 'mae' in tree regressors",
        change="deprecated 1.0, removed 1.2; use 'squared_error' / 'absolute_error'", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-loss-ls": dict(lib="scikit-learn", api="GradientBoostingRegressor(loss='ls' / 'lad')",
        change="deprecated 1.0, removed 1.2; use 'squared_error' / 'absolute_error'", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-loss-deviance": dict(lib="scikit-learn", api="GradientBoostingClassifier(loss='deviance')",
        change="deprecated 1.1, removed 1.3; use 'log_loss'", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-normalize": dict(lib="scikit-learn", api="LinearRegression/Ridge/Lasso(normalize=True)",
        change="deprecated 1.0, removed 1.2; scale with StandardScaler in a pipeline (not numerically identical)", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-presort": dict(lib="scikit-learn", api="GradientBoosting*(presort=...)",
        change="deprecated 0.22, removed 0.24; drop it", family="renamed-api", until="2020-12-22", bullseye=True, today="raises"),
    "sk-min-impurity-split": dict(lib="scikit-learn", api="min_impurity_split= in trees and forests",
        change="deprecated 0.19, removed 1.0; use min_impurity_decrease", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-kmeans-n-jobs": dict(lib="scikit-learn", api="KMeans(n_jobs=...)",
        change="deprecated 0.23, removed 1.0; drop it (threads are used)", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-iforest-behaviour": dict(lib="scikit-learn", api="IsolationForest(behaviour='new')",
        change="deprecated 0.22, removed 0.24; drop it", family="renamed-api", until="2020-12-22", bullseye=True, today="raises"),
    "sk-iid": dict(lib="scikit-learn", api="GridSearchCV(iid=...)",
        change="deprecated 0.22, removed 0.24; drop it", family="renamed-api", until="2020-12-22", bullseye=True, today="raises"),
    "sk-base-estimator": dict(lib="scikit-learn", api="AdaBoost*/Bagging*(base_estimator=...)",
        change="deprecated 1.2, removed 1.4; use estimator=", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-kfold-random-state": dict(lib="scikit-learn", api="KFold/StratifiedKFold(random_state=...) without shuffle=True",
        change="warned 0.22-0.23, ValueError since 0.24; pass shuffle=True or drop random_state", family="changed-default", until="", bullseye=True, today="raises"),
    "sk-ohe-sparse": dict(lib="scikit-learn", api="OneHotEncoder(sparse=False)",
        change="renamed sparse_output in 1.2, sparse removed 1.4", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-get-feature-names": dict(lib="scikit-learn", api="vectorizer/encoder .get_feature_names()",
        change="deprecated 1.0, removed 1.2; use get_feature_names_out()", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-plot-metrics": dict(lib="scikit-learn", api="sklearn.metrics.plot_confusion_matrix / plot_roc_curve",
        change="added 0.22, deprecated 1.0, removed 1.2; use ConfusionMatrixDisplay / RocCurveDisplay .from_estimator", family="renamed-api", until="", bullseye=True, today="raises"),
    "sk-positional-args": dict(lib="scikit-learn", api="RFE(estimator, 10) (constructor arguments by position)",
        change="positional use warned 0.23, keyword-only since 1.0; RFE(estimator, n_features_to_select=10)", family="renamed-api", until="", bullseye=True, today="raises"),
    # ----------------------------------------------------------- seaborn
    "sns-positional": dict(lib="seaborn", api="sns.countplot('col', data=df) and other x/y by position",
        change="positional data arguments warned 0.11, keyword-only since 0.12 (x=, y=)", family="renamed-api", until="", bullseye=True, today="raises"),
    "sns-factorplot": dict(lib="seaborn", api="sns.factorplot",
        change="renamed catplot in 0.9 (default kind changed from 'point' to 'strip'), removed 0.12", family="renamed-api", until="", bullseye=True, today="raises"),
    "sns-size": dict(lib="seaborn", api="FacetGrid(size=) / lmplot(size=)",
        change="renamed height in 0.9, size removed 0.12 (pairplot still warns)", family="renamed-api", until="", bullseye=True, today="raises"),
    "sns-distplot": dict(lib="seaborn", api="sns.distplot",
        change="deprecated 0.11, still present in 0.13 (a warning)", family="renamed-api", until="", bullseye=True, today="works"),
    "sns-pairplot-size": dict(lib="seaborn", api="sns.pairplot(size=)",
        change="renamed height in 0.9; pairplot still accepts size with a warning in 0.13", family="renamed-api", until="", bullseye=True, today="works"),
    # -------------------------------------------------------- matplotlib
    "mpl-seaborn-style": dict(lib="matplotlib", api="plt.style.use('seaborn-...')",
        change="styles renamed seaborn-v0_8-* and deprecated in 3.6, removed 3.8 (OSError)", family="renamed-api", until="", bullseye=True, today="raises"),
    "mpl-grid-b": dict(lib="matplotlib", api="plt.grid(b=True)",
        change="parameter renamed visible in 3.5, b removed 3.7", family="renamed-api", until="", bullseye=True, today="raises"),
    "mpl-normed": dict(lib="matplotlib", api="hist(normed=True)",
        change="deprecated 2.1, removed 3.1; use density=True", family="renamed-api", until="2019-05-18", bullseye=False, today="raises"),
    "mpl-gca-projection": dict(lib="matplotlib", api="fig.gca(projection='3d')",
        change="gca() keyword arguments deprecated 3.4, removed 3.6; use add_subplot(projection='3d')", family="renamed-api", until="", bullseye=True, today="raises"),
    # ----------------------------------------------------------- xgboost
    "xgb-fit-args": dict(lib="xgboost", api="XGB*.fit(early_stopping_rounds=, eval_metric=)",
        change="moved to the constructor in 1.6, removed from fit in 2.1", family="renamed-api", until="", bullseye=True, today="raises"),
    "xgb-ntree-limit": dict(lib="xgboost", api="predict(ntree_limit=) / best_ntree_limit",
        change="deprecated 1.4, removed 2.0; use iteration_range=(0, best_iteration + 1)", family="renamed-api", until="", bullseye=True, today="raises"),
    "xgb-label-encoding": dict(lib="xgboost", api="XGBClassifier.fit with labels not 0..k-1",
        change="built-in label encoder deprecated 1.3, removed 1.6: classes must be 0..k-1; encode them first", family="changed-default", until="", bullseye=True, today="raises"),
    # -------------------------------------------------- imbalanced-learn
    "imb-fit-sample": dict(lib="imbalanced-learn", api="sampler.fit_sample(X, y)",
        change="renamed fit_resample in 0.4, alias removed 0.8", family="renamed-api", until="2021-02-18", bullseye=True, today="raises"),
    "imb-ratio": dict(lib="imbalanced-learn", api="SMOTE(ratio=...) / RandomUnderSampler(ratio=...)",
        change="renamed sampling_strategy in 0.4, ratio removed 0.6", family="renamed-api", until="2019-12-05", bullseye=False, today="raises"),
    "imb-base-estimator": dict(lib="imbalanced-learn", api="BalancedBaggingClassifier(base_estimator=...)",
        change="deprecated 0.10, removed 0.12; use estimator=", family="renamed-api", until="", bullseye=True, today="raises"),
    # ------------------------------------------------------- statsmodels
    "sm-arima-model": dict(lib="statsmodels", api="statsmodels.tsa.arima_model.ARIMA / ARMA (fit(disp=0))",
        change="deprecated 0.12, removed 0.13; use statsmodels.tsa.arima.model.ARIMA (no disp)", family="removed-module", until="2021-10-01", bullseye=True, today="raises"),
    "sm-decompose-freq": dict(lib="statsmodels", api="seasonal_decompose(x, freq=...)",
        change="renamed period in 0.11, freq removed 0.13", family="renamed-api", until="2021-10-01", bullseye=True, today="raises"),
    # ------------------------------------------------------------- scipy
    "sc-interp": dict(lib="scipy", api="from scipy import interp",
        change="NumPy functions in the scipy namespace deprecated 1.4, removed 1.12; use np.interp", family="removed-module", until="2024-01-20", bullseye=True, today="raises"),
    "sc-mode": dict(lib="scipy", api="stats.mode(a)[0][0]",
        change="keepdims default False since 1.11: mode returns scalars, so [0][0] raises IndexError", family="changed-default", until="", bullseye=True, today="raises"),
    "sc-sparse-A": dict(lib="scipy", api="sparse_matrix.A",
        change="deprecated 1.11, removed 1.14; use .toarray()", family="renamed-api", until="", bullseye=True, today="raises"),
    # ------------------------------------------------------------ plotly
    "plotly-plotly": dict(lib="plotly", api="import plotly.plotly as py; py.iplot(...)",
        change="moved to the chart-studio package in 4.0; notebooks that only draw use plotly.offline.iplot", family="removed-module", until="2019-07-16", bullseye=False, today="raises"),
    "plotly-express-pkg": dict(lib="plotly", api="import plotly_express as px",
        change="the separate plotly_express package became plotly.express in 4.1", family="removed-module", until="", bullseye=False, today="raises"),
    "plotly-old-graph-objs": dict(lib="plotly", api="go.Marker / go.Layout(titlefont=) / tools.make_subplots",
        change="deprecated in 3.x/4.x, still accepted by 5.x with warnings", family="renamed-api", until="", bullseye=True, today="works"),
    # -------------------------------------------------- environment gaps
    "pkg-six": dict(lib="six", api="import six (with sklearn.externals.six gone)",
        change="a Kaggle-image package; Debian packages it (python3-six)", family="env-package", until="", bullseye=True, today="works"),
    "pkg-pydotplus": dict(lib="pydotplus", api="pydotplus.graph_from_dot_data(...).create_png()",
        change="a Kaggle-image package; Debian packages it (python3-pydotplus, graphviz for dot)", family="env-package", until="", bullseye=True, today="works"),
    "pkg-graphviz": dict(lib="graphviz", api="graphviz.Source(export_graphviz(...))",
        change="a Kaggle-image package; Debian packages it (python3-graphviz, graphviz)", family="env-package", until="", bullseye=True, today="works"),
    "nltk-stopwords": dict(lib="nltk", api="stopwords.words('english')",
        change="needs NLTK's stopwords corpus, in Kaggle's image at /usr/share/nltk_data; Debian packages no NLTK data", family="nltk-data", until="", bullseye=False, today="raises"),
    "nltk-punkt": dict(lib="nltk", api="nltk.word_tokenize(text)",
        change="needs the punkt model (punkt_tab since NLTK 3.9); no NLTK data in Debian", family="nltk-data", until="", bullseye=False, today="raises"),
    "nltk-wordnet": dict(lib="nltk", api="WordNetLemmatizer().lemmatize(w)",
        change="needs the wordnet corpus; no NLTK data in Debian", family="nltk-data", until="", bullseye=False, today="raises"),
    "missingno": dict(lib="missingno", api="import missingno as msno; msno.matrix(df)",
        change="display-only package of Kaggle's image, not packaged by Debian", family="display-only", until="", bullseye=False, today="raises"),
    "cufflinks": dict(lib="cufflinks", api="import cufflinks; df.iplot(...)",
        change="display-only package of Kaggle's image, not packaged by Debian", family="display-only", until="", bullseye=False, today="raises"),
    "pandas-profiling": dict(lib="pandas-profiling", api="pandas_profiling.ProfileReport(df)",
        change="display-only package of Kaggle's image (now ydata-profiling), not packaged by Debian", family="display-only", until="", bullseye=False, today="raises"),
    "keras": dict(lib="keras", api="import keras (Sequential, layers, fit_generator, Adam(lr=))",
        change="Debian packages Keras only up to bullseye (2.3 on Theano: without a C compiler there, Conv2D fails and an LSTM does not finish in 300 s; a small dense net runs); bookworm and trixie have neither Keras nor TensorFlow",
        family="no-debian", until="", bullseye=False, today="raises"),
    "tensorflow": dict(lib="tensorflow", api="import tensorflow as tf",
        change="no Debian suite packages TensorFlow", family="no-debian", until="", bullseye=False, today="raises"),
    "lightgbm": dict(lib="lightgbm", api="import lightgbm as lgb",
        change="no Debian suite packages LightGBM", family="no-debian", until="", bullseye=False, today="raises"),
}

FAMILIES = ["removed-module", "renamed-api", "changed-default", "env-package", "nltk-data", "display-only", "no-debian"]

for _k, _v in APIS.items():
    assert _v["family"] in FAMILIES, _k
    assert _v["today"] in ("raises", "works"), _k
