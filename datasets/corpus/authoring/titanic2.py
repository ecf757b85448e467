"""Titanic kernels, batch 2 (written after the rule catalog)."""
from kit import Snippet, code, md
import titanic as _b1

SLUG = "titanic"
TITLES = _b1.TITLES + ["Titanic: a data science framework with {m}", "Titanic - who survived? ({m})", "Titanic [0.78] {m}"]

_NUM = """
def prepare(df):
    df = df.copy()
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
    df['Age'] = df['Age'].fillna(28.0)
    df['Fare'] = df['Fare'].fillna(14.45)
    df['FamilySize'] = df['SibSp'] + df['Parch'] + 1
    return df
"""

LOAD = _b1.LOAD[:2] + [
    Snippet("t2-load-concat", "load", [
        md("## Load train and test, and look at them together"),
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        full = pd.concat([train, test], 0, ignore_index=True)
        print(full.shape)
        full.tail()
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-concat-positional"], gives={"train", "test"}),
    Snippet("t2-load-alias", "load", [
        code("""
        train = pd.read_csv("../input/train.csv", index_col=None)
        test  = pd.read_csv("../input/test.csv", index_col=None)
        print("Train: %d rows, Test: %d rows" % (len(train), len(test)))
        """),
        code("""
        train.sample(5)
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
]

EDA = [
    Snippet("t2-eda-dtypes", "eda", [
        code("""
        train.get_dtype_counts()
        """),
        code("""
        train.isnull().sum()
        """)], apis=["pd-get-dtype-counts"], needs={"train"}),
    Snippet("t2-eda-factor-size", "eda", [
        md("### Class, sex and survival"),
        code("""
        g = sns.factorplot(x='Pclass', y='Survived', hue='Sex', data=train,
                           size=4, aspect=1.6, palette='muted')
        g.despine(left=True)
        g.set_ylabels('survival probability')
        """)], imports=["import seaborn as sns"], apis=["sns-factorplot", "sns-size"], needs={"train"}),
    Snippet("t2-eda-tools-plotting", "eda", [
        code("""
        from pandas.tools.plotting import scatter_matrix
        scatter_matrix(train[['Age', 'Fare', 'Pclass', 'SibSp']].dropna(), alpha=0.3, figsize=(10, 10), diagonal='kde')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-tools-plotting"], needs={"train"}),
    Snippet("t2-eda-tools-chain", "eda", [
        code("""
        pd.tools.plotting.scatter_matrix(train[['Age', 'Fare', 'Parch']], figsize=(8, 8))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-tools-plotting"], needs={"train"}),
    Snippet("t2-eda-age-hist", "eda", [
        md("Age distribution of survivors and victims"),
        code("""
        fig = plt.figure(figsize=(10, 5))
        ax = fig.add_subplot(111)
        ax.set_axis_bgcolor('#f5f5f5')
        ax.hist([train[train.Survived == 1].Age.valid(), train[train.Survived == 0].Age.valid()],
                bins=20, stacked=True, normed=True, label=['survived', 'died'])
        ax.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-axis-bgcolor", "pd-valid", "mpl-normed"], needs={"train"}),
    Snippet("t2-eda-kde2d", "eda", [
        code("""
        known = train[train.Age.notnull()]
        sns.kdeplot(known.Age, known.Fare, shade=True, cmap='Blues')
        plt.title('Age vs fare')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-kdeplot-data2"], needs={"train"}),
    Snippet("t2-eda-corr", "eda", [
        code("""
        corr = train.corr()
        corr['Survived'].sort_values(ascending=False)
        """),
        code("""
        plt.figure(figsize=(9, 7))
        sns.heatmap(corr, annot=True, cmap='coolwarm', linewidths=0.2)
        plt.xticks(rotation='45')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-numeric-only", "mpl-rotation-string"], needs={"train"}),
    Snippet("t2-eda-annotate", "eda", [
        code("""
        rates = train.groupby('Pclass')['Survived'].mean()
        ax = rates.plot(kind='bar', color=['#4c72b0', '#55a868', '#c44e52'], figsize=(7, 4))
        for i, v in enumerate(rates.values):
            ax.annotate(s='%.2f' % v, xy=(i, v + 0.01), ha='center')
        plt.ylabel('survival rate')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-annotate-s"], needs={"train"}),
    Snippet("t2-eda-plotly-online", "eda", [
        code("""
        plotly.tools.set_credentials_file(username='kaggler', api_key='xxxxxxxxxx')
        data = [go.Histogram(x=train['Fare'], nbinsx=40)]
        layout = go.Layout(title='Fare distribution')
        py.iplot(go.Figure(data=data, layout=layout), filename='fare-hist')
        """)], imports=["import plotly", "import plotly.plotly as py", "import plotly.graph_objs as go"],
        apis=["plotly-credentials", "plotly-plotly"], needs={"train"}),
    Snippet("t2-eda-msno-bar", "eda", [
        code("""
        msno.bar(train, figsize=(10, 4), color='steelblue')
        """)], imports=["import missingno as msno"], apis=["missingno"], needs={"train"}),
    Snippet("t2-eda-groupby-agg", "eda", [
        code("""
        train.groupby(['Sex', 'Pclass']).mean()
        """)], apis=["pd-numeric-only"], needs={"train"}),
]

PREP = [
    Snippet("t2-prep-title-split", "prep", [
        md("## Titles from the names"),
        code("""
        for df in (train, test):
            df['Title'] = df['Name'].str.split(', ', 1).str[1].str.split('.', 1).str[0]
            df['Title'] = df['Title'].replace(['Lady', 'Countess', 'Capt', 'Col', 'Don', 'Dr', 'Major', 'Rev', 'Sir', 'Jonkheer', 'Dona'], 'Rare')
            df['Title'] = df['Title'].replace({'Mlle': 'Miss', 'Ms': 'Miss', 'Mme': 'Mrs'})
        pd.crosstab(train['Title'], train['Sex'])
        """),
        code(_NUM + """
train = prepare(train)
test = prepare(test)
titles = {'Mr': 1, 'Miss': 2, 'Mrs': 3, 'Master': 4, 'Rare': 5}
train['Title'] = train['Title'].map(titles).fillna(0)
test['Title'] = test['Title'].map(titles).fillna(0)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'FamilySize', 'Title']
X = train[features].astype(np.float)
y = train['Survived']
X_test = test[features].astype(np.float)
        """)], apis=["pd-str-split-positional", "np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t2-prep-set-value", "prep", [
        code("""
        for i in train.index:
            if pd.isnull(train.get_value(i, 'Age')):
                train.set_value(i, 'Age', train[train.Pclass == train.get_value(i, 'Pclass')].Age.median())
        for i in test.index:
            if pd.isnull(test.get_value(i, 'Age')):
                test.set_value(i, 'Age', train[train.Pclass == test.get_value(i, 'Pclass')].Age.median())
        """),
        code(_NUM + """
train = prepare(train)
test = prepare(test)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'FamilySize']
X, y, X_test = train[features], train['Survived'], test[features]
        """)], apis=["pd-get-set-value"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t2-prep-imputer-star", "prep", [
        code("""
        from sklearn.preprocessing import *

        cols = ['Pclass', 'Sex', 'Age', 'SibSp', 'Parch', 'Fare']
        for df in (train, test):
            df['Sex'] = LabelEncoder().fit(['female', 'male']).transform(df['Sex'])
        imp = Imputer(missing_values='NaN', strategy='median', axis=0)
        X = imp.fit_transform(train[cols])
        X_test = imp.transform(test[cols])
        y = train['Survived'].values
        """)], apis=["sk-imputer"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t2-prep-clip", "prep", [
        code("""
        train['Fare'] = train['Fare'].clip_upper(train['Fare'].quantile(0.99))
        test['Fare'] = test['Fare'].clip_upper(train['Fare'].quantile(0.99))
        """),
        code(_NUM + """
train = prepare(train)
test = prepare(test)
features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'FamilySize', 'SibSp', 'Parch']
X = train[features]
y = train.Survived
X_test = test[features]
        """)], apis=["pd-clip-lower-upper"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t2-prep-dummies-drop", "prep", [
        code("""
        data = pd.concat([train.drop('Survived', 1), test])
        data['Age'] = data['Age'].fillna(data['Age'].median())
        data['Fare'] = data['Fare'].fillna(data['Fare'].median())
        data = pd.get_dummies(data.drop(['Name', 'Ticket', 'Cabin'], 1), columns=['Sex', 'Embarked', 'Pclass'])
        X = data[:len(train)].drop('PassengerId', 1)
        X_test = data[len(train):].drop('PassengerId', 1)
        y = train['Survived']
        """)], apis=["pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("t2-model-cv-alias", "model", [
        md("## Random Forest, validated with cross-validation"),
        code("""
        X_tr, X_va, y_tr, y_va = cv.train_test_split(X, y, test_size=0.25, random_state=7)
        rf = RandomForestClassifier(n_estimators=200, max_depth=6, random_state=7)
        rf.fit(X_tr, y_tr)
        print('hold-out accuracy:', rf.score(X_va, y_va))
        scores = cv.cross_val_score(rf, X, y, cv=5)
        print('CV: %.3f +/- %.3f' % (scores.mean(), scores.std()))
        predictions = rf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn import cross_validation as cv", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-cross-validation"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-kfold-old", "model", [
        code("""
        X_arr, y_arr = np.asarray(X, dtype=float), np.asarray(y)
        kf = KFold(len(X_arr), n_folds=5, shuffle=True, random_state=1)
        accs = []
        for tr, va in kf:
            m = GradientBoostingClassifier(n_estimators=150, max_depth=3)
            m.fit(X_arr[tr], y_arr[tr])
            accs.append((m.predict(X_arr[va]) == y_arr[va]).mean())
        print('mean accuracy', np.mean(accs))
        predictions = GradientBoostingClassifier(n_estimators=150, max_depth=3).fit(X_arr, y_arr).predict(np.asarray(X_test, dtype=float))
        """)], imports=["from sklearn.cross_validation import KFold", "from sklearn.ensemble import GradientBoostingClassifier"],
        apis=["sk-cross-validation"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-lda", "model", [
        code("""
        lda = LDA()
        lda.fit(X, y)
        print('train accuracy', lda.score(X, y))
        predictions = lda.predict(X_test)
        """)], imports=["from sklearn.lda import LDA"], apis=["sk-lda-module"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-sgd-old", "model", [
        code("""
        scaler = StandardScaler().fit(X)
        sgd = SGDClassifier(loss='log', n_iter=50, alpha=1e-3, random_state=0)
        sgd.fit(scaler.transform(X), y)
        print(sgd.score(scaler.transform(X), y))
        predictions = sgd.predict(scaler.transform(X_test))
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from sklearn.linear_model import SGDClassifier"],
        apis=["sk-sgd-n-iter", "sk-sgd-loss-log"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-sgd-log", "model", [
        code("""
        clf = make_pipeline(StandardScaler(), SGDClassifier(loss='log', max_iter=1000, tol=1e-3, random_state=42))
        print(cross_val_score(clf, X, y, cv=5, scoring='accuracy').mean())
        predictions = clf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.pipeline import make_pipeline", "from sklearn.preprocessing import StandardScaler",
                        "from sklearn.linear_model import SGDClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-sgd-loss-log"], since="2017-08-11", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-xgb-train", "model", [
        md("## XGBoost with the native API"),
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=0)
        dtrain = xgb.DMatrix(X_tr, label=y_tr)
        dvalid = xgb.DMatrix(X_va, label=y_va)
        params = {'objective': 'binary:logistic', 'eta': 0.05, 'max_depth': 4, 'eval_metric': 'error', 'silent': 1}
        watchlist = [(dtrain, 'train'), (dvalid, 'valid')]
        bst = xgb.train(params, dtrain, 500, watchlist, early_stopping_rounds=30, verbose_eval=50)
        """),
        code("""
        proba = bst.predict(xgb.DMatrix(X_test), ntree_limit=bst.best_ntree_limit)
        predictions = (proba > 0.5).astype(int)
        """)], imports=["from sklearn.model_selection import train_test_split", "import xgboost as xgb"],
        apis=["xgb-train-positional", "xgb-ntree-limit"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-xgb-booster", "model", [
        code("""
        model = XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.1)
        model.fit(X, y)
        fscore = model.booster().get_fscore()
        pd.Series(fscore).sort_values().plot(kind='barh', title='feature importance (F score)')
        predictions = model.predict(X_test)
        """)], imports=["from xgboost import XGBClassifier"], apis=["xgb-booster-method"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-private", "model", [
        code("""
        models = {'tree': DecisionTreeClassifier(max_depth=5, random_state=1),
                  'forest': RandomForestClassifier(n_estimators=100, max_depth=7, random_state=1),
                  'logreg': LogisticRegression(C=0.5, solver='liblinear')}
        for name, m in models.items():
            print(name, cross_val_score(m, X, y, cv=5).mean())
        predictions = models['forest'].fit(X, y).predict(X_test)
        """)], imports=["from sklearn.tree.tree import DecisionTreeClassifier", "from sklearn.ensemble.forest import RandomForestClassifier",
                        "from sklearn.linear_model.logistic import LogisticRegression", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-private-more", "sk-private-modules"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-learning-curve", "model", [
        code("""
        svc = SVC(C=1.0, gamma=0.1)
        X_s = StandardScaler().fit(X).transform(X)
        sizes, tr_scores, te_scores = learning_curve(svc, X_s, y, cv=5, train_sizes=np.linspace(0.2, 1.0, 5))
        plt.plot(sizes, tr_scores.mean(axis=1), 'o-', label='train')
        plt.plot(sizes, te_scores.mean(axis=1), 'o-', label='cv')
        plt.legend(loc='best')
        plt.show()
        """),
        code("""
        scaler = StandardScaler().fit(X)
        predictions = svc.fit(scaler.transform(X), y).predict(scaler.transform(X_test))
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.learning_curve import learning_curve", "from sklearn.svm import SVC",
                        "from sklearn.preprocessing import StandardScaler"],
        apis=["sk-learning-curve-module"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-bagging-grid", "model", [
        code("""
        bag = BaggingClassifier(base_estimator=DecisionTreeClassifier(), n_estimators=50, random_state=3)
        grid = GridSearchCV(bag, {'max_samples': [0.5, 0.8], 'max_features': [0.6, 1.0]}, cv=4, iid=False)
        grid.fit(X, y)
        print(grid.best_params_, grid.best_score_)
        predictions = grid.predict(X_test)
        """)], imports=["from sklearn.ensemble import BaggingClassifier", "from sklearn.tree import DecisionTreeClassifier",
                        "from sklearn.model_selection import GridSearchCV"],
        apis=["sk-base-estimator", "sk-iid"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-lgb", "model", [
        code("""
        clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.03, num_leaves=15)
        clf.fit(X, y)
        predictions = clf.predict(X_test)
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t2-model-keras-adam", "model", [
        code("""
        sc = StandardScaler()
        Xs = sc.fit_transform(X)
        model = Sequential([Dense(32, activation='relu', input_shape=(Xs.shape[1],)), Dense(1, activation='sigmoid')])
        model.compile(optimizer=Adam(lr=0.001), loss='binary_crossentropy', metrics=['accuracy'])
        model.fit(Xs, np.asarray(y), epochs=40, batch_size=16, verbose=0)
        predictions = model.predict_classes(sc.transform(X_test)).ravel()
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from keras.models import Sequential", "from keras.layers import Dense",
                        "from keras.optimizers import Adam"], apis=["keras"], since="2017-03-14", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"t2-model-cv-alias": "Random Forest", "t2-model-kfold-old": "Gradient Boosting", "t2-model-lda": "LDA",
               "t2-model-sgd-old": "SGD", "t2-model-sgd-log": "SGD logistic regression", "t2-model-xgb-train": "XGBoost",
               "t2-model-xgb-booster": "XGBoost", "t2-model-private": "Random Forest", "t2-model-learning-curve": "SVM",
               "t2-model-bagging-grid": "Bagging", "t2-model-lgb": "LightGBM", "t2-model-keras-adam": "Keras"}
STOCHASTIC = {"t2-model-keras-adam"}
