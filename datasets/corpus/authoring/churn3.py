"""Telco churn kernels, batch 3 (a held-out test set). Prep gives X, y, X_test; models give pred (1 = churn)."""
import textwrap
from kit import Snippet, code, md

_dd = textwrap.dedent
import churn as _b1

SLUG = "telco-churn"
SINCE = _b1.SINCE
TITLES = _b1.TITLES + ["Customer churn: EDA and {m}", "Who leaves? Telco churn with {m}"]

_ENCODE = """
def encode(df):
    df = df.copy()
    df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
    for col in ['Partner', 'Dependents', 'PhoneService', 'PaperlessBilling']:
        df[col] = (df[col] == 'Yes').astype(int)
    df['gender'] = (df['gender'] == 'Female').astype(int)
    df = pd.get_dummies(df, columns=['MultipleLines', 'InternetService', 'OnlineSecurity', 'TechSupport', 'Contract', 'PaymentMethod'])
    return df
"""

LOAD = _b1.LOAD

EDA = [
    Snippet("c3-eda-contract", "eda", [
        md("### Contract, tenure and churn"),
        code("""
        sns.factorplot('Contract', data=train, hue='Churn', kind='count', size=4, aspect=1.5)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot", "sns-size", "sns-positional"], needs={"train"}),
    Snippet("c3-eda-style", "eda", [
        code("""
        plt.style.use('seaborn-whitegrid')
        fig, ax = plt.subplots(figsize=(10, 4))
        for label, grp in train.groupby('Churn'):
            grp['tenure'].plot(kind='kde', ax=ax, label='Churn=' + label)
        ax.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("c3-eda-binom", "eda", [
        code("""
        base = (train.Churn == 'Yes').mean()
        for col in ['SeniorCitizen', 'Partner', 'Dependents', 'PaperlessBilling']:
            for value, grp in train.groupby(col):
                k, n = int((grp.Churn == 'Yes').sum()), len(grp)
                print('%-16s %-4s churn %.3f  p=%.2g' % (col, value, k / n, stats.binom_test(k, n, base)))
        """)], imports=["from scipy import stats"], apis=["sc-binom-test"], needs={"train"}),
    Snippet("c3-eda-charges-level", "eda", [
        code("""
        charges = train.set_index(['Contract', 'InternetService'])['MonthlyCharges']
        print(charges.mean(level='Contract'))
        charges.mean(level=[0, 1]).unstack().plot(kind='bar', figsize=(9, 4), rot=0)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-level-kw"], needs={"train"}),
    Snippet("c3-eda-lm-size", "eda", [
        code("""
        tmp = train.assign(Churned=(train.Churn == 'Yes').astype(int))
        sns.lmplot(x='tenure', y='Churned', data=tmp, logistic=True, y_jitter=0.05, size=4, aspect=1.6, scatter_kws={'alpha': 0.1})
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
]

PREP = [
    Snippet("c3-prep-dummies", "prep", [
        md("## Encoding"),
        code(_ENCODE + """
both = encode(pd.concat([train.drop(['Churn'], axis=1), test], sort=False))
X = both.iloc[:len(train)].drop(['customerID'], axis=1)
X_test = both.iloc[len(train):].drop(['customerID'], axis=1)
y = (train['Churn'] == 'Yes').astype(int).values
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c3-prep-fill-numeric", "prep", [
        code(_dd("""
        train['TotalCharges'] = pd.to_numeric(train['TotalCharges'], errors='coerce')
        train = train.dropna(0, subset=['TotalCharges']).reset_index(drop=True)
        """) + _ENCODE + _dd("""
        both = encode(pd.concat([train.drop(['Churn'], axis=1), test], sort=False))
        X = both.iloc[:len(train)].drop(['customerID'], axis=1).values
        X_test = both.iloc[len(train):].drop(['customerID'], axis=1).values
        y = train['Churn'].map({'Yes': 1, 'No': 0}).values
        """))], apis=["pd-dedup-dropna-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c3-prep-scale-private", "prep", [
        code(_ENCODE + """
both = encode(pd.concat([train.drop(['Churn'], axis=1), test], sort=False)).drop(['customerID'], axis=1)
scaler = MinMaxScaler()
both[['tenure', 'MonthlyCharges', 'TotalCharges']] = scaler.fit_transform(both[['tenure', 'MonthlyCharges', 'TotalCharges']])
X, X_test = both.iloc[:len(train)], both.iloc[len(train):]
y = np.where(train.Churn == 'Yes', 1, 0)
        """)], imports=["from sklearn.preprocessing.data import MinMaxScaler"], apis=["sk-private-3"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("c3-model-logit-none", "model", [
        md("## Logistic Regression (no regularisation)"),
        code("""
        logreg = LogisticRegression(penalty='none', solver='newton-cg', max_iter=500)
        logreg.fit(X, y)
        print(classification_report(y, logreg.predict(X)))
        pred = logreg.predict(X_test)
        """)], imports=["from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import classification_report"],
        apis=["sk-penalty-none"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-rf-grid-scores", "model", [
        code("""
        grid = GridSearchCV(RandomForestClassifier(n_estimators=100, random_state=0), {'max_depth': [5, 8, 12], 'min_samples_leaf': [1, 5]}, cv=3)
        grid.fit(X, y)
        best = max(grid.grid_scores_, key=lambda s: s.mean_validation_score)
        print('best:', best)
        pred = grid.predict(X_test)
        """)], imports=["from sklearn.model_selection import GridSearchCV", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-grid-scores"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-gb-private", "model", [
        code("""
        gbc = GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, random_state=1)
        gbc.fit(X, y)
        p = gbc.predict_proba(X)[:, 1]
        print('train AUC', roc_auc_score(y, p), 'accuracy', accuracy_score(y, p > 0.5))
        pred = gbc.predict(X_test)
        """)], imports=["from sklearn.ensemble.gradient_boosting import GradientBoostingClassifier", "from sklearn.metrics.ranking import roc_auc_score",
                        "from sklearn.metrics.classification import accuracy_score"],
        apis=["sk-private-3"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-xgb-best", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(np.asarray(X, dtype=float), y, test_size=0.2, random_state=7, stratify=y)
        dtr, dva = xgb.DMatrix(X_tr, label=y_tr), xgb.DMatrix(X_va, label=y_va)
        bst = xgb.train({'objective': 'binary:logistic', 'eta': 0.05, 'max_depth': 4, 'eval_metric': 'error'}, dtr, 1000,
                        evals=[(dva, 'valid')], early_stopping_rounds=50, verbose_eval=False)
        print('stopped at', bst.best_ntree_limit)
        pred = (bst.predict(xgb.DMatrix(np.asarray(X_test, dtype=float)), ntree_limit=bst.best_ntree_limit) > 0.5).astype(int)
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-best-ntree-limit", "xgb-ntree-limit"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-smote-svc", "model", [
        code("""
        sm = SMOTE(random_state=12, ratio=1.0)
        X_sm, y_sm = sm.fit_sample(np.asarray(X, dtype=float), y)
        svc = SVC(1.0, 'rbf', gamma='scale')
        cv_acc = cross_val_score(svc, X_sm, y_sm, cv=StratifiedKFold(4, True, 3))
        print(cv_acc.mean())
        pred = svc.fit(X_sm, y_sm).predict(np.asarray(X_test, dtype=float))
        """)], imports=["from imblearn.over_sampling import SMOTE", "from sklearn.svm import SVC", "from sklearn.model_selection import cross_val_score, StratifiedKFold"],
        apis=["imb-ratio", "imb-fit-sample", "sk-keyword-only"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-hgb", "model", [
        code("""
        clf = HistGradientBoostingClassifier(loss='binary_crossentropy', learning_rate=0.05, max_iter=300, random_state=0)
        clf.fit(X, y)
        pred = clf.predict(X_test)
        """)], imports=["from sklearn.experimental import enable_hist_gradient_boosting", "from sklearn.ensemble import HistGradientBoostingClassifier"],
        apis=["sk-hgb-binary-crossentropy"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c3-model-lgb", "model", [
        code("""
        clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.03, num_leaves=20)
        clf.fit(X, y)
        pred = clf.predict(X_test)
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], needs={"X", "y", "X_test"}, gives={"pred"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("c3-sub-terminator", "submit", [
        code("""
        submission = pd.DataFrame({'customerID': test.customerID, 'Churn': np.where(np.asarray(pred) == 1, 'Yes', 'No')})
        submission.to_csv('submission.csv', index=False, line_terminator='\\n')
        """)], apis=["pd-line-terminator"], needs={"pred", "test"}),
]

MODEL_NAMES = {"c3-model-logit-none": "Logistic Regression", "c3-model-rf-grid-scores": "Random Forest", "c3-model-gb-private": "Gradient Boosting",
               "c3-model-xgb-best": "XGBoost", "c3-model-smote-svc": "SMOTE + SVM", "c3-model-hgb": "HistGradientBoosting", "c3-model-lgb": "LightGBM"}
STOCHASTIC = set()
