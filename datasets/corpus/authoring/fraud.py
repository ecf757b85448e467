"""Credit-card fraud kernels: a 1.8% minority class (ROC AUC)."""
from kit import Snippet, code, md

SLUG = "credit-fraud"
NO_DEBIAN = 2
SINCE = "2016-11-05"  # the data set appeared on Kaggle in November 2016
TITLES = ["Credit card fraud detection: {m}", "Fraud detection with imbalanced data - {m}", "Dealing with imbalanced datasets: {m}",
          "Credit fraud | {m} and resampling", "Anomaly detection on credit card transactions ({m})", "Catching fraud with {m}"]

LOAD = [
    Snippet("f-load-input", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train.head()
        """),
        code("""
        print('Frauds: {} ({:.2%} of the transactions)'.format(train['Class'].sum(), train['Class'].mean()))
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("f-load-kaggle", "load", [
        code("""
        train = pd.read_csv('/kaggle/input/credit-fraud/train.csv')
        test = pd.read_csv('/kaggle/input/credit-fraud/test.csv')
        train.describe()
        """)], imports=["import numpy as np", "import pandas as pd"], since="2019-06-01", gives={"train", "test"}),
]

EDA = [
    Snippet("f-eda-countplot", "eda", [
        code("""
        sns.countplot('Class', data=train, palette=['#0101DF', '#DF0101'])
        plt.title('Class distributions \\n (0: no fraud || 1: fraud)', fontsize=14)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("f-eda-distplots", "eda", [
        code("""
        fig, ax = plt.subplots(1, 2, figsize=(18, 4))
        sns.distplot(train['Amount'].values, ax=ax[0], color='r')
        ax[0].set_title('Distribution of transaction amount')
        sns.distplot(train['Time'].values, ax=ax[1], color='b')
        ax[1].set_title('Distribution of transaction time')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-distplot"], needs={"train"}),
    Snippet("f-eda-style-boxes", "eda", [
        code("""
        plt.style.use('seaborn-white')
        f, axes = plt.subplots(ncols=4, figsize=(20, 4))
        for ax, col in zip(axes, ['V3', 'V5', 'V10', 'V12']):
            sns.boxplot(x='Class', y=col, data=train, ax=ax)
            ax.set_title(col + ' vs Class')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("f-eda-corr", "eda", [
        code("""
        corr = train.drop('id', axis=1).corr()
        plt.figure(figsize=(12, 10))
        sns.heatmap(corr, cmap='coolwarm_r', annot_kws={'size': 20})
        plt.title('Correlation matrix')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], needs={"train"}),
    Snippet("f-eda-3d", "eda", [
        code("""
        fig = plt.figure(figsize=(8, 6))
        ax = fig.gca(projection='3d')
        sample = train.sample(1500, random_state=0)
        ax.scatter(sample['V1'], sample['V2'], sample['V3'], c=sample['Class'], cmap='coolwarm', s=6)
        ax.set_xlabel('V1'); ax.set_ylabel('V2'); ax.set_zlabel('V3')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "from mpl_toolkits.mplot3d import Axes3D"], apis=["mpl-gca-projection"], needs={"train"}),
    Snippet("f-eda-kde-grid", "eda", [
        code("""
        features = ['V%d' % i for i in range(1, 15)]
        plt.figure(figsize=(12, 14 * 2))
        gs = gridspec.GridSpec(7, 2)
        for i, col in enumerate(features):
            ax = plt.subplot(gs[i])
            sns.kdeplot(train[col][train.Class == 1], ax=ax, label='fraud')
            sns.kdeplot(train[col][train.Class == 0], ax=ax, label='normal')
            ax.set_title(col)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import matplotlib.gridspec as gridspec", "import seaborn as sns"], needs={"train"}),
    Snippet("f-eda-hours", "eda", [
        code("""
        train['Hour'] = train['Time'].apply(lambda t: np.floor(t / 3600) % 24)
        by_hour = train.groupby(['Hour', 'Class'])['Amount'].agg(['count', 'mean']).unstack()
        by_hour.head()
        """)], needs={"train"}),
]

PREP = [
    Snippet("f-prep-robust", "prep", [
        md("## Scaling Time and Amount"),
        code("""
        rob = RobustScaler()
        for df in (train, test):
            df['scaled_amount'] = rob.fit(train[['Amount']]).transform(df[['Amount']])
            df['scaled_time'] = rob.fit(train[['Time']]).transform(df[['Time']])
        X = train.drop(['id', 'Time', 'Amount', 'Class'], 1)
        y = train['Class']
        X_test = test.drop(['id', 'Time', 'Amount'], 1)
        """)], imports=["from sklearn.preprocessing import RobustScaler"], apis=["pd-drop-positional"],
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f-prep-standard", "prep", [
        code("""
        scaler = StandardScaler()
        train['normAmount'] = scaler.fit_transform(train['Amount'].values.reshape(-1, 1))
        test['normAmount'] = scaler.transform(test['Amount'].values.reshape(-1, 1))
        features = ['V%d' % i for i in range(1, 15)] + ['normAmount']
        X, y, X_test = train[features], train['Class'], test[features]
        """)], imports=["from sklearn.preprocessing import StandardScaler"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("f-prep-undersample", "prep", [
        md("A balanced sub-sample: as many normal transactions as frauds (x3)."),
        code("""
        fraud = train[train.Class == 1]
        normal = train[train.Class == 0].sample(n=3 * len(fraud), random_state=42)
        balanced = normal.append(fraud).sample(frac=1, random_state=42)
        features = [c for c in train.columns if c.startswith('V')] + ['Amount']
        X, y = balanced[features], balanced['Class']
        X_test = test[features]
        print(balanced.Class.value_counts())
        """)], apis=["pd-append"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("f-model-smote-lr", "model", [
        md("## Oversampling with SMOTE"),
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
        sm = SMOTE(random_state=2)
        X_res, y_res = sm.fit_sample(X_tr, y_tr)
        print('After SMOTE:', np.bincount(y_res))
        lr = LogisticRegression(C=0.1, max_iter=1000)
        lr.fit(X_res, y_res)
        print('recall', recall_score(y_val, lr.predict(X_val)), 'AUC', roc_auc_score(y_val, lr.predict_proba(X_val)[:, 1]))
        probs = lr.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import train_test_split", "from imblearn.over_sampling import SMOTE",
                       "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import recall_score, roc_auc_score"],
        apis=["imb-fit-sample"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-smote-ratio", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=12)
        X_res, y_res = SMOTE(ratio='minority', random_state=12, k_neighbors=5).fit_sample(X_tr, y_tr)
        rf = RandomForestClassifier(n_estimators=100, random_state=12)
        rf.fit(X_res, y_res)
        print(confusion_matrix(y_val, rf.predict(X_val)))
        print('AUC', roc_auc_score(y_val, rf.predict_proba(X_val)[:, 1]))
        probs = rf.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.model_selection import train_test_split", "from imblearn.over_sampling import SMOTE",
                       "from sklearn.ensemble import RandomForestClassifier", "from sklearn.metrics import confusion_matrix, roc_auc_score"],
        apis=["imb-ratio", "imb-fit-sample"], since="2016-09-28", until="2019-12-05", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-rus-ratio", "model", [
        md("## Random under-sampling"),
        code("""
        rus = RandomUnderSampler(ratio=0.5, random_state=42)
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
        X_rus, y_rus = rus.fit_sample(X_tr, y_tr)
        print(Counter(y_rus))
        clf = LogisticRegression(max_iter=1000).fit(X_rus, y_rus)
        print('AUC', roc_auc_score(y_val, clf.predict_proba(X_val)[:, 1]))
        probs = clf.predict_proba(X_test)[:, 1]
        """)], imports=["from collections import Counter", "from imblearn.under_sampling import RandomUnderSampler", "from sklearn.model_selection import train_test_split",
                       "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import roc_auc_score"],
        apis=["imb-ratio", "imb-fit-sample"], since="2016-09-28", until="2019-12-05", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-adasyn-bagging", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
        X_ad, y_ad = ADASYN(random_state=0).fit_sample(X_tr, y_tr)
        bbc = BalancedBaggingClassifier(base_estimator=DecisionTreeClassifier(max_depth=6), n_estimators=30, random_state=0)
        bbc.fit(X_ad, y_ad)
        print('AUC', roc_auc_score(y_val, bbc.predict_proba(X_val)[:, 1]))
        probs = bbc.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.over_sampling import ADASYN", "from imblearn.ensemble import BalancedBaggingClassifier",
                       "from sklearn.tree import DecisionTreeClassifier", "from sklearn.model_selection import train_test_split", "from sklearn.metrics import roc_auc_score"],
        apis=["imb-fit-sample", "imb-base-estimator"], since="2018-10-12", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-imb-pipeline", "model", [
        code("""
        pipe = make_pipeline(SMOTE(sampling_strategy=0.1, random_state=0),
                             RandomForestClassifier(n_estimators=150, max_features='auto', n_jobs=-1, random_state=0))
        cv = StratifiedKFold(n_splits=4, shuffle=True, random_state=0)
        print('CV AUC', cross_val_score(pipe, X, y, cv=cv, scoring='roc_auc').mean())
        pipe.fit(X, y)
        probs = pipe.predict_proba(X_test)[:, 1]
        """)], imports=["from imblearn.pipeline import make_pipeline", "from imblearn.over_sampling import SMOTE", "from sklearn.ensemble import RandomForestClassifier",
                       "from sklearn.model_selection import StratifiedKFold, cross_val_score"],
        apis=["sk-max-features-auto"], since="2018-10-12", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-xgb", "model", [
        md("## XGBoost with a positive class weight"),
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=7, stratify=y)
        spw = (y_tr == 0).sum() / (y_tr == 1).sum()
        clf = XGBClassifier(n_estimators=1000, max_depth=4, learning_rate=0.05, scale_pos_weight=spw, subsample=0.8)
        clf.fit(X_tr, y_tr, eval_set=[(X_val, y_val)], eval_metric='auc', early_stopping_rounds=50, verbose=100)
        """),
        code("""
        probs = clf.predict_proba(X_test, ntree_limit=clf.best_ntree_limit)[:, 1]
        """)], imports=["from sklearn.model_selection import train_test_split", "from xgboost import XGBClassifier"],
        apis=["xgb-fit-args", "xgb-ntree-limit"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-roc-folds", "model", [
        md("## ROC curves over 5 folds"),
        code("""
        cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=1)
        clf = LogisticRegression(C=1.0, class_weight='balanced', max_iter=1000)
        tprs, aucs = [], []
        mean_fpr = np.linspace(0, 1, 100)
        fig, ax = plt.subplots(figsize=(7, 7))
        for i, (tr, te) in enumerate(cv.split(X, y)):
            clf.fit(X.iloc[tr], y.iloc[tr])
            viz = plot_roc_curve(clf, X.iloc[te], y.iloc[te], name='fold {}'.format(i), alpha=0.3, lw=1, ax=ax)
            tprs.append(interp(mean_fpr, viz.fpr, viz.tpr))
            aucs.append(viz.roc_auc)
        ax.plot(mean_fpr, np.mean(tprs, axis=0), color='b', label='mean ROC (AUC = %0.3f)' % np.mean(aucs))
        ax.legend(loc='lower right')
        plt.show()
        """),
        code("""
        clf.fit(X, y)
        probs = clf.predict_proba(X_test)[:, 1]
        """)], imports=["import matplotlib.pyplot as plt", "from scipy import interp", "from sklearn.model_selection import StratifiedKFold",
                       "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import plot_roc_curve"],
        apis=["sc-interp", "sk-plot-metrics"], since="2019-12-03", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-roc-interp", "model", [
        code("""
        cv = StratifiedKFold(n_splits=5)
        clf = RandomForestClassifier(n_estimators=100, min_samples_leaf=2, random_state=3)
        mean_fpr = np.linspace(0, 1, 100)
        tprs = []
        for tr, te in cv.split(X, y):
            p = clf.fit(X.iloc[tr], y.iloc[tr]).predict_proba(X.iloc[te])[:, 1]
            fpr, tpr, _ = roc_curve(y.iloc[te], p)
            tprs.append(interp(mean_fpr, fpr, tpr))
            tprs[-1][0] = 0.0
        mean_tpr = np.mean(tprs, axis=0)
        plt.plot(mean_fpr, mean_tpr, 'b', label='mean ROC (AUC = %0.3f)' % auc(mean_fpr, mean_tpr))
        plt.plot([0, 1], [0, 1], 'r--')
        plt.legend()
        plt.show()
        probs = clf.fit(X, y).predict_proba(X_test)[:, 1]
        """)], imports=["import matplotlib.pyplot as plt", "from scipy import interp", "from sklearn.model_selection import StratifiedKFold",
                       "from sklearn.ensemble import RandomForestClassifier", "from sklearn.metrics import roc_curve, auc"],
        apis=["sc-interp"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-iforest", "model", [
        md("## Unsupervised: isolation forest"),
        code("""
        outlier_fraction = y.mean()
        iso = IsolationForest(n_estimators=100, contamination=outlier_fraction, behaviour='new', random_state=1)
        iso.fit(X)
        scores = -iso.decision_function(X)
        print('AUC of the anomaly score on train:', roc_auc_score(y, scores))
        raw = -iso.decision_function(X_test)
        probs = (raw - raw.min()) / (raw.max() - raw.min())
        """)], imports=["from sklearn.ensemble import IsolationForest", "from sklearn.metrics import roc_auc_score"],
        apis=["sk-iforest-behaviour"], since="2018-09-26", until="2020-12-22", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-old-kfold", "model", [
        md("## Logistic regression: choosing C by recall with K-fold"),
        code("""
        def printing_Kfold_scores(x_train_data, y_train_data):
            fold = KFold(len(y_train_data), 5, shuffle=False)
            results = []
            for c_param in [0.01, 0.1, 1, 10]:
                recalls = []
                for train_index, test_index in fold:
                    lr = LogisticRegression(C=c_param, penalty='l2')
                    lr.fit(x_train_data.iloc[train_index, :], y_train_data.iloc[train_index].values.ravel())
                    pred = lr.predict(x_train_data.iloc[test_index, :].values)
                    recalls.append(recall_score(y_train_data.iloc[test_index].values, pred))
                print('C = %s: mean recall %.3f' % (c_param, np.mean(recalls)))
                results.append((np.mean(recalls), c_param))
            return max(results)[1]

        best_c = printing_Kfold_scores(X, y)
        """),
        code("""
        lr = LogisticRegression(C=best_c, penalty='l2').fit(X, y)
        probs = lr.predict_proba(X_test)[:, 1]
        """)], imports=["from sklearn.cross_validation import KFold", "from sklearn.linear_model import LogisticRegression",
                       "from sklearn.metrics import recall_score"],
        apis=["sk-cross-validation"], until="2018-09-26", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-lgb", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=2, stratify=y)
        params = {'objective': 'binary', 'metric': 'auc', 'learning_rate': 0.05, 'num_leaves': 31, 'is_unbalance': True}
        model = lgb.train(params, lgb.Dataset(X_tr, y_tr), 1000, valid_sets=[lgb.Dataset(X_val, y_val)],
                          early_stopping_rounds=50, verbose_eval=100)
        probs = model.predict(X_test, num_iteration=model.best_iteration)
        """)], imports=["import lightgbm as lgb", "from sklearn.model_selection import train_test_split"], apis=["lightgbm"],
        since="2017-01-01", needs={"X", "y", "X_test"}, gives={"probs"}),
    Snippet("f-model-keras", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X.values, y.values, test_size=0.2, random_state=0)
        model = Sequential([Dense(32, input_dim=X_tr.shape[1], activation='relu'), Dropout(0.3),
                            Dense(16, activation='relu'), Dense(1, activation='sigmoid')])
        model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
        model.fit(X_tr, y_tr, batch_size=256, epochs=10, validation_data=(X_val, y_val), class_weight={0: 1, 1: 20})
        probs = model.predict(X_test.values).ravel()
        """)], imports=["from sklearn.model_selection import train_test_split", "from keras.models import Sequential", "from keras.layers import Dense, Dropout"],
        apis=["keras"], needs={"X", "y", "X_test"}, gives={"probs"}),
]

SUBMIT = [
    Snippet("f-sub-1", "submit", [
        code("""
        submission = pd.DataFrame({'id': test['id'], 'Class': probs})
        submission.to_csv('submission.csv', index=False)
        submission.head()
        """)], needs={"probs", "test"}),
]
