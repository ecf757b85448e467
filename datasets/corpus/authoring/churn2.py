"""Telco churn kernels, batch 2 (written after the rule catalog). Models give pred (0/1)."""
from kit import Snippet, code, md
import churn as _b1

SLUG = "telco-churn"
SINCE = "2018-02-23"
TITLES = _b1.TITLES + ["Customer churn: EDA and {m}", "Why do customers leave? {m}"]

LOAD = _b1.LOAD

EDA = [
    Snippet("c2-eda-churn-pie", "eda", [
        code("""
        plt.style.use('seaborn-colorblind')
        train['Churn'].value_counts().plot(kind='pie', autopct='%1.1f%%', figsize=(5, 5))
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["mpl-seaborn-style"], needs={"train"}),
    Snippet("c2-eda-factor-contract", "eda", [
        code("""
        sns.factorplot('Contract', data=train, hue='Churn', kind='count', size=4, aspect=1.5)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot", "sns-size", "sns-positional"], needs={"train"}),
    Snippet("c2-eda-kde-tenure", "eda", [
        code("""
        sns.kdeplot(data=train[train.Churn == 'No']['tenure'], data2=train[train.Churn == 'No']['MonthlyCharges'], cmap='Greens')
        plt.title('tenure vs monthly charges (stayed)')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-kdeplot-data2"], needs={"train"}),
    Snippet("c2-eda-means", "eda", [
        code("""
        train.groupby('Churn').mean()
        """),
        code("""
        train.groupby('Contract')['tenure', 'MonthlyCharges'].median()
        """)], apis=["pd-numeric-only", "pd-groupby-tuple"], needs={"train"}),
    Snippet("c2-eda-cufflinks", "eda", [
        code("""
        cf.set_config_file(offline=True, theme='pearl')
        train.groupby('PaymentMethod')['Churn'].apply(lambda s: (s == 'Yes').mean()).iplot(kind='bar', title='churn rate by payment method')
        """)], imports=["import cufflinks as cf"], apis=["cufflinks"], needs={"train"}),
    Snippet("c2-eda-px", "eda", [
        code("""
        fig = px.histogram(train, x='tenure', color='Churn', nbins=36, barmode='overlay')
        fig.show()
        """)], imports=["import plotly_express as px"], apis=["plotly-express-pkg"], since="2019-03-20", needs={"train"}),
    Snippet("c2-eda-sqrt", "eda", [
        code("""
        # chi-square-like effect size of each yes/no service on churn
        for col in ['Partner', 'Dependents', 'PhoneService', 'PaperlessBilling']:
            t = pd.crosstab(train[col], train['Churn']).values.astype(float)
            expected = t.sum(1)[:, None] * t.sum(0)[None, :] / t.sum()
            print(col, round(scipy.sqrt(((t - expected) ** 2 / expected).sum() / t.sum()), 3))
        """)], imports=["import scipy"], apis=["sc-numpy-functions"], needs={"train"}),
    Snippet("c2-eda-iteritems", "eda", [
        code("""
        for col, values in train.select_dtypes(include='object').drop('customerID', axis=1).iteritems():
            print('%-18s %s' % (col, values.unique()[:4]))
        """)], apis=["pd-iteritems"], needs={"train"}),
]

PREP = [
    Snippet("c2-prep-dummies-concat", "prep", [
        code("""
        for df in (train, test):
            df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce').fillna(0)
        cat = [c for c in test.columns if test[c].dtype == object and c != 'customerID']
        num = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen']
        X = pd.concat([train[num], pd.get_dummies(train[cat])], 1)
        X_test = pd.concat([test[num], pd.get_dummies(test[cat])], 1).reindex(columns=X.columns, fill_value=0)
        y = (train.Churn == 'Yes').astype(int)
        """)], apis=["pd-concat-positional"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c2-prep-label-float", "prep", [
        code("""
        df = train.append(test, ignore_index=True, sort=False)
        df['TotalCharges'] = df['TotalCharges'].replace(' ', np.nan).astype(np.float).fillna(0)
        for c in df.columns:
            if df[c].dtype == object and c not in ('customerID', 'Churn'):
                df[c] = LabelEncoder().fit_transform(df[c])
        X = df[:len(train)].drop(['customerID', 'Churn'], axis=1)
        X_test = df[len(train):].drop(['customerID', 'Churn'], axis=1)
        y = train['Churn'].map({'No': 0, 'Yes': 1})
        """)], imports=["from sklearn.preprocessing import LabelEncoder"], apis=["pd-append", "np-aliases"], since="2018-05-15", needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c2-prep-ohe-names", "prep", [
        code("""
        cats = ['gender', 'Partner', 'Dependents', 'InternetService', 'Contract', 'PaymentMethod', 'PaperlessBilling']
        enc = OneHotEncoder(handle_unknown='ignore')
        A = enc.fit_transform(train[cats]).A
        B = enc.transform(test[cats]).A
        cols = list(enc.get_feature_names(cats))
        X = pd.DataFrame(A, columns=cols)
        X_test = pd.DataFrame(B, columns=cols)
        for c in ['tenure', 'MonthlyCharges', 'SeniorCitizen']:
            X[c] = train[c].values
            X_test[c] = test[c].values
        y = train.Churn.eq('Yes').astype(int)
        """)], imports=["from sklearn.preprocessing import OneHotEncoder"], apis=["sc-sparse-A", "sk-get-feature-names"], since="2018-09-26",
        needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("c2-model-logit-sm", "model", [
        code("""
        Xc = sm.add_constant(X.astype(float), has_constant='add')
        logit = sm.Logit(y, Xc).fit(method='bfgs', maxiter=200, disp=0)
        print(logit.params.sort_values().tail(10))
        lr = LogisticRegression(solver='liblinear', C=1.0).fit(X, y)
        print('train accuracy', lr.score(X, y))
        pred = lr.predict(X_test)
        """)], imports=["import statsmodels.api as sm", "from sklearn.linear_model import LogisticRegression"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-gbc-old", "model", [
        code("""
        gbc = GradientBoostingClassifier(loss='deviance', n_estimators=150, max_depth=3, presort='auto', random_state=0)
        print(cross_val_score(gbc, X, y, cv=StratifiedKFold(n_splits=5, random_state=7)).mean())
        pred = gbc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import GradientBoostingClassifier", "from sklearn.model_selection import cross_val_score, StratifiedKFold"],
        apis=["sk-loss-deviance", "sk-presort", "sk-kfold-random-state"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-rf-roc", "model", [
        code("""
        X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.25, random_state=11, stratify=y)
        rf = RandomForestClassifier(n_estimators=200, max_features='auto', min_samples_leaf=5, random_state=11).fit(X_tr, y_tr)
        plot_roc_curve(rf, X_va, y_va)
        plt.show()
        pred = rf.predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split",
                        "from sklearn.ensemble import RandomForestClassifier", "from sklearn.metrics import plot_roc_curve"],
        apis=["sk-max-features-auto", "sk-plot-metrics"], since="2019-12-03", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-smote-pipe", "model", [
        code("""
        pipe = make_pipeline(StandardScaler(), SMOTE(ratio='minority', random_state=3), LogisticRegression(solver='liblinear'))
        print('CV accuracy', cross_val_score(pipe, X, y, cv=5).mean())
        pred = pipe.fit(X, y).predict(X_test)
        """)], imports=["from imblearn.pipeline import make_pipeline", "from imblearn.over_sampling import SMOTE",
                        "from sklearn.preprocessing import StandardScaler", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.model_selection import cross_val_score"], apis=["imb-ratio"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-rus-sample", "model", [
        code("""
        rus = RandomUnderSampler(random_state=0)
        X_res, y_res = rus.fit_sample(X, y)
        print(pd.Series(y_res).value_counts())
        xgb = XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.05).fit(X_res, y_res)
        pred = xgb.predict(X_test)
        """)], imports=["from imblearn.under_sampling import RandomUnderSampler", "from xgboost import XGBClassifier"],
        apis=["imb-fit-sample"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-tree-pydot", "model", [
        code("""
        tree = DecisionTreeClassifier(max_depth=4, min_samples_leaf=20, random_state=0).fit(X, y)
        dot_data = StringIO()
        export_graphviz(tree, out_file=dot_data, feature_names=list(X.columns), class_names=['No', 'Yes'], filled=True, rounded=True)
        graph = pydotplus.graph_from_dot_data(dot_data.getvalue())
        Image(graph.create_png())
        """),
        code("""
        pred = tree.predict(X_test)
        """)], imports=["from sklearn.tree import DecisionTreeClassifier, export_graphviz", "from sklearn.externals.six import StringIO",
                        "import pydotplus", "from IPython.display import Image"],
        apis=["sk-externals-six", "pkg-pydotplus"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-bagging", "model", [
        code("""
        bag = BaggingClassifier(base_estimator=LogisticRegression(solver='liblinear'), n_estimators=20, random_state=1)
        ada = AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=2), n_estimators=100, random_state=1)
        for m in (bag, ada):
            print(type(m).__name__, cross_val_score(m, X, y, cv=5).mean())
        pred = ada.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import BaggingClassifier, AdaBoostClassifier", "from sklearn.linear_model import LogisticRegression",
                        "from sklearn.tree import DecisionTreeClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["sk-base-estimator"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c2-model-keras", "model", [
        code("""
        sc = StandardScaler().fit(X)
        net = Sequential()
        net.add(Dense(24, activation='relu', input_dim=X.shape[1]))
        net.add(Dense(1, activation='sigmoid'))
        net.compile(optimizer=Adam(lr=0.005), loss='binary_crossentropy', metrics=['accuracy'])
        net.fit(sc.transform(X), np.asarray(y), epochs=30, batch_size=64, verbose=0)
        pred = (net.predict(sc.transform(X_test))[:, 0] > 0.5).astype(int)
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from keras.models import Sequential", "from keras.layers import Dense",
                        "from keras.optimizers import Adam"], apis=["keras"], needs={"X", "y", "X_test"}, gives={"pred"}),
]

SUBMIT = _b1.SUBMIT

MODEL_NAMES = {"c2-model-logit-sm": "Logistic Regression", "c2-model-gbc-old": "Gradient Boosting", "c2-model-rf-roc": "Random Forest",
               "c2-model-smote-pipe": "SMOTE", "c2-model-rus-sample": "under-sampling + XGBoost", "c2-model-tree-pydot": "a Decision Tree",
               "c2-model-bagging": "AdaBoost", "c2-model-keras": "Keras"}
STOCHASTIC = {"c2-model-keras"}
