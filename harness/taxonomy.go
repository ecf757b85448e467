package harness

import (
	"regexp"
	"strings"
)

// Failure categories of the taxonomy in DESIGN.md.
const (
	FailMissingModule     = "missing-module"    // a package the environment does not have
	FailRemovedAPI        = "removed-api"       // a module, name or attribute an installed library dropped
	FailChangedSig        = "changed-signature" // TypeError: unexpected keyword, wrong arity, keyword-only
	FailMissingData       = "missing-data"      // a data package the code loads at run time (NLTK corpora) is not installed
	FailValueDtype        = "value-dtype"
	FailDataPath          = "data-path"
	FailNetwork           = "network"
	FailTimeout           = "timeout"
	FailOOM               = "out-of-memory"
	FailGPU               = "gpu"
	FailKernelCrash       = "kernel-crash"
	FailEnvironment       = "environment-build"
	FailInfrastructure    = "infrastructure"
	FailOutputLimit       = "output-limit"       // wrote more than the working-folder cap
	FailNoSubmission      = "no-submission"      // ran clean but wrote no submission file
	FailInvalidSubmission = "invalid-submission" // wrote one that cannot be graded
	FailScoreMismatch     = "score-mismatch"     // valid submission, score off the target
	FailTampering         = "tampering"          // the notebook wrote to erosion's record channel
	FailGrader            = "grader"             // the competition's external grader failed: the run is not graded
	FailOther             = "other"
)

// rule maps an exception to a category. Rules are tried in order; the first
// whose type matches (and whose message contains one of the needles, when
// any are given) wins. Module-not-found errors are decided before the table
// (see ClassifyFailure): whether the package is installed tells a removed
// API from an absent package.
type rule struct {
	types    []string
	needles  []string
	category string
}

// taxonomy is the one table that classifies notebook exceptions.
var taxonomy = []rule{
	// A missing CUDA library surfaces as an import or loader error that
	// would otherwise look like a removed API or a missing file.
	{types: []string{"OSError", "ImportError"}, needles: []string{"libcuda", "libcudart", "libnvidia", "CUDA driver"}, category: FailGPU},
	{types: []string{"ImportError", "AttributeError"}, category: FailRemovedAPI},
	// Python's own wording for calls that no longer fit a signature:
	// keywords renamed or removed, parameters made keyword-only, arity.
	{types: []string{"TypeError"}, needles: []string{"unexpected keyword", "positional argument", "takes no keyword", "got an unexpected",
		"required keyword", "got multiple values for argument", "keyword-only argument"}, category: FailChangedSig},
	// NLTK's data packages (corpora, models) are looked up at run time.
	{types: []string{"LookupError"}, needles: []string{"nltk_data", "NLTK Downloader", "nltk.download("}, category: FailMissingData},
	// RLIMIT_FSIZE: one file larger than the run may write.
	{types: []string{"OSError"}, needles: []string{"[Errno 27] File too large"}, category: FailOutputLimit},
	{types: []string{"FileNotFoundError", "IsADirectoryError", "NotADirectoryError", "PermissionError"}, category: FailDataPath},
	{types: []string{"OSError", "IOError"}, needles: []string{"No such file", "does not exist", "Read-only file system"}, category: FailDataPath},
	{types: []string{"URLError", "ConnectionError", "gaierror", "HTTPError", "ConnectTimeout", "NewConnectionError", "MaxRetryError", "SSLError"}, category: FailNetwork},
	{types: []string{"OSError"}, needles: []string{"Network is unreachable", "Name or service not known", "Temporary failure in name resolution"}, category: FailNetwork},
	{types: []string{"MemoryError", "ArrayMemoryError", "OutOfMemoryError"}, category: FailOOM},
	{types: []string{"RuntimeError", "AssertionError"}, needles: []string{"CUDA", "cuda", "NVIDIA", "GPU"}, category: FailGPU},
	{types: []string{"ValueError", "TypeError", "KeyError", "IndexError", "DTypePromotionError", "InvalidIndexError", "IntCastingNaNError", "UFuncTypeError"}, category: FailValueDtype},
}

// Classification is a failure's category and what it is about: the missing
// module's distribution, the removed module, or the missing data resource
// ("" when the message names none).
type Classification struct {
	Category string
	Subject  string
}

// Installed says whether a distribution (as pip names it, e.g.
// "scikit-learn") is installed in the environment the notebook ran in.
type Installed func(distribution string) bool

// InstalledSet is an Installed over an inventory's distribution names;
// names compare as PEP 503 normalises them (case, '-', '_', '.').
func InstalledSet(names []string) Installed {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[normDist(n)] = true
	}
	return func(d string) bool { return set[normDist(d)] }
}

var distSep = regexp.MustCompile(`[-_.]+`)

func normDist(s string) string { return distSep.ReplaceAllString(strings.ToLower(s), "-") }

// Classify names the failure category of an exception type and message,
// without knowing the environment's packages: every missing module counts
// as missing-module, as before inventories were consulted. ClassifyFailure
// with the environment's inventory tells removed APIs apart.
func Classify(excType, msg string) string {
	return ClassifyFailure(excType, msg, nil).Category
}

// ClassifyFailure classifies an exception in an environment whose installed
// distributions installed reports (nil: unknown, and every missing module
// is missing-module). A ModuleNotFoundError is
// a removed API when the distribution that provides the module's package
// is installed (`No module named 'sklearn.cross_validation'` with
// scikit-learn), and a missing module otherwise (`No module named
// 'tensorflow'`, or `'mpl_toolkits.basemap'` without basemap); the Subject
// is the distribution for a missing module, the module for a removed one.
// NLTK's `Resource stopwords not found` is missing data, Subject the
// resource.
func ClassifyFailure(excType, msg string, installed Installed) Classification {
	if mod, ok := missingModule(excType, msg); ok {
		dist, top := providerOf(mod)
		if installed != nil && installed(dist) && mod != top {
			return Classification{FailRemovedAPI, mod}
		}
		return Classification{FailMissingModule, dist}
	}
	for _, r := range taxonomy {
		if !matchesType(r.types, excType) {
			continue
		}
		if len(r.needles) == 0 {
			return Classification{Category: r.category}
		}
		for _, n := range r.needles {
			if strings.Contains(msg, n) {
				c := Classification{Category: r.category}
				if r.category == FailMissingData {
					c.Subject = nltkResource(msg)
				}
				return c
			}
		}
	}
	return Classification{Category: FailOther}
}

// "No module named 'x.y'" (Python 3) or "No module named x.y" (Python 2).
var noModule = regexp.MustCompile(`No module named '?([A-Za-z_][\w.]*)'?`)

func missingModule(excType, msg string) (string, bool) {
	if excType != "ModuleNotFoundError" && excType != "ImportError" {
		return "", false
	}
	m := noModule.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	return strings.TrimSuffix(m[1], "."), true
}

// providers maps import names (a top-level module, or a module inside a
// namespace package) to the distribution that installs them, where the two
// differ.
var providers = map[string]string{
	"sklearn": "scikit-learn", "skimage": "scikit-image", "cv2": "opencv-python", "PIL": "Pillow",
	"imblearn": "imbalanced-learn", "bs4": "beautifulsoup4", "yaml": "PyYAML", "dateutil": "python-dateutil",
	"Crypto": "pycryptodome", "mpl_toolkits.basemap": "basemap", "mpl_toolkits.mplot3d": "matplotlib",
	"mpl_toolkits.axes_grid1": "matplotlib", "google.protobuf": "protobuf", "tensorflow_hub": "tensorflow-hub",
	"pandas_profiling": "pandas-profiling", "ydata_profiling": "ydata-profiling", "chart_studio": "chart-studio",
	"sentence_transformers": "sentence-transformers", "Levenshtein": "python-Levenshtein", "fuzzywuzzy": "fuzzywuzzy",
	"attr": "attrs", "jwt": "PyJWT", "serial": "pyserial", "OpenSSL": "pyOpenSSL", "magic": "python-magic",
	"docx": "python-docx", "pptx": "python-pptx", "sklearn_pandas": "sklearn-pandas", "lightgbm": "lightgbm",
	"tables": "tables", "h5py": "h5py", "pydotplus": "pydotplus", "Bio": "biopython", "pyximport": "Cython",
	"IPython": "ipython", "ipywidgets": "ipywidgets", "gensim": "gensim", "spacy": "spacy",
}

// namespacePackages hold modules of several distributions: that the
// package imported says nothing about the one missing under it.
var namespacePackages = map[string]bool{"mpl_toolkits": true, "google": true, "azure": true, "jaraco": true, "backports": true, "zope": true}

// providerOf returns the distribution that provides module mod and the
// import name it is known by (the longest prefix in providers, else the top
// level).
func providerOf(mod string) (dist, top string) {
	parts := strings.Split(mod, ".")
	for i := len(parts); i >= 1; i-- {
		p := strings.Join(parts[:i], ".")
		if d, ok := providers[p]; ok {
			return d, p
		}
	}
	if namespacePackages[parts[0]] && len(parts) > 1 {
		p := parts[0] + "." + parts[1]
		return strings.ReplaceAll(p, ".", "-"), p
	}
	return parts[0], parts[0]
}

// NLTK's LookupError reads "Resource \x1b[93mstopwords\x1b[0m not found."
// (with terminal colours since NLTK 3.5).
var nltkResourceRe = regexp.MustCompile(`Resource\s+(?:\x1b\[\d+m)?([\w./-]+?)(?:\x1b\[0m)?\s+not found`)

func nltkResource(msg string) string {
	if m := nltkResourceRe.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

func matchesType(types []string, t string) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}
