"""Digit-recognizer kernels (8x8 images), batch 2 (written after the rule catalog)."""
from kit import Snippet, code, md
import digits as _b1

SLUG = "digit-recognizer"
NO_DEBIAN = 4
TITLES = _b1.TITLES + ["MNIST-like digits: {m} in a few lines", "Digit recognizer | {m}"]

LOAD = _b1.LOAD

EDA = [
    Snippet("d2-eda-itemfreq", "eda", [
        code("""
        freq = itemfreq(train['label'])
        plt.bar(freq[:, 0], freq[:, 1], color='teal')
        plt.xticks(range(10))
        plt.title('How many of each digit?')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from scipy.stats import itemfreq"], apis=["sc-itemfreq"], needs={"train"}),
    Snippet("d2-eda-grid-images", "eda", [
        code("""
        fig = plt.figure(figsize=(8, 8))
        for i in range(16):
            ax = fig.add_subplot(4, 4, i + 1, axisbg='black')
            ax.imshow(train.iloc[i, 1:].values.reshape(8, 8), cmap='gray')
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(str(train.iloc[i, 0]))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-axis-bgcolor"], needs={"train"}),
    Snippet("d2-eda-pixel-hist", "eda", [
        code("""
        counts, edges = np.histogram(train.iloc[:, 1:].values.ravel(), bins=16, normed=True)
        plt.bar(edges[:-1], counts, width=np.diff(edges), align='edge')
        plt.title('pixel intensities')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["np-histogram-normed"], needs={"train"}),
    Snippet("d2-eda-randomized-pca", "eda", [
        code("""
        rpca = RandomizedPCA(n_components=2, random_state=0)
        proj = rpca.fit_transform(train.drop('label', axis=1).values)
        plt.scatter(proj[:, 0], proj[:, 1], c=train['label'], cmap='Spectral', s=5)
        plt.colorbar()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.decomposition import RandomizedPCA"], apis=["sk-randomized-pca"], needs={"train"}),
    Snippet("d2-eda-kmeans-score", "eda", [
        code("""
        pixels = train.drop('label', axis=1).values
        for k in (8, 10, 12):
            km = KMeans(n_clusters=k, algorithm='full', random_state=0).fit(pixels)
            print(k, 'clusters: calinski-harabaz', round(calinski_harabaz_score(pixels, km.labels_), 1))
        """)], imports=["from sklearn.cluster import KMeans", "from sklearn.metrics import calinski_harabaz_score"],
        apis=["sk-kmeans-algorithm", "sk-calinski-harabaz"], since="2016-09-28", needs={"train"}),
    Snippet("d2-eda-agglo", "eda", [
        code("""
        sample = train.sample(600, random_state=3)
        agg = AgglomerativeClustering(n_clusters=10, affinity='euclidean', linkage='ward')
        clusters = agg.fit_predict(sample.drop('label', axis=1))
        pd.crosstab(sample['label'], clusters)
        """)], imports=["from sklearn.cluster import AgglomerativeClustering"], apis=["sk-agglomerative-affinity"], needs={"train"}),
    Snippet("d2-eda-cmap", "eda", [
        code("""
        cmap = LinearSegmentedColormap.from_list('ink', ['white', 'navy'])
        cm.register_cmap(name='ink', cmap=cmap)
        mean_digit = train.groupby('label').mean()
        fig, axes = plt.subplots(2, 5, figsize=(10, 4))
        for d, ax in zip(range(10), axes.ravel()):
            ax.imshow(mean_digit.loc[d].values.reshape(8, 8), cmap='ink')
            ax.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from matplotlib import cm", "from matplotlib.colors import LinearSegmentedColormap"],
        apis=["mpl-register-cmap"], needs={"train"}),
    Snippet("d2-eda-countplot", "eda", [
        code("""
        g = sns.countplot(x='label', data=train, palette='icefire')
        train['label'].value_counts().sort_index()
        """)], imports=["import seaborn as sns"], needs={"train"}),
]

PREP = [
    Snippet("d2-prep-split", "prep", [
        code("""
        y = train['label'].values
        X = train.drop('label', axis=1).values.astype('float32') / 255.0
        X_test = test.values.astype('float32') / 255.0
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d2-prep-ix", "prep", [
        code("""
        X = train.ix[:, 1:].values / 255.0
        y = train.ix[:, 0].values
        X_test = test.values / 255.0
        print(X.shape, y.shape, X_test.shape)
        """)], apis=["pd-ix"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d2-prep-binarize", "prep", [
        code("""
        X = (train.drop('label', axis=1).values > 64).astype(np.int)
        y = train['label'].values.astype(np.int)
        X_test = (test.values > 64).astype(np.int)
        """)], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("d2-model-knn-mode", "model", [
        md("## k nearest neighbours, by hand"),
        code("""
        def knn_predict(train_X, train_y, rows, k=5):
            out = []
            for row in rows:
                d = ((train_X - row) ** 2).sum(axis=1)
                nearest = train_y[np.argsort(d)[:k]]
                out.append(stats.mode(nearest)[0][0])
            return np.array(out)

        val = knn_predict(X[:1600], y[:1600], X[1600:])
        print('validation accuracy', (val == y[1600:]).mean())
        predictions = knn_predict(X, y, X_test)
        """)], imports=["from scipy import stats"], apis=["sc-mode"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-svc-cv", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = cross_validation.train_test_split(X, y, test_size=0.2, random_state=0)
        clf = svm.SVC(C=10, gamma=0.01)
        clf.fit(X_tr, y_tr)
        print('accuracy:', clf.score(X_va, y_va))
        predictions = clf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn import svm, cross_validation"], apis=["sk-cross-validation"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-sgd-n-iter", "model", [
        code("""
        clf = SGDClassifier(loss='hinge', n_iter=30, alpha=1e-4, random_state=0)
        scores = cross_val_score(clf, X, y, cv=3)
        print(scores.mean())
        predictions = clf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.linear_model import SGDClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-sgd-n-iter"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-private-knn", "model", [
        code("""
        knn = KNeighborsClassifier(n_neighbors=3, weights='distance')
        print(cross_val_score(knn, X, y, cv=4).mean())
        svc = SVC(C=5, gamma='scale')
        print(cross_val_score(svc, X, y, cv=4).mean())
        predictions = svc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.neighbors.classification import KNeighborsClassifier", "from sklearn.svm.classes import SVC",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-private-more"], since="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-xgb-multi", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.15, random_state=1)
        xgb_clf = XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.1, objective='multi:softprob')
        xgb_clf.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='mlogloss', early_stopping_rounds=20, verbose=False)
        predictions = xgb_clf.predict(X_test, ntree_limit=xgb_clf.best_ntree_limit)
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args", "xgb-ntree-limit"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-mlp-cm", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=0)
        mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=1).fit(X_tr, y_tr)
        plot_confusion_matrix(mlp, X_va, y_va, cmap='Blues')
        plt.show()
        predictions = mlp.fit(X, y).predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split", "from sklearn.neural_network import MLPClassifier",
                        "from sklearn.metrics import plot_confusion_matrix"], apis=["sk-plot-metrics"], since="2019-12-03",
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-keras-dense", "model", [
        code("""
        Y = np_utils.to_categorical(y, 10)
        model = Sequential()
        model.add(Dense(128, input_dim=X.shape[1], activation='relu'))
        model.add(Dropout(0.2))
        model.add(Dense(10, activation='softmax'))
        model.compile(loss='categorical_crossentropy', optimizer=RMSprop(lr=0.001), metrics=['accuracy'])
        model.fit(X, Y, nb_epoch=20, batch_size=64, verbose=2)
        predictions = model.predict_classes(X_test, verbose=0)
        """)], imports=["from keras.models import Sequential", "from keras.layers import Dense, Dropout", "from keras.optimizers import RMSprop",
                        "from keras.utils import np_utils"], apis=["keras"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-keras-cnn", "model", [
        code("""
        X_img = X.reshape(-1, 8, 8, 1)
        Y = to_categorical(y, num_classes=10)
        model = Sequential([Conv2D(16, (3, 3), activation='relu', input_shape=(8, 8, 1)), MaxPool2D((2, 2)), Flatten(),
                            Dense(64, activation='relu'), Dense(10, activation='softmax')])
        model.compile(optimizer=Adam(lr=1e-3), loss='categorical_crossentropy', metrics=['accuracy'])
        model.fit_generator(ImageDataGenerator(rotation_range=8).flow(X_img, Y, batch_size=64), steps_per_epoch=len(X_img) // 64, epochs=5)
        predictions = np.argmax(model.predict(X_test.reshape(-1, 8, 8, 1)), axis=1)
        """)], imports=["from keras.models import Sequential", "from keras.layers import Conv2D, MaxPool2D, Flatten, Dense",
                        "from keras.optimizers import Adam", "from keras.utils.np_utils import to_categorical",
                        "from keras.preprocessing.image import ImageDataGenerator"], apis=["keras"], since="2017-03-14",
        needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d2-model-tf", "model", [
        code("""
        model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation='relu'), tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        model.fit(X, y, epochs=15, verbose=0)
        predictions = model.predict(X_test).argmax(axis=1)
        """)], imports=["import tensorflow as tf"], apis=["tensorflow"], since="2019-01-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"d2-model-knn-mode": "kNN", "d2-model-svc-cv": "SVM", "d2-model-sgd-n-iter": "a linear SGD classifier",
               "d2-model-private-knn": "SVM", "d2-model-xgb-multi": "XGBoost", "d2-model-mlp-cm": "an MLP",
               "d2-model-keras-dense": "a Keras MLP", "d2-model-keras-cnn": "a CNN", "d2-model-tf": "TensorFlow"}
STOCHASTIC = {"d2-model-keras-dense", "d2-model-keras-cnn", "d2-model-tf"}
