"""Digit-recognizer kernels: 8x8 handwritten digits (accuracy)."""
from kit import Snippet, code, md

SLUG = "digit-recognizer"
NO_DEBIAN = 5  # CNN kernels were the norm here
TITLES = ["Digit recognizer: {m}", "MNIST-style digits with {m}", "Introduction to {m} on handwritten digits",
          "Digit recognition - {m} from scratch", "Handwritten digits: {m} baseline"]

LOAD = [
    Snippet("d-load-input", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        print(train.shape, test.shape)
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("d-load-kaggle", "load", [
        code("""
        train = pd.read_csv('/kaggle/input/digit-recognizer/train.csv')
        test = pd.read_csv('/kaggle/input/digit-recognizer/test.csv')
        train.head()
        """)], imports=["import numpy as np", "import pandas as pd"], since="2019-06-01", gives={"train", "test"}),
]

EDA = [
    Snippet("d-eda-countplot", "eda", [
        code("""
        sns.countplot('label', data=train)
        plt.show()
        train['label'].value_counts()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("d-eda-images", "eda", [
        md("Some of the images:"),
        code("""
        plt.figure(figsize=(10, 4))
        for i in range(20):
            plt.subplot(2, 10, i + 1)
            plt.imshow(train.iloc[i, 1:].values.reshape(8, 8), cmap='gray_r')
            plt.title(train.iloc[i, 0])
            plt.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], needs={"train"}),
    Snippet("d-eda-pca", "eda", [
        code("""
        pca = PCA(n_components=2)
        proj = pca.fit_transform(train.drop('label', axis=1))
        plt.figure(figsize=(8, 6))
        plt.scatter(proj[:, 0], proj[:, 1], c=train['label'], cmap=plt.cm.get_cmap('tab10', 10), s=6)
        plt.colorbar()
        print('explained variance', pca.explained_variance_ratio_)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.decomposition import PCA"], needs={"train"}),
    Snippet("d-eda-kmeans", "eda", [
        md("Do the digits form clusters by themselves?"),
        code("""
        km = KMeans(n_clusters=10, n_init=10, n_jobs=-1, random_state=0)
        clusters = km.fit_predict(train.drop('label', axis=1))
        pd.crosstab(train['label'], clusters)
        """)], imports=["from sklearn.cluster import KMeans"], apis=["sk-kmeans-n-jobs"], needs={"train"}),
    Snippet("d-eda-mean-digits", "eda", [
        code("""
        plt.style.use('seaborn-dark')
        means = train.groupby('label').mean()
        fig, axes = plt.subplots(1, 10, figsize=(14, 2))
        for d, ax in enumerate(axes):
            ax.imshow(means.loc[d].values.reshape(8, 8), cmap='viridis')
            ax.set_title(d)
            ax.axis('off')
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
]

PREP = [
    Snippet("d-prep-scale", "prep", [
        code("""
        X = train.drop(labels=['label'], axis=1) / 255.0
        y = train['label']
        X_test = test / 255.0
        del train
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d-prep-as-matrix", "prep", [
        code("""
        images = train.iloc[:, 1:].as_matrix()
        labels = train.iloc[:, :1].as_matrix().ravel()
        X = images / 255.0
        y = labels
        X_test = test.as_matrix() / 255.0
        """)], apis=["pd-as-matrix"], until="2020-01-29", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("d-prep-npfloat", "prep", [
        code("""
        X = train.values[:, 1:].astype(np.float) / 255
        y = train.values[:, 0].astype(np.int)
        X_test = test.values.astype(np.float) / 255
        """)], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("d-model-knn-scratch", "model", [
        md("## k-nearest neighbours by hand"),
        code("""
        def knn_predict(X_train, y_train, X_query, k=5):
            X_train, X_query = np.asarray(X_train), np.asarray(X_query)
            preds = []
            for x in X_query:
                dist = np.sqrt(((X_train - x) ** 2).sum(axis=1))
                nearest = np.asarray(y_train)[np.argsort(dist)[:k]]
                preds.append(stats.mode(nearest)[0][0])
            return np.array(preds)

        n_val = 300
        val_pred = knn_predict(X[n_val:], y[n_val:], X[:n_val])
        print('validation accuracy', (val_pred == np.asarray(y[:n_val])).mean())
        """),
        code("""
        predictions = knn_predict(X, y, X_test)
        """)], imports=["from scipy import stats"], apis=["sc-mode"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-svc-old", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, train_size=0.8, random_state=0)
        clf = svm.SVC(C=5, gamma=0.05)
        clf.fit(X_tr, y_tr)
        print('validation score', clf.score(X_val, y_val))
        predictions = clf.fit(X, y).predict(X_test)
        """)], imports=["from sklearn import svm", "from sklearn.cross_validation import train_test_split"],
        apis=["sk-cross-validation"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-mlp-cm", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.15, random_state=2)
        mlp = MLPClassifier(hidden_layer_sizes=(128,), max_iter=300, random_state=1)
        mlp.fit(X_tr, y_tr)
        print('accuracy', mlp.score(X_val, y_val))
        plot_confusion_matrix(mlp, X_val, y_val, cmap='Blues')
        plt.show()
        predictions = mlp.predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split",
                       "from sklearn.neural_network import MLPClassifier", "from sklearn.metrics import plot_confusion_matrix"],
        apis=["sk-plot-metrics"], since="2019-12-03", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-xgb", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.1, random_state=0)
        clf = XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.1, objective='multi:softprob')
        clf.fit(X_tr, y_tr, eval_set=[(X_val, y_val)], eval_metric='mlogloss', early_stopping_rounds=20, verbose=False)
        print('validation accuracy', (clf.predict(X_val) == y_val).mean())
        predictions = clf.predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-pca-svc-grid", "model", [
        code("""
        pipe = Pipeline([('pca', PCA(n_components=30, whiten=True)), ('svc', SVC())])
        grid = GridSearchCV(pipe, {'svc__C': [1, 10], 'svc__gamma': [0.01, 0.1]}, cv=3, iid=False)
        grid.fit(X, y)
        print(grid.best_params_, grid.best_score_)
        predictions = grid.predict(X_test)
        """)], imports=["from sklearn.pipeline import Pipeline", "from sklearn.decomposition import PCA", "from sklearn.svm import SVC",
                       "from sklearn.model_selection import GridSearchCV"],
        apis=["sk-iid"], since="2016-09-28", until="2020-12-22", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-keras-cnn", "model", [
        md("## A CNN with Keras"),
        code("""
        X_img = np.asarray(X).reshape(-1, 8, 8, 1)
        X_test_img = np.asarray(X_test).reshape(-1, 8, 8, 1)
        Y = to_categorical(y, num_classes=10)
        X_tr, X_val, Y_tr, Y_val = train_test_split(X_img, Y, test_size=0.1, random_state=2)
        model = Sequential()
        model.add(Conv2D(32, (3, 3), padding='same', activation='relu', input_shape=(8, 8, 1)))
        model.add(MaxPool2D(pool_size=(2, 2)))
        model.add(Flatten())
        model.add(Dense(64, activation='relu'))
        model.add(Dropout(0.3))
        model.add(Dense(10, activation='softmax'))
        model.compile(optimizer=RMSprop(lr=0.001), loss='categorical_crossentropy', metrics=['accuracy'])
        datagen = ImageDataGenerator(rotation_range=10, width_shift_range=0.1, height_shift_range=0.1)
        history = model.fit_generator(datagen.flow(X_tr, Y_tr, batch_size=64), epochs=5, validation_data=(X_val, Y_val),
                                      steps_per_epoch=X_tr.shape[0] // 64)
        """),
        code("""
        predictions = np.argmax(model.predict(X_test_img), axis=1)
        """)], imports=["from sklearn.model_selection import train_test_split", "from keras.utils.np_utils import to_categorical",
                       "from keras.models import Sequential", "from keras.layers import Dense, Dropout, Flatten, Conv2D, MaxPool2D",
                       "from keras.optimizers import RMSprop", "from keras.preprocessing.image import ImageDataGenerator"],
        apis=["keras"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-tf-dense", "model", [
        code("""
        model = tf.keras.models.Sequential([
            tf.keras.layers.Dense(128, activation='relu', input_shape=(64,)),
            tf.keras.layers.Dropout(0.2),
            tf.keras.layers.Dense(10, activation='softmax')])
        model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        model.fit(np.asarray(X), np.asarray(y), epochs=10, validation_split=0.1)
        predictions = model.predict_classes(np.asarray(X_test))
        """)], imports=["import tensorflow as tf"], apis=["tensorflow"], since="2019-10-01", needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("d-model-rf-knn-vote", "model", [
        code("""
        rf = RandomForestClassifier(n_estimators=200, max_features='auto', random_state=0)
        knn = KNeighborsClassifier(n_neighbors=3)
        vote = VotingClassifier([('rf', rf), ('knn', knn)], voting='soft')
        print(cross_val_score(vote, X, y, cv=3).mean())
        predictions = vote.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import RandomForestClassifier, VotingClassifier", "from sklearn.neighbors import KNeighborsClassifier",
                       "from sklearn.model_selection import cross_val_score"],
        apis=["sk-max-features-auto"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [
    Snippet("d-sub-1", "submit", [
        code("""
        submission = pd.DataFrame({'ImageId': range(1, len(predictions) + 1), 'Label': predictions})
        submission.to_csv('submission.csv', index=False)
        """)], needs={"predictions"}),
    Snippet("d-sub-2", "submit", [
        code("""
        results = pd.Series(predictions, name='Label')
        submission = pd.concat([pd.Series(range(1, len(results) + 1), name='ImageId'), results], axis=1)
        submission.to_csv('submission.csv', index=False)
        submission.head()
        """)], needs={"predictions"}),
]
