"""Telco-churn kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import churn as _b1

SLUG = "telco-churn"
SINCE = getattr(_b1, "SINCE", "2018-02-23")
TITLES = _b1.TITLES + ["Customer churn: EDA and {m}", "Who leaves? Churn with {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("c4-eda-contract", "eda", [
        md("## Contracts"),
        code("""
        plt.figure(figsize=(8, 4))
        sns.countplot('Contract', hue='Churn', data=train)
        plt.xticks(rotation='20')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional", "mpl-rotation-string"], needs={"train"}),
    Snippet("c4-eda-tenure", "eda", [
        code("""
        new = train['tenure'].between(0, 12, inclusive=True)
        rate_new = (train.loc[new, 'Churn'] == 'Yes').mean()
        ax = train.groupby('tenure')['Churn'].apply(lambda s: (s == 'Yes').mean()).plot(figsize=(9, 4))
        ax.annotate(s='first year: %.0f%% churn' % (100 * rate_new), xy=(6, rate_new), xytext=(25, 0.6),
                    arrowprops=dict(arrowstyle='->'))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-between-inclusive-bool", "mpl-annotate-s"], needs={"train"}),
    Snippet("c4-eda-senior", "eda", [
        code("""
        overall = (train['Churn'] == 'Yes').mean()
        seniors = train[train['SeniorCitizen'] == 1]
        k, n = int((seniors['Churn'] == 'Yes').sum()), len(seniors)
        print('senior churn %.3f vs %.3f overall, p = %.2e' % (k / n, overall, stats.binom_test(k, n, overall)))
        """)], imports=["from scipy import stats"], apis=["sc-binom-test"], needs={"train"}),
]

PREP = [
    Snippet("c4-prep-dummies", "prep", [
        md("## Encoding"),
        code("""
        full = pd.concat([train.drop('Churn', axis=1), test], 0, ignore_index=True)
        full['TotalCharges'] = pd.to_numeric(full['TotalCharges'], errors='coerce').fillna(0)
        full = pd.get_dummies(full.drop(['customerID'], 1), drop_first=True)
        X, X_test = full[:len(train)].values, full[len(train):].values
        y = (train['Churn'] == 'Yes').astype(int).values
        print(X.shape, X_test.shape)
        """)], apis=["pd-concat-positional", "pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c4-prep-labels", "prep", [
        code("""
        y = (train['Churn'] == 'Yes').astype(int).values
        feats = train.drop(['customerID', 'Churn'], axis=1)
        others = test.drop(['customerID'], axis=1)
        for df in (feats, others):
            df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
        for name, col in feats.iteritems():
            if col.dtype == object:
                le = LabelEncoder().fit(pd.concat([col, others[name]]))
                feats[name], others[name] = le.transform(col), le.transform(others[name])
        X, X_test = feats.values.astype(np.float_), others.values.astype(np.float_)
        """)], imports=["from sklearn.preprocessing import LabelEncoder"], apis=["pd-iteritems", "np-nan-aliases"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("c4-model-gbc", "model", [
        md("## Gradient Boosting"),
        code("""
        gbc = GradientBoostingClassifier(loss='deviance', n_estimators=150, learning_rate=0.05, max_depth=3, random_state=8)
        acc = cross_val_score(gbc, X, y, cv=KFold(n_splits=5, random_state=8))
        print('accuracy %.4f' % acc.mean())
        pred = gbc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import GradientBoostingClassifier", "from sklearn.model_selection import KFold, cross_val_score"],
        apis=["sk-loss-deviance", "sk-kfold-random-state"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c4-model-logit", "model", [
        code("""
        sc = StandardScaler().fit(X)
        X_tr, X_va, y_tr, y_va = train_test_split(sc.transform(X), y, test_size=0.25, random_state=3, stratify=y)
        logreg = LogisticRegression(penalty='none', solver='lbfgs', max_iter=3000).fit(X_tr, y_tr)
        plot_precision_recall_curve(logreg, X_va, y_va)
        plt.show()
        pred = logreg.predict(sc.transform(X_test))
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.preprocessing import StandardScaler", "from sklearn.model_selection import train_test_split",
                        "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import plot_precision_recall_curve"],
        apis=["sk-penalty-none", "sk-plot-pr-curve"], since="2019-12-04", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c4-model-xgb", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=21, stratify=y)
        clf = XGBClassifier(n_estimators=500, learning_rate=0.05, max_depth=3, random_state=21)
        clf.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='logloss', early_stopping_rounds=25, verbose=False)
        print('validation accuracy', (clf.predict(X_va) == y_va).mean())
        pred = clf.predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args"], needs={"X", "y", "X_test"}, gives={"pred"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"c4-model-gbc": "Gradient Boosting", "c4-model-logit": "Logistic Regression", "c4-model-xgb": "XGBoost"}
