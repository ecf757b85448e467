"""Disaster-tweet kernels, batch 3 (a held-out test set). Prep gives train_text, test_text and y."""
from kit import Snippet, code, md
import tweets as _b1

SLUG = "nlp-getting-started"
SINCE = _b1.SINCE
NO_DEBIAN = 1
TITLES = _b1.TITLES + ["Disaster tweets: NLP basics and {m}", "Real or not? A {m} baseline"]

LOAD = _b1.LOAD

EDA = [
    Snippet("w3-eda-vader", "eda", [
        md("### Sentiment of the tweets"),
        code("""
        sia = SentimentIntensityAnalyzer()
        train['compound'] = train['text'].apply(lambda t: sia.polarity_scores(t)['compound'])
        train.groupby('target')['compound'].describe()
        """),
        code("""
        sns.distplot(train[train.target == 1]['compound'], label='disaster', kde=False)
        sns.distplot(train[train.target == 0]['compound'], label='not', kde=False)
        plt.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns", "from nltk.sentiment.vader import SentimentIntensityAnalyzer"],
        apis=["nltk-vader"], needs={"train"}),
    Snippet("w3-eda-pos", "eda", [
        code("""
        def noun_share(text):
            tags = nltk.pos_tag(text.split())
            return sum(1 for _, t in tags if t.startswith('NN')) / max(len(tags), 1)

        train['nouns'] = train['text'].apply(noun_share)
        print(train.groupby('target')['nouns'].mean())
        """)], imports=["import nltk"], apis=["nltk-pos-tag"], needs={"train"}),
    Snippet("w3-eda-length-pos", "eda", [
        code("""
        train['length'] = train['text'].str.len()
        train['words'] = train['text'].str.split().map(len)
        fig, ax = plt.subplots(1, 2, figsize=(14, 4))
        sns.boxplot('target', 'length', data=train, ax=ax[0])
        sns.violinplot('target', 'words', data=train, ax=ax[1])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("w3-eda-keywords", "eda", [
        code("""
        kw = train.dropna(0, subset=['keyword'])
        top = kw.groupby('keyword')['target'].agg(['mean', 'count'])
        top = top[top['count'] >= 10].sort_values('mean')
        top['mean'].tail(15).plot(kind='barh', figsize=(7, 6))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-dedup-dropna-positional"], needs={"train"}),
    Snippet("w3-eda-stop-words", "eda", [
        code("""
        stop = set(stopwords.words('english'))
        def top_stop(target):
            words = [w for t in train[train.target == target].text.str.lower() for w in t.split() if w in stop]
            return pd.Series(words).value_counts().head(10)
        pd.concat([top_stop(0), top_stop(1)], 1, keys=['not', 'disaster'])
        """)], imports=["from nltk.corpus import stopwords"], apis=["nltk-stopwords", "pd-concat-positional"], needs={"train"}),
]

PREP = [
    Snippet("w3-prep-clean", "prep", [
        md("## Cleaning"),
        code("""
        def clean(text):
            text = re.sub(r'https?://\\S+', '', text)
            text = re.sub(r'<.*?>', '', text)
            text = re.sub(r'[^a-zA-Z#@ ]', ' ', text)
            return ' '.join(text.lower().split())

        train_text = train['text'].map(clean)
        test_text = test['text'].map(clean)
        y = train['target'].values
        """)], imports=["import re"], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w3-prep-punkt", "prep", [
        code("""
        stemmer = PorterStemmer()
        def tokens(text):
            return ' '.join(stemmer.stem(w) for w in word_tokenize(text.lower()) if w.isalpha())

        train_text = train.text.apply(tokens)
        test_text = test.text.apply(tokens)
        y = train.target
        train_text.head()
        """)], imports=["from nltk.tokenize import word_tokenize", "from nltk.stem import PorterStemmer"], apis=["nltk-punkt"],
        needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
    Snippet("w3-prep-hashtags", "prep", [
        code("""
        for df in (train, test):
            df['keyword'] = df['keyword'].fillna('').str.replace('%20', ' ')
            df['user'] = df['text'].str.rsplit('@', 1).str[1].fillna('').str.split().str[0].fillna('')
        train_text = (train['keyword'] + ' ' + train['text']).str.lower()
        test_text = (test['keyword'] + ' ' + test['text']).str.lower()
        y = train['target'].values
        """)], apis=["pd-rsplit-positional"], needs={"train", "test"}, gives={"train_text", "test_text", "y"}),
]

MODEL = [
    Snippet("w3-model-tfidf-words", "model", [
        md("## TF-IDF and Logistic Regression"),
        code("""
        tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        X = tfidf.fit_transform(train_text)
        X_test = tfidf.transform(test_text)
        clf = LogisticRegression(C=3.0, solver='liblinear')
        print('CV F1: %.3f' % cross_val_score(clf, X, y, cv=5, scoring='f1').mean())
        clf.fit(X, y)
        vocab = np.array(tfidf.get_feature_names())
        order = np.argsort(clf.coef_[0])
        print('most "disaster" words:', vocab[order[-15:]])
        predictions = clf.predict(X_test)
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.model_selection import cross_val_score"],
        apis=["sk-get-feature-names"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w3-model-dense-nb", "model", [
        code("""
        cv = CountVectorizer(max_features=3000, stop_words='english')
        X_counts = cv.fit_transform(train_text)
        dense = X_counts.A
        nb = GaussianNB().fit(dense, y)
        print('train accuracy', nb.score(dense, y))
        mnb = MultinomialNB(alpha=0.5).fit(X_counts, y)
        predictions = mnb.predict(cv.transform(test_text))
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer", "from sklearn.naive_bayes import GaussianNB, MultinomialNB"],
        apis=["sc-sparse-A"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w3-model-svc-kbest", "model", [
        code("""
        vec = TfidfVectorizer(min_df=2)
        Xv = vec.fit_transform(train_text)
        selector = SelectKBest(chi2, 100)
        Xk = selector.fit_transform(Xv, y)
        svm = LinearSVC(C=0.5)
        print(cross_val_score(svm, Xk, y, cv=5, scoring='f1').mean())
        svm.fit(Xk, y)
        predictions = svm.predict(selector.transform(vec.transform(test_text)))
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.feature_selection import SelectKBest, chi2",
                        "from sklearn.svm import LinearSVC", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-keyword-only"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w3-model-pr-curve", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(train_text, y, test_size=0.2, random_state=11)
        pipe = make_pipeline(TfidfVectorizer(min_df=2), LogisticRegression(penalty='none', solver='saga', max_iter=300))
        pipe.fit(X_tr, y_tr)
        plot_precision_recall_curve(pipe, X_va, y_va)
        plt.show()
        print(classification_report(y_va, pipe.predict(X_va)))
        predictions = pipe.fit(train_text, y).predict(test_text)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split", "from sklearn.pipeline import make_pipeline",
                        "from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.metrics import plot_precision_recall_curve, classification_report"],
        apis=["sk-plot-pr-curve", "sk-penalty-none"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w3-model-ridge-private", "model", [
        code("""
        vec = TfidfVectorizer(ngram_range=(1, 3), analyzer='char_wb', min_df=3, max_features=20000)
        Xc = vec.fit_transform(train_text)
        ridge = RidgeClassifier(alpha=2.0)
        ridge.fit(Xc, y)
        print('train F1', f1_score(y, ridge.predict(Xc)))
        predictions = ridge.predict(vec.transform(test_text))
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer", "from sklearn.linear_model.ridge import RidgeClassifier",
                        "from sklearn.metrics.classification import f1_score"],
        apis=["sk-private-3"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
    Snippet("w3-model-keras", "model", [
        code("""
        tok = Tokenizer(num_words=5000)
        tok.fit_on_texts(list(train_text))
        Xs = pad_sequences(tok.texts_to_sequences(train_text), maxlen=30)
        model = Sequential([Embedding(5000, 32, input_length=30), GlobalAveragePooling1D(), Dense(1, activation='sigmoid')])
        model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
        model.fit(Xs, np.asarray(y), epochs=5, batch_size=64, verbose=0)
        predictions = (model.predict(pad_sequences(tok.texts_to_sequences(test_text), maxlen=30)) > 0.5).astype(int).ravel()
        """)], imports=["from keras.preprocessing.text import Tokenizer", "from keras.preprocessing.sequence import pad_sequences",
                        "from keras.models import Sequential", "from keras.layers import Embedding, GlobalAveragePooling1D, Dense"],
        apis=["keras"], needs={"train_text", "test_text", "y"}, gives={"predictions"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("w3-sub-terminator", "submit", [
        code("""
        submission = pd.DataFrame({'id': test.id, 'target': np.asarray(predictions).astype(int)})
        submission.to_csv('submission.csv', index=False, line_terminator='\\n')
        """)], apis=["pd-line-terminator"], needs={"predictions", "test"}),
]

MODEL_NAMES = {"w3-model-tfidf-words": "TF-IDF and Logistic Regression", "w3-model-dense-nb": "Naive Bayes", "w3-model-svc-kbest": "a linear SVM",
               "w3-model-pr-curve": "Logistic Regression", "w3-model-ridge-private": "a Ridge classifier", "w3-model-keras": "Keras"}
STOCHASTIC = {"w3-model-keras"}
