"""Digit-recognizer kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import digits as _b1

SLUG = "digit-recognizer"
TITLES = _b1.TITLES + ["Digits 8x8: from pixels to {m}", "Handwritten digits with {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("d4-eda-show", "eda", [
        md("## A look at the images"),
        code("""
        fig, axes = plt.subplots(2, 8, figsize=(12, 3.5))
        fig.canvas.set_window_title('First digits')
        for ax, (_, row) in zip(axes.flat, train.head(16).iterrows()):
            ax.imshow(row.values[1:].reshape(8, 8), cmap='gray_r', interpolation='nearest')
            ax.set_title(int(row['label']))
            ax.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-set-window-title"], needs={"train"}),
    Snippet("d4-eda-counts", "eda", [
        code("""
        sns.countplot('label', data=train, color='steelblue')
        plt.show()
        print(np.round_(train['label'].value_counts(normalize=True).sort_index(), 3))
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional", "np-round-underscore"], needs={"train"}),
    Snippet("d4-eda-means", "eda", [
        code("""
        matplotlib.cm.register_cmap(name='ink', cmap=LinearSegmentedColormap.from_list('ink', ['white', 'navy']))
        means = train.groupby('label').mean()
        fig, axes = plt.subplots(1, 10, figsize=(14, 2))
        for d, ax in zip(means.index, axes):
            ax.imshow(means.loc[d].values.reshape(8, 8), cmap='ink')
            ax.set_title(d)
            ax.axis('off')
        plt.show()
        """)], imports=["import matplotlib", "import matplotlib.pyplot as plt", "from matplotlib.colors import LinearSegmentedColormap"],
        apis=["mpl-register-cmap"], needs={"train"}),
]

PREP = [
    Snippet("d4-prep-scale", "prep", [
        md("## Preparing the pixels"),
        code("""
        X = (train.drop('label', 1).values / 16.0).astype(np.float)
        y = train['label'].values
        X_test = (test.values / 16.0).astype(np.float)
        print(X.shape, X_test.shape)
        """)], apis=["pd-drop-positional", "np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d4-prep-pca", "prep", [
        code("""
        pixels = train.columns[1:]
        pca = PCA(n_components=30, whiten=True, random_state=0).fit(train[pixels].values)
        print('variance kept: %.3f' % pca.explained_variance_ratio_.sum())
        X, X_test = pca.transform(train[pixels].values), pca.transform(test[pixels].values)
        y = train['label'].values
        """)], imports=["from sklearn.decomposition.pca import PCA"], apis=["sk-private-3"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("d4-model-svc", "model", [
        md("## SVM"),
        code("""
        cv = StratifiedKFold(3, True, 0)
        search = GridSearchCV(SVC(kernel='rbf'), {'C': [1, 5, 10], 'gamma': ['scale', 0.01]}, cv=cv)
        search.fit(X, y)
        print(search.best_params_, search.best_score_)
        predictions = search.predict(X_test)
        """)], imports=["from sklearn.model_selection import StratifiedKFold, GridSearchCV", "from sklearn.svm import SVC"],
        apis=["sk-keyword-only"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d4-model-knn-vote", "model", [
        code("""
        nn = NearestNeighbors(n_neighbors=5).fit(X)
        _, neighbours = nn.kneighbors(X_test)
        predictions = []
        for row in neighbours:
            predictions.append(int(stats.mode(y[row])[0][0]))
        predictions = np.array(predictions)
        print(np.bincount(predictions))
        """)], imports=["from scipy import stats", "from sklearn.neighbors import NearestNeighbors"], apis=["sc-mode"],
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d4-model-rf-centroid", "model", [
        code("""
        centroids = np.vstack([X[y == d].mean(axis=0) for d in range(10)])
        manhattan = DistanceMetric.get_metric('manhattan')
        nearest = manhattan.pairwise(X, centroids).argmin(axis=1)
        print('nearest-centroid accuracy on train: %.3f' % (nearest == y).mean())
        rf = RandomForestClassifier(n_estimators=200, max_features='auto', random_state=4).fit(X, y)
        predictions = rf.predict(X_test)
        """)], imports=["from sklearn.neighbors import DistanceMetric", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["sk-neighbors-distancemetric", "sk-max-features-auto"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"d4-model-svc": "SVM", "d4-model-knn-vote": "kNN", "d4-model-rf-centroid": "Random Forest"}
