# Prelude for checking, in bullseye (the era environment), the notebooks whose
# old APIs were removed before bullseye's library versions: each old API is put
# back as its documented successor, so that the rest of the notebook shows
# whether it was coherent in its day. Used by era_check.py only; never part of
# a measured run.
import sys, types, warnings
warnings.filterwarnings('ignore')
import numpy as _np
import pandas as _pd


class _Ix:
    def __init__(self, obj):
        self.obj = obj

    def __getitem__(self, key):
        return self.obj.loc[key]

    def __setitem__(self, key, value):
        self.obj.loc[key] = value


_pd.DataFrame.ix = property(lambda self: _Ix(self))
_pd.Series.ix = property(lambda self: _Ix(self))
_pd.DataFrame.as_matrix = lambda self, columns=None: (self[columns] if columns is not None else self).values
_pd.DataFrame.sort = lambda self, columns=None, **kw: self.sort_values(by=columns, **kw)
_pd.scatter_matrix = _pd.plotting.scatter_matrix

import sklearn.model_selection as _ms
import sklearn.impute as _imp
import sklearn.externals as _ext

_cv = types.ModuleType('sklearn.cross_validation')
_cv.train_test_split = _ms.train_test_split
_cv.cross_val_score = _ms.cross_val_score


class _OldKFold:
    def __init__(self, n, n_folds=3, shuffle=False, random_state=None):
        self._splits = list(_ms.KFold(n_folds, shuffle=shuffle, random_state=random_state if shuffle else None).split(_np.zeros(n)))

    def __iter__(self):
        return iter(self._splits)


_cv.KFold = _OldKFold
sys.modules['sklearn.cross_validation'] = _cv

_gs = types.ModuleType('sklearn.grid_search')


def _GridSearchCV(estimator, param_grid, scoring=None, **kw):
    if scoring == 'mean_squared_error':
        scoring = 'neg_mean_squared_error'
    return _ms.GridSearchCV(estimator, param_grid, scoring=scoring, **kw)


_gs.GridSearchCV = _GridSearchCV
sys.modules['sklearn.grid_search'] = _gs

import sklearn.preprocessing as _pp


def _Imputer(missing_values='NaN', strategy='mean', axis=0, **kw):
    return _imp.SimpleImputer(missing_values=_np.nan, strategy=strategy)


_pp.Imputer = _Imputer
import joblib as _joblib
import six as _six
_ext.joblib = _joblib
sys.modules['sklearn.externals.joblib'] = _joblib
sys.modules['sklearn.externals.six'] = _six
_ext.six = _six

import matplotlib.pyplot as _plt
import matplotlib.axes as _maxes
_orig_hist = _maxes.Axes.hist


def _hist(self, *a, **kw):
    if 'normed' in kw:
        kw['density'] = kw.pop('normed')
    return _orig_hist(self, *a, **kw)


_maxes.Axes.hist = _hist
_plt_hist = _plt.hist


def _phist(*a, **kw):
    if 'normed' in kw:
        kw['density'] = kw.pop('normed')
    return _plt_hist(*a, **kw)


_plt.hist = _phist

try:
    import plotly.offline as _po
    import plotly.express as _px
    _pl = types.ModuleType('plotly.plotly')
    _pl.iplot = lambda fig, filename=None, **kw: _po.iplot(fig)
    sys.modules['plotly.plotly'] = _pl
    import plotly as _plotly
    _plotly.plotly = _pl
    sys.modules['plotly_express'] = _px
except ImportError:
    pass

try:
    import imblearn.over_sampling as _os
    import imblearn.under_sampling as _us

    def _ratio(cls):
        orig = cls.__init__

        def init(self, *a, ratio=None, **kw):
            if ratio is not None:
                kw['sampling_strategy'] = ratio
            orig(self, *a, **kw)
        init.__signature__ = __import__('inspect').signature(orig)
        cls.__init__ = init
    _ratio(_os.SMOTE)
    _ratio(_us.RandomUnderSampler)
except ImportError:
    pass

# Display-only packages not in Debian: draw nothing.
for _name in ('missingno', 'cufflinks', 'pandas_profiling'):
    _m = types.ModuleType(_name)
    _m.matrix = _m.bar = _m.heatmap = lambda *a, **k: None
    _m.go_offline = lambda *a, **k: None
    _m.ProfileReport = lambda *a, **k: None
    sys.modules[_name] = _m
_pd.Series.iplot = lambda self, *a, **k: None
_pd.DataFrame.iplot = lambda self, *a, **k: None

# NLTK data Debian does not package: crude stand-ins.
try:
    import nltk as _nltk
    import nltk.corpus as _nc
    import nltk.stem as _ns
    import nltk.tokenize as _nt

    class _Stop:
        def words(self, lang='english'):
            return ['a', 'an', 'and', 'the', 'of', 'to', 'in', 'is', 'it', 'on', 'for', 'at', 'with', 'i', 'you', 'my']
    _nc.stopwords = _Stop()
    _tok = lambda text, *a, **k: __import__('re').findall(r"\w+|[^\w\s]", text)
    _nltk.word_tokenize = _nt.word_tokenize = _tok

    class _Lem:
        def lemmatize(self, w, pos='n'):
            return w[:-1] if w.endswith('s') and len(w) > 3 else w
    _ns.WordNetLemmatizer = _Lem
except ImportError:
    pass
