"""Disaster-tweets kernels, batch 4 (a small held-out set)."""
from kit import Snippet, code, md
import tweets as _b1

SLUG = "nlp-getting-started"
SINCE = getattr(_b1, "SINCE", "2019-12-20")
TITLES = _b1.TITLES + ["Disaster tweets: a {m} baseline", "Real or not? EDA and {m}"]
STOCHASTIC = set()

LOAD = [s for s in _b1.LOAD if not s.apis]

EDA = [
    Snippet("w4-eda-length", "eda", [
        md("## Tweet length"),
        code("""
        train['length'] = train['text'].str.len()
        train['words'] = train['text'].str.split().str.len()
        print(train.groupby('target')['length', 'words'].mean())
        sns.boxplot('target', 'length', data=train)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["pd-groupby-tuple", "sns-positional"], needs={"train"}),
    Snippet("w4-eda-keywords", "eda", [
        code("""
        np.warnings.filterwarnings('ignore')
        plt.style.use('seaborn-darkgrid')
        keywords = train['keyword'].str.replace('%20', ' ').value_counts()[:15]
        plt.figure(figsize=(8, 5))
        plt.barh(keywords.index[::-1], keywords.values[::-1])
        plt.title('Most common keywords')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["np-warnings", "mpl-seaborn-style"], needs={"train"}),
    Snippet("w4-eda-location", "eda", [
        code("""
        pd.set_option('display.max_colwidth', -1)
        place = train['location'].dropna().str.rsplit(',', 1).str[-1].str.strip()
        print(place.value_counts().head(10))
        train.loc[train.location.notnull(), ['location', 'text', 'target']].head(5)
        """)], apis=["pd-max-colwidth", "pd-rsplit-positional"], needs={"train"}),
]

PREP = [
    Snippet("w4-prep-tfidf", "prep", [
        md("## Vectorizing the text"),
        code("""
        tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, stop_words='english', sublinear_tf=True)
        X = tfidf.fit_transform(train['text'])
        X_test = tfidf.transform(test['text'])
        y = train['target'].values
        vocab = tfidf.get_feature_names()
        print(len(vocab), vocab[:20])
        """)], imports=["from sklearn.feature_extraction.text import TfidfVectorizer"], apis=["sk-get-feature-names"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("w4-prep-counts", "prep", [
        code("""
        cv = CountVectorizer(min_df=2, token_pattern=r'(?u)\\b[a-zA-Z][a-zA-Z]+\\b')
        X = cv.fit_transform(train['text'].str.lower())
        X_test = cv.transform(test['text'].str.lower())
        y = train['target'].values
        head = X[:300].A
        print('non-zero share in the first 300 tweets: %.4f' % (head > 0).mean())
        """)], imports=["from sklearn.feature_extraction.text import CountVectorizer"], apis=["sc-sparse-A"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("w4-model-sgd", "model", [
        md("## Model"),
        code("""
        sgd = SGDClassifier(loss='log', alpha=1e-4, max_iter=50, tol=None, random_state=3)
        print('CV F1: %.4f' % cross_val_score(sgd, X, y, cv=5, scoring='f1').mean())
        predictions = sgd.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.linear_model import SGDClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-sgd-loss-log"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("w4-model-logit", "model", [
        code("""
        folds = StratifiedKFold(5, random_state=1)
        f1s = []
        for tr, va in folds.split(X, y):
            clf = LogisticRegression(C=2.0, solver='liblinear').fit(X[tr], y[tr])
            f1s.append(f1_score(y[va], clf.predict(X[va]), average='macro'))
        print('macro F1 per fold', np.round(f1s, 4))
        predictions = LogisticRegression(C=2.0, solver='liblinear').fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import StratifiedKFold", "from sklearn.linear_model.logistic import LogisticRegression",
                        "from sklearn.metrics import f1_score"],
        apis=["sk-kfold-random-state", "sk-private-more"], needs={"X", "y", "X_test"}, gives={"predictions"}),
    Snippet("w4-model-nb", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.2, random_state=7, stratify=y)
        scorer = SCORERS['f1_macro']
        for a in [0.1, 0.5, 1.0]:
            nb = MultinomialNB(alpha=a).fit(X_tr, y_tr)
            print(a, round(scorer(nb, X_va, y_va), 4))
        predictions = MultinomialNB(alpha=0.5).fit(X, y).predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from sklearn.naive_bayes import MultinomialNB",
                        "from sklearn.metrics import SCORERS"],
        apis=["sk-scorers-dict"], needs={"X", "y", "X_test"}, gives={"predictions"}),
]

SUBMIT = [s for s in _b1.SUBMIT if not s.apis]

MODEL_NAMES = {"w4-model-sgd": "SGD (logistic loss)", "w4-model-logit": "Logistic Regression", "w4-model-nb": "Naive Bayes"}
