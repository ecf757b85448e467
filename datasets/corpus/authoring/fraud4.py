"""Credit-fraud kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import fraud as _b1

SLUG = "credit-fraud"
SINCE = getattr(_b1, "SINCE", "2016-11-05")
TITLES = _b1.TITLES + ["Fraud detection: {m} on imbalanced data", "Credit card fraud - EDA and {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("f4-eda-amount", "eda", [
        md("## Amounts"),
        code("""
        print('largest amount:', np.asscalar(train['Amount'].values.max()))
        fig, ax = plt.subplots(figsize=(9, 4))
        ax.hist([train.Amount[train.Class == 0], train.Amount[train.Class == 1]], bins=40, log=True, label=['normal', 'fraud'])
        ax.grid(b=True, which='major', alpha=0.4)
        ax.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["np-asscalar", "mpl-grid-b"], needs={"train"}),
    Snippet("f4-eda-hour", "eda", [
        code("""
        for df in (train, test):
            df['Hour'] = (df['Time'] // 3600) % 24
        hourly = train.groupby('Hour')['Amount', 'Class'].sum()
        print(hourly.head())
        sns.factorplot(x='Hour', y='Class', data=train, kind='point', aspect=2.5)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-groupby-tuple", "sns-factorplot"], needs={"train", "test"}),
    Snippet("f4-eda-robust", "eda", [
        code("""
        med = train['Amount'].median()
        spread = median_absolute_deviation(train['Amount'])
        outliers = train[np.abs(train['Amount'] - med) > 5 * spread]
        print('%d outlying amounts, %.2f%% of them frauds' % (len(outliers), 100 * outliers['Class'].mean()))
        """)], imports=["from scipy.stats import median_absolute_deviation"], apis=["sc-median-abs-dev"], needs={"train"}),
]

_COLS = "['V%d' % i for i in range(1, 15)]"

PREP = [
    Snippet("f4-prep-scale", "prep", [
        md("## Scaling"),
        code("""
        scaler = StandardScaler()
        train['scaled_amount'] = scaler.fit_transform(train['Amount'].values.reshape(-1, 1)).ravel()
        test['scaled_amount'] = scaler.transform(test['Amount'].values.reshape(-1, 1)).ravel()
        X = train.drop(['id', 'Time', 'Amount', 'Class'], 1).values
        X_test = test.drop(['id', 'Time', 'Amount'], 1).values
        y = train['Class'].values
        """)], imports=["from sklearn.preprocessing import StandardScaler"], apis=["pd-drop-positional"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f4-prep-robust", "prep", [
        code("""
        cols = """ + _COLS + """ + ['Amount']
        rs = RobustScaler().fit(train[cols])
        X, X_test = rs.transform(train[cols]), rs.transform(test[cols])
        y = train['Class'].values
        print(X.shape, y.mean())
        """)], imports=["from sklearn.preprocessing.data import RobustScaler"], apis=["sk-private-3"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("f4-model-smote", "model", [
        md("## SMOTE + Logistic Regression"),
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        X_res, y_res = SMOTE(random_state=0).fit_sample(X_tr, y_tr)
        lr = LogisticRegression(C=0.5, solver='liblinear').fit(X_res, y_res)
        plot_roc_curve(lr, X_va, y_va)
        plt.show()
        probs = lr.predict_proba(X_test)[:, 1]
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.metrics import plot_roc_curve", "from imblearn.over_sampling import SMOTE"],
        apis=["imb-fit-sample", "sk-plot-metrics"], since="2019-12-04", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f4-model-easy", "model", [
        code("""
        eec = EasyEnsembleClassifier(n_estimators=6, base_estimator=AdaBoostClassifier(n_estimators=30), random_state=42)
        print('CV AUC: %.4f' % cross_val_score(eec, X, y, cv=3, scoring='roc_auc').mean())
        probs = eec.fit(X, y).predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.ensemble import AdaBoostClassifier", "from sklearn.model_selection import cross_val_score",
                        "from imblearn.ensemble import EasyEnsembleClassifier"],
        apis=["imb-easy-base-estimator"], since="2018-10-23", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f4-model-xgb-train", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=1, stratify=y)
        dtrain, dvalid = xgb.DMatrix(X_tr, label=y_tr), xgb.DMatrix(X_va, label=y_va)
        params = {'objective': 'binary:logistic', 'eval_metric': 'auc', 'eta': 0.05, 'max_depth': 4, 'seed': 1}
        watchlist = [(dtrain, 'train'), (dvalid, 'valid')]
        bst = xgb.train(params, dtrain, 400, watchlist, early_stopping_rounds=30, verbose_eval=50)
        probs = bst.predict(xgb.DMatrix(X_test), ntree_limit=bst.best_ntree_limit)
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-train-positional", "xgb-ntree-limit"], needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f4-model-bagging", "model", [
        code("""
        tree = DecisionTreeClassifier(max_depth=6, min_impurity_split=1e-6, random_state=0)
        bag = BaggingClassifier(base_estimator=tree, n_estimators=40, max_samples=0.5, random_state=0, n_jobs=2)
        bag.fit(X, y)
        probs = bag.predict_proba(X_test)[:, 1]
        print(probs[:10])
        """)], imports=["from sklearn.tree import DecisionTreeClassifier", "from sklearn.ensemble import BaggingClassifier"],
        apis=["sk-base-estimator", "sk-min-impurity-split"], needs={"X", "y", "X_test"}, gives={"probs"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"f4-model-smote": "SMOTE + Logistic Regression", "f4-model-easy": "EasyEnsemble", "f4-model-xgb-train": "XGBoost",
               "f4-model-bagging": "bagged trees"}
