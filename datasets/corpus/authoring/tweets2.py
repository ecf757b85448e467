"""Disaster-tweet kernels, batch 2 (written after the rule catalog)."""
from kit import Snippet, code, md
import tweets as _b1

SLUG = "nlp-getting-started"
NO_DEBIAN = 2
SINCE = "2019-12-20"
TITLES = _b1.TITLES + ["NLP with disaster tweets: {m} baseline", "Real or not? Text cleaning and {m}"]

LOAD = _b1.LOAD + [
    Snippet("w2-load-colwidth", "load", [
        code("""
        pd.set_option('display.max_colwidth', -1)
        train = pd.read_csv('/kaggle/input/nlp-getting-started/train.csv')
        test = pd.read_csv('/kaggle/input/nlp-getting-started/test.csv')
        train[train.target == 1].text.head(10)
        """)], imports=["import numpy as np", "import pandas as pd"], apis=["pd-max-colwidth"], gives={"train", "test"}),
]

EDA = [
    Snippet("w2-eda-target-count", "eda", [
        code("""
        sns.countplot('target', data=train)
        plt.title('Disaster (1) or not (0)')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("w2-eda-lengths", "eda", [
        code("""
        train['length'] = train['text'].str.len()
        train['words'] = train['text'].str.split().map(len)
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
        sns.distplot(train[train.target == 1]['length'], ax=ax1, color='red')
        sns.distplot(train[train.target == 0]['length'], ax=ax2, color='green')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-distplot"], needs={"train"}),
    Snippet("w2-eda-keywords-px", "eda", [
        code("""
        top = train['keyword'].value_counts()[:20].reset_index()
        top.columns = ['keyword', 'count']
        fig = px.bar(top, x='keyword', y='count', title='Top keywords')
        fig.show()
        """)], imports=["import plotly_express as px"], apis=["plotly-express-pkg"], needs={"train"}),
    Snippet("w2-eda-value-counts", "eda", [
        code("""
        vc = pd.value_counts(train['location'].dropna())
        vc[:15].plot(kind='barh', figsize=(8, 6), title='locations')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-value-counts-fn"], needs={"train"}),
    Snippet("w2-eda-stopword-freq", "eda", [
        code("""
        stop = set(stopwords.words('english'))
        counts = Counter(w for t in train[train.target == 1].text for w in t.lower().split() if w in stop)
        common = pd.DataFrame(counts.most_common(15), columns=['word', 'n'])
        sns.barplot('n', 'word', data=common)
        plt.show()
        """)], imports=["from collections import Counter", "import matplotlib.pyplot as plt", "import seaborn as sns", "from nltk.corpus import stopwords"],
        apis=["nltk-stopwords", "sns-positional"], needs={"train"}),
    Snippet("w2-eda-style-hist", "eda", [
        code("""
        plt.style.use('seaborn-whitegrid')
        train['hashtags'] = train['text'].str.count('#')
        train.groupby('target')['hashtags'].mean().plot(kind='bar')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("w2-eda-binom", "eda", [
        code("""
        k, n = int(train.target.sum()), len(train)
        print('share of disasters: %.3f, p-value vs 0.5: %.3g' % (k / n, binom_test(k, n, 0.5)))
        """)], imports=["from scipy.stats import binom_test"], apis=["sc-binom-test"], needs={"train"}),
    Snippet("w2-eda-cufflinks", "eda", [
        code("""
        cf.go_offline()
        train['text'].str.len().iplot(kind='hist', bins=50, title='tweet length')
        """)], imports=["import cufflinks as cf"], apis=["cufflinks"], needs={"train"}),
]

PREP = [
    Snippet("w2-prep-tokenize", "prep", [
        md("## Cleaning"),
        code("""
        stop_words = stopwords.words('english')

        def clean(tweet):
            tweet = re.sub(r'https?://\\S+', '', tweet.lower())
            tokens = nltk.word_tokenize(tweet)
            return ' '.join(t for t in tokens if t.isalpha() and t not in stop_words)

        train['clean'] = train['text'].apply(clean)
        test['clean'] = test['text'].apply(clean)
        y = train['target']
        """)], imports=["import re", "import nltk", "from nltk.corpus import stopwords"], apis=["nltk-stopwords", "nltk-punkt"],
        needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w2-prep-lemma-punkt", "prep", [
        code("""
        lem = WordNetLemmatizer()
        train['clean'] = train.text.apply(lambda t: ' '.join(lem.lemmatize(w) for w in word_tokenize(t.lower()) if w.isalpha()))
        test['clean'] = test.text.apply(lambda t: ' '.join(lem.lemmatize(w) for w in word_tokenize(t.lower()) if w.isalpha()))
        y = train['target']
        """)], imports=["from nltk.stem import WordNetLemmatizer", "from nltk.tokenize import word_tokenize"], apis=["nltk-wordnet", "nltk-punkt"],
        needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w2-prep-split-keyword", "prep", [
        code("""
        for df in (train, test):
            df['keyword'] = df['keyword'].fillna('none').str.replace('%20', ' ')
            df['first_words'] = df['text'].str.split(' ', 3).str[:3].str.join(' ')
            df['clean'] = (df['keyword'] + ' ' + df['text'].str.lower()).str.replace(r'http\\S+', '')
        y = train['target']
        train[['keyword', 'first_words', 'clean']].head()
        """)], apis=["pd-str-split-positional"], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w2-prep-plain", "prep", [
        code("""
        train['clean'] = train['text'].str.lower().str.replace(r'[^a-z ]', ' ', regex=True)
        test['clean'] = test['text'].str.lower().str.replace(r'[^a-z ]', ' ', regex=True)
        y = train.target.values
        """)], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
]

MODEL = [
    Snippet("w2-model-sgd", "model", [
        code("""
        vec = TfidfVectorizer(min_df=2, ngram_range=(1, 2), sublinear_tf=True)
        X_all = vec.fit_transform(train['clean'])
        sgd = SGDClassifier(loss='log', alpha=1e-4, max_iter=50, random_state=0)
        print('F1:', cross_val_score(sgd, X_all, y, cv=5, scoring='f1').mean())
        predictions = sgd.fit(X_all, y).predict(vec.transform(test['clean']))
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.linear_model import SGDClassifier",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-sgd-loss-log"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-cm-plot", "model", [
        code("""
        cv = CountVectorizer(max_features=5000)
        X_all = cv.fit_transform(train['clean'])
        X_tr, X_va, y_tr, y_va = train_test_split(X_all, y, test_size=0.25, stratify=y, random_state=1)
        clf = LogisticRegression(C=1.0, solver='liblinear').fit(X_tr, y_tr)
        plot_confusion_matrix(clf, X_va, y_va, cmap=plt.cm.Blues, normalize='true')
        plt.show()
        print('jaccard', jaccard_similarity_score(y_va, clf.predict(X_va)))
        predictions = clf.fit(X_all, y).predict(cv.transform(test['clean']))
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.feature_extraction.text import CountVectorizer",
                        "from sklearn.model_selection import train_test_split", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.metrics import plot_confusion_matrix, jaccard_similarity_score"],
        apis=["sk-plot-metrics", "sk-jaccard-similarity"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-roc-plot", "model", [
        code("""
        tfv = TfidfVectorizer(max_features=8000, ngram_range=(1, 2))
        X_all = tfv.fit_transform(train['clean'])
        X_tr, X_va, y_tr, y_va = train_test_split(X_all, y, test_size=0.2, random_state=3)
        svc = LinearSVC(C=0.5).fit(X_tr, y_tr)
        plot_roc_curve(svc, X_va, y_va)
        plt.show()
        predictions = svc.fit(X_all, y).predict(tfv.transform(test['clean']))
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.feature_extraction.text import TfidfVectorizer",
                        "from sklearn.model_selection import train_test_split", "from sklearn.svm import LinearSVC", "from sklearn.metrics import plot_roc_curve"],
        apis=["sk-plot-metrics"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-nb-words", "model", [
        code("""
        counts = CountVectorizer(ngram_range=(1, 2), min_df=2)
        X_all = counts.fit_transform(train['clean'])
        nb = MultinomialNB(alpha=0.5).fit(X_all, y)
        vocab = np.array(counts.get_feature_names())
        print(vocab[np.argsort(nb.feature_log_prob_[1])[-20:]])
        predictions = nb.predict(counts.transform(test['clean']))
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer", "from sklearn.naive_bayes import MultinomialNB"],
        apis=["sk-get-feature-names"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-xgb-dense", "model", [
        code("""
        vec = TfidfVectorizer(max_features=1000)
        X_all = vec.fit_transform(train['clean']).A
        model = XGBClassifier(n_estimators=150, max_depth=6, learning_rate=0.1)
        X_tr, X_va, y_tr, y_va = train_test_split(X_all, y, test_size=0.2, random_state=0)
        model.fit(X_tr, y_tr, early_stopping_rounds=15, eval_set=[(X_va, y_va)], verbose=False)
        predictions = model.predict(vec.transform(test['clean']).A)
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.model_selection import train_test_split",
                        "from xgboost import XGBClassifier"], apis=["sc-sparse-A", "xgb-fit-args"],
        needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-joblib-lr", "model", [
        code("""
        pipe = Pipeline([('tfidf', TfidfVectorizer(ngram_range=(1, 2), min_df=2)), ('lr', LogisticRegression(C=3, max_iter=500))])
        pipe.fit(train['clean'], y)
        joblib.dump(pipe, 'model.pkl')
        predictions = joblib.load('model.pkl').predict(test['clean'])
        """)], imports=["from sklearn.pipeline import Pipeline", "from sklearn.feature_extraction.text import TfidfVectorizer",
                        "from sklearn.linear_model import LogisticRegression", "from sklearn.externals import joblib"],
        apis=["sk-externals-joblib"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-keras-embed", "model", [
        code("""
        tok = Tokenizer(num_words=5000)
        tok.fit_on_texts(train['clean'])
        Xs = pad_sequences(tok.texts_to_sequences(train['clean']), maxlen=30)
        model = Sequential()
        model.add(Embedding(5000, 16, input_length=30))
        model.add(GlobalAveragePooling1D())
        model.add(Dense(1, activation='sigmoid'))
        model.compile(loss='binary_crossentropy', optimizer=Adam(lr=0.01), metrics=['accuracy'])
        model.fit(Xs, np.asarray(y), epochs=5, batch_size=64, validation_split=0.1, verbose=2)
        predictions = (model.predict(pad_sequences(tok.texts_to_sequences(test['clean']), maxlen=30)) > 0.5).astype(int).ravel()
        """)], imports=["from keras.preprocessing.text import Tokenizer", "from keras.preprocessing.sequence import pad_sequences",
                        "from keras.models import Sequential", "from keras.layers import Embedding, GlobalAveragePooling1D, Dense",
                        "from keras.optimizers import Adam"], apis=["keras"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w2-model-rfe", "model", [
        code("""
        vec = CountVectorizer(max_features=300, binary=True)
        X_all = vec.fit_transform(train['clean'])
        selector = RFE(LogisticRegression(solver='liblinear'), 100, step=50)
        selector.fit(X_all, y)
        predictions = selector.predict(vec.transform(test['clean']))
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer", "from sklearn.feature_selection import RFE",
                        "from sklearn.linear_model import LogisticRegression"], apis=["sk-positional-args"],
        needs={"train_text", "test_text", "y"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"w2-model-sgd": "SGD", "w2-model-cm-plot": "Logistic Regression", "w2-model-roc-plot": "a linear SVM",
               "w2-model-nb-words": "Naive Bayes", "w2-model-xgb-dense": "XGBoost", "w2-model-joblib-lr": "TF-IDF and Logistic Regression",
               "w2-model-keras-embed": "a Keras embedding model", "w2-model-rfe": "RFE"}
STOCHASTIC = {"w2-model-keras-embed"}
