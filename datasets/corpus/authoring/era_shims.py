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
        try:
            return self.obj.loc[key]
        except (TypeError, KeyError):  # .ix fell back to positions on a non-integer axis
            return self.obj.iloc[key]

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
_pp.__all__ = list(_pp.__all__) + ['Imputer']  # for `from sklearn.preprocessing import *`
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

# Batch 2's old APIs that bullseye no longer has: put back as their successors too.
_pd.rolling_mean = lambda s, w, **k: s.rolling(w, **k).mean()
_pd.rolling_std = lambda s, w, **k: s.rolling(w, **k).std()
_pd.ewma = lambda s, span=None, **k: s.ewm(span=span, **k).mean()
_pd.TimeGrouper = lambda freq=None, **k: _pd.Grouper(freq=freq, **k)
_pd.DataFrame.get_value = lambda self, r, c: self.at[r, c]
_pd.DataFrame.set_value = lambda self, r, c, v: self.at.__setitem__((r, c), v)
_pd.Series.clip_lower = lambda self, x: self.clip(lower=x)
_pd.Series.clip_upper = lambda self, x: self.clip(upper=x)
_pd.Series.valid = lambda self: self.dropna()
_pd.DataFrame.get_dtype_counts = lambda self: self.dtypes.value_counts()
import pandas.plotting as _pplot
_tools = types.ModuleType('pandas.tools')
_tools.plotting = _pplot
sys.modules['pandas.tools'] = _tools
sys.modules['pandas.tools.plotting'] = _pplot
_pd.tools = _tools
_orig_resample = _pd.Series.resample


def _resample(self, rule, how=None, **kw):
    r = _orig_resample(self, rule, **kw)
    return getattr(r, how)() if how else r


_pd.Series.resample = _resample

import sklearn.discriminant_analysis as _da
import sklearn.decomposition as _dec
import sklearn.linear_model as _lm
import sklearn.metrics as _met
_lda = types.ModuleType('sklearn.lda')
_lda.LDA = _da.LinearDiscriminantAnalysis
sys.modules['sklearn.lda'] = _lda
_dec.RandomizedPCA = lambda n_components=None, **kw: _dec.PCA(n_components=n_components, svd_solver='randomized', **kw)
_OrigSGD = _lm.SGDClassifier


class _SGD(_OrigSGD):
    def __init__(self, loss='hinge', n_iter=None, **kw):
        if n_iter is not None:
            kw['max_iter'] = n_iter
            kw['tol'] = None
        super().__init__(loss=loss, **kw)


_lm.SGDClassifier = _SGD
_met.jaccard_similarity_score = _met.accuracy_score
_met.calinski_harabaz_score = _met.calinski_harabasz_score
_orig_cvs = _ms.cross_val_score


def _cvs(*a, scoring=None, **kw):
    if scoring in ('mean_squared_error', 'mean_absolute_error', 'log_loss'):
        scoring = 'neg_' + scoring
    return _orig_cvs(*a, scoring=scoring, **kw)


_cv.cross_val_score = _cvs


class _OldSKF:
    def __init__(self, y, n_folds=3, shuffle=False, random_state=None):
        self._splits = list(_ms.StratifiedKFold(n_folds, shuffle=shuffle, random_state=random_state if shuffle else None).split(_np.zeros(len(y)), y))

    def __iter__(self):
        return iter(self._splits)

    def split(self, *a, **k):
        return iter(self._splits)

    def get_n_splits(self, *a, **k):
        return len(self._splits)


_cv.StratifiedKFold = _OldSKF


def _GridSearchCV2(estimator, param_grid, scoring=None, **kw):
    if scoring in ('mean_squared_error', 'mean_absolute_error', 'log_loss'):
        scoring = 'neg_' + scoring
    return _ms.GridSearchCV(estimator, param_grid, scoring=scoring, **kw)


_gs.GridSearchCV = _GridSearchCV2
_lc = types.ModuleType('sklearn.learning_curve')
_lc.learning_curve = _ms.learning_curve
sys.modules['sklearn.learning_curve'] = _lc

_maxes.Axes.set_axis_bgcolor = _maxes.Axes.set_facecolor
import matplotlib.figure as _mfig
_orig_add_subplot = _mfig.Figure.add_subplot


def _add_subplot(self, *a, **kw):
    if 'axisbg' in kw:
        kw['facecolor'] = kw.pop('axisbg')
    return _orig_add_subplot(self, *a, **kw)


_mfig.Figure.add_subplot = _add_subplot
_plt.hold = lambda *a, **k: None
import matplotlib.mlab as _mlab
import scipy.stats as _sst
_mlab.normpdf = lambda x, mu, sigma: _sst.norm.pdf(x, mu, sigma)

import seaborn as _sns
_sns.lvplot = _sns.boxenplot
_sns.plt = _plt
sys.modules['seaborn.apionly'] = _sns
_orig_joint = _sns.jointplot


def _joint(*a, stat_func=None, **kw):
    return _orig_joint(*a, **kw)


_sns.jointplot = _joint


def _tsplot(data=None, time=None, value=None, unit=None, condition=None, **kw):
    kw.pop('err_style', None)
    return _sns.lineplot(data=data, x=time, y=value, hue=condition)


_sns.tsplot = _tsplot

try:
    import xgboost as _xgb
    _xgb.XGBModel.booster = lambda self: self.get_booster()
except ImportError:
    pass

try:
    import plotly.tools as _ptools
    _ptools.set_credentials_file = lambda *a, **k: None
except ImportError:
    pass
_cfm = sys.modules['cufflinks']
_cfm.set_config_file = lambda *a, **k: None

# OneHotEncoder(categorical_features=...) (removed 0.22): encode those columns, pass the rest.
_OrigOHE = _pp.OneHotEncoder


def _OneHot(categorical_features=None, **kw):
    if categorical_features is None or categorical_features == 'all':
        return _OrigOHE(**kw)
    from sklearn.compose import ColumnTransformer
    return ColumnTransformer([('ohe', _OrigOHE(**kw), list(categorical_features))], remainder='passthrough', sparse_threshold=0)


_pp.OneHotEncoder = _OneHot
# model.booster() (removed 1.0; booster is now a constructor parameter): after fit, booster() is get_booster().
try:
    for _c in (_xgb.XGBModel, _xgb.XGBClassifier, _xgb.XGBRegressor):
        if 'fit' in vars(_c):
            _f = vars(_c)['fit']

            def _mk(f):
                def fit(self, *a, **kw):
                    if callable(getattr(self, 'booster', None)):
                        self.booster = None
                    out = f(self, *a, **kw)
                    self.booster = self.get_booster
                    return out
                return fit
            _c.fit = _mk(_f)
except NameError:
    pass

# Batch 3's old APIs that bullseye no longer has: put back as their successors too.
from pandas.core.indexes.accessors import DatetimeProperties as _DTP
_DTP.weekday_name = property(lambda self: self.day_name())
_pd.DatetimeIndex.weekday_name = property(lambda self: self.day_name())
_orig_spo = _np.set_printoptions


def _spo(*a, threshold=None, **kw):
    if threshold is not None and threshold != threshold:  # threshold=np.nan (refused since NumPy 1.14)
        threshold = sys.maxsize
    return _orig_spo(*a, threshold=threshold, **kw)


_np.set_printoptions = _spo
import collections as _collections
import sklearn.model_selection._search as _search


class _CVScoreTuple(_collections.namedtuple('_CVScoreTuple', ('parameters', 'mean_validation_score', 'cv_validation_scores'))):
    def __repr__(self):
        return 'mean: %0.5f, std: %0.5f, params: %r' % (self.mean_validation_score, _np.std(self.cv_validation_scores), self.parameters)


def _grid_scores(self):
    r = self.cv_results_
    k = sum(1 for key in r if key.startswith('split') and key.endswith('_test_score'))
    return [_CVScoreTuple(p, r['mean_test_score'][i], _np.array([r['split%d_test_score' % j][i] for j in range(k)]))
            for i, p in enumerate(r['params'])]


_search.BaseSearchCV.grid_scores_ = property(_grid_scores)
_orig_auc = _met.auc


def _auc(x, y, reorder=False):
    if reorder:
        order = _np.lexsort((_np.asarray(y), _np.asarray(x)))
        x, y = _np.asarray(x)[order], _np.asarray(y)[order]
    return _orig_auc(x, y)


_met.auc = _auc
import scipy.misc as _smisc
import scipy.special as _sspecial
_smisc.logsumexp = _sspecial.logsumexp
_sst.chisqprob = lambda x, df: _sst.chi2.sf(x, df)

try:
    _ratio(_os.RandomOverSampler)
    _RUS = _us.RandomUnderSampler
    _rus_init = _RUS.__init__

    def _rus_new_init(self, *a, return_indices=False, **kw):
        _rus_init(self, *a, **kw)
        self._era_return_indices = return_indices
    _rus_new_init.__signature__ = __import__('inspect').signature(_rus_init)
    _RUS.__init__ = _rus_new_init
    for _meth in ('fit_resample', 'fit_sample'):
        def _mk_rs(f):
            def resample(self, X, y):
                out = f(self, X, y)
                if getattr(self, '_era_return_indices', False):
                    return out[0], out[1], self.sample_indices_
                return out
            return resample
        setattr(_RUS, _meth, _mk_rs(getattr(_RUS, _meth)))
except NameError:
    pass

# NLTK data Debian does not package (VADER's lexicon, the POS tagger): crude stand-ins.
try:
    import re as _re
    import nltk.sentiment as _nsent
    import nltk.sentiment.vader as _vader

    class _SIA:
        _pos = {'good', 'great', 'love', 'happy', 'best', 'nice', 'safe', 'thanks', 'fun', 'cool', 'win', 'awesome', 'lol'}
        _neg = {'fire', 'dead', 'death', 'killed', 'crash', 'flood', 'storm', 'bomb', 'disaster', 'emergency', 'injured', 'attack',
                'bad', 'hate', 'sad', 'burning', 'destroy', 'destroyed', 'accident', 'panic', 'fear', 'evacuation'}

        def polarity_scores(self, text):
            words = _re.findall(r"[a-z']+", text.lower())
            p = sum(w in self._pos for w in words)
            n = sum(w in self._neg for w in words)
            total = max(len(words), 1)
            s = float(p - n)
            return {'neg': n / total, 'neu': 1 - (p + n) / total, 'pos': p / total, 'compound': s / (s * s + 15) ** 0.5}
    _vader.SentimentIntensityAnalyzer = _nsent.SentimentIntensityAnalyzer = _SIA

    def _pos_tag(tokens, *a, **k):
        return [(t, 'NNP' if t[:1].isupper() else 'CD' if t.isdigit() else 'NN' if len(t) > 3 else 'DT') for t in tokens]
    import nltk.tag as _ntag
    _nltk.pos_tag = _ntag.pos_tag = _pos_tag
except ImportError:
    pass
