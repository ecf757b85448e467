"""Titanic kernels, batch 3 (a held-out test set, written after the rule catalog)."""
import textwrap
from kit import Snippet, code, md

_dd = textwrap.dedent
import titanic as _b1

SLUG = "titanic"
TITLES = _b1.TITLES + ["Titanic: step by step with {m}", "Titanic survival - EDA to {m}", "My Titanic pipeline ({m})"]

_FEATS = """
def add_features(df):
    df = df.copy()
    df['Sex'] = (df['Sex'] == 'female').astype(int)
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    df['Fare'] = df['Fare'].fillna(df['Fare'].median())
    df['Age'] = df['Age'].fillna(df['Age'].median())
    df['Family'] = df['SibSp'] + df['Parch']
    df['IsAlone'] = (df['Family'] == 0).astype(int)
    return df
"""

LOAD = _b1.LOAD

EDA = [
    Snippet("t3-eda-bar-pos", "eda", [
        md("### Survival by class and by port"),
        code("""
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
        sb.barplot('Pclass', 'Survived', data=train, ax=ax1)
        sb.pointplot('Embarked', 'Survived', hue='Sex', data=train, ax=ax2)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sb"], apis=["sns-positional"], needs={"train"}),
    Snippet("t3-eda-lmplot", "eda", [
        code("""
        g = sns.lmplot(x='Age', y='Survived', hue='Sex', data=train, logistic=True, y_jitter=.03, size=5, aspect=1.3)
        g.set(xlim=(0, 80))
        """)], imports=["import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("t3-eda-level", "eda", [
        md("How many survived in each class and sex?"),
        code("""
        counts = train.set_index(['Pclass', 'Sex'])[['Survived']]
        per_class = counts.sum(level=0)
        per_class_sex = counts.sum(level=[0, 1])
        print(per_class)
        per_class_sex.unstack().plot(kind='bar', figsize=(8, 4))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-level-kw"], needs={"train"}),
    Snippet("t3-eda-ticket-prefix", "eda", [
        code("""
        prefix = train['Ticket'].str.rsplit(' ', 1).str[0]
        prefix = prefix.where(train['Ticket'].str.contains(' '), 'NUM')
        train.groupby(prefix)['Survived'].agg(['mean', 'count']).sort_values('count', ascending=False).head(10)
        """)], apis=["pd-rsplit-positional"], needs={"train"}),
    Snippet("t3-eda-fare-hist", "eda", [
        code("""
        np.warnings.filterwarnings('ignore')
        plt.figure(figsize=(9, 4))
        plt.hist([train.Fare[train.Survived == 1], train.Fare[train.Survived == 0]], bins=30, range=(0, 200),
                 stacked=True, color=['g', 'r'], label=['Survived', 'Dead'])
        plt.grid(b=True, alpha=0.3)
        plt.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["np-warnings", "mpl-grid-b"], needs={"train"}),
    Snippet("t3-eda-factor-kind", "eda", [
        code("""
        sb.factorplot('Parch', 'Survived', data=train, kind='bar', size=4, aspect=2)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sb"], apis=["sns-factorplot", "sns-size", "sns-positional"], needs={"train"}),
    Snippet("t3-eda-chisq", "eda", [
        code("""
        for col in ['Pclass', 'Sex', 'Embarked']:
            table = pd.crosstab(train[col], train['Survived'])
            chi2, p, dof, expected = stats.chi2_contingency(table)
            print('%-9s chi2 = %7.2f  dof = %d  p = %.2e' % (col, chi2, dof, stats.chisqprob(chi2, dof)))
        """)], imports=["from scipy import stats"], apis=["sc-chisqprob"], needs={"train"}),
    Snippet("t3-eda-msno", "eda", [
        code("""
        msno.heatmap(train)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import missingno as msno"], apis=["missingno"], needs={"train"}),
    Snippet("t3-eda-plotly-pie", "eda", [
        code("""
        plotly.tools.set_credentials_file(username='my_user', api_key='my_key')
        counts = train['Embarked'].value_counts()
        fig = {'data': [{'labels': counts.index.tolist(), 'values': counts.values.tolist(), 'type': 'pie'}],
               'layout': {'title': 'Port of embarkation'}}
        py.iplot(fig, filename='embarked-pie')
        """)], imports=["import plotly", "import plotly.plotly as py"], apis=["plotly-credentials", "plotly-plotly"], until="2019-07-16", needs={"train"}),
    Snippet("t3-eda-heat-rot", "eda", [
        code("""
        num = train[['Survived', 'Pclass', 'Age', 'SibSp', 'Parch', 'Fare']]
        ax = sns.heatmap(num.corr(), annot=True, fmt='.2f', cmap='RdBu_r')
        ax.set_xticklabels(num.columns, rotation='45')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-rotation-string"], needs={"train"}),
]

PREP = [
    Snippet("t3-prep-title-lookup", "prep", [
        md("## Features"),
        code("""
        for df in (train, test):
            df['Title'] = df.Name.str.extract(r' ([A-Za-z]+)\\.', expand=False)
            df['Title'] = df['Title'].replace(['Mlle', 'Ms'], 'Miss').replace('Mme', 'Mrs')
            df.loc[~df.Title.isin(['Mr', 'Mrs', 'Miss', 'Master']), 'Title'] = 'Rare'
        # median age per title and class, looked up for every passenger
        ages = train.pivot_table(index='Title', columns='Pclass', values='Age', aggfunc='median')
        for df in (train, test):
            guess = ages.lookup(df['Title'], df['Pclass'])
            df['Age'] = df['Age'].fillna(pd.Series(guess, index=df.index))
        """),
        code(_FEATS + """
train = add_features(train)
test = add_features(test)
train['Title'] = train['Title'].map({'Mr': 0, 'Mrs': 1, 'Miss': 2, 'Master': 3, 'Rare': 4})
test['Title'] = test['Title'].map({'Mr': 0, 'Mrs': 1, 'Miss': 2, 'Master': 3, 'Rare': 4})
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Family', 'IsAlone', 'Title']
X, y, X_test = train[features], train['Survived'], test[features]
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-lookup"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t3-prep-bins-int", "prep", [
        code(_FEATS + """
train = add_features(train)
test = add_features(test)
for df in (train, test):
    df['AgeBin'] = (df['Age'] // 16).astype(np.int)
    df['FareBin'] = np.digitize(df['Fare'], [7.91, 14.454, 31]).astype(np.int0)
features = ['Pclass', 'Sex', 'AgeBin', 'FareBin', 'Embarked', 'Family', 'IsAlone']
X = train[features].values.astype(np.float)
y = train['Survived'].values
X_test = test[features].values.astype(np.float)
        """)], apis=["np-aliases", "np-sized-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t3-prep-dedup", "prep", [
        code("""
        full = pd.concat([train, test], sort=False)
        # one row per ticket: the group's size
        tickets = full[['Ticket', 'PassengerId']].drop_duplicates('Ticket', 'first')
        sizes = full.groupby('Ticket').size()
        for df in (train, test):
            df['TicketSize'] = df['Ticket'].map(sizes)
        print(len(tickets), 'distinct tickets')
        """),
        code(_FEATS + """
train = add_features(train)
test = add_features(test)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Family', 'TicketSize']
X, y, X_test = train[features], train.Survived, test[features]
        """)], apis=["pd-dedup-dropna-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t3-prep-printopts", "prep", [
        code(_dd("""
        np.set_printoptions(threshold=np.nan)
        """) + _FEATS + _dd("""
        train = add_features(train)
        test = add_features(test)
        features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Family', 'IsAlone']
        X, y, X_test = train[features].values, train['Survived'].values, test[features].values
        print(X[:5])
        """))], apis=["np-printoptions-nan"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("t3-model-grid-scores", "model", [
        md("## Tuning a Random Forest"),
        code("""
        grid = GridSearchCV(RandomForestClassifier(random_state=1), {'n_estimators': [50, 150], 'max_depth': [4, 6, 8]}, cv=5)
        grid.fit(X, y)
        for params, mean_score, scores in grid.grid_scores_:
            print('%0.3f (+/-%0.03f) for %r' % (mean_score, scores.std() * 2, params))
        predictions = grid.best_estimator_.predict(X_test)
        """)], imports=["from sklearn.grid_search import GridSearchCV", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-grid-search", "sk-grid-scores"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-logit-none", "model", [
        code("""
        scaler = StandardScaler().fit(X)
        logit = LogisticRegression(penalty='none', solver='lbfgs', max_iter=1000)
        print('CV accuracy: %.3f' % cross_val_score(logit, scaler.transform(X), y, cv=5).mean())
        logit.fit(scaler.transform(X), y)
        predictions = logit.predict(scaler.transform(X_test))
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-penalty-none"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-svc-pos", "model", [
        code("""
        def evaluate(model, X, y, n=5):
            folds = KFold(n, True, 17)
            return np.mean([model.fit(X[tr], y[tr]).score(X[va], y[va]) for tr, va in folds.split(X)])

        Xs = MinMaxScaler().fit_transform(np.asarray(X, dtype=float))
        for C in [0.5, 1.0, 3.0]:
            print(C, evaluate(SVC(C, 'rbf', gamma='auto'), Xs, np.asarray(y)))
        """),
        code("""
        mm = MinMaxScaler().fit(np.asarray(X, dtype=float))
        best = SVC(1.0, 'rbf', gamma='auto').fit(mm.transform(np.asarray(X, dtype=float)), y)
        predictions = best.predict(mm.transform(np.asarray(X_test, dtype=float)))
        """)], imports=["from sklearn.model_selection import KFold", "from sklearn.preprocessing import MinMaxScaler", "from sklearn.svm import SVC"],
        apis=["sk-keyword-only"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-private-gb", "model", [
        code("""
        gb = GradientBoostingClassifier(n_estimators=200, learning_rate=0.05, max_depth=3, random_state=0)
        ada = AdaBoostClassifier(n_estimators=150, learning_rate=0.5, random_state=0)
        for name, m in [('gb', gb), ('ada', ada)]:
            m.fit(X, y)
            print(name, accuracy_score(y, m.predict(X)))
        predictions = gb.predict(X_test)
        """)], imports=["from sklearn.ensemble.gradient_boosting import GradientBoostingClassifier",
                        "from sklearn.ensemble.weight_boosting import AdaBoostClassifier", "from sklearn.metrics.classification import accuracy_score"],
        apis=["sk-private-3"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-xgb-best", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
        d_tr = xgb.DMatrix(X_tr, label=y_tr)
        d_va = xgb.DMatrix(X_va, label=y_va)
        param = {'max_depth': 3, 'eta': 0.1, 'objective': 'binary:logistic', 'eval_metric': 'logloss'}
        booster = xgb.train(param, d_tr, num_boost_round=400, evals=[(d_va, 'valid')], early_stopping_rounds=25, verbose_eval=False)
        print('best round:', booster.best_ntree_limit)
        """),
        code("""
        p = booster.predict(xgb.DMatrix(X_test), ntree_limit=booster.best_ntree_limit)
        predictions = np.where(p > 0.5, 1, 0)
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-best-ntree-limit", "xgb-ntree-limit"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-hgb", "model", [
        code("""
        hgb = HistGradientBoostingClassifier(loss='binary_crossentropy', max_iter=200, learning_rate=0.05, random_state=3)
        print(cross_val_score(hgb, X, y, cv=5).mean())
        predictions = hgb.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.experimental import enable_hist_gradient_boosting", "from sklearn.ensemble import HistGradientBoostingClassifier",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-hgb-binary-crossentropy"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t3-model-lgb", "model", [
        code("""
        model = lgb.LGBMClassifier(n_estimators=200, learning_rate=0.05, num_leaves=16, random_state=1)
        model.fit(X, y)
        predictions = model.predict(X_test)
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("t3-sub-terminator", "submit", [
        code("""
        submission = pd.DataFrame({'PassengerId': test['PassengerId'], 'Survived': np.asarray(predictions, dtype=int)})
        submission.to_csv('submission.csv', index=False, line_terminator='\\n')
        print(submission.Survived.mean())
        """)], apis=["pd-line-terminator"], needs={"predictions", "test"}),
]

MODEL_NAMES = {"t3-model-grid-scores": "a tuned Random Forest", "t3-model-logit-none": "Logistic Regression", "t3-model-svc-pos": "SVM",
               "t3-model-private-gb": "Gradient Boosting", "t3-model-xgb-best": "XGBoost", "t3-model-hgb": "HistGradientBoosting",
               "t3-model-lgb": "LightGBM"}
STOCHASTIC = set()
