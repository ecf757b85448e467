package rules

// rules mirrors rewrite.py's registry, in the order the rules run (a test
// keeps the two in step).
var rules = []RuleInfo{
	{"sklearn-model-selection", "sklearn.cross_validation, grid_search and learning_curve (removed in 0.20) -> sklearn.model_selection"},
	{"sklearn-cv-iterators", "0.17 CV iterators: KFold(len(X), n_folds=k) / StratifiedKFold(y, n_folds=k) -> KFold(n_splits=k), iterated as .split(X) / .split(y, y)"},
	{"sklearn-joblib", "sklearn.externals.joblib (removed in 0.23) -> joblib"},
	{"sklearn-imputer", "preprocessing.Imputer (removed in 0.22) -> impute.SimpleImputer; axis=0 dropped, missing_values='NaN' -> np.nan"},
	{"sklearn-max-features-auto", "max_features='auto' (removed in 1.3) -> 'sqrt' for classifiers, 1.0 for regressors"},
	{"sklearn-onehot-sparse-output", "OneHotEncoder(sparse=...) (renamed 1.2, removed 1.4) -> sparse_output=..."},
	{"sklearn-squared-false", "mean_squared_error(..., squared=False) (removed in 1.6) -> root_mean_squared_error(...)"},
	{"sklearn-renamed-options", "criterion='mse'/'mae', loss='ls'/'lad'/'deviance'/'log' (removed 1.2-1.3) -> 'squared_error'/'absolute_error'/'log_loss'"},
	{"sklearn-base-estimator", "base_estimator= of Bagging/AdaBoost (removed in 1.4) -> estimator="},
	{"sklearn-feature-names-out", "get_feature_names() (removed in 1.2) -> get_feature_names_out()"},
	{"sklearn-kfold-random-state", "KFold/StratifiedKFold(random_state=...) without shuffle=True (an error since 0.24, and it never had an effect) -> random_state dropped"},
	{"sklearn-plot-displays", "metrics.plot_roc_curve/plot_confusion_matrix/... (removed in 1.2) -> RocCurveDisplay.from_estimator/ConfusionMatrixDisplay.from_estimator/..."},
	{"pandas-ix", ".ix[] (removed in 1.0) -> .loc[] (labels), or .iloc[]/.columns[] where the column indexer is positional"},
	{"pandas-as-matrix", ".as_matrix() (removed in 1.0) -> .to_numpy(); .as_matrix(cols) -> [cols].to_numpy()"},
	{"pandas-append", "DataFrame/Series.append (removed in 2.0) -> pd.concat([a, b]); dict rows -> pd.DataFrame([row])"},
	{"pandas-iteritems", "Series/DataFrame.iteritems() (removed in 2.0) -> .items()"},
	{"pandas-numeric-only", "reductions over mixed dtypes (mean/corr/... fail on strings since 2.0) -> numeric_only=True, on the failing line"},
	{"pandas-weekofyear", ".dt.weekofyear / .dt.week (removed in 2.0) -> .dt.isocalendar().week.astype('int64')"},
	{"pandas-value-counts", "pd.value_counts(x) (removed in 3.0) -> pd.Series(x).value_counts()"},
	{"numpy-aliases", "np.float/int/bool/object/str/complex (removed 1.24) -> builtins; np.float_, np.NaN, np.Inf, ... (removed 2.0) -> np.float64, np.nan, np.inf"},
	{"seaborn-keyword-args", "positional data arguments of seaborn plots (keyword-only since 0.12): sns.countplot('col', data=df) -> sns.countplot(x='col', data=df)"},
	{"seaborn-factorplot", "sns.factorplot (removed in 0.12) -> sns.catplot(kind='point'), size= -> height="},
	{"seaborn-size-height", "size= of seaborn figure-level plots and grids (renamed 0.9, removed later) -> height="},
	{"seaborn-distplot", "sns.distplot (deprecated 0.11) -> sns.histplot(kde=True, stat='density') or sns.kdeplot(hist=False); only when it is gone or failing"},
	{"matplotlib-seaborn-styles", "plt.style.use('seaborn-*') (removed in 3.8) -> 'seaborn-v0_8-*'"},
	{"matplotlib-hist-normed", "hist(normed=...) (removed in 3.1) -> density=..."},
	{"xgboost-fit-params", "XGBModel.fit(early_stopping_rounds=, eval_metric=, callbacks=) (removed in 2.1) -> constructor parameters"},
	{"xgboost-train-keywords", "xgb.train/xgb.cv: positional arguments after num_boost_round (keyword-only since 2.0) -> keywords; feval= (removed) -> custom_metric="},
	{"xgboost-ntree-limit", "predict(ntree_limit=n) and best_ntree_limit (removed in 2.0) -> iteration_range=(0, n), best_iteration + 1"},
}

// Rules lists the rule names with a one-line description each (for docs
// and the leaderboard).
func Rules() []RuleInfo { return append([]RuleInfo(nil), rules...) }
