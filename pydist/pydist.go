// Package pydist maps Python import names to the distributions (the names
// pip installs) that provide them. Mining uses it to turn a notebook's
// imports into requirements; environments use it to decide what to pin.
//
// The tables are in this one file so that a wrong or missing mapping has one
// place to be fixed.
package pydist

import (
	"regexp"
	"slices"
	"strings"
)

var normRe = regexp.MustCompile(`[-_.]+`)

// Normalize is the PEP 503 normalized name: lower-case, with every run of
// '-', '_' and '.' replaced by a single '-'.
func Normalize(name string) string {
	return strings.ToLower(normRe.ReplaceAllString(name, "-"))
}

// IsStdlib reports whether a top-level module is part of the standard library.
// Matching is case-sensitive, like Python's import system.
func IsStdlib(module string) bool {
	_, ok := stdlib[module]
	return ok
}

// Distribution maps a top-level import name (or a dotted import, of which
// only the first component counts) to the distribution that provides it.
// It returns ("", false) for the standard library and for modules that no
// single distribution on a package index provides (e.g. "google", a namespace
// shared by many, or Kaggle's own kaggle_secrets). Any other name not in the
// table is returned as is with true: usually the import name is the
// distribution name.
func Distribution(module string) (dist string, ok bool) {
	module, _, _ = strings.Cut(strings.TrimSpace(module), ".")
	if module == "" || IsStdlib(module) {
		return "", false
	}
	if _, skip := noDistribution[module]; skip {
		return "", false
	}
	if d, ok := distributions[module]; ok {
		return d, true
	}
	return module, true
}

// Distributions maps a notebook's imports to the sorted, de-duplicated,
// PEP 503-normalized names of the distributions they need. Stdlib modules,
// modules without a distribution, relative imports and names that look like
// the notebook's own files (utils, config, ...) are dropped.
func Distributions(imports []string) []string {
	var out []string
	for _, imp := range imports {
		imp = strings.TrimSpace(imp)
		if strings.HasPrefix(imp, ".") { // relative import: the notebook's own package
			continue
		}
		top, _, _ := strings.Cut(imp, ".")
		if !identRe.MatchString(top) || strings.HasPrefix(top, "_") { // private: not a distribution
			continue
		}
		if _, local := localLooking[top]; local {
			continue
		}
		if d, ok := Distribution(top); ok {
			out = append(out, Normalize(d))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// distributions maps import names to distribution names as the index spells
// them. Identity entries are listed too: they document that the name was
// checked, and keep the table usable as "modules we know".
var distributions = map[string]string{
	// Aliases: the import name differs from the distribution name.
	"sklearn":                     "scikit-learn",
	"cv2":                         "opencv-python",
	"PIL":                         "pillow",
	"skimage":                     "scikit-image",
	"bs4":                         "beautifulsoup4",
	"yaml":                        "PyYAML",
	"imblearn":                    "imbalanced-learn",
	"mpl_toolkits":                "matplotlib",
	"dateutil":                    "python-dateutil",
	"sklearn_pandas":              "sklearn-pandas",
	"Levenshtein":                 "python-Levenshtein",
	"Crypto":                      "pycryptodome",
	"category_encoders":           "category-encoders",
	"pandas_profiling":            "pandas-profiling",
	"ydata_profiling":             "ydata-profiling",
	"IPython":                     "ipython",
	"umap":                        "umap-learn",
	"skopt":                       "scikit-optimize",
	"bayes_opt":                   "bayesian-optimization",
	"chart_studio":                "chart-studio",
	"unidecode":                   "Unidecode",
	"rake_nltk":                   "rake-nltk",
	"efficientnet_pytorch":        "efficientnet-pytorch",
	"segmentation_models_pytorch": "segmentation-models-pytorch",
	"pytorch_lightning":           "pytorch-lightning",
	"tensorflow_hub":              "tensorflow-hub",
	"tensorflow_addons":           "tensorflow-addons",
	"tensorflow_datasets":         "tensorflow-datasets",
	"tensorflow_probability":      "tensorflow-probability",
	"keras_tuner":                 "keras-tuner",
	"kerastuner":                  "keras-tuner",
	"keras_preprocessing":         "Keras-Preprocessing",
	"keras_applications":          "Keras-Applications",
	"sentence_transformers":       "sentence-transformers",
	"pandas_datareader":           "pandas-datareader",
	"scikitplot":                  "scikit-plot",
	"sksurv":                      "scikit-survival",
	"skvideo":                     "scikit-video",
	"pywt":                        "PyWavelets",
	"Bio":                         "biopython",
	"attr":                        "attrs",
	"OpenSSL":                     "pyOpenSSL",
	"jwt":                         "PyJWT",
	"docx":                        "python-docx",
	"pptx":                        "python-pptx",
	"magic":                       "python-magic",
	"dotenv":                      "python-dotenv",
	"slugify":                     "python-slugify",
	"community":                   "python-louvain",
	"MySQLdb":                     "mysqlclient",
	"pymysql":                     "PyMySQL",
	"sqlalchemy":                  "SQLAlchemy",
	"fitz":                        "PyMuPDF",
	"pdfminer":                    "pdfminer.six",
	"talib":                       "TA-Lib",
	"quandl":                      "Quandl",
	"autosklearn":                 "auto-sklearn",
	"flaml":                       "FLAML",
	"tpot":                        "TPOT",
	"boruta":                      "Boruta",
	"pdpbox":                      "PDPbox",
	"theano":                      "Theano",
	"lasagne":                     "Lasagne",
	"absl":                        "absl-py",
	"grpc":                        "grpcio",
	"ffmpeg":                      "ffmpeg-python",
	"pkg_resources":               "setuptools",
	"jinja2":                      "Jinja2",
	"markdown":                    "Markdown",
	"flask":                       "Flask",
	"scrapy":                      "Scrapy",
	"pulp":                        "PuLP",
	"serial":                      "pyserial",
	"sklearn_crfsuite":            "sklearn-crfsuite",
	"pycrfsuite":                  "python-crfsuite",
	"igraph":                      "python-igraph",
	"wx":                          "wxPython",
	"gi":                          "PyGObject",

	// Identity: the import name is the distribution name.
	"numpy": "numpy", "pandas": "pandas", "scipy": "scipy", "matplotlib": "matplotlib",
	"seaborn": "seaborn", "tqdm": "tqdm", "xgboost": "xgboost", "lightgbm": "lightgbm",
	"catboost": "catboost", "keras": "keras", "tensorflow": "tensorflow", "torch": "torch",
	"torchvision": "torchvision", "torchaudio": "torchaudio", "torchtext": "torchtext",
	"plotly": "plotly", "statsmodels": "statsmodels", "nltk": "nltk", "wordcloud": "wordcloud",
	"networkx": "networkx", "xlrd": "xlrd", "openpyxl": "openpyxl", "missingno": "missingno",
	"folium": "folium", "shap": "shap", "optuna": "optuna", "fuzzywuzzy": "fuzzywuzzy",
	"gensim": "gensim", "spacy": "spacy", "transformers": "transformers",
	"tokenizers": "tokenizers", "datasets": "datasets", "sentencepiece": "sentencepiece",
	"textblob": "textblob", "eli5": "eli5", "lime": "lime", "hyperopt": "hyperopt",
	"pydot": "pydot", "pydotplus": "pydotplus", "graphviz": "graphviz", "h5py": "h5py",
	"joblib": "joblib", "numba": "numba", "sympy": "sympy", "requests": "requests",
	"emoji": "emoji", "pyLDAvis": "pyLDAvis", "hdbscan": "hdbscan", "mlxtend": "mlxtend",
	"prophet": "prophet", "fbprophet": "fbprophet", "pmdarima": "pmdarima", "arch": "arch",
	"lifelines": "lifelines", "geopandas": "geopandas", "shapely": "shapely",
	"pyproj": "pyproj", "geopy": "geopy", "bokeh": "bokeh", "altair": "altair",
	"tabulate": "tabulate", "termcolor": "termcolor", "colorama": "colorama",
	"cufflinks": "cufflinks", "squarify": "squarify", "pywaffle": "pywaffle",
	"vaderSentiment": "vaderSentiment", "langdetect": "langdetect", "inflect": "inflect",
	"pytesseract": "pytesseract", "imageio": "imageio", "albumentations": "albumentations",
	"imgaug": "imgaug", "timm": "timm", "efficientnet": "efficientnet",
	"pretrainedmodels": "pretrainedmodels", "fastai": "fastai", "lightning": "lightning",
	"jax": "jax", "flax": "flax", "pydicom": "pydicom", "nibabel": "nibabel",
	"SimpleITK": "SimpleITK", "ipywidgets": "ipywidgets", "tsfresh": "tsfresh",
	"featuretools": "featuretools", "xarray": "xarray", "dask": "dask", "pyarrow": "pyarrow",
	"fastparquet": "fastparquet", "polars": "polars", "psycopg2": "psycopg2",
	"tweepy": "tweepy", "pycountry": "pycountry", "pytz": "pytz", "regex": "regex",
	"wget": "wget", "gdown": "gdown", "kaggle": "kaggle", "librosa": "librosa",
	"soundfile": "soundfile", "pydub": "pydub", "gym": "gym", "ortools": "ortools",
	"cvxpy": "cvxpy", "mlflow": "mlflow", "wandb": "wandb", "openai": "openai",
	"pyspark": "pyspark", "findspark": "findspark", "Cython": "Cython", "jieba": "jieba",
	"patsy": "patsy", "simplejson": "simplejson", "ujson": "ujson", "orjson": "orjson",
	"tables": "tables", "pymc3": "pymc3", "pymc": "pymc", "arviz": "arviz",
	"pystan": "pystan", "emcee": "emcee", "mxnet": "mxnet", "lxml": "lxml",
	"html5lib": "html5lib", "selenium": "selenium", "nlpaug": "nlpaug",
	"contractions": "contractions", "textstat": "textstat", "wikipedia": "wikipedia",
	"googletrans": "googletrans", "num2words": "num2words", "word2number": "word2number",
	"tensorboard": "tensorboard", "tensorboardX": "tensorboardX", "yellowbrick": "yellowbrick",
	"dtreeviz": "dtreeviz", "plotnine": "plotnine", "yfinance": "yfinance", "ta": "ta",
	"pyod": "pyod", "pycaret": "pycaret", "h2o": "h2o", "interpret": "interpret",
	"ngboost": "ngboost", "vecstack": "vecstack", "scikeras": "scikeras", "six": "six",
	"pycocotools": "pycocotools", "moviepy": "moviepy", "mplfinance": "mplfinance",
	"adjustText": "adjustText", "colorlover": "colorlover", "wordninja": "wordninja",
	"rdkit": "rdkit", "PyPDF2": "PyPDF2", "setuptools": "setuptools", "gluoncv": "gluoncv",
	"lightfm": "lightfm", "surprise": "scikit-surprise",
	"implicit": "implicit", "pyclustering": "pyclustering", "kmodes": "kmodes",
	"gplearn": "gplearn", "deap": "deap", "sktime": "sktime", "darts": "darts",
	"neuralprophet": "neuralprophet", "keras_cv": "keras-cv", "keras_nlp": "keras-nlp",
}

// noDistribution lists third-party modules that name no single distribution.
var noDistribution = map[string]struct{}{
	"google":            {}, // namespace of protobuf, cloud clients, colab, ...: ambiguous
	"kaggle_secrets":    {}, // Kaggle's image only
	"kaggle_datasets":   {}, // Kaggle's image only
	"kaggle_web_client": {}, // Kaggle's image only
	"learntools":        {}, // Kaggle Learn's, installed from its Git repository
}

// localLooking are names that, in a notebook, almost always refer to a file
// uploaded next to it rather than to a distribution of the same name.
var localLooking = map[string]struct{}{
	"utils": {}, "util": {}, "helpers": {}, "helper": {}, "config": {}, "settings": {},
	"common": {}, "src": {}, "lib": {}, "main": {}, "model": {}, "models": {},
	"train": {}, "test": {}, "tests": {}, "setup": {}, "local": {},
}

// stdlib lists the top-level modules of the Python 3 standard library
// (sys.stdlib_module_names of 3.11 to 3.14), the ones removed since 3.0
// (imp, distutils, asyncore, ...), and the Python 2-only names that old
// Kaggle kernels still import (cPickle, urllib2, ...): none of them is
// installed from a package index.
var stdlib = setOf(`
__future__ __main__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2
_codecs _collections _collections_abc _compat_pickle _compression _contextvars _csv _ctypes
_datetime _decimal _dummy_thread _functools _hashlib _heapq _io _json _locale _lsprof _lzma
_markupbase _md5 _multiprocessing _opcode _operator _osx_support _pickle _posixsubprocess
_py_abc _pydecimal _pyio _queue _random _sha1 _sha256 _sha3 _sha512 _signal _sitebuiltins
_socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct _thread
_threading_local _tkinter _tracemalloc _typing _uuid _warnings _weakref _weakrefset
abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit
audioop base64 bdb binascii binhex bisect builtins bz2 cProfile calendar cgi cgitb chunk
cmath cmd code codecs codeop collections colorsys compileall compression concurrent
configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses
datetime dbm decimal difflib dis distutils doctest dummy_threading email encodings
ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch formatter fpectl
fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip
hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress
itertools json keyword lib2to3 linecache locale logging lzma macpath mailbox mailcap
marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib
nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev parser pathlib pdb
pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile
pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline
reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil
signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile
sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau
symbol symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap
this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty
turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave
weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport
zlib zoneinfo

__builtin__ BaseHTTPServer CGIHTTPServer ConfigParser Cookie HTMLParser Queue
SimpleHTTPServer SocketServer StringIO Tkinter UserDict UserList UserString anydbm
commands cPickle cStringIO cookielib copy_reg dbhash dumbdbm dummy_thread exceptions
htmlentitydefs httplib md5 mimetools popen2 repr rfc822 robotparser sets sha thread
tkMessageBox urllib2 urlparse whichdb xmlrpclib
`)

func setOf(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}
