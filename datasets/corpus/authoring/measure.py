"""Per library and per family: how the corpus fares in a results folder.

    python3 authoring/measure.py RESULTS_DIR [ENV] [--batch 1|2|3|4]

Reads the run journals (results/journal/*.jsonl, one line per run with its
cells) and old_apis.csv, and attributes each failing cell to the old API whose
documented failure its exception shows (the patterns below). Prints Markdown:
notebooks per library and family that fail, their first-failure categories,
and the old APIs that did not show themselves. Standard library only.
"""
import collections
import csv
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Old API -> what its failure says (exception type: message).
SIGNS = {
    "pd-append": r"object has no attribute 'append'",
    "pd-iteritems": r"has no attribute 'iteritems'",
    "pd-numeric-only": r"could not convert string to float|Could not convert .* to numeric|agg function failed|unsupported operand type\(s\) for -: 'str'|Cannot convert .* to numeric",
    "pd-drop-positional": r"drop\(\) takes from 1 to 2 positional",
    "pd-groupby-tuple": r"Cannot subset columns with a tuple",
    "pd-max-colwidth": r"Value must be a nonnegative integer or None",
    "pd-dt-week": r"has no attribute '(week|weekofyear)'",
    "pd-error-bad-lines": r"error_bad_lines", "pd-np": r"module 'pandas' has no attribute 'np'",
    "pd-ix": r"has no attribute 'ix'", "pd-as-matrix": r"has no attribute 'as_matrix'",
    "pd-scatter-matrix": r"has no attribute 'scatter_matrix'", "pd-sort": r"has no attribute 'sort'",
    "np-aliases": r"module 'numpy' has no attribute '(int|float|object|str|bool|long|unicode)'",
    "np-nan-aliases": r"np\.(NaN|Inf|float_|infty)` was removed", "np-asscalar": r"has no attribute 'asscalar'",
    "sk-cross-validation": r"sklearn\.cross_validation|cannot import name 'cross_validation' from 'sklearn'",
    "sk-grid-search": r"sklearn\.grid_search|cannot import name 'grid_search' from 'sklearn'",
    "sk-learning-curve-module": r"sklearn\.learning_curve", "sk-imputer": r"cannot import name 'Imputer'",
    "sk-externals-joblib": r"'joblib' from 'sklearn\.externals'", "sk-externals-six": r"sklearn\.externals\.six",
    "sk-private-modules": r"sklearn\.(metrics\.scorer|ensemble\.forest|datasets\.samples_generator)",
    "sk-max-features-auto": r"'max_features' parameter", "sk-criterion-mse": r"'criterion' parameter",
    "sk-loss-ls": r"'loss' parameter of GradientBoostingRegressor", "sk-loss-deviance": r"'loss' parameter of GradientBoostingClassifier",
    "sk-normalize": r"unexpected keyword argument 'normalize'", "sk-presort": r"unexpected keyword argument 'presort'",
    "sk-min-impurity-split": r"unexpected keyword argument 'min_impurity_split'", "sk-kmeans-n-jobs": r"KMeans.* unexpected keyword argument 'n_jobs'",
    "sk-iid": r"unexpected keyword argument 'iid'", "sk-iforest-behaviour": r"unexpected keyword argument 'behaviour'",
    "sk-base-estimator": r"(AdaBoost|Bagging)(Classifier|Regressor)\.__init__\(\) got an unexpected keyword argument 'base_estimator'",
    "imb-base-estimator": r"BalancedBaggingClassifier\.__init__\(\) got an unexpected keyword argument 'base_estimator'",
    "sk-kfold-random-state": r"Setting a random_state has no effect", "sk-ohe-sparse": r"unexpected keyword argument 'sparse'",
    "sk-get-feature-names": r"has no attribute 'get_feature_names'", "sk-plot-metrics": r"cannot import name 'plot_(confusion_matrix|roc_curve)'",
    "sk-positional-args": r"RFE\.__init__\(\) takes",
    "sns-positional": r"got multiple values for argument 'data'|takes from 0 to 1 positional argument",
    "sns-factorplot": r"has no attribute 'factorplot'", "sns-size": r"unexpected keyword argument 'size'",
    "mpl-seaborn-style": r"is not a valid package style", "mpl-grid-b": r"keyword grid_b is not recognized|unexpected keyword argument 'b'",
    "mpl-normed": r"unexpected keyword argument 'normed'", "mpl-gca-projection": r"gca\(\) got an unexpected keyword argument",
    "xgb-fit-args": r"fit\(\) got an unexpected keyword argument '(early_stopping_rounds|eval_metric)'",
    "xgb-ntree-limit": r"ntree_limit", "xgb-label-encoding": r"Invalid classes inferred",
    "imb-fit-sample": r"has no attribute 'fit_sample'", "imb-ratio": r"unexpected keyword argument 'ratio'",
    "sm-arima-model": r"arima_model|has no attribute 'ARMA'", "sm-decompose-freq": r"unexpected keyword argument 'freq'",
    "sc-interp": r"cannot import name 'interp' from 'scipy'", "sc-mode": r"invalid index to scalar variable",
    "sc-sparse-A": r"has no attribute 'A'",
    "plotly-plotly": r"plotly\.plotly", "plotly-express-pkg": r"No module named 'plotly_express'",
    "nltk-stopwords": r"Resource .*stopwords", "nltk-punkt": r"Resource .*punkt", "nltk-wordnet": r"Resource .*wordnet",
    "missingno": r"No module named 'missingno'", "cufflinks": r"No module named 'cufflinks'",
    "pandas-profiling": r"No module named 'pandas_profiling'", "keras": r"No module named 'keras'",
    "tensorflow": r"No module named 'tensorflow'", "lightgbm": r"No module named 'lightgbm'",
    "pkg-six": r"No module named 'six'", "pkg-pydotplus": r"No module named 'pydotplus'|dot.* not found",
    "pkg-graphviz": r"No module named 'graphviz'|ExecutableNotFound",
    # batch 2's old APIs (apis2.py)
    "pd-rolling-fn": r"has no attribute '(rolling_mean|rolling_std|ewma)'", "pd-timegrouper": r"has no attribute 'TimeGrouper'",
    "pd-get-set-value": r"has no attribute '(get_value|set_value)'", "pd-clip-lower-upper": r"has no attribute 'clip_(lower|upper)'",
    "pd-valid": r"has no attribute 'valid'", "pd-get-dtype-counts": r"has no attribute 'get_dtype_counts'",
    "pd-tools-plotting": r"pandas\.tools|has no attribute 'tools'", "pd-resample-how": r"unexpected keyword argument 'how'",
    "pd-datetime": r"module 'pandas' has no attribute 'datetime'", "pd-is-monotonic": r"has no attribute 'is_monotonic'",
    "pd-int64index": r"has no attribute '(Int64Index|Float64Index)'", "pd-read-csv-squeeze": r"unexpected keyword argument 'squeeze'",
    "pd-mad": r"has no attribute 'mad'", "pd-between-inclusive-bool": r"Inclusive has to be either",
    "pd-concat-positional": r"concat\(\) takes 1 positional argument", "pd-str-split-positional": r"split\(\) takes from 1 to 2 positional",
    "pd-sort-values-positional": r"(sort_values|set_index|reset_index)\(\) takes",
    "np-product-fns": r"has no attribute '(product|cumproduct|alltrue|sometrue)'", "np-math": r"has no attribute 'math'",
    "np-asfarray": r"has no attribute 'asfarray'|`np\.asfarray` was removed", "np-histogram-normed": r"histogram\(\) got an unexpected keyword argument 'normed'",
    "sk-lda-module": r"sklearn\.(lda|qda)", "sk-randomized-pca": r"cannot import name 'RandomizedPCA'",
    "sk-sgd-n-iter": r"unexpected keyword argument 'n_iter'", "sk-sgd-loss-log": r"'loss' parameter of SGDClassifier",
    "sk-scoring-old-names": r"'(mean_squared_error|mean_absolute_error|log_loss)' is not a valid scoring value|scoring' parameter",
    "sk-private-more": r"sklearn\.(tree\.tree|linear_model\.logistic|svm\.classes|neighbors\.classification|ensemble\.forest)",
    "sk-jaccard-similarity": r"cannot import name 'jaccard_similarity_score'", "sk-calinski-harabaz": r"cannot import name 'calinski_harabaz_score'",
    "sk-hgb-least-squares": r"'loss' parameter of HistGradientBoostingRegressor", "sk-kmeans-algorithm": r"'algorithm' parameter of KMeans",
    "sk-kmeans-precompute": r"unexpected keyword argument 'precompute_distances'", "sk-agglomerative-affinity": r"unexpected keyword argument 'affinity'",
    "sk-ohe-categorical-features": r"unexpected keyword argument 'categorical_features'",
    "mpl-axis-bgcolor": r"set_axis_bgcolor|axisbg", "mpl-hold": r"has no attribute 'hold'", "mpl-mlab-normpdf": r"has no attribute 'normpdf'",
    "mpl-annotate-s": r"annotate\(\) missing 1 required positional argument|unexpected keyword argument 's'", "mpl-bar-left": r"unexpected keyword argument 'left'",
    "mpl-register-cmap": r"has no attribute 'register_cmap'", "mpl-rotation-string": r"rotation must be",
    "sns-lvplot": r"has no attribute 'lvplot'", "sns-tsplot": r"has no attribute 'tsplot'", "sns-plt": r"has no attribute 'plt'",
    "sns-apionly": r"seaborn\.apionly", "sns-jointplot-stat-func": r"stat_func", "sns-kdeplot-data2": r"data2|kdeplot\(\) takes from 0 to 1 positional",
    "sc-misc-comb": r"scipy\.misc|has no attribute '(comb|factorial)'", "sc-numpy-functions": r"[Mm]odule 'scipy' has no attribute",
    "sc-itemfreq": r"itemfreq", "sc-binom-test": r"binom_test", "sc-simps-trapz": r"simps|trapz",
    "sm-acf-unbiased": r"unexpected keyword argument 'unbiased'|ywunbiased|method must be", "sm-holt-smoothing-slope": r"smoothing_slope",
    "imb-smote-kind": r"unexpected keyword argument '(kind|k)'", "xgb-train-positional": r"train\(\) takes",
    "xgb-booster-method": r"has no attribute 'booster'|'NoneType' object is not callable|'str' object is not callable",
    "plotly-credentials": r"set_credentials_file|plotly\.plotly",
    # batch 3's old APIs (apis3.py)
    "pd-lookup": r"has no attribute 'lookup'", "pd-level-kw": r"unexpected keyword argument 'level'",
    "pd-line-terminator": r"unexpected keyword argument 'line_terminator'", "pd-pivot-positional": r"pivot\(\) takes 1 positional",
    "pd-date-range-closed": r"unexpected keyword argument 'closed'", "pd-tshift": r"has no attribute 'tshift'",
    "pd-rsplit-positional": r"rsplit\(\) takes from 1 to 2 positional", "pd-dedup-dropna-positional": r"(drop_duplicates|dropna|reset_index)\(\) takes",
    "pd-set-axis-inplace": r"set_axis\(\) got an unexpected keyword argument 'inplace'", "pd-index-weekofyear": r"has no attribute '(weekofyear|week)'",
    "pd-describe-datetime-numeric": r"datetime_is_numeric", "pd-weekday-name": r"has no attribute 'weekday_name'",
    "np-round-underscore": r"np\.round_|has no attribute 'round_'", "np-sized-aliases": r"has no attribute '(bool8|int0|uint0)'",
    "np-msort": r"has no attribute 'msort'", "np-warnings": r"module 'numpy' has no attribute 'warnings'",
    "np-inf-aliases": r"np\.(infty|NINF|PINF)` was removed|has no attribute '(infty|NINF|PINF)'",
    "np-printoptions-nan": r"threshold must be non-NAN", "np-mat": r"np\.mat` was removed|has no attribute 'mat'",
    "sk-penalty-none": r"'penalty' parameter of LogisticRegression", "sk-keyword-only": r"(KFold|StratifiedKFold|SelectKBest|GridSearchCV|SVC)\.__init__\(\) takes",
    "sk-hgb-binary-crossentropy": r"'loss' parameter of HistGradientBoostingClassifier", "sk-criterion-mae": r"'criterion' parameter of RandomForestRegressor",
    "sk-loss-lad": r"'loss' parameter of GradientBoostingRegressor", "sk-plot-pr-curve": r"cannot import name 'plot_precision_recall_curve'",
    "sk-private-3": r"sklearn\.(ensemble\.gradient_boosting|ensemble\.weight_boosting|metrics\.classification|metrics\.ranking|preprocessing\.data|decomposition\.pca|cluster\.k_means_|linear_model\.ridge|linear_model\.coordinate_descent)",
    "sk-auc-reorder": r"unexpected keyword argument 'reorder'", "sk-grid-scores": r"has no attribute 'grid_scores_'",
    "mpl-set-window-title": r"has no attribute 'set_window_title'", "sc-cumtrapz": r"cumtrapz", "sc-pinv2": r"pinv2",
    "sc-signal-windows": r"has no attribute '(gaussian|hann)'|cannot import name '(gaussian|hann)'", "sc-misc-logsumexp": r"logsumexp",
    "sc-chisqprob": r"chisqprob", "sm-fit-use-boxcox": r"use_boxcox", "xgb-best-ntree-limit": r"best_ntree_limit",
    "xgb-feval": r"unexpected keyword argument 'feval'",
    "imb-easy-base-estimator": r"EasyEnsembleClassifier\.__init__\(\) got an unexpected keyword argument 'base_estimator'",
    "imb-return-indices": r"unexpected keyword argument 'return_indices'",
    # batch 4's old APIs (apis4.py)
    "pd-get-loc-method": r"get_loc\(\) got an unexpected keyword argument 'method'",
    "pd-resample-loffset": r"unexpected keyword argument 'loffset'", "pd-astype-datetime64": r"'datetime64' dtype with no precision",
    "pd-cat-inplace": r"(set_categories|rename_categories|reorder_categories|add_categories|remove_categories)\(\) got an unexpected keyword argument 'inplace'",
    "np-sctypes": r"np\.sctypes` was removed|has no attribute 'sctypes'", "np-alen": r"has no attribute 'alen'",
    "sc-median-abs-dev": r"median_absolute_deviation", "sk-scorers-dict": r"SCORERS",
    "sk-safe-indexing": r"safe_indexing", "sk-neighbors-distancemetric": r"cannot import name 'DistanceMetric' from 'sklearn\.neighbors'",
    "sm-ar": r"AR has been removed",
    "nltk-vader": r"Resource .*vader_lexicon", "nltk-pos-tag": r"Resource .*averaged_perceptron_tagger",
}


def attribute(msg, candidates):
    for a in candidates:
        if a in SIGNS and re.search(SIGNS[a], msg or ""):
            return a
    return None


def main(results, env=None, batch=None):
    uses = collections.defaultdict(list)
    info = {}
    for r in csv.DictReader(open(os.path.join(HERE, "old_apis.csv"))):
        if batch and r["batch"] != batch:
            continue
        uses[r["notebook_id"]].append(r["api_id"])
        info[r["api_id"]] = (r["library"], r["family"], r["today"], r["in_bullseye"])
    runs = {}
    for path in sorted(glob.glob(os.path.join(results, "journal", "*.jsonl"))):
        for line in open(path):
            e = json.loads(line)
            run = e["run"]
            if run.get("agent") or (env and run["environment"] != env) or run["notebook_id"] not in uses:
                continue
            runs[run["notebook_id"]] = (run, e.get("cells") or [])
    by_lib = collections.defaultdict(lambda: collections.Counter())
    by_fam = collections.defaultdict(lambda: collections.Counter())
    first_api = collections.Counter()
    shown = collections.Counter()
    unexplained = []
    status = collections.Counter()
    for nid, (run, cells) in sorted(runs.items()):
        apis = uses[nid]
        status[run["status"]] += 1
        failed = run["status"] != "ok"
        cat = run["failure_category"] or "ok"
        seen = set()
        for c in cells:
            if c["status"] == "error":
                a = attribute(c["exception_type"] + ": " + c["exception_message"], apis)
                if a:
                    seen.add(a)
        for a in seen:
            shown[a] += 1
        fa = attribute((run["exception_type"] or "") + ": " + (run["exception_message"] or ""), apis) if failed else None
        if failed:
            first_api[fa or "(none of its old APIs)"] += 1
            if not fa:
                unexplained.append((nid, run["status"], run["exception_type"], (run["exception_message"] or "")[:120], run["failing_cell"]))
        for lib in sorted({info[a][0] for a in apis}):
            by_lib[lib]["notebooks"] += 1
            by_lib[lib]["fail"] += failed
            by_lib[lib][cat] += 1
        for fam in sorted({info[a][1] for a in apis}):
            by_fam[fam]["notebooks"] += 1
            by_fam[fam]["fail"] += failed
            by_fam[fam][cat] += 1
    print("%d runs: %s\n" % (len(runs), dict(status)))
    for title, table in (("library", by_lib), ("family", by_fam)):
        cats = sorted({k for t in table.values() for k in t if k not in ("notebooks", "fail")})
        print("| %s | notebooks | fail | %s |" % (title, " | ".join(cats)))
        print("|---|---:|---:|%s" % ("---:|" * len(cats)))
        for k, t in sorted(table.items(), key=lambda kv: -kv[1]["notebooks"]):
            print("| %s | %d | %d | %s |" % (k, t["notebooks"], t["fail"], " | ".join(str(t[c] or "") for c in cats)))
        print()
    print("First failure attributed to (old API: notebooks):")
    for a, n in first_api.most_common():
        print("  %s: %d" % (a, n))
    used = collections.Counter(a for nid in runs for a in uses[nid])
    quiet = [(a, used[a], shown[a]) for a in used if info[a][2] == "raises" and shown[a] < used[a]]
    print("\nOld APIs that should raise, shown in fewer notebooks than use them (api, used, shown):")
    for q in sorted(quiet):
        print("  %s %d %d" % q)
    if unexplained:
        print("\nFailures none of the notebook's old APIs explain:")
        for u in unexplained:
            print("  %s %s %s: %s (cell %s)" % u)


if __name__ == "__main__":
    args = sys.argv[1:]
    batch = None
    if "--batch" in args:
        i = args.index("--batch")
        batch = args[i + 1]
        del args[i:i + 2]
    main(args[0], args[1] if len(args) > 1 else None, batch)
