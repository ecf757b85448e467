"""Disaster-tweet kernels: is a tweet about a real disaster (macro F1)."""
from kit import Snippet, code, md

SLUG = "nlp-getting-started"
NO_DEBIAN = 2
SINCE = "2019-12-20"  # the competition opened in December 2019
TITLES = ["NLP with disaster tweets: {m}", "Real or not? {m} on tweets", "Disaster tweets - EDA, cleaning and {m}",
          "Basic NLP: {m} for disaster tweets", "Tweet classification with {m}", "NLP getting started: {m}"]

LOAD = [
    Snippet("w-load-input", "load", [
        code("""
        train = pd.read_csv('../input/nlp-getting-started/train.csv')
        test = pd.read_csv('../input/nlp-getting-started/test.csv')
        print(train.shape, test.shape)
        train.sample(5, random_state=1)
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("w-load-kaggle", "load", [
        code("""
        train = pd.read_csv('/kaggle/input/nlp-getting-started/train.csv')
        test = pd.read_csv('/kaggle/input/nlp-getting-started/test.csv')
        train.head()
        """),
        code("""
        train.target.value_counts()
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
]

EDA = [
    Snippet("w-eda-countplot", "eda", [
        md("## Class distribution"),
        code("""
        sns.countplot('target', data=train)
        plt.title('Real disaster (1) vs not (0)')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("w-eda-lengths", "eda", [
        code("""
        plt.style.use('seaborn')
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
        ax1.hist(train[train['target'] == 1]['text'].str.len(), color='red', bins=30)
        ax1.set_title('disaster tweets')
        ax2.hist(train[train['target'] == 0]['text'].str.len(), color='green', bins=30)
        ax2.set_title('other tweets')
        fig.suptitle('Characters in tweets')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("w-eda-colwidth-wordcloud", "eda", [
        code("""
        pd.set_option('display.max_colwidth', -1)
        train[train.target == 1].text.head(10)
        """),
        code("""
        wc = WordCloud(stopwords=STOPWORDS, background_color='white', max_words=100, width=800, height=400)
        wc.generate(' '.join(train[train.target == 1].text))
        plt.figure(figsize=(12, 6))
        plt.imshow(wc, interpolation='bilinear')
        plt.axis('off')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from wordcloud import WordCloud, STOPWORDS"], apis=["pd-max-colwidth"], needs={"train"}),
    Snippet("w-eda-stopwords", "eda", [
        md("### Most common stop words"),
        code("""
        stop = set(stopwords.words('english'))
        counts = Counter(w for t in train.text for w in t.lower().split() if w in stop)
        top = counts.most_common(10)
        x, y = zip(*top)
        plt.bar(x, y)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from collections import Counter", "from nltk.corpus import stopwords"],
        apis=["nltk-stopwords"], needs={"train"}),
    Snippet("w-eda-keywords", "eda", [
        code("""
        plt.figure(figsize=(8, 10))
        kw = train.keyword.value_counts()[:25]
        sns.barplot(x=kw.values, y=kw.index, orient='h')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], needs={"train"}),
    Snippet("w-eda-ngrams", "eda", [
        md("### Top bigrams"),
        code("""
        vec = CountVectorizer(ngram_range=(2, 2), stop_words='english').fit(train.text)
        bag = vec.transform(train.text)
        sums = bag.sum(axis=0)
        freq = sorted([(w, sums[0, i]) for w, i in vec.vocabulary_.items()], key=lambda x: x[1], reverse=True)
        print(freq[:15])
        print(len(vec.get_feature_names()), 'bigrams')
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer"], apis=["sk-get-feature-names"], needs={"train"}),
    Snippet("w-eda-px", "eda", [
        code("""
        kw = train.groupby('keyword')['target'].mean().sort_values(ascending=False).reset_index()[:30]
        fig = px.bar(kw, x='keyword', y='target', title='Share of real disasters per keyword')
        fig.show()
        """)], imports=["import plotly_express as px"], apis=["plotly-express-pkg"], needs={"train"}),
    Snippet("w-eda-location-tuple", "eda", [
        code("""
        loc = train.groupby('location')['target', 'id'].agg({'target': 'mean', 'id': 'count'})
        loc.sort_values('id', ascending=False).head(15)
        """)], apis=["pd-groupby-tuple"], needs={"train"}),
]

PREP = [
    Snippet("w-prep-regex", "prep", [
        md("## Cleaning the text"),
        code("""
        def clean_text(text):
            text = text.lower()
            text = re.sub(r'https?://\\S+|www\\.\\S+', '', text)
            text = re.sub(r'<.*?>', '', text)
            text = re.sub(r'@\\w+', '', text)
            text = text.translate(str.maketrans('', '', string.punctuation))
            text = re.sub(r'\\d+', '', text)
            return ' '.join(text.split())

        train['clean'] = train['text'].apply(clean_text)
        test['clean'] = test['text'].apply(clean_text)
        train[['text', 'clean']].head()
        """)], imports=["import re", "import string"], needs={"train", "test"}, gives={"train_text", "test_text", "y"},
        ),
    Snippet("w-prep-nltk", "prep", [
        md("## Tokenize, remove stop words and stem"),
        code("""
        stop_words = set(stopwords.words('english'))
        stemmer = PorterStemmer()

        def preprocess(text):
            text = re.sub(r'http\\S+', '', text.lower())
            tokens = word_tokenize(text)
            return ' '.join(stemmer.stem(t) for t in tokens if t.isalpha() and t not in stop_words)

        train['clean'] = train['text'].apply(preprocess)
        test['clean'] = test['text'].apply(preprocess)
        """)], imports=["import re", "from nltk.corpus import stopwords", "from nltk.stem import PorterStemmer", "from nltk.tokenize import word_tokenize"],
        apis=["nltk-stopwords", "nltk-punkt"], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w-prep-lemma", "prep", [
        code("""
        tokenizer = TweetTokenizer(strip_handles=True, reduce_len=True)
        lemmatizer = WordNetLemmatizer()

        def lemmatize(text):
            words = [w for w in tokenizer.tokenize(text.lower()) if w.isalpha()]
            return ' '.join(lemmatizer.lemmatize(w) for w in words)

        train['clean'] = train.text.apply(lemmatize)
        test['clean'] = test.text.apply(lemmatize)
        """)], imports=["from nltk.tokenize import TweetTokenizer", "from nltk.stem import WordNetLemmatizer"],
        apis=["nltk-wordnet"], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w-prep-append", "prep", [
        code("""
        train['clean'] = train['text'].str.lower().str.replace(r'http\\S+', '', regex=True)
        test['clean'] = test['text'].str.lower().str.replace(r'http\\S+', '', regex=True)
        all_text = train['clean'].append(test['clean'])
        print(len(all_text), 'tweets in total')
        """)], apis=["pd-append"], needs={"train", "test"}, gives={"train_text", "test_text", "y", "all_text"}),
]

MODEL = [
    Snippet("w-model-tfidf-lr", "model", [
        md("## TF-IDF + logistic regression"),
        code("""
        y = train['target']
        tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
        X_train = tfidf.fit_transform(train['clean'])
        X_test = tfidf.transform(test['clean'])
        clf = LogisticRegression(C=2.0, max_iter=1000)
        print('CV F1:', cross_val_score(clf, X_train, y, cv=5, scoring='f1').mean())
        clf.fit(X_train, y)
        predictions = clf.predict(X_test)
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.linear_model import LogisticRegression",
                       "from sklearn.model_selection import cross_val_score"],
        needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-count-nb", "model", [
        md("## Bag of words + naive Bayes"),
        code("""
        y = train['target']
        count_vectorizer = CountVectorizer(min_df=2)
        train_vectors = count_vectorizer.fit_transform(train['clean'])
        test_vectors = count_vectorizer.transform(test['clean'])
        nb = MultinomialNB()
        print(cross_val_score(nb, train_vectors, y, cv=3, scoring='f1'))
        nb.fit(train_vectors, y)
        words = np.array(count_vectorizer.get_feature_names())
        print('most "disaster" words:', words[np.argsort(nb.feature_log_prob_[1] - nb.feature_log_prob_[0])[-15:]])
        predictions = nb.predict(test_vectors)
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer", "from sklearn.naive_bayes import MultinomialNB",
                       "from sklearn.model_selection import cross_val_score"],
        apis=["sk-get-feature-names"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-dense-nb", "model", [
        code("""
        y = train['target'].values
        vec = TfidfVectorizer(max_features=2000)
        X_all = vec.fit_transform(train['clean'])
        X_tr, X_val, y_tr, y_val = train_test_split(X_all, y, test_size=0.2, random_state=0)
        gnb = GaussianNB().fit(X_tr.A, y_tr)
        print('F1 on validation', f1_score(y_val, gnb.predict(X_val.A)))
        gnb.fit(X_all.A, y)
        predictions = gnb.predict(vec.transform(test['clean']).A)
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.naive_bayes import GaussianNB",
                       "from sklearn.model_selection import train_test_split", "from sklearn.metrics import f1_score"],
        apis=["sc-sparse-A"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-svd-xgb", "model", [
        code("""
        y = train['target']
        tfidf = TfidfVectorizer(min_df=2, ngram_range=(1, 2))
        X_all = tfidf.fit_transform(train['clean'])
        svd = TruncatedSVD(n_components=100, random_state=0)
        X_svd = svd.fit_transform(X_all)
        X_tr, X_val, y_tr, y_val = train_test_split(X_svd, y, test_size=0.2, random_state=0)
        model = XGBClassifier(n_estimators=400, max_depth=5, learning_rate=0.05)
        model.fit(X_tr, y_tr, eval_set=[(X_val, y_val)], eval_metric='error', early_stopping_rounds=20, verbose=False)
        predictions = model.predict(svd.transform(tfidf.transform(test['clean'])))
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.decomposition import TruncatedSVD",
                       "from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-plot-cm", "model", [
        code("""
        y = train['target']
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        X_all = vec.fit_transform(train['clean'])
        X_tr, X_val, y_tr, y_val = train_test_split(X_all, y, test_size=0.2, random_state=42, stratify=y)
        svm = LinearSVC(C=0.5).fit(X_tr, y_tr)
        print(classification_report(y_val, svm.predict(X_val)))
        plot_confusion_matrix(svm, X_val, y_val, cmap=plt.cm.Blues)
        plt.show()
        """),
        code("""
        svm.fit(X_all, y)
        predictions = svm.predict(vec.transform(test['clean']))
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.svm import LinearSVC",
                       "from sklearn.model_selection import train_test_split", "from sklearn.metrics import classification_report, plot_confusion_matrix"],
        apis=["sk-plot-metrics"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-keras-lstm", "model", [
        md("## LSTM"),
        code("""
        tok = Tokenizer(num_words=5000)
        tok.fit_on_texts(train['clean'])
        X_seq = pad_sequences(tok.texts_to_sequences(train['clean']), maxlen=40)
        X_test_seq = pad_sequences(tok.texts_to_sequences(test['clean']), maxlen=40)
        model = Sequential([Embedding(5000, 64, input_length=40), LSTM(64, dropout=0.2), Dense(1, activation='sigmoid')])
        model.compile(loss='binary_crossentropy', optimizer=Adam(lr=1e-3), metrics=['accuracy'])
        model.fit(X_seq, train['target'], epochs=3, batch_size=64, validation_split=0.2)
        predictions = (model.predict(X_test_seq) > 0.5).astype(int).ravel()
        """)], imports=["from keras.preprocessing.text import Tokenizer", "from keras.preprocessing.sequence import pad_sequences",
                       "from keras.models import Sequential", "from keras.layers import Embedding, LSTM, Dense", "from keras.optimizers import Adam"],
        apis=["keras"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w-model-rfe-positional", "model", [
        code("""
        y = train['target']
        vec = CountVectorizer(max_features=300, binary=True)
        X_all = vec.fit_transform(train['clean'])
        selector = RFE(LogisticRegression(max_iter=500), 100, step=50)
        selector.fit(X_all, y)
        print('kept', selector.n_features_, 'words')
        predictions = selector.predict(vec.transform(test['clean']))
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer", "from sklearn.feature_selection import RFE",
                       "from sklearn.linear_model import LogisticRegression"],
        apis=["sk-positional-args"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
]

SUBMIT = [
    Snippet("w-sub-1", "submit", [
        code("""
        sample_submission = pd.read_csv('../input/nlp-getting-started/sample_submission.csv')
        sample_submission['target'] = predictions
        sample_submission.to_csv('submission.csv', index=False)
        sample_submission.head()
        """)], needs={"predictions"}),
    Snippet("w-sub-2", "submit", [
        code("""
        submission = pd.DataFrame({'id': test['id'], 'target': predictions})
        submission.to_csv('submission.csv', index=False)
        """)], needs={"predictions", "test"}),
]
