"""Building blocks of the corpus notebooks.

A notebook is assembled from snippets: a loading step, some exploration, one
preparation, one model and a submission, in the order a Kaggle kernel of
2016-2020 has them. Each snippet names the old APIs it uses (ids of
apis.APIS), the imports it needs, the variables it reads and writes, and the
dates between which its code was current.
"""
import textwrap


class Snippet:
    def __init__(self, id, kind, cells, imports=(), apis=(), since="2016-01-01", until="", needs=(), gives=(), weight=1.0, tags=()):
        self.id = id
        self.kind = kind
        self.cells = [(k, textwrap.dedent(t).strip("\n")) for k, t in cells]
        self.imports = list(imports)
        self.apis = list(apis)
        self.since = since
        self.until = until
        self.needs = set(needs)
        self.gives = set(gives)
        self.weight = weight
        self.tags = set(tags)


def md(text):
    return ("markdown", text)


def code(text):
    return ("code", text)


# Order of import lines in a notebook's first cell: the way most kernels
# have it, standard library, then the scientific stack, then models.
IMPORT_ORDER = ["import os", "import re", "import string", "import warnings", "import datetime", "import time", "import io",
                "from collections", "import numpy", "import pandas", "import matplotlib", "from matplotlib",
                "import seaborn", "import missingno", "import plotly", "from plotly", "import cufflinks", "import plotly_express",
                "import scipy", "from scipy", "import statsmodels", "from statsmodels", "import nltk", "from nltk",
                "from wordcloud", "from sklearn", "import sklearn", "from imblearn", "import xgboost", "from xgboost",
                "import lightgbm", "import keras", "from keras", "import tensorflow", "from tensorflow", "import pydotplus",
                "import graphviz", "import six", "from IPython", "import pandas_profiling"]


def import_rank(line):
    for i, p in enumerate(IMPORT_ORDER):
        if line.startswith(p):
            return i
    return len(IMPORT_ORDER)


def order_imports(lines):
    seen, out = set(), []
    for l in sorted(lines, key=lambda l: (import_rank(l), lines.index(l))):
        if l not in seen:
            seen.add(l)
            out.append(l)
    return out
