"""Red-wine quality kernels, batch 2 (written after the rule catalog)."""
from kit import Snippet, code, md
import wine as _b1

SLUG = "wine-quality"
SINCE = "2017-11-27"
TITLES = _b1.TITLES + ["Wine quality prediction: EDA and {m}", "Red wine: is it good? ({m})"]

LOAD = _b1.LOAD + [
    Snippet("q2-load-seaborn-style", "load", [
        code("""
        sns.set_style('whitegrid')
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train.describe().T
        """)], imports=["import numpy as np", "import pandas as pd", "import seaborn as sns"], gives={"train", "test"}),
]

EDA = [
    Snippet("q2-eda-apionly", "eda", [
        code("""
        fig, ax = plt.subplots(figsize=(8, 5))
        snsa.boxplot(x='quality', y='alcohol', data=train, ax=ax)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn.apionly as snsa"], apis=["sns-apionly"], needs={"train"}),
    Snippet("q2-eda-joint", "eda", [
        code("""
        sns.jointplot(x='fixed acidity', y='pH', data=train, kind='hex', stat_func=spearmanr, color='#4CB391')
        """)], imports=["import seaborn as sns", "from scipy.stats import spearmanr"], apis=["sns-jointplot-stat-func"], needs={"train"}),
    Snippet("q2-eda-lvplot", "eda", [
        code("""
        plt.figure(figsize=(10, 5))
        sns.lvplot(x='quality', y='sulphates', data=train)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-lvplot"], needs={"train"}),
    Snippet("q2-eda-3d", "eda", [
        code("""
        fig = plt.figure(figsize=(9, 7))
        ax = fig.gca(projection='3d')
        ax.scatter(train['alcohol'], train['volatile acidity'], train['quality'], c=train['quality'], cmap='viridis', s=8)
        ax.set_xlabel('alcohol')
        ax.set_ylabel('volatile acidity')
        ax.set_zlabel('quality')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from mpl_toolkits.mplot3d import Axes3D"], apis=["mpl-gca-projection"], needs={"train"}),
    Snippet("q2-eda-violin", "eda", [
        code("""
        fig, axes = plt.subplots(1, 3, figsize=(16, 4))
        for ax, col in zip(axes, ['alcohol', 'sulphates', 'citric acid']):
            sns.violinplot('quality', col, data=train, ax=ax)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("q2-eda-tools-parallel", "eda", [
        code("""
        from pandas.tools.plotting import parallel_coordinates
        sub = train[['alcohol', 'sulphates', 'volatile acidity', 'citric acid', 'quality']].sample(200, random_state=0)
        sub = (sub - sub.min()) / (sub.max() - sub.min())
        sub['quality'] = train.loc[sub.index, 'quality']
        parallel_coordinates(sub, 'quality', colormap='coolwarm')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-tools-plotting"], needs={"train"}),
    Snippet("q2-eda-skew-product", "eda", [
        code("""
        stats_table = pd.DataFrame({'skew': train.skew(), 'kurtosis': train.kurt(), 'mad': train.mad()})
        print('geometric mean of alcohol:', np.product(train['alcohol'].values ** (1.0 / len(train))))
        stats_table
        """)], apis=["pd-mad", "np-product-fns"], needs={"train"}),
    Snippet("q2-eda-pairgrid", "eda", [
        code("""
        g = sns.PairGrid(train[['alcohol', 'density', 'pH', 'quality']], hue='quality', size=2.5, palette='RdYlGn')
        g.map_diag(plt.hist)
        g.map_offdiag(plt.scatter, s=6)
        g.add_legend()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
]

PREP = [
    Snippet("q2-prep-good", "prep", [
        code("""
        features = train.columns.drop(['id', 'quality'])
        X = train[features]
        y = train['quality']
        X_test = test[features]
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q2-prep-bins-clip", "prep", [
        code("""
        for df in (train, test):
            df['total sulfur dioxide'] = df['total sulfur dioxide'].clip_upper(200)
            df['so2_ratio'] = df['free sulfur dioxide'] / df['total sulfur dioxide']
        X = train.drop(['id', 'quality'], axis=1)
        y = train.quality
        X_test = test.drop(['id'], axis=1)
        """)], apis=["pd-clip-lower-upper"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q2-prep-scale-float", "prep", [
        code("""
        cols = [c for c in train.columns if c not in ['id', 'quality']]
        scaler = MinMaxScaler()
        X = scaler.fit_transform(train[cols].astype(np.float64))
        X_test = scaler.transform(test[cols].astype(np.float64))
        y = train['quality'].astype(np.int).values
        """)], imports=["from sklearn.preprocessing import MinMaxScaler"], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("q2-model-rf-grid", "model", [
        code("""
        params = {'n_estimators': [100, 200], 'max_features': ['auto', 'log2'], 'max_depth': [8, None]}
        grid = GridSearchCV(RandomForestClassifier(random_state=1), params, cv=3, iid=True, n_jobs=-1)
        grid.fit(X, y)
        print(grid.best_params_, grid.best_score_)
        predictions = grid.predict(X_test)
        """)], imports=["from sklearn.ensemble import RandomForestClassifier", "from sklearn.model_selection import GridSearchCV"],
        apis=["sk-max-features-auto", "sk-iid"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-svc-cv", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = cross_validation.train_test_split(X, y, test_size=0.2, random_state=42)
        svc = SVC(C=1.2, gamma=0.9, kernel='rbf').fit(X_tr, y_tr)
        print(classification_report(y_va, svc.predict(X_va)))
        predictions = svc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn import cross_validation", "from sklearn.svm import SVC", "from sklearn.metrics import classification_report"],
        apis=["sk-cross-validation"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-xgb-booster", "model", [
        code("""
        clf = XGBClassifier(n_estimators=250, max_depth=5, learning_rate=0.05)
        clf.fit(X, y - 3)
        imp = pd.Series(clf.booster().get_score(importance_type='gain')).sort_values(ascending=False)
        print(imp.head())
        predictions = clf.predict(X_test) + 3
        """)], imports=["from xgboost import XGBClassifier"], apis=["xgb-booster-method"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-xgb-labels", "model", [
        code("""
        xgbc = XGBClassifier(n_estimators=300, learning_rate=0.05, max_depth=4, subsample=0.9)
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
        xgbc.fit(X_tr, y_tr, early_stopping_rounds=20, eval_set=[(X_va, y_va)], verbose=False)
        print('accuracy:', accuracy_score(y_va, xgbc.predict(X_va)))
        predictions = xgbc.predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from sklearn.metrics import accuracy_score", "from xgboost import XGBClassifier"],
        apis=["xgb-label-encoding", "xgb-fit-args"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-lr-learning", "model", [
        code("""
        lr = LogisticRegression(C=1.0, solver='lbfgs', multi_class='multinomial', max_iter=3000)
        sizes, tr, va = learning_curve(lr, X, y, cv=5, train_sizes=[0.3, 0.6, 1.0])
        print(dict(zip(sizes, va.mean(axis=1).round(3))))
        predictions = lr.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.linear_model import LogisticRegression", "from sklearn.learning_curve import learning_curve"],
        apis=["sk-learning-curve-module"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-dt-impurity", "model", [
        code("""
        dt = DecisionTreeClassifier(criterion='entropy', max_depth=8, min_impurity_split=1e-4, random_state=0)
        ada = AdaBoostClassifier(base_estimator=dt, n_estimators=60, learning_rate=0.5, random_state=0)
        print(cross_val_score(ada, X, y, cv=5).mean())
        predictions = ada.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.tree import DecisionTreeClassifier", "from sklearn.ensemble import AdaBoostClassifier",
                        "from sklearn.model_selection import cross_val_score"], apis=["sk-min-impurity-split", "sk-base-estimator"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q2-model-knn-mode", "model", [
        code("""
        knn = KNeighborsClassifier(n_neighbors=25).fit(X, y)
        dist, idx = knn.kneighbors(X_test)
        y_arr = np.asarray(y)
        predictions = np.array([stats.mode(y_arr[row])[0][0] for row in idx])
        """)], imports=["from sklearn.neighbors import KNeighborsClassifier", "from scipy import stats"], apis=["sc-mode"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"q2-model-rf-grid": "a tuned Random Forest", "q2-model-svc-cv": "SVM", "q2-model-xgb-booster": "XGBoost",
               "q2-model-xgb-labels": "XGBoost", "q2-model-lr-learning": "Logistic Regression", "q2-model-dt-impurity": "AdaBoost",
               "q2-model-knn-mode": "kNN"}
STOCHASTIC = set()
