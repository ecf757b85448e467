"""Credit-card fraud kernels, batch 3 (a held-out test set). Prep gives X, y, X_test; models give probs."""
from kit import Snippet, code, md
import fraud as _b1

SLUG = "credit-fraud"
SINCE = _b1.SINCE
NO_DEBIAN = 1
TITLES = _b1.TITLES + ["Fraud detection on imbalanced data with {m}", "Credit card fraud: resampling and {m}"]

LOAD = _b1.LOAD

EDA = [
    Snippet("f3-eda-amount-pos", "eda", [
        md("### Amount and time of the frauds"),
        code("""
        f, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(12, 6))
        ax1.hist(train.Time[train.Class == 1], bins=50, normed=True, color='r')
        ax1.set_title('Fraud')
        ax2.hist(train.Time[train.Class == 0], bins=50, normed=True)
        ax2.set_title('Normal')
        plt.xlabel('Time (s)')
        plt.show()
        """),
        code("""
        sns.boxplot('Class', 'Amount', data=train[train.Amount < 500])
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-normed", "sns-positional"], needs={"train"}),
    Snippet("f3-eda-round", "eda", [
        code("""
        summary = train.groupby('Class')[['Amount', 'V1', 'V2', 'V3', 'V4']].mean()
        print(np.round_(summary.values, 2))
        print('fraud share (%):', np.round_(100 * train.Class.mean(), 3))
        """)], apis=["np-round-underscore"], needs={"train"}),
    Snippet("f3-eda-kde-grid", "eda", [
        code("""
        feats = ['V%d' % i for i in range(1, 15)]
        plt.figure(figsize=(14, 20))
        for i, col in enumerate(feats):
            ax = plt.subplot(7, 2, i + 1)
            sns.kdeplot(train[col][train.Class == 1], shade=True, color='r', label='fraud')
            sns.kdeplot(train[col][train.Class == 0], shade=True, color='b', label='normal')
            ax.set_title(col)
        plt.tight_layout()
        plt.show()
        """),
        code("""
        g = sns.FacetGrid(train, hue='Class', size=4, aspect=2)
        g.map(plt.scatter, 'V3', 'V4', alpha=0.4).add_legend()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-size"], needs={"train"}),
    Snippet("f3-eda-hours", "eda", [
        code("""
        hours = train.assign(Hour=(train['Time'] // 3600) % 24)
        by_hour = hours.pivot_table(index='Hour', columns='Class', values='Amount', aggfunc='count').fillna(0)
        rate = by_hour[1] / by_hour.sum(1)
        rate.plot(kind='bar', figsize=(12, 4), color=plt.cm.Reds(rate / rate.max()))
        plt.xticks(rotation='0')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-rotation-string"], needs={"train"}),
]

PREP = [
    Snippet("f3-prep-scale", "prep", [
        md("## Scaling Time and Amount"),
        code("""
        for df in (train, test):
            df['scaled_amount'] = np.log1p(df['Amount'])
            df['scaled_time'] = df['Time'] / 3600.0
        features = [c for c in train.columns if c.startswith('V')] + ['scaled_amount', 'scaled_time']
        X = train[features].values
        y = train['Class'].values
        X_test = test[features].values
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f3-prep-undersample-idx", "prep", [
        code("""
        features = ['V%d' % i for i in range(1, 15)] + ['Amount']
        rus = RandomUnderSampler(ratio={0: 2000, 1: int(train.Class.sum())}, return_indices=True, random_state=0)
        X_res, y_res, idx = rus.fit_sample(train[features], train['Class'])
        print('kept rows:', len(idx), np.bincount(y_res))
        X, y = np.asarray(X_res), np.asarray(y_res)
        X_test = test[features].values
        """)], imports=["from imblearn.under_sampling import RandomUnderSampler"], apis=["imb-ratio", "imb-return-indices", "imb-fit-sample"],
        until="2019-12-05", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f3-prep-private-scaler", "prep", [
        code("""
        features = [c for c in train.columns if c not in ('id', 'Class')]
        scaler = StandardScaler()
        X = scaler.fit_transform(train[features])
        X_test = scaler.transform(test[features])
        y = train['Class'].values
        """)], imports=["from sklearn.preprocessing.data import StandardScaler"], apis=["sk-private-3"], since="2016-09-28",
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("f3-model-auc-reorder", "model", [
        md("## Logistic Regression, cross-validated on the AUC"),
        code("""
        skf = StratifiedKFold(5, True, 7)
        aucs = []
        for tr, va in skf.split(X, y):
            lr = LogisticRegression(C=0.1, solver='liblinear').fit(X[tr], y[tr])
            fpr, tpr, _ = roc_curve(y[va], lr.predict_proba(X[va])[:, 1])
            aucs.append(auc(fpr, tpr, reorder=True))
        print('AUC %.4f +/- %.4f' % (np.mean(aucs), np.std(aucs)))
        probs = LogisticRegression(C=0.1, solver='liblinear').fit(X, y).predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import StratifiedKFold", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.metrics import roc_curve, auc"],
        apis=["sk-keyword-only", "sk-auc-reorder"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-ros-rf", "model", [
        code("""
        ros = RandomOverSampler(ratio='minority', random_state=1)
        X_os, y_os = ros.fit_sample(X, y)
        rf = RandomForestClassifier(n_estimators=100, max_depth=8, n_jobs=-1, random_state=1)
        rf.fit(X_os, y_os)
        probs = rf.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.over_sampling import RandomOverSampler", "from sklearn.ensemble import RandomForestClassifier"],
        apis=["imb-ratio", "imb-fit-sample"], until="2019-12-05", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-easy-ensemble", "model", [
        code("""
        eec = EasyEnsembleClassifier(n_estimators=10, base_estimator=AdaBoostClassifier(n_estimators=50), random_state=42)
        eec.fit(X, y)
        print('train AUC', roc_auc_score(y, eec.predict_proba(X)[:, 1]))
        probs = eec.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.ensemble import EasyEnsembleClassifier", "from sklearn.ensemble import AdaBoostClassifier",
                        "from sklearn.metrics import roc_auc_score"],
        apis=["imb-easy-base-estimator"], since="2018-10-23", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-grid-auc", "model", [
        code("""
        params = {'C': [0.01, 0.1, 1, 10]}
        search = GridSearchCV(LogisticRegression(solver='liblinear'), params, scoring='roc_auc', cv=4)
        search.fit(X, y)
        for s in search.grid_scores_:
            print(s)
        probs = search.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import GridSearchCV", "from sklearn.linear_model import LogisticRegression"],
        apis=["sk-grid-scores"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-xgb-ranking", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        clf = XGBClassifier(n_estimators=500, max_depth=4, learning_rate=0.05, scale_pos_weight=10)
        clf.fit(X_tr, y_tr, eval_set=[(X_va, y_va)], eval_metric='auc', early_stopping_rounds=30, verbose=False)
        print('validation AUC', roc_auc_score(y_va, clf.predict_proba(X_va)[:, 1]))
        probs = clf.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier",
                        "from sklearn.metrics.ranking import roc_auc_score"],
        apis=["xgb-fit-args", "sk-private-3"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-smote-kbest", "model", [
        code("""
        sm = SMOTE(random_state=2, k_neighbors=5)
        X_sm, y_sm = sm.fit_sample(X, y)
        pipe = Pipeline([('kbest', SelectKBest(f_classif, 10)), ('lr', LogisticRegression(solver='liblinear'))])
        pipe.fit(X_sm, y_sm)
        probs = pipe.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.over_sampling import SMOTE", "from sklearn.pipeline import Pipeline",
                        "from sklearn.feature_selection import SelectKBest, f_classif", "from sklearn.linear_model import LogisticRegression"],
        apis=["imb-fit-sample", "sk-keyword-only"], since="2017-01-01", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f3-model-keras", "model", [
        code("""
        model = Sequential()
        model.add(Dense(32, input_dim=X.shape[1], activation='relu'))
        model.add(Dense(1, activation='sigmoid'))
        model.compile(optimizer='adam', loss='binary_crossentropy')
        model.fit(np.asarray(X, dtype=float), y, epochs=10, batch_size=256, verbose=0)
        probs = model.predict(np.asarray(X_test, dtype=float)).ravel()
        """)], imports=["from keras.models import Sequential", "from keras.layers import Dense"], apis=["keras"],
        needs={"X", "y", "X_test"}, gives={"probs"}),
]

SUBMIT = _b1.SUBMIT + [
    Snippet("f3-sub-terminator", "submit", [
        code("""
        sub = pd.DataFrame({'id': test['id'], 'Class': probs})
        sub.to_csv('submission.csv', index=False, float_format='%.6f', line_terminator='\\n')
        sub.Class.describe()
        """)], apis=["pd-line-terminator"], needs={"probs", "test"}),
]

MODEL_NAMES = {"f3-model-auc-reorder": "Logistic Regression", "f3-model-ros-rf": "Random Forest", "f3-model-easy-ensemble": "an EasyEnsemble",
               "f3-model-grid-auc": "Logistic Regression", "f3-model-xgb-ranking": "XGBoost", "f3-model-smote-kbest": "SMOTE",
               "f3-model-keras": "Keras"}
STOCHASTIC = {"f3-model-keras"}
