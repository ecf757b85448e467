# %% [markdown]
# # Titanic EDA + XGBoost-free baseline (2020)
# Exploring the data with seaborn, then a quick decision tree.

# %%
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
import warnings
warnings.filterwarnings('ignore')

train = pd.read_csv('/kaggle/input/titanic-mini/train.csv')
test = pd.read_csv('/kaggle/input/titanic-mini/test.csv')

# %%
sns.distplot(train['Fare'].dropna(), kde=True)
plt.show()

# %%
train['Age'] = train['Age'].fillna(train['Age'].median()).astype(np.float)
test['Age'] = test['Age'].fillna(train['Age'].median()).astype(np.float)

# %%
from sklearn.tree import DecisionTreeClassifier
for df in (train, test):
    df['Sex'] = df['Sex'].map({'male': 0, 'female': 1})
    df['Fare'] = df['Fare'].fillna(df['Fare'].median())
cols = ['Pclass', 'Sex', 'Age', 'Fare']
tree = DecisionTreeClassifier(max_depth=4)
tree.fit(train[cols], train['Survived'])
pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': tree.predict(test[cols])}).to_csv('submission.csv', index=False)
