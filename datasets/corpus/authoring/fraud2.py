"""Credit-card fraud kernels, batch 2 (written after the rule catalog). Models give probs."""
from kit import Snippet, code, md
import fraud as _b1

SLUG = "credit-fraud"
NO_DEBIAN = 2
SINCE = "2016-11-05"
TITLES = _b1.TITLES + ["Fraud detection: dealing with imbalanced data ({m})", "Credit card fraud - {m} and resampling"]

LOAD = _b1.LOAD + [
    Snippet("f2-load-squeeze", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        labels = pd.read_csv('../input/train.csv', usecols=['Class'], squeeze=True)
        print(labels.value_counts(normalize=True))
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-read-csv-squeeze"], gives={"train", "test"}),
]

EDA = [
    Snippet("f2-eda-classes", "eda", [
        code("""
        count_classes = pd.value_counts(train['Class'], sort=True).sort_index()
        count_classes.plot(kind='bar', rot=0)
        plt.title('Fraud class histogram')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-value-counts-fn"], needs={"train"}),
    Snippet("f2-eda-hist-normed", "eda", [
        code("""
        f, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(12, 6))
        ax1.hist(train.Time[train.Class == 1], bins=50, normed=True)
        ax1.set_title('Fraud')
        ax2.hist(train.Time[train.Class == 0], bins=50, normed=True)
        ax2.set_title('Normal')
        plt.xlabel('Time (in seconds)')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-normed"], needs={"train"}),
    Snippet("f2-eda-gridspec-kde", "eda", [
        code("""
        v_features = train.iloc[:, 2:16].columns
        plt.figure(figsize=(12, 14 * 3))
        gs = gridspec.GridSpec(14, 1)
        for i, cn in enumerate(v_features):
            ax = plt.subplot(gs[i])
            sns.distplot(train[cn][train.Class == 1], bins=50)
            sns.distplot(train[cn][train.Class == 0], bins=50)
            ax.set_xlabel('')
            ax.set_title('histogram of feature: ' + str(cn))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import matplotlib.gridspec as gridspec", "import seaborn as sns"],
        apis=["sns-distplot"], needs={"train"}),
    Snippet("f2-eda-amount-stats", "eda", [
        code("""
        print(train.groupby('Class')['Amount'].describe())
        print('MAD of amounts:', train.Amount.mad())
        print('share of amounts between 0 and 100:', train.Amount.between(0, 100, inclusive=True).mean())
        """)], apis=["pd-mad", "pd-between-inclusive-bool"], needs={"train"}),
    Snippet("f2-eda-normpdf", "eda", [
        code("""
        v14 = train['V14']
        mu, sigma = v14.mean(), v14.std()
        n, bins, patches = plt.hist(v14, 60, normed=1, alpha=0.6)
        plt.plot(bins, mlab.normpdf(bins, mu, sigma), 'r--', linewidth=2)
        plt.title('V14 vs a normal fit')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import matplotlib.mlab as mlab"], apis=["mpl-mlab-normpdf", "mpl-normed"], needs={"train"}),
    Snippet("f2-eda-corr-mixed", "eda", [
        code("""
        plt.style.use('seaborn-darkgrid')
        corr = train.drop('id', axis=1).corr()
        plt.figure(figsize=(12, 10))
        sns.heatmap(corr, cmap='coolwarm_r', annot_kws={'size': 8})
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("f2-eda-hourly", "eda", [
        code("""
        train['hour'] = (train['Time'] // 3600) % 24
        hourly = train.groupby(['hour', 'Class'])['Amount'].agg(['count', 'mean']).reset_index()
        g = sns.FacetGrid(hourly, col='Class', size=4, sharey=False)
        g.map(plt.bar, 'hour', 'count')
        plt.show()
        train.drop('hour', axis=1, inplace=True)
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("f2-eda-msno", "eda", [
        code("""
        msno.matrix(train.sample(500, random_state=1))
        """)], imports=["import missingno as msno"], apis=["missingno"], needs={"train"}),
]

PREP = [
    Snippet("f2-prep-scale-drop", "prep", [
        code("""
        std = StandardScaler()
        train['Amount_s'] = std.fit_transform(train[['Amount']])
        test['Amount_s'] = std.transform(test[['Amount']])
        X = train.drop(['id', 'Class', 'Amount', 'Time'], 1)
        y = train.Class
        X_test = test.drop(['id', 'Amount', 'Time'], 1)
        """)], imports=["from sklearn.preprocessing import StandardScaler"], apis=["pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f2-prep-log-amount", "prep", [
        code("""
        for df in (train, test):
            df['logAmount'] = np.log1p(df['Amount'])
        features = ['V%d' % i for i in range(1, 15)] + ['logAmount']
        X = train[features].values.astype(np.float32)
        y = train['Class'].values
        X_test = test[features].values.astype(np.float32)
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f2-prep-as-matrix", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'Class', 'Time')]
        X = train.as_matrix(columns=features)
        y = train['Class'].values
        X_test = test.as_matrix(columns=features)
        """)], apis=["pd-as-matrix"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("f2-model-smote-kind", "model", [
        md("## Borderline SMOTE + logistic regression"),
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
        sm = SMOTE(kind='borderline1', k=5, random_state=42)
        X_res, y_res = sm.fit_sample(X_tr, y_tr)
        print(np.bincount(y_res))
        lr = LogisticRegression(C=0.1, solver='liblinear').fit(X_res, y_res)
        print('AUC:', roc_auc_score(y_va, lr.predict_proba(X_va)[:, 1]))
        probs = lr.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import train_test_split", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.metrics import roc_auc_score", "from imblearn.over_sampling import SMOTE"],
        apis=["imb-smote-kind", "imb-fit-sample"], since="2016-09-28", until="2018-10-19", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-smote-ratio-xgb", "model", [
        code("""
        sm = SMOTE(ratio=0.2, random_state=0)
        X_res, y_res = sm.fit_sample(X, y)
        clf = XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1, subsample=0.8)
        clf.fit(X_res, y_res)
        probs = clf.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.over_sampling import SMOTE", "from xgboost import XGBClassifier"],
        apis=["imb-ratio", "imb-fit-sample"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-cv-roc", "model", [
        code("""
        skf = StratifiedKFold(n_splits=5, random_state=0)
        tprs, aucs = [], []
        mean_fpr = np.linspace(0, 1, 100)
        X_arr, y_arr = np.asarray(X), np.asarray(y)
        for tr, va in skf.split(X_arr, y_arr):
            p = LogisticRegression(C=0.5, solver='liblinear').fit(X_arr[tr], y_arr[tr]).predict_proba(X_arr[va])[:, 1]
            fpr, tpr, _ = roc_curve(y_arr[va], p)
            tprs.append(interp(mean_fpr, fpr, tpr))
            aucs.append(auc(fpr, tpr))
        plt.plot(mean_fpr, np.mean(tprs, axis=0), label='mean ROC (AUC = %0.3f)' % np.mean(aucs))
        plt.legend()
        plt.show()
        probs = LogisticRegression(C=0.5, solver='liblinear').fit(X_arr, y_arr).predict_proba(np.asarray(X_test))[:, 1]
        """)], imports=["import matplotlib.pyplot as plt", "from scipy import interp", "from sklearn.model_selection import StratifiedKFold",
                        "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import roc_curve, auc"],
        apis=["sk-kfold-random-state", "sc-interp"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-balanced-bagging", "model", [
        code("""
        bbc = BalancedBaggingClassifier(base_estimator=DecisionTreeClassifier(max_depth=6), n_estimators=30,
                                        sampling_strategy='auto', replacement=False, random_state=0)
        print('CV AUC:', cross_val_score(bbc, X, y, cv=3, scoring='roc_auc').mean())
        probs = bbc.fit(X, y).predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.ensemble import BalancedBaggingClassifier", "from sklearn.tree import DecisionTreeClassifier",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["imb-base-estimator"], since="2018-10-19", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-kmeans-feature", "model", [
        code("""
        km = KMeans(n_clusters=8, n_jobs=-1, precompute_distances=True, random_state=0).fit(X)
        X_k = np.column_stack([X, km.transform(X)])
        X_test_k = np.column_stack([X_test, km.transform(X_test)])
        rf = RandomForestClassifier(n_estimators=150, min_samples_leaf=3, random_state=0, n_jobs=-1).fit(X_k, y)
        probs = rf.predict_proba(X_test_k)[:, 1]
        """)], imports=["from sklearn.cluster import KMeans", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-kmeans-n-jobs", "sk-kmeans-precompute"], needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-iforest-old", "model", [
        code("""
        iso = IsolationForest(n_estimators=200, contamination=0.02, behaviour='new', random_state=1)
        iso.fit(X)
        anomaly = -iso.decision_function(X_test)
        lr = LogisticRegression(class_weight='balanced', solver='liblinear').fit(X, y)
        probs = 0.5 * lr.predict_proba(X_test)[:, 1] + 0.5 * (anomaly - anomaly.min()) / (anomaly.max() - anomaly.min())
        """)], imports=["from sklearn.ensemble import IsolationForest", "from sklearn.linear_model import LogisticRegression"],
        apis=["sk-iforest-behaviour"], since="2018-09-26", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-grid-logloss", "model", [
        code("""
        grid = GridSearchCV(LogisticRegression(solver='liblinear'), {'C': [0.01, 0.1, 1, 10]}, scoring='log_loss', cv=StratifiedKFold(y, n_folds=4))
        grid.fit(X, y)
        print(grid.best_params_)
        probs = grid.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.linear_model import LogisticRegression", "from sklearn.grid_search import GridSearchCV",
                        "from sklearn.cross_validation import StratifiedKFold"],
        apis=["sk-grid-search", "sk-scoring-old-names", "sk-cross-validation"], needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f2-model-lgb", "model", [
        code("""
        params = {'objective': 'binary', 'learning_rate': 0.05, 'num_leaves': 31, 'metric': 'auc', 'is_unbalance': True}
        dtrain = lgb.Dataset(X, label=y)
        gbm = lgb.train(params, dtrain, num_boost_round=200)
        probs = gbm.predict(X_test)
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"probs"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"f2-model-smote-kind": "Borderline SMOTE", "f2-model-smote-ratio-xgb": "SMOTE + XGBoost", "f2-model-cv-roc": "Logistic Regression",
               "f2-model-balanced-bagging": "balanced bagging", "f2-model-kmeans-feature": "k-means features + Random Forest",
               "f2-model-iforest-old": "Isolation Forest", "f2-model-grid-logloss": "Logistic Regression", "f2-model-lgb": "LightGBM"}
STOCHASTIC = set()
