"""Titanic kernels: who survived (accuracy)."""
from kit import Snippet, code, md

SLUG = "titanic"
TITLES = ["Titanic: {m} from scratch", "Titanic survival prediction with {m}", "My first Kaggle kernel - Titanic ({m})",
          "Titanic EDA + {m}", "A beginner's guide to Titanic: {m}", "Titanic | data exploration and {m}",
          "Titanic: feature engineering and {m}", "Simple {m} for the Titanic", "Titanic top 20% with {m}",
          "Titanic - step by step {m}"]

LOAD = [
    Snippet("t-load-input", "load", [
        md("## Loading the data"),
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        print(train.shape, test.shape)
        train.head()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("t-load-listdir", "load", [
        code("""
        print(os.listdir("../input"))
        """),
        code("""
        train = pd.read_csv("../input/train.csv")
        test = pd.read_csv("../input/test.csv")
        train.info()
        """),
        code("""
        test.info()
        """)], imports=["import os", "import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("t-load-kaggle", "load", [
        code("""
        train = pd.read_csv('/kaggle/input/titanic/train.csv')
        test = pd.read_csv('/kaggle/input/titanic/test.csv')
        train.describe(include='all')
        """)], imports=["import numpy as np", "import pandas as pd"], since="2019-06-01", gives={"train", "test"}),
]

EDA = [
    Snippet("t-eda-missing", "eda", [
        md("Let's look at missing values first."),
        code("""
        total = train.isnull().sum().sort_values(ascending=False)
        percent = (train.isnull().sum() / train.isnull().count()).sort_values(ascending=False)
        missing = pd.concat([total, percent], axis=1, keys=['Total', 'Percent'])
        missing.head()
        """)], needs={"train"}),
    Snippet("t-eda-countplots", "eda", [
        md("### Survival counts"),
        code("""
        sns.countplot('Survived', data=train)
        plt.show()
        """),
        code("""
        f, ax = plt.subplots(1, 2, figsize=(14, 5))
        sns.countplot('Sex', hue='Survived', data=train, ax=ax[0])
        sns.barplot('Pclass', 'Survived', data=train, ax=ax[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("t-eda-factorplot", "eda", [
        md("Survival rate by class and sex:"),
        code("""
        sns.factorplot('Pclass', 'Survived', hue='Sex', data=train, size=4, aspect=1.5)
        plt.show()
        """),
        code("""
        sns.factorplot(x='Embarked', y='Survived', data=train, kind='bar')
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot"], needs={"train"}),
    Snippet("t-eda-facetgrid", "eda", [
        md("How does age relate to survival?"),
        code("""
        g = sns.FacetGrid(train, col='Survived', size=4)
        g.map(plt.hist, 'Age', bins=20)
        """),
        code("""
        grid = sns.FacetGrid(train, row='Pclass', col='Survived', size=2.2, aspect=1.6)
        grid.map(plt.hist, 'Age', alpha=.5, bins=20)
        grid.add_legend()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("t-eda-heatmap", "eda", [
        md("### Correlation between the features"),
        code("""
        plt.figure(figsize=(10, 8))
        sns.heatmap(train.corr(), annot=True, cmap='coolwarm', linewidths=0.2)
        plt.title('Pearson correlation of features')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-numeric-only"], needs={"train"}),
    Snippet("t-eda-groupby-mean", "eda", [
        code("""
        plt.style.use('seaborn-whitegrid')
        train.groupby('Pclass').mean()
        """),
        code("""
        train.groupby('Sex').mean()['Survived'].plot(kind='bar')
        plt.ylabel('Survival rate')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style", "pd-numeric-only"], needs={"train"}),
    Snippet("t-eda-pivots", "eda", [
        code("""
        train[['Pclass', 'Survived']].groupby(['Pclass'], as_index=False).mean().sort_values(by='Survived', ascending=False)
        """),
        code("""
        train[["Sex", "Survived"]].groupby(['Sex'], as_index=False).mean()
        """),
        code("""
        pd.crosstab(train.SibSp, train.Survived, margins=True)
        """)], needs={"train"}),
    Snippet("t-eda-groupby-tuple", "eda", [
        md("Average age and fare of survivors and victims by class"),
        code("""
        train.groupby(['Pclass', 'Survived'])['Age', 'Fare'].mean()
        """)], apis=["pd-groupby-tuple"], needs={"train"}),
    Snippet("t-eda-missingno", "eda", [
        code("""
        msno.matrix(train)
        """),
        code("""
        msno.bar(test)
        """)], imports=["import missingno as msno"], apis=["missingno"], needs={"train", "test"}),
    Snippet("t-eda-kde", "eda", [
        code("""
        plt.figure(figsize=(12, 5))
        sns.kdeplot(train.loc[train.Survived == 0, 'Age'].dropna(), shade=True, label='died')
        sns.kdeplot(train.loc[train.Survived == 1, 'Age'].dropna(), shade=True, label='survived')
        plt.grid(b=True, alpha=0.3)
        plt.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-grid-b"], needs={"train"}),
    Snippet("t-eda-distplot", "eda", [
        code("""
        sns.distplot(train['Fare'], bins=40, color='m')
        plt.show()
        """),
        code("""
        sns.pairplot(train[['Survived', 'Pclass', 'Age', 'Fare']].dropna(), hue='Survived', size=2.5)
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-distplot", "sns-pairplot-size"], needs={"train"}),
    Snippet("t-eda-iteritems", "eda", [
        code("""
        for name, column in train.iteritems():
            print('{:12s} {:4d} missing, {:4d} unique'.format(name, column.isnull().sum(), column.nunique()))
        """)], apis=["pd-iteritems"], needs={"train"}),
    Snippet("t-eda-plotly-offline", "eda", [
        code("""
        init_notebook_mode(connected=True)
        counts = train.groupby('Embarked')['Survived'].agg(['mean', 'count']).reset_index()
        trace = go.Bar(x=counts['Embarked'], y=counts['mean'], marker=go.Marker(color='rgb(55, 83, 109)'))
        layout = go.Layout(title='Survival rate by port', titlefont=dict(size=18))
        iplot(go.Figure(data=[trace], layout=layout))
        """)], imports=["from plotly.offline import init_notebook_mode, iplot", "import plotly.graph_objs as go"],
        apis=["plotly-old-graph-objs"], since="2017-01-01", needs={"train"}),
    Snippet("t-eda-plotly-online", "eda", [
        code("""
        data = [go.Histogram(x=train['Age'].dropna(), nbinsx=30)]
        py.iplot(data, filename='age-histogram')
        """)], imports=["import plotly.plotly as py", "import plotly.graph_objs as go"], apis=["plotly-plotly"], until="2019-07-16", needs={"train"}),
    Snippet("t-eda-hist-normed", "eda", [
        code("""
        plt.hist([train[train['Survived'] == 1]['Fare'], train[train['Survived'] == 0]['Fare']], stacked=True,
                 color=['g', 'r'], bins=30, label=['Survived', 'Dead'], normed=True)
        plt.xlabel('Fare')
        plt.legend()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-normed"], until="2019-05-18", needs={"train"}),
    Snippet("t-eda-cufflinks", "eda", [
        code("""
        cf.go_offline()
        train['Fare'].iplot(kind='hist', bins=30, title='Fare')
        """)], imports=["import cufflinks as cf"], apis=["cufflinks"], since="2017-06-01", needs={"train"}),
    Snippet("t-eda-profiling", "eda", [
        code("""
        pandas_profiling.ProfileReport(train)
        """)], imports=["import pandas_profiling"], apis=["pandas-profiling"], since="2017-09-01", needs={"train"}),
]

PREP = [
    Snippet("t-prep-basic-drop", "prep", [
        md("## Cleaning\nFill the missing values and encode the categorical features."),
        code("""
        train['Age'] = train['Age'].fillna(train['Age'].median())
        test['Age'] = test['Age'].fillna(train['Age'].median())
        test['Fare'] = test['Fare'].fillna(train['Fare'].median())
        train['Embarked'] = train['Embarked'].fillna('S')
        """),
        code("""
        for df in [train, test]:
            df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
            df['Embarked'] = df['Embarked'].map({'S': 0, 'C': 1, 'Q': 2})
        train = train.drop(['Name', 'Ticket', 'Cabin'], 1)
        test = test.drop(['Name', 'Ticket', 'Cabin'], 1)
        """),
        code("""
        X = train.drop(['PassengerId', 'Survived'], axis=1)
        y = train['Survived']
        X_test = test.drop('PassengerId', axis=1)
        X.head()
        """)], apis=["pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-titles", "prep", [
        md("## Feature engineering\nThe title in the name says a lot about age and status."),
        code("""
        combine = [train, test]
        for dataset in combine:
            dataset['Title'] = dataset.Name.str.extract(r' ([A-Za-z]+)\\.', expand=False)
        pd.crosstab(train['Title'], train['Sex'])
        """),
        code("""
        for dataset in combine:
            dataset['Title'] = dataset['Title'].replace(['Lady', 'Countess', 'Capt', 'Col', 'Don', 'Dr', 'Major', 'Rev', 'Sir'], 'Rare')
            dataset['Title'] = dataset['Title'].replace(['Mlle', 'Ms'], 'Miss')
            dataset['Title'] = dataset['Title'].replace('Mme', 'Mrs')
            dataset['FamilySize'] = dataset['SibSp'] + dataset['Parch'] + 1
            dataset['IsAlone'] = (dataset['FamilySize'] == 1).astype(int)
        title_age = train.groupby('Title')['Age'].median()
        for dataset in combine:
            dataset['Age'] = dataset['Age'].fillna(dataset['Title'].map(title_age))
            dataset['Fare'] = dataset['Fare'].fillna(train['Fare'].median())
            dataset['Embarked'] = dataset['Embarked'].fillna(train['Embarked'].mode()[0])
        """),
        code("""
        features = ['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Title', 'FamilySize', 'IsAlone']
        full = pd.get_dummies(pd.concat([train[features], test[features]]), columns=['Sex', 'Embarked', 'Title'])
        X = full[:len(train)]
        X_test = full[len(train):]
        y = train['Survived']
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-ix", "prep", [
        md("## Preparing the data"),
        code("""
        train.ix[train.Age.isnull(), 'Age'] = train.Age.median()
        test.ix[test.Age.isnull(), 'Age'] = train.Age.median()
        test.ix[test.Fare.isnull(), 'Fare'] = train.Fare.median()
        train.ix[train.Embarked.isnull(), 'Embarked'] = 'S'
        """),
        code("""
        for df in (train, test):
            df['Sex'] = (df['Sex'] == 'female').astype(int)
            df['Port'] = df['Embarked'].map({'S': 0, 'C': 1, 'Q': 2}).astype(int)
        cols = ['Pclass', 'Sex', 'Age', 'SibSp', 'Parch', 'Fare', 'Port']
        X = train[cols].as_matrix()
        y = train['Survived'].values
        X_test = test[cols].as_matrix()
        """)], apis=["pd-ix", "pd-as-matrix"], until="2020-01-29", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-imputer", "prep", [
        code("""
        cols = ['Pclass', 'Sex', 'Age', 'SibSp', 'Parch', 'Fare']
        le = LabelEncoder()
        train['Sex'] = le.fit_transform(train['Sex'])
        test['Sex'] = le.transform(test['Sex'])
        imp = Imputer(missing_values='NaN', strategy='median', axis=0)
        X = imp.fit_transform(train[cols])
        X_test = imp.transform(test[cols])
        y = train['Survived']
        """)], imports=["from sklearn.preprocessing import Imputer, LabelEncoder"], apis=["sk-imputer"], until="2019-12-03",
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-ohe", "prep", [
        md("## Preprocessing with a ColumnTransformer"),
        code("""
        num_cols = ['Age', 'SibSp', 'Parch', 'Fare']
        cat_cols = ['Pclass', 'Sex', 'Embarked']
        preprocess = ColumnTransformer([
            ('num', SimpleImputer(strategy='median'), num_cols),
            ('cat', Pipeline([('imp', SimpleImputer(strategy='most_frequent')),
                              ('ohe', OneHotEncoder(sparse=False, handle_unknown='ignore'))]), cat_cols)])
        y = train['Survived']
        X = preprocess.fit_transform(train.drop('Survived', axis=1))
        X_test = preprocess.transform(test)
        X.shape
        """)], imports=["from sklearn.compose import ColumnTransformer", "from sklearn.impute import SimpleImputer",
                       "from sklearn.pipeline import Pipeline", "from sklearn.preprocessing import OneHotEncoder"],
        apis=["sk-ohe-sparse"], since="2018-09-26", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-append", "prep", [
        md("Combine train and test so that the encodings match."),
        code("""
        full = train.append(test, ignore_index=True, sort=False)
        full['Title'] = full['Name'].str.extract(r',\\s*([^\\.]+)\\.', expand=False)
        full.loc[~full['Title'].isin(['Mr', 'Mrs', 'Miss', 'Master']), 'Title'] = 'Other'
        full['Age'] = full.groupby('Title')['Age'].transform(lambda s: s.fillna(s.median()))
        full['Fare'] = full['Fare'].fillna(full['Fare'].median())
        full['Embarked'] = full['Embarked'].fillna('S')
        full['HasCabin'] = full['Cabin'].notnull().astype(int)
        full['FamilySize'] = full['SibSp'] + full['Parch'] + 1
        """),
        code("""
        full = pd.get_dummies(full, columns=['Sex', 'Embarked', 'Title'], drop_first=True)
        features = [c for c in full.columns if c not in ('PassengerId', 'Survived', 'Name', 'Ticket', 'Cabin')]
        X = full.loc[:len(train) - 1, features]
        X_test = full.loc[len(train):, features]
        y = train['Survived']
        """)], apis=["pd-append"], since="2018-05-15", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("t-prep-npfloat", "prep", [
        code("""
        def clean(df):
            df = df.copy()
            df['Sex'] = df['Sex'].map({'female': 1, 'male': 0})
            df['Age'] = df['Age'].fillna(train['Age'].mean()).astype(np.int)
            df['Fare'] = df['Fare'].fillna(train['Fare'].mean())
            df['Embarked'] = df['Embarked'].fillna('S').map({'S': 0, 'C': 1, 'Q': 2})
            df['Alone'] = np.where(df['SibSp'] + df['Parch'] == 0, 1, 0)
            return df[['Pclass', 'Sex', 'Age', 'Fare', 'Embarked', 'Alone']].values.astype(np.float)

        X = clean(train)
        X_test = clean(test)
        y = train['Survived'].values
        """)], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("t-model-rf-auto", "model", [
        md("## Random forest"),
        code("""
        rf = RandomForestClassifier(n_estimators=200, max_features='auto', max_depth=6, random_state=1)
        scores = cross_val_score(rf, X, y, cv=5, scoring='accuracy')
        print('CV accuracy: %.4f (+/- %.4f)' % (scores.mean(), scores.std()))
        """),
        code("""
        rf.fit(X, y)
        predictions = rf.predict(X_test)
        """)], imports=["from sklearn.ensemble import RandomForestClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-max-features-auto"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-gridsearch-old", "model", [
        md("## Tuning an SVM"),
        code("""
        param_grid = {'C': [0.1, 1, 10], 'gamma': [0.01, 0.1, 1]}
        grid = GridSearchCV(SVC(), param_grid, cv=5, scoring='accuracy')
        grid.fit(StandardScaler().fit_transform(X), y)
        print(grid.best_params_, grid.best_score_)
        """),
        code("""
        scaler = StandardScaler().fit(X)
        svc = SVC(**grid.best_params_).fit(scaler.transform(X), y)
        predictions = svc.predict(scaler.transform(X_test))
        """)], imports=["from sklearn.grid_search import GridSearchCV", "from sklearn.svm import SVC", "from sklearn.preprocessing import StandardScaler"],
        apis=["sk-grid-search"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-cv-logreg", "model", [
        md("## Logistic regression"),
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=0)
        logreg = LogisticRegression()
        logreg.fit(X_tr, y_tr)
        print('validation accuracy', accuracy_score(y_val, logreg.predict(X_val)))
        """),
        code("""
        logreg.fit(X, y)
        predictions = logreg.predict(X_test)
        """)], imports=["from sklearn.cross_validation import train_test_split", "from sklearn.linear_model import LogisticRegression",
                       "from sklearn.metrics import accuracy_score"],
        apis=["sk-cross-validation"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-gbc-deviance", "model", [
        md("## Gradient boosting with a small grid"),
        code("""
        gbc = GradientBoostingClassifier(random_state=0)
        params = {'loss': ['deviance'], 'n_estimators': [100, 200], 'learning_rate': [0.05, 0.1], 'max_depth': [3, 4]}
        gs = GridSearchCV(gbc, params, cv=StratifiedKFold(n_splits=5), scoring='accuracy', n_jobs=1)
        gs.fit(X, y)
        print(gs.best_score_, gs.best_params_)
        """),
        code("""
        predictions = gs.best_estimator_.predict(X_test)
        """)], imports=["from sklearn.ensemble import GradientBoostingClassifier", "from sklearn.model_selection import GridSearchCV, StratifiedKFold"],
        apis=["sk-loss-deviance"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-xgb-early", "model", [
        md("## XGBoost with early stopping"),
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
        xgb = XGBClassifier(n_estimators=500, learning_rate=0.05, max_depth=4, subsample=0.8, colsample_bytree=0.8)
        xgb.fit(X_tr, y_tr, eval_set=[(X_val, y_val)], eval_metric='logloss', early_stopping_rounds=30, verbose=False)
        print('best iteration', xgb.best_iteration)
        """),
        code("""
        predictions = xgb.predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-voting-kfold", "model", [
        md("## Comparing models with 10-fold cross-validation"),
        code("""
        kfold = KFold(n_splits=10, random_state=22)
        models = {'Logistic Regression': LogisticRegression(max_iter=1000), 'KNN': KNeighborsClassifier(n_neighbors=9),
                  'Decision Tree': DecisionTreeClassifier(max_depth=5), 'Naive Bayes': GaussianNB()}
        for name, model in models.items():
            cv = cross_val_score(model, X, y, cv=kfold, scoring='accuracy')
            print('%-20s %.4f' % (name, cv.mean()))
        """),
        code("""
        ensemble = VotingClassifier(estimators=[(k, m) for k, m in models.items()], voting='hard')
        ensemble.fit(X, y)
        predictions = ensemble.predict(X_test)
        """)], imports=["from sklearn.model_selection import KFold, cross_val_score", "from sklearn.linear_model import LogisticRegression",
                       "from sklearn.neighbors import KNeighborsClassifier", "from sklearn.tree import DecisionTreeClassifier",
                       "from sklearn.naive_bayes import GaussianNB", "from sklearn.ensemble import VotingClassifier"],
        apis=["sk-kfold-random-state"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-ada", "model", [
        code("""
        ada = AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=2), n_estimators=200, learning_rate=0.1, random_state=7)
        print(cross_val_score(ada, X, y, cv=5).mean())
        ada.fit(X, y)
        predictions = ada.predict(X_test)
        """)], imports=["from sklearn.ensemble import AdaBoostClassifier", "from sklearn.tree import DecisionTreeClassifier",
                       "from sklearn.model_selection import cross_val_score"],
        apis=["sk-base-estimator"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-grid-iid", "model", [
        code("""
        param_grid = {'n_estimators': [100, 300], 'min_samples_leaf': [1, 3], 'max_depth': [4, 8]}
        grid = GridSearchCV(RandomForestClassifier(random_state=2), param_grid, cv=4, iid=False, scoring='accuracy')
        grid.fit(X, y)
        print(grid.best_params_, round(grid.best_score_, 4))
        predictions = grid.predict(X_test)
        """)], imports=["from sklearn.model_selection import GridSearchCV", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-iid"], since="2016-09-28", until="2020-12-22", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-tree-pydot", "model", [
        md("## A single decision tree, drawn"),
        code("""
        clf = DecisionTreeClassifier(max_depth=3, random_state=0)
        clf.fit(X, y)
        dot_data = StringIO()
        export_graphviz(clf, out_file=dot_data, filled=True, rounded=True, special_characters=True)
        graph = pydotplus.graph_from_dot_data(dot_data.getvalue())
        Image(graph.create_png())
        """),
        code("""
        predictions = clf.predict(X_test)
        """)], imports=["from sklearn.tree import DecisionTreeClassifier, export_graphviz", "from sklearn.externals.six import StringIO",
                       "from IPython.display import Image", "import pydotplus"],
        apis=["sk-externals-six", "pkg-pydotplus"], until="2020-05-12", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-tree-graphviz", "model", [
        md("## Decision tree"),
        code("""
        tree = DecisionTreeClassifier(max_depth=4, min_impurity_split=1e-5, random_state=0)
        tree.fit(X, y)
        dot = export_graphviz(tree, out_file=None, filled=True, class_names=['died', 'survived'])
        graphviz.Source(dot)
        """),
        code("""
        predictions = tree.predict(X_test)
        """)], imports=["from sklearn.tree import DecisionTreeClassifier, export_graphviz", "import graphviz"],
        apis=["sk-min-impurity-split", "pkg-graphviz"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("t-model-keras", "model", [
        md("## A small neural network with Keras"),
        code("""
        scaler = StandardScaler()
        X_s = scaler.fit_transform(X)
        model = Sequential()
        model.add(Dense(16, activation='relu', input_dim=X_s.shape[1]))
        model.add(Dropout(0.2))
        model.add(Dense(8, activation='relu'))
        model.add(Dense(1, activation='sigmoid'))
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        model.fit(X_s, y, epochs=50, batch_size=32, validation_split=0.1, verbose=0)
        """),
        code("""
        predictions = (model.predict(scaler.transform(X_test)) > 0.5).astype(int).ravel()
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from keras.models import Sequential", "from keras.layers import Dense, Dropout"],
        apis=["keras"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [
    Snippet("t-sub-1", "submit", [
        md("## Submission"),
        code("""
        submission = pd.DataFrame({'PassengerId': test['PassengerId'], 'Survived': predictions})
        submission.to_csv('submission.csv', index=False)
        submission.head()
        """)], needs={"predictions", "test"}),
    Snippet("t-sub-2", "submit", [
        code("""
        output = pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': np.asarray(predictions).astype(int)})
        output.to_csv('submission.csv', index=False)
        print("Your submission was successfully saved!")
        """)], needs={"predictions", "test"}),
]
