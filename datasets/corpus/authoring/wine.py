"""Red-wine quality kernels: quality 3 to 8 (accuracy)."""
from kit import Snippet, code, md

SLUG = "wine-quality"
SINCE = "2017-11-27"  # the red wine data set was published on Kaggle in November 2017
TITLES = ["Red wine quality: {m}", "Predicting wine quality with {m}", "Wine quality - EDA and {m}",
          "Which wines are good? {m}", "Red wine | {m} classifier"]

LOAD = [
    Snippet("q-load-input", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train.head()
        """),
        code("""
        train.info()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
]

EDA = [
    Snippet("q-eda-barplots", "eda", [
        code("""
        sns.countplot(x='quality', data=train)
        plt.show()
        """),
        code("""
        fig = plt.figure(figsize=(10, 6))
        sns.barplot('quality', 'alcohol', data=train)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("q-eda-heatmap", "eda", [
        code("""
        plt.figure(figsize=(12, 9))
        sns.heatmap(train.drop('id', axis=1).corr(), annot=True, fmt='.2f', cmap='RdBu_r')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], needs={"train"}),
    Snippet("q-eda-factorplot", "eda", [
        code("""
        sns.factorplot(x='quality', y='volatile acidity', data=train, kind='box', size=5)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot"], needs={"train"}),
    Snippet("q-eda-style-hist", "eda", [
        code("""
        plt.style.use('seaborn-pastel')
        train.drop('id', axis=1).hist(bins=20, figsize=(14, 10))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("q-eda-lmplot", "eda", [
        code("""
        sns.lmplot(x='alcohol', y='quality', data=train, size=5, x_jitter=.1)
        sns.lmplot(x='sulphates', y='quality', data=train, size=5)
        """)], imports=["import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("q-eda-pairplot", "eda", [
        code("""
        sns.pairplot(train[['alcohol', 'sulphates', 'volatile acidity', 'quality']], hue='quality', size=2.2, palette='husl')
        """)], imports=["import seaborn as sns"], apis=["sns-pairplot-size"], needs={"train"}),
]

PREP = [
    Snippet("q-prep-scale", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'quality')]
        sc = StandardScaler()
        X = pd.DataFrame(sc.fit_transform(train[features]), columns=features)
        X_test = pd.DataFrame(sc.transform(test[features]), columns=features)
        y = train['quality']
        """)], imports=["from sklearn.preprocessing import StandardScaler"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q-prep-drop", "prep", [
        code("""
        X = train.drop(['quality', 'id'], 1)
        y = train['quality']
        X_test = test.drop('id', 1)
        """)], apis=["pd-drop-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("q-model-xgb", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=42)
        model = XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.05)
        model.fit(X_tr, y_tr)
        print('accuracy', accuracy_score(y_val, model.predict(X_val)))
        predictions = model.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from sklearn.metrics import accuracy_score", "from xgboost import XGBClassifier"],
        apis=["xgb-label-encoding"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-rf", "model", [
        code("""
        rfc = RandomForestClassifier(n_estimators=250, max_features='auto', random_state=0)
        print(cross_val_score(rfc, X, y, cv=5).mean())
        predictions = rfc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import RandomForestClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-max-features-auto"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-svc-grid-old", "model", [
        code("""
        param = {'C': [0.8, 1.0, 1.2, 1.4], 'kernel': ['rbf'], 'gamma': [0.1, 0.8, 1.2]}
        grid_svc = GridSearchCV(SVC(), param_grid=param, scoring='accuracy', cv=5)
        grid_svc.fit(X, y)
        print(grid_svc.best_params_)
        predictions = grid_svc.predict(X_test)
        """)], imports=["from sklearn.grid_search import GridSearchCV", "from sklearn.svm import SVC"],
        apis=["sk-grid-search"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-knn-kfold", "model", [
        code("""
        kf = KFold(n_splits=10, random_state=1)
        for k in (5, 15, 25):
            print(k, cross_val_score(KNeighborsClassifier(n_neighbors=k), X, y, cv=kf).mean())
        predictions = KNeighborsClassifier(n_neighbors=15).fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import KFold, cross_val_score", "from sklearn.neighbors import KNeighborsClassifier"],
        apis=["sk-kfold-random-state"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-gbc", "model", [
        code("""
        gb = GradientBoostingClassifier(loss='deviance', n_estimators=150, max_depth=3, min_impurity_split=1e-7, random_state=0)
        gb.fit(X, y)
        importances = pd.Series(gb.feature_importances_, index=X.columns).sort_values()
        importances.plot(kind='barh')
        predictions = gb.predict(X_test)
        """)], imports=["from sklearn.ensemble import GradientBoostingClassifier"], apis=["sk-loss-deviance", "sk-min-impurity-split"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-ada", "model", [
        code("""
        ada = AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=3), n_estimators=100, random_state=3)
        acc = cross_val_score(ada, X, y, cv=5).mean()
        print('AdaBoost accuracy: %.3f' % np.asscalar(np.array(acc)))
        predictions = ada.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import AdaBoostClassifier", "from sklearn.tree import DecisionTreeClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-base-estimator", "np-asscalar"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q-model-lr", "model", [
        code("""
        lr = LogisticRegression(multi_class='multinomial', solver='lbfgs', max_iter=2000)
        print(cross_val_score(lr, X, y, cv=5).mean())
        predictions = lr.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.linear_model import LogisticRegression", "from sklearn.model_selection import cross_val_score"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [
    Snippet("q-sub-1", "submit", [
        code("""
        submission = pd.DataFrame({'id': test['id'], 'quality': predictions})
        submission.to_csv('submission.csv', index=False)
        submission.quality.value_counts()
        """)], needs={"predictions", "test"}),
]
