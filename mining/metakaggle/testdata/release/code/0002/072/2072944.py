import pandas as pd
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer
from sklearn.model_selection import cross_val_score

train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
train.author.value_counts()

from sklearn.naive_bayes import MultinomialNB
vec = CountVectorizer(ngram_range=(1, 2), min_df=2)
X = vec.fit_transform(train.text)
clf = MultinomialNB(alpha=0.5)

clf.fit(X, train.author)
proba = clf.predict_proba(vec.transform(test.text))
sub = pd.DataFrame(proba, columns=clf.classes_)
sub.insert(0, 'id', test.id)
sub.to_csv('submission.csv', index=False)

