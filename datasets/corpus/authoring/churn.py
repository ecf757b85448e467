"""Telco churn kernels: which customers leave (accuracy on Yes/No)."""
from kit import Snippet, code, md

SLUG = "telco-churn"
SINCE = "2018-02-23"  # the data set was published on Kaggle in February 2018
TITLES = ["Telco customer churn: {m}", "Customer churn prediction with {m}", "Churn analysis - EDA and {m}",
          "Telecom churn | {m}", "Why do customers leave? {m}"]

LOAD = [
    Snippet("c-load-input", "load", [
        code("""
        train = pd.read_csv('../input/train.csv')
        test = pd.read_csv('../input/test.csv')
        train.head()
        """),
        code("""
        train.dtypes
        """)], imports=["import numpy as np", "import pandas as pd"], gives={"train", "test"}),
    Snippet("c-load-kaggle", "load", [
        code("""
        train = pd.read_csv('/kaggle/input/telco-churn/train.csv')
        test = pd.read_csv('/kaggle/input/telco-churn/test.csv')
        print('Rows:', train.shape[0], 'Columns:', train.shape[1])
        print(train.nunique())
        """)], imports=["import numpy as np", "import pandas as pd"], since="2019-06-01", gives={"train", "test"}),
]

EDA = [
    Snippet("c-eda-countplots", "eda", [
        code("""
        sns.countplot('Churn', data=train)
        plt.show()
        """),
        code("""
        fig, axes = plt.subplots(1, 3, figsize=(18, 4))
        for ax, col in zip(axes, ['Contract', 'InternetService', 'PaymentMethod']):
            sns.countplot(col, hue='Churn', data=train, ax=ax)
            ax.tick_params(axis='x', rotation=20)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-positional"], needs={"train"}),
    Snippet("c-eda-factorplot", "eda", [
        code("""
        sns.factorplot(x='Contract', y='MonthlyCharges', hue='Churn', data=train, kind='box', size=5, aspect=1.5)
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["sns-factorplot"], needs={"train"}),
    Snippet("c-eda-groupby-mean", "eda", [
        md("What does an average churner look like?"),
        code("""
        train.groupby('Churn').mean()
        """)], apis=["pd-numeric-only"], needs={"train"}),
    Snippet("c-eda-dummies-corr", "eda", [
        code("""
        tmp = train.drop('customerID', 1).copy()
        tmp['TotalCharges'] = pd.to_numeric(tmp['TotalCharges'], errors='coerce')
        dummies = pd.get_dummies(tmp)
        plt.figure(figsize=(15, 6))
        dummies.corr()['Churn_Yes'].sort_values(ascending=False).drop(['Churn_Yes', 'Churn_No']).plot(kind='bar')
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt"], apis=["pd-drop-positional"], needs={"train"}),
    Snippet("c-eda-pie", "eda", [
        code("""
        init_notebook_mode(connected=True)
        counts = train['Churn'].value_counts()
        trace = go.Pie(labels=counts.index, values=counts.values, hole=.5)
        layout = go.Layout(title='Customer attrition in data')
        iplot(go.Figure(data=[trace], layout=layout))
        """)], imports=["from plotly.offline import init_notebook_mode, iplot", "import plotly.graph_objs as go"], needs={"train"}),
    Snippet("c-eda-pie-online", "eda", [
        code("""
        counts = train['Churn'].value_counts()
        fig = {'data': [{'labels': counts.index, 'values': counts.values, 'type': 'pie'}], 'layout': {'title': 'Churn'}}
        py.iplot(fig, filename='churn-pie')
        """)], imports=["import plotly.plotly as py"], apis=["plotly-plotly"], until="2019-07-16", needs={"train"}),
    Snippet("c-eda-missingno", "eda", [
        code("""
        msno.bar(train)
        """)], imports=["import missingno as msno"], apis=["missingno"], needs={"train"}),
    Snippet("c-eda-kde-tenure", "eda", [
        code("""
        plt.figure(figsize=(9, 4))
        sns.kdeplot(train.tenure[train.Churn == 'No'], color='navy', shade=True, label='stays')
        sns.kdeplot(train.tenure[train.Churn == 'Yes'], color='orange', shade=True, label='churns')
        plt.grid(b=True, linestyle=':')
        plt.xlabel('tenure (months)')
        plt.legend()
        plt.show()
        """)], imports=["import matplotlib.pyplot as plt", "import seaborn as sns"], apis=["mpl-grid-b"], needs={"train"}),
]

PREP = [
    Snippet("c-prep-dummies", "prep", [
        md("## Preparing the features"),
        code("""
        for df in (train, test):
            df['TotalCharges'] = pd.to_numeric(df['TotalCharges'], errors='coerce')
            df['TotalCharges'] = df['TotalCharges'].fillna(df['MonthlyCharges'])
        y = (train['Churn'] == 'Yes').astype(int)
        X = pd.get_dummies(train.drop(['customerID', 'Churn'], axis=1), drop_first=True)
        X_test = pd.get_dummies(test.drop(['customerID'], axis=1), drop_first=True).reindex(columns=X.columns, fill_value=0)
        X.shape, X_test.shape
        """)], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c-prep-labelenc", "prep", [
        code("""
        train['TotalCharges'] = train['TotalCharges'].replace(' ', np.nan).astype(float).fillna(0)
        test['TotalCharges'] = test['TotalCharges'].replace(' ', np.nan).astype(float).fillna(0)
        y = train['Churn'].map({'Yes': 1, 'No': 0})
        X = train.drop(['customerID', 'Churn'], axis=1)
        X_test = test.drop(['customerID'], axis=1)
        for col in X.columns:
            if X[col].dtype == np.object:
                le = LabelEncoder().fit(pd.concat([X[col], X_test[col]]))
                X[col] = le.transform(X[col])
                X_test[col] = le.transform(X_test[col])
        """)], imports=["from sklearn.preprocessing import LabelEncoder"], apis=["np-aliases"], needs={"train", "test"}, gives={"X", "y", "X_test"}),
    Snippet("c-prep-ohe", "prep", [
        code("""
        cat_cols = [c for c in train.columns if train[c].dtype == 'object' and c not in ('customerID', 'Churn', 'TotalCharges')]
        num_cols = ['tenure', 'MonthlyCharges', 'SeniorCitizen']
        ohe = OneHotEncoder(sparse=False, handle_unknown='ignore')
        ohe.fit(train[cat_cols])
        names = list(ohe.get_feature_names(cat_cols))
        X = pd.DataFrame(np.hstack([ohe.transform(train[cat_cols]), train[num_cols].values]), columns=names + num_cols)
        X_test = pd.DataFrame(np.hstack([ohe.transform(test[cat_cols]), test[num_cols].values]), columns=names + num_cols)
        y = (train['Churn'] == 'Yes').astype(int)
        """)], imports=["from sklearn.preprocessing import OneHotEncoder"], apis=["sk-ohe-sparse", "sk-get-feature-names"],
        since="2018-09-26", needs={"train", "test"}, gives={"X", "y", "X_test"}),
]

MODEL = [
    Snippet("c-model-logit", "model", [
        md("## Logistic regression, statsmodels and sklearn"),
        code("""
        logit = sm.Logit(y, sm.add_constant(X[['tenure', 'MonthlyCharges', 'SeniorCitizen']].astype(float))).fit(disp=0)
        print(logit.summary())
        """),
        code("""
        lr = LogisticRegression(max_iter=2000)
        print('CV accuracy', cross_val_score(lr, X, y, cv=5).mean())
        pred = lr.fit(X, y).predict(X_test)
        """)], imports=["import statsmodels.api as sm", "from sklearn.linear_model import LogisticRegression", "from sklearn.model_selection import cross_val_score"],
        needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-rf-cm", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.25, random_state=101)
        rf = RandomForestClassifier(n_estimators=300, max_features='auto', min_samples_leaf=5, random_state=101)
        rf.fit(X_tr, y_tr)
        print(classification_report(y_val, rf.predict(X_val)))
        plot_confusion_matrix(rf, X_val, y_val, display_labels=['stays', 'churns'], cmap='Blues')
        plt.show()
        pred = rf.fit(X, y).predict(X_test)
        """)], imports=["import matplotlib.pyplot as plt", "from sklearn.model_selection import train_test_split", "from sklearn.ensemble import RandomForestClassifier",
                       "from sklearn.metrics import classification_report, plot_confusion_matrix"],
        apis=["sk-max-features-auto", "sk-plot-metrics"], since="2019-12-03", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-gbc-presort", "model", [
        code("""
        gbc = GradientBoostingClassifier(n_estimators=200, learning_rate=0.05, max_depth=3, presort='auto', random_state=0)
        scores = cross_val_score(gbc, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
        print('accuracy %.3f +/- %.3f' % (scores.mean(), scores.std()))
        pred = gbc.fit(X, y).predict(X_test)
        """)], imports=["from sklearn.ensemble import GradientBoostingClassifier", "from sklearn.model_selection import StratifiedKFold, cross_val_score"],
        apis=["sk-presort"], until="2020-12-22", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-xgb-strings", "model", [
        md("## XGBoost"),
        code("""
        labels = train['Churn']
        xgb_model = XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.1)
        xgb_model.fit(X, labels)
        print(xgb_model.classes_)
        pred = xgb_model.predict(X_test)
        """)], imports=["from xgboost import XGBClassifier"], apis=["xgb-label-encoding"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-svc-kfold", "model", [
        code("""
        scaler = StandardScaler().fit(X)
        Xs = scaler.transform(X)
        kfold = KFold(n_splits=5, random_state=7)
        for C in [0.1, 1, 10]:
            print(C, cross_val_score(SVC(C=C), Xs, y, cv=kfold).mean())
        pred = SVC(C=1).fit(Xs, y).predict(scaler.transform(X_test))
        """)], imports=["from sklearn.preprocessing import StandardScaler", "from sklearn.model_selection import KFold, cross_val_score", "from sklearn.svm import SVC"],
        apis=["sk-kfold-random-state"], since="2016-09-28", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-smote", "model", [
        code("""
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
        X_sm, y_sm = SMOTE(random_state=0).fit_sample(X_tr, y_tr)
        lr = LogisticRegression(max_iter=2000).fit(X_sm, y_sm)
        print('recall on churners', recall_score(y_val, lr.predict(X_val)))
        pred = lr.predict(X_test)
        """)], imports=["from sklearn.model_selection import train_test_split", "from imblearn.over_sampling import SMOTE",
                       "from sklearn.linear_model import LogisticRegression", "from sklearn.metrics import recall_score"],
        apis=["imb-fit-sample"], since="2018-10-12", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-smote-ratio", "model", [
        code("""
        sm = SMOTE(ratio=1.0, random_state=12)
        X_bal, y_bal = sm.fit_sample(X, y)
        print('balanced classes:', np.bincount(y_bal))
        gbc = GradientBoostingClassifier(n_estimators=150, random_state=12)
        print(cross_val_score(gbc, X_bal, y_bal, cv=5, scoring='roc_auc').mean())
        pred = gbc.fit(X_bal, y_bal).predict(X_test)
        """)], imports=["from imblearn.over_sampling import SMOTE", "from sklearn.ensemble import GradientBoostingClassifier", "from sklearn.model_selection import cross_val_score"],
        apis=["imb-ratio", "imb-fit-sample"], until="2019-12-05", needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-rfe", "model", [
        code("""
        rfe = RFE(LogisticRegression(max_iter=2000), 10)
        rfe = rfe.fit(X, y)
        print(X.columns[rfe.support_].tolist())
        pred = rfe.predict(X_test)
        """)], imports=["from sklearn.feature_selection import RFE", "from sklearn.linear_model import LogisticRegression"],
        apis=["sk-positional-args"], needs={"X", "y", "X_test"}, gives={"pred"}),
    Snippet("c-model-lgb", "model", [
        code("""
        clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.03, num_leaves=15)
        clf.fit(X, y)
        pred = clf.predict(X_test)
        """)], imports=["import lightgbm as lgb"], apis=["lightgbm"], needs={"X", "y", "X_test"}, gives={"pred"}),
]

SUBMIT = [
    Snippet("c-sub-1", "submit", [
        code("""
        churn = pd.Series(pred).replace({1: 'Yes', 0: 'No'})
        submission = pd.DataFrame({'customerID': test['customerID'], 'Churn': churn.values})
        submission.to_csv('submission.csv', index=False)
        submission['Churn'].value_counts()
        """)], needs={"pred", "test"}),
]
