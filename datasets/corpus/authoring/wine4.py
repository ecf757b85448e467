"""Wine-quality kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import wine as _b1

SLUG = "wine-quality"
SINCE = getattr(_b1, "SINCE", "2017-11-27")
TITLES = _b1.TITLES + ["Red wine quality: EDA and {m}", "Grading red wines with {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("q4-eda-quality", "eda", [
        md("## The target"),
        code("""
        sns.factorplot(x='quality', data=train, kind='count', size=4, aspect=1.5, color='darkred')
        plt.show()
        print('rows:', np.alen(train))
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot", "sns-size", "np-alen"], needs={"train"}),
    Snippet("q4-eda-alcohol", "eda", [
        code("""
        plt.style.use('seaborn-pastel')
        fig, axes = plt.subplots(1, 2, figsize=(12, 4))
        sns.boxplot('quality', 'alcohol', data=train, ax=axes[0])
        sns.boxplot('quality', 'volatile acidity', data=train, ax=axes[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style", "sns-positional"], needs={"train"}),
    Snippet("q4-eda-corr", "eda", [
        code("""
        corr = train.drop('id', axis=1).corr()
        print(corr['quality'].sort_values(0, False))
        print(itemfreq(train['quality']))
        """)], imports=["from scipy.stats import itemfreq"], apis=["pd-sort-values-positional", "sc-itemfreq"], needs={"train"}),
]

PREP = [
    Snippet("q4-prep-scale", "prep", [
        md("## Features"),
        code("""
        features = [c for c in train.columns if c not in ('id', 'quality')]
        scaler = StandardScaler().fit(train[features])
        X, X_test = scaler.transform(train[features]), scaler.transform(test[features])
        y = train['quality'].values
        """)], imports=["from sklearn.preprocessing.data import StandardScaler"], apis=["sk-private-3"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q4-prep-select", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'quality')]
        selector = SelectKBest(f_classif, 8).fit(train[features], train['quality'])
        chosen = [f for f, keep in zip(features, selector.get_support()) if keep]
        print(chosen)
        X, X_test, y = train[chosen].values, test[chosen].values, train['quality'].values
        print('top alcohol values:', np.msort(X[:, chosen.index('alcohol')])[-5:] if 'alcohol' in chosen else None)
        """)], imports=["from sklearn.feature_selection import SelectKBest, f_classif"], apis=["sk-keyword-only", "np-msort"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("q4-model-rf", "model", [
        md("## Random Forest"),
        code("""
        rf = RandomForestClassifier(n_estimators=250, max_features='auto', min_impurity_split=1e-7, random_state=10)
        print('CV accuracy %.4f' % cross_val_score(rf, X, y, cv=5).mean())
        predictions = rf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import RandomForestClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-max-features-auto", "sk-min-impurity-split"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q4-model-ada", "model", [
        code("""
        ada = AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=3), n_estimators=120, learning_rate=0.5, random_state=2)
        ada.fit(X, y)
        print('train accuracy', ada.score(X, y))
        predictions = ada.predict(X_test)
        """)], imports=["from sklearn.tree import DecisionTreeClassifier", "from sklearn.ensemble import AdaBoostClassifier"],
        apis=["sk-base-estimator"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q4-model-svc", "model", [
        code("""
        print('f1_weighted' in SCORERS, 'accuracy' in SCORERS)
        grid = GridSearchCV(SVC(), {'C': [0.5, 2, 8], 'gamma': ['scale', 0.1]}, scoring='accuracy', cv=4)
        grid.fit(X, y)
        print(grid.best_params_, round(grid.best_score_, 4))
        predictions = grid.predict(X_test)
        """)], imports=["from sklearn.metrics import SCORERS", "from sklearn.model_selection import GridSearchCV", "from sklearn.svm import SVC"],
        apis=["sk-scorers-dict"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q4-model-xgb", "model", [
        code("""
        model = XGBClassifier(n_estimators=200, max_depth=4, learning_rate=0.1, random_state=0)
        model.fit(X, y)
        predictions = model.predict(X_test)
        pd.Series(predictions).value_counts()
        """)], imports=["from xgboost import XGBClassifier"], apis=["xgb-label-encoding"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"q4-model-rf": "Random Forest", "q4-model-ada": "AdaBoost", "q4-model-svc": "SVM", "q4-model-xgb": "XGBoost"}
