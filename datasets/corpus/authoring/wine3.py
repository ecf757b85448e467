"""Red-wine quality kernels, batch 3 (a held-out test set). Prep gives X, y, X_test; models give predictions (3-8)."""
from kit import Snippet, code, md
import wine as _b1

SLUG = "wine-quality"
SINCE = _b1.SINCE
TITLES = _b1.TITLES + ["Red wine quality: EDA and {m}", "What makes a good wine? ({m})"]

LOAD = _b1.LOAD

EDA = [
    Snippet("q3-eda-bars-pos", "eda", [
        md("### Alcohol, acidity and quality"),
        code("""
        fig, axes = plt.subplots(1, 3, figsize=(16, 4))
        for ax, col in zip(axes, ['alcohol', 'volatile acidity', 'sulphates']):
            sns.barplot('quality', col, data=train, ax=ax, palette='Reds')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("q3-eda-pairplot", "eda", [
        code("""
        sns.pairplot(train[['alcohol', 'sulphates', 'citric acid', 'quality']], hue='quality', size=2.5, palette='husl')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-pairplot-size"], needs={"train"}),
    Snippet("q3-eda-round", "eda", [
        code("""
        np.warnings.filterwarnings('ignore')
        stats_by_q = train.groupby('quality').agg(['mean', 'std'])
        print(np.round_(stats_by_q[['alcohol', 'pH']].values, 3))
        """)], apis=["np-warnings", "np-round-underscore"], needs={"train"}),
    Snippet("q3-eda-heat-window", "eda", [
        code("""
        fig = plt.figure(figsize=(11, 9))
        fig.canvas.set_window_title('correlations')
        sns.heatmap(train.drop('id', axis=1).corr(), annot=True, fmt='.1f', cmap='coolwarm')
        plt.xticks(rotation='60')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-set-window-title", "mpl-rotation-string"], needs={"train"}),
    Snippet("q3-eda-quality-level", "eda", [
        code("""
        g = train.assign(good=train.quality >= 7).set_index(['good', 'quality'])
        print(g['alcohol'].mean(level='good'))
        g[['alcohol', 'sulphates']].median(level=1).plot(marker='o', figsize=(8, 4))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-level-kw"], needs={"train"}),
]

PREP = [
    Snippet("q3-prep-plain", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'quality')]
        X = train[features].values
        y = train['quality'].values
        X_test = test[features].values
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q3-prep-dedup", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'quality')]
        before = len(train)
        train = train.drop_duplicates(features, 'first')
        print('removed', before - len(train), 'duplicate wines')
        scaler = StandardScaler().fit(train[features])
        X, X_test = scaler.transform(train[features]), scaler.transform(test[features])
        y = train['quality'].values
        """)], imports=["from sklearn.preprocessing import StandardScaler"], apis=["pd-dedup-dropna-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("q3-prep-private-scaler", "prep", [
        code("""
        features = train.columns.drop(['id', 'quality'])
        sc = StandardScaler()
        X = sc.fit_transform(train[features])
        X_test = sc.transform(test[features])
        y = train.quality.values
        """)], imports=["from sklearn.preprocessing.data import StandardScaler"], apis=["sk-private-3"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("q3-model-knn-mode", "model", [
        md("## k nearest neighbours, by hand"),
        code("""
        mu, sd = X.mean(axis=0), X.std(axis=0)
        Xn, Tn = (X - mu) / sd, (X_test - mu) / sd
        def vote(row, k=15):
            d = ((Xn - row) ** 2).sum(axis=1)
            return stats.mode(y[np.argsort(d)[:k]])[0][0]
        predictions = np.array([vote(r) for r in Tn])
        """)], imports=["from scipy import stats"], apis=["sc-mode"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q3-model-rf-kfold", "model", [
        code("""
        accs = []
        for tr, va in KFold(5, True, 0).split(X):
            rf = RandomForestClassifier(n_estimators=200, random_state=0).fit(X[tr], y[tr])
            accs.append((rf.predict(X[va]) == y[va]).mean())
        print('accuracy %.3f' % np.mean(accs))
        predictions = RandomForestClassifier(n_estimators=200, random_state=0).fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import KFold", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-keyword-only"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q3-model-svc-grid-scores", "model", [
        code("""
        search = GridSearchCV(SVC(), {'C': [0.3, 1, 3], 'gamma': ['auto', 0.1]}, cv=4)
        search.fit(X, y)
        pd.DataFrame([dict(s.parameters, score=s.mean_validation_score) for s in search.grid_scores_])
        """),
        code("""
        predictions = search.predict(X_test)
        """)], imports=["from sklearn.svm import SVC", "from sklearn.model_selection import GridSearchCV"], apis=["sk-grid-scores"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q3-model-logit-none", "model", [
        code("""
        lr = LogisticRegression(penalty='none', multi_class='multinomial', solver='lbfgs', max_iter=2000)
        lr.fit(X, y)
        print(pd.crosstab(y, lr.predict(X)))
        predictions = lr.predict(X_test)
        """)], imports=["from sklearn.linear_model import LogisticRegression"], apis=["sk-penalty-none"], since="2019-05-10",
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q3-model-xgb-labels", "model", [
        code("""
        xgbc = XGBClassifier(n_estimators=300, max_depth=5, learning_rate=0.05, subsample=0.8)
        xgbc.fit(X, y)
        plot_importance(xgbc, max_num_features=10)
        plt.show()
        predictions = xgbc.predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from xgboost import XGBClassifier, plot_importance"], apis=["xgb-label-encoding"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("q3-model-gb-private", "model", [
        code("""
        gb = GradientBoostingClassifier(n_estimators=150, max_depth=3, random_state=4)
        print(cross_val_score(gb, X, y, cv=3).mean())
        predictions = gb.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble.gradient_boosting import GradientBoostingClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-private-3"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("q3-sub-terminator", "submit", [
        code("""
        sub = pd.DataFrame({'id': test['id'], 'quality': np.asarray(predictions, dtype=int)})
        sub.to_csv('submission.csv', index=False, line_terminator='\\n')
        """)], apis=["pd-line-terminator"], needs={"predictions", "test"}),
]

MODEL_NAMES = {"q3-model-knn-mode": "kNN", "q3-model-rf-kfold": "Random Forest", "q3-model-svc-grid-scores": "SVM",
               "q3-model-logit-none": "Logistic Regression", "q3-model-xgb-labels": "XGBoost", "q3-model-gb-private": "Gradient Boosting"}
STOCHASTIC = set()
