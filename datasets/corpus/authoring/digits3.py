"""Digit-recognizer kernels (8x8 images), batch 3 (a held-out test set). Prep gives X, y, X_test; models give predictions."""
from kit import Snippet, code, md
import digits as _b1

SLUG = "digit-recognizer"
NO_DEBIAN = 2
TITLES = _b1.TITLES + ["Digits from scratch: NumPy and {m}", "MNIST-style digits with {m}"]

LOAD = _b1.LOAD

EDA = [
    Snippet("d3-eda-count-pos", "eda", [
        md("### Are the classes balanced?"),
        code("""
        plt.figure(figsize=(8, 4))
        g = sns.countplot('label', data=train, palette='Set2')
        plt.show()
        train['label'].value_counts().sort_index()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("d3-eda-grid-mat", "eda", [
        code("""
        images = np.mat(train.drop('label', axis=1).values[:16])
        fig, axes = plt.subplots(2, 8, figsize=(12, 3))
        for i, ax in enumerate(axes.flat):
            ax.imshow(np.asarray(images[i]).reshape(8, 8), cmap='gray_r')
            ax.set_title(train['label'].iloc[i])
            ax.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["np-mat"], needs={"train"}),
    Snippet("d3-eda-mean-digits", "eda", [
        code("""
        pixels = train.drop('label', axis=1)
        means = pixels.groupby(train['label']).mean()
        fig, axes = plt.subplots(1, 10, figsize=(15, 2))
        for d, ax in zip(means.index, axes):
            ax.imshow(means.loc[d].values.reshape(8, 8), cmap='viridis')
            ax.annotate(s=str(d), xy=(0, 0), color='w')
            ax.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-annotate-s"], needs={"train"}),
    Snippet("d3-eda-pca-private", "eda", [
        code("""
        pca = PCA(n_components=30).fit(train.drop('label', axis=1) / 255.0)
        plt.plot(np.cumsum(pca.explained_variance_ratio_), 'o-')
        plt.grid(b=True)
        plt.xlabel('components')
        plt.ylabel('explained variance')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.decomposition.pca import PCA"], apis=["sk-private-3", "mpl-grid-b"],
        since="2016-09-28", needs={"train"}),
    Snippet("d3-eda-kmeans-private", "eda", [
        code("""
        km = KMeans(n_clusters=10, n_init=5, random_state=0).fit(train.drop('label', axis=1).values / 255.0)
        ct = pd.crosstab(km.labels_, train['label'])
        sns.heatmap(ct, annot=True, fmt='d', cmap='Blues')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns", "from sklearn.cluster.k_means_ import KMeans"],
        apis=["sk-private-3"], since="2016-09-28", needs={"train"}),
]

PREP = [
    Snippet("d3-prep-scale", "prep", [
        code("""
        X = train.drop(['label'], axis=1).values.astype('float32') / 255.0
        y = train['label'].values
        X_test = test.values.astype('float32') / 255.0
        print(X.shape, X_test.shape)
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d3-prep-binary", "prep", [
        code("""
        X = (train.drop('label', axis=1).values > 100).astype(np.bool8).astype(float)
        X_test = (test.values > 100).astype(np.bool8).astype(float)
        y = train.label.values
        print('share of ink:', X.mean())
        """)], apis=["np-sized-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d3-prep-float", "prep", [
        code("""
        y = train['label'].astype(np.int).values
        X = train.iloc[:, 1:].values.astype(np.float) / 255
        X_test = test.values.astype(np.float) / 255
        """)], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("d3-model-knn-numpy", "model", [
        md("## k-nearest neighbours in NumPy"),
        code("""
        def knn_predict(X_train, y_train, X_new, k=5):
            out = []
            for row in X_new:
                d = np.sqrt(((X_train - row) ** 2).sum(axis=1))
                best_d, best = np.infty, None
                nearest = np.argsort(d)[:k]
                votes = np.bincount(y_train[nearest], minlength=10)
                out.append(votes.argmax())
            return np.array(out)

        hold = 400
        acc = (knn_predict(X[hold:], y[hold:], X[:hold]) == y[:hold]).mean()
        print('hold-out accuracy: %.3f' % acc)
        predictions = knn_predict(X, y, X_test)
        """)], apis=["np-inf-aliases"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-softmax", "model", [
        code("""
        def softmax_regression(X, y, epochs=150, lr=0.5, reg=1e-3):
            W = np.zeros((X.shape[1], 10))
            Y = np.eye(10)[y]
            for epoch in range(epochs):
                scores = X.dot(W)
                log_p = scores - logsumexp(scores, axis=1)[:, None]
                W -= lr * (X.T.dot(np.exp(log_p) - Y) / len(X) + reg * W)
            return W

        W = softmax_regression(X, y)
        print('train accuracy', (X.dot(W).argmax(axis=1) == y).mean())
        predictions = X_test.dot(W).argmax(axis=1)
        """)], imports=["from scipy.misc import logsumexp"], apis=["sc-misc-logsumexp"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-svc-grid", "model", [
        code("""
        svc_grid = GridSearchCV(SVC(), {'C': [1, 10], 'gamma': [0.01, 0.05]}, 'accuracy', cv=3)
        svc_grid.fit(X, y)
        print(svc_grid.best_params_, svc_grid.best_score_)
        predictions = svc_grid.predict(X_test)
        """)], imports=["from sklearn.svm import SVC", "from sklearn.model_selection import GridSearchCV"], apis=["sk-keyword-only"],
        since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-grid-scores", "model", [
        code("""
        grid = GridSearchCV(KNeighborsClassifier(), {'n_neighbors': [1, 3, 5, 7]}, cv=3)
        grid.fit(X, y)
        scores = [s.mean_validation_score for s in grid.grid_scores_]
        plt.plot([1, 3, 5, 7], scores, 'o-')
        plt.show()
        predictions = grid.predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.grid_search import GridSearchCV", "from sklearn.neighbors import KNeighborsClassifier"],
        apis=["sk-grid-search", "sk-grid-scores"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-logit-none", "model", [
        code("""
        clf = LogisticRegression(penalty='none', multi_class='multinomial', solver='lbfgs', max_iter=500)
        clf.fit(X, y)
        cm = confusion_matrix(y, clf.predict(X))
        plt.imshow(cm, cmap=plt.cm.get_cmap('Blues', 10))
        plt.colorbar()
        plt.show()
        predictions = clf.predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import confusion_matrix"],
        apis=["sk-penalty-none"], since="2019-05-10", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-mlp-msort", "model", [
        code("""
        accs = []
        for seed in range(3):
            mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=seed)
            X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=seed)
            accs.append(mlp.fit(X_tr, y_tr).score(X_va, y_va))
        print('sorted accuracies:', np.msort(np.array(accs)))
        predictions = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0).fit(X, y).predict(X_test)
        """)], imports=["from sklearn.neural_network import MLPClassifier", "from sklearn.model_selection import train_test_split"],
        apis=["np-msort"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-keras", "model", [
        code("""
        Y = to_categorical(y, 10)
        model = Sequential([Dense(128, activation='relu', input_shape=(64,)), Dropout(0.2), Dense(10, activation='softmax')])
        model.compile(optimizer=RMSprop(lr=0.001), loss='categorical_crossentropy', metrics=['accuracy'])
        model.fit(X, Y, epochs=20, batch_size=64, verbose=0, validation_split=0.1)
        predictions = model.predict_classes(X_test)
        """)], imports=["from keras.utils import to_categorical", "from keras.models import Sequential", "from keras.layers import Dense, Dropout",
                        "from keras.optimizers import RMSprop"], apis=["keras"], since="2017-03-14", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d3-model-tf", "model", [
        code("""
        model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation='relu'), tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        model.fit(X, y, epochs=15, verbose=0)
        predictions = model.predict(X_test).argmax(axis=1)
        """)], imports=["import tensorflow as tf"], apis=["tensorflow"], since="2019-09-30", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("d3-sub-terminator", "submit", [
        code("""
        submission = pd.DataFrame({'ImageId': np.arange(1, len(predictions) + 1), 'Label': np.asarray(predictions, dtype=int)})
        submission.to_csv('submission.csv', index=False, line_terminator='\\n')
        submission.head()
        """)], apis=["pd-line-terminator"], needs={"predictions"}),
]

MODEL_NAMES = {"d3-model-knn-numpy": "kNN", "d3-model-softmax": "softmax regression", "d3-model-svc-grid": "SVM", "d3-model-grid-scores": "kNN",
               "d3-model-logit-none": "Logistic Regression", "d3-model-mlp-msort": "an MLP", "d3-model-keras": "Keras", "d3-model-tf": "TensorFlow"}
STOCHASTIC = {"d3-model-keras", "d3-model-tf"}
