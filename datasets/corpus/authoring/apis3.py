"""Old APIs that only batch 3 of the corpus exercises (batch 3 also reuses ids of
apis.APIS and apis2.APIS2 where its fresh code uses the same old API).

Written as a held-out test set: from the rule catalog's table (docs/rules.md)
and the libraries' release notes, by someone who did not read how the rules
match. Each was checked by running it in bullseye (where it works, unless
bullseye=False) and in trixie (where it raises, unless today="works").
Same fields as apis.APIS; "until" is the release that removed the old API.
"""

APIS3 = {
    # ------------------------------------------------------------ pandas
    "pd-lookup": dict(lib="pandas", api="df.lookup(row_labels, col_labels)",
        change="deprecated 1.2, removed 2.0; use df.to_numpy()[rows, cols] via get_indexer / melt", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-level-kw": dict(lib="pandas", api="df.sum(level=0) / s.mean(level=...) (reductions with level=)",
        change="deprecated 1.3, removed 2.0; use groupby(level=...).sum()", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-line-terminator": dict(lib="pandas", api="to_csv(..., line_terminator='\\n')",
        change="renamed lineterminator in 1.5, the old name removed 2.0", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-pivot-positional": dict(lib="pandas", api="df.pivot('index', 'columns', 'values') (by position)",
        change="positional arguments deprecated 1.3, keyword-only since 2.0", family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-date-range-closed": dict(lib="pandas", api="pd.date_range(start, end, closed='left')",
        change="closed deprecated 1.4 for inclusive=, removed 2.0", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-tshift": dict(lib="pandas", api="s.tshift(n) / df.tshift(freq=)",
        change="deprecated 1.1, removed 2.0; use shift(n, freq=...)", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-rsplit-positional": dict(lib="pandas", api="s.str.rsplit(pat, 1) (n positional)",
        change="positional n deprecated 1.5, keyword-only since 2.0; use n=1", family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-dedup-dropna-positional": dict(lib="pandas", api="df.drop_duplicates('col', 'last') / df.dropna(0, 'all') / reset_index(0, True) (arguments by position)",
        change="positional arguments deprecated 1.3, keyword-only since 2.0", family="renamed-api", until="", bullseye=True, today="raises"),
    "pd-set-axis-inplace": dict(lib="pandas", api="df.set_axis(labels, axis=1, inplace=True)",
        change="inplace deprecated 1.5, removed 2.0; assign the result (df.columns = ...)", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-index-weekofyear": dict(lib="pandas", api="DatetimeIndex.weekofyear / .week",
        change="deprecated 1.1, removed 2.0; use index.isocalendar().week", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-describe-datetime-numeric": dict(lib="pandas", api="df.describe(datetime_is_numeric=True)",
        change="added 1.1, deprecated 1.5 (the behaviour became the default), removed 2.0", family="renamed-api", until="2023-04-03", bullseye=True, today="raises"),
    "pd-weekday-name": dict(lib="pandas", api="s.dt.weekday_name / DatetimeIndex.weekday_name",
        change="deprecated 0.23, removed 1.0; use dt.day_name()", family="renamed-api", until="2020-01-29", bullseye=False, today="raises"),
    # ------------------------------------------------------------- numpy
    "np-round-underscore": dict(lib="numpy", api="np.round_(a, n)",
        change="deprecated 1.25, removed 2.0; use np.round", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    "np-sized-aliases": dict(lib="numpy", api="np.bool8 / np.int0 / np.uint0",
        change="deprecated 1.24, removed 2.0; use np.bool_ / np.intp", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    "np-msort": dict(lib="numpy", api="np.msort(a)",
        change="deprecated 1.24, removed 2.0; use np.sort(a, axis=0)", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    "np-warnings": dict(lib="numpy", api="np.warnings.filterwarnings(...)",
        change="np.warnings (the standard module, re-exported by accident) removed 1.25; import warnings", family="renamed-api", until="2023-06-17", bullseye=True, today="raises"),
    "np-inf-aliases": dict(lib="numpy", api="np.infty / np.NINF / np.PINF",
        change="removed from the main namespace in 2.0 (NEP 52); use np.inf / -np.inf", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    "np-printoptions-nan": dict(lib="numpy", api="np.set_printoptions(threshold=np.nan)",
        change="a NaN threshold raises since 1.14; use sys.maxsize", family="renamed-api", until="2018-01-06", bullseye=False, today="raises"),
    "np-mat": dict(lib="numpy", api="np.mat(a)",
        change="removed in 2.0 (NEP 52); use np.asmatrix (or plain arrays)", family="renamed-api", until="2024-06-16", bullseye=True, today="raises"),
    # ------------------------------------------------------ scikit-learn
    "sk-penalty-none": dict(lib="scikit-learn", api="LogisticRegression(penalty='none')",
        change="'none' deprecated 1.2 for penalty=None, removed 1.4", family="renamed-api", until="2024-01-18", bullseye=True, today="raises"),
    "sk-keyword-only": dict(lib="scikit-learn", api="KFold(5, True, 1) / SelectKBest(f_classif, 10) / GridSearchCV(est, grid, 'accuracy') / SVC(1.0, 'rbf') (parameters by position)",
        change="positional parameters warned 0.23 (SLEP009), keyword-only since 1.0", family="renamed-api", until="2021-09-24", bullseye=True, today="raises"),
    "sk-hgb-binary-crossentropy": dict(lib="scikit-learn", api="HistGradientBoostingClassifier(loss='binary_crossentropy')",
        change="renamed 'log_loss' in 1.1, removed 1.3", family="renamed-api", until="2023-06-29", bullseye=True, today="raises"),
    "sk-criterion-mae": dict(lib="scikit-learn", api="RandomForestRegressor(criterion='mae')",
        change="renamed 'absolute_error' in 1.0, removed 1.2", family="renamed-api", until="2022-12-08", bullseye=True, today="raises"),
    "sk-loss-lad": dict(lib="scikit-learn", api="GradientBoostingRegressor(loss='lad')",
        change="renamed 'absolute_error' in 1.0, removed 1.2", family="renamed-api", until="2022-12-08", bullseye=True, today="raises"),
    "sk-plot-pr-curve": dict(lib="scikit-learn", api="metrics.plot_precision_recall_curve(est, X, y)",
        change="deprecated 1.0, removed 1.2; use PrecisionRecallDisplay.from_estimator", family="renamed-api", until="2022-12-08", bullseye=True, today="raises"),
    "sk-private-3": dict(lib="scikit-learn", api="sklearn.ensemble.gradient_boosting / weight_boosting / metrics.classification / metrics.ranking / preprocessing.data / decomposition.pca / cluster.k_means_ / linear_model.ridge",
        change="private modules deprecated 0.22, removed 0.24; import from the public package", family="removed-module", until="2020-12-22", bullseye=True, today="raises"),
    "sk-auc-reorder": dict(lib="scikit-learn", api="metrics.auc(x, y, reorder=True)",
        change="deprecated 0.20, removed 0.22; x must be monotonic (sort it)", family="renamed-api", until="2019-12-03", bullseye=False, today="raises"),
    "sk-grid-scores": dict(lib="scikit-learn", api="search.grid_scores_",
        change="deprecated 0.18, removed 0.20; use cv_results_", family="renamed-api", until="2018-09-26", bullseye=False, today="raises"),
    # ---------------------------------------------------------- matplotlib
    "mpl-set-window-title": dict(lib="matplotlib", api="fig.canvas.set_window_title(t)",
        change="deprecated 3.4, removed 3.6; use fig.canvas.manager.set_window_title", family="renamed-api", until="2022-09-15", bullseye=True, today="raises"),
    # ------------------------------------------------------------- scipy
    "sc-cumtrapz": dict(lib="scipy", api="scipy.integrate.cumtrapz",
        change="deprecated 1.12, removed 1.14; use cumulative_trapezoid", family="renamed-api", until="2024-06-24", bullseye=True, today="raises"),
    "sc-pinv2": dict(lib="scipy", api="scipy.linalg.pinv2",
        change="deprecated 1.7, removed 1.9; use scipy.linalg.pinv", family="renamed-api", until="2022-07-29", bullseye=True, today="raises"),
    "sc-signal-windows": dict(lib="scipy", api="scipy.signal.gaussian / hann (window functions)",
        change="deprecated 1.1 in the signal namespace, removed 1.13; use scipy.signal.windows", family="renamed-api", until="2024-04-02", bullseye=True, today="raises"),
    "sc-misc-logsumexp": dict(lib="scipy", api="scipy.misc.logsumexp",
        change="deprecated 1.0, removed 1.3; use scipy.special.logsumexp", family="renamed-api", until="2019-05-17", bullseye=False, today="raises"),
    "sc-chisqprob": dict(lib="scipy", api="scipy.stats.chisqprob(x, df)",
        change="deprecated 0.17, removed 1.0; use scipy.stats.chi2.sf", family="renamed-api", until="2017-10-25", bullseye=False, today="raises"),
    # ------------------------------------------------------- statsmodels
    "sm-fit-use-boxcox": dict(lib="statsmodels", api="ExponentialSmoothing(...).fit(use_boxcox=True)",
        change="use_boxcox moved to the model in 0.12, the fit argument removed 0.14", family="renamed-api", until="2023-05-05", bullseye=True, today="raises"),
    # ----------------------------------------------------------- xgboost
    "xgb-best-ntree-limit": dict(lib="xgboost", api="bst.best_ntree_limit",
        change="deprecated 1.4, removed 2.0; use best_iteration + 1 (iteration_range)", family="renamed-api", until="2023-09-12", bullseye=True, today="raises"),
    "xgb-feval": dict(lib="xgboost", api="xgb.train(..., feval=metric)",
        change="deprecated 1.6 for custom_metric, removed 3.0", family="renamed-api", until="", bullseye=True, today="raises"),
    # -------------------------------------------------- imbalanced-learn
    "imb-easy-base-estimator": dict(lib="imbalanced-learn", api="EasyEnsembleClassifier(base_estimator=...)",
        change="deprecated 0.10 for estimator=, removed 0.12", family="renamed-api", until="2024-01-25", bullseye=True, today="raises"),
    "imb-return-indices": dict(lib="imbalanced-learn", api="RandomUnderSampler(return_indices=True)",
        change="deprecated 0.4, removed 0.6; use sample_indices_", family="renamed-api", until="2019-12-05", bullseye=False, today="raises"),
    # -------------------------------------------------------------- nltk
    "nltk-vader": dict(lib="nltk", api="SentimentIntensityAnalyzer() (the vader_lexicon data)",
        change="needs nltk.download('vader_lexicon'), which Kaggle's image had and Debian does not package", family="nltk-data", until="", bullseye=False, today="raises"),
    "nltk-pos-tag": dict(lib="nltk", api="nltk.pos_tag(tokens) (the averaged_perceptron_tagger data)",
        change="needs nltk.download('averaged_perceptron_tagger'), which Kaggle's image had and Debian does not package", family="nltk-data", until="", bullseye=False, today="raises"),
}
