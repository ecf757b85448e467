"""Titanic kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import titanic as _b1

SLUG = "titanic"
TITLES = _b1.TITLES + ["Titanic: a compact {m} baseline", "Titanic from scratch: EDA and {m}"]
STOCHASTIC = set()

_FEATS = """
for df in (train, test):
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df['Age'] = df['Age'].fillna(train['Age'].median())
    df['Fare'] = df['Fare'].fillna(train['Fare'].median())
    df['FamilySize'] = df['SibSp'] + df['Parch'] + 1
"""

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("t4-eda-style-count", "eda", [
        md("## Who survived?"),
        code("""
        plt.style.use('seaborn-whitegrid')
        fig, axes = plt.subplots(1, 2, figsize=(12, 4))
        sns.countplot('Pclass', hue='Survived', data=train, ax=axes[0])
        sns.countplot('Sex', hue='Survived', data=train, ax=axes[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style", "sns-positional"], needs={"train"}),
    Snippet("t4-eda-agegrid", "eda", [
        code("""
        grid = sns.FacetGrid(train, col='Survived', row='Pclass', size=2.5, aspect=1.6)
        grid.map(plt.hist, 'Age', alpha=.6, bins=20)
        grid.add_legend()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("t4-eda-iteritems", "eda", [
        code("""
        pd.set_option('display.max_colwidth', -1)
        for name, column in train[['Sex', 'Embarked', 'Pclass']].iteritems():
            print(name, column.value_counts(dropna=False).to_dict())
        train[['Name', 'Ticket', 'Cabin']].head(8)
        """)], apis=["pd-max-colwidth", "pd-iteritems"], needs={"train"}),
    Snippet("t4-eda-sctypes", "eda", [
        code("""
        numeric = [c for c in train.columns if train[c].dtype.type in np.sctypes['float'] + np.sctypes['int']]
        print(numeric)
        train[numeric].describe().T
        """)], apis=["np-sctypes"], needs={"train"}),
    Snippet("t4-eda-fare-mad", "eda", [
        md("Fare spread per class (mean absolute deviation)"),
        code("""
        spread = train.groupby('Pclass')['Fare'].mad()
        print(spread)
        print('overall', train.Fare.mad())
        """)], apis=["pd-mad"], needs={"train"}),
]

PREP = [
    Snippet("t4-prep-title-split", "prep", [
        md("## Feature engineering"),
        code("""
        for df in (train, test):
            df['Title'] = df['Name'].str.split(', ', 1).str[1].str.split('.', 1).str[0]
            df['Title'] = df['Title'].where(df['Title'].isin(['Mr', 'Mrs', 'Miss', 'Master']), 'Other')
        """),
        code(_FEATS + """
title_map = {'Mr': 0, 'Mrs': 1, 'Miss': 2, 'Master': 3, 'Other': 4}
for df in (train, test):
    df['Title'] = df['Title'].map(title_map)
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
X = train.drop(['PassengerId', 'Survived', 'Name', 'Ticket', 'Cabin'], 1)
X_test = test.drop(['PassengerId', 'Name', 'Ticket', 'Cabin'], 1)
y = train['Survived']
X.head()
        """)], apis=["pd-str-split-positional", "pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t4-prep-cat-inplace", "prep", [
        code(_FEATS + """
for df in (train, test):
    df['Embarked'] = df['Embarked'].fillna('S').astype('category')
    df['Embarked'].cat.set_categories(['S', 'C', 'Q'], inplace=True)
    df['Embarked'] = df['Embarked'].cat.codes
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'FamilySize']
X, y, X_test = train[features], train['Survived'], test[features]
        """)], apis=["pd-cat-inplace"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t4-prep-asfarray", "prep", [
        code(_FEATS + """
for df in (train, test):
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
cols = ['Pclass', 'Sex', 'Age', 'SibSp', 'Parch', 'Fare', 'Embarked', 'FamilySize']
X = np.asfarray(train[cols])
X_test = np.asfarray(test[cols])
y = train['Survived'].values
X.shape, X_test.shape
        """)], apis=["np-asfarray"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("t4-model-gbc", "model", [
        md("## Gradient boosting"),
        code("""
        skf = StratifiedKFold(n_splits=5, random_state=2017)
        gbc = GradientBoostingClassifier(loss='deviance', n_estimators=120, max_depth=3, random_state=2017)
        scores = cross_val_score(gbc, X, y, cv=skf)
        print('accuracy %.4f +/- %.4f' % (scores.mean(), scores.std()))
        predictions = gbc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import StratifiedKFold, cross_val_score", "from sklearn.ensemble import GradientBoostingClassifier"],
        apis=["sk-kfold-random-state", "sk-loss-deviance"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t4-model-rf-forest", "model", [
        code("""
        forest = RandomForestClassifier(n_estimators=150, max_features='auto', max_depth=7, random_state=11)
        forest.fit(X, y)
        print('train accuracy', forest.score(X, y))
        predictions = forest.predict(X_test)
        """)], imports=["from sklearn.ensemble.forest import RandomForestClassifier"],
        apis=["sk-private-modules", "sk-max-features-auto"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t4-model-svc-scorers", "model", [
        code("""
        print([name for name in sorted(metrics.SCORERS.keys()) if 'acc' in name])
        pipe = make_pipeline(StandardScaler(), SVC(gamma='scale'))
        search = GridSearchCV(pipe, {'svc__C': [0.3, 1, 3]}, 'accuracy', cv=4)
        search.fit(X, y)
        print(search.best_params_, round(search.best_score_, 4))
        predictions = search.predict(X_test)
        """)], imports=["from sklearn import metrics", "from sklearn.pipeline import make_pipeline", "from sklearn.preprocessing import StandardScaler",
                        "from sklearn.svm import SVC", "from sklearn.model_selection import GridSearchCV"],
        apis=["sk-scorers-dict", "sk-keyword-only"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"t4-model-gbc": "Gradient Boosting", "t4-model-rf-forest": "Random Forest", "t4-model-svc-scorers": "SVM"}
