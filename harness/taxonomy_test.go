package harness

import "testing"

func TestClassify(t *testing.T) {
	cases := []struct{ typ, msg, want string }{
		// Without an inventory a missing module cannot be told from a removed one.
		{"ModuleNotFoundError", "No module named 'sklearn.cross_validation'", FailMissingModule},
		{"ModuleNotFoundError", "No module named 'tensorflow'", FailMissingModule},
		{"ModuleNotFoundError", "No module named 'mpl_toolkits.basemap'", FailMissingModule},
		{"ImportError", "No module named sklearn", FailMissingModule},
		{"ImportError", "cannot import name 'Imputer' from 'sklearn.preprocessing'", FailRemovedAPI},
		{"AttributeError", "'DataFrame' object has no attribute 'ix'", FailRemovedAPI},
		{"AttributeError", "module 'numpy' has no attribute 'float'.", FailRemovedAPI},
		{"TypeError", "__init__() got an unexpected keyword argument 'sparse'", FailChangedSig},
		{"TypeError", "countplot() takes from 0 to 1 positional arguments but 2 were given", FailChangedSig},
		{"TypeError", "countplot() got multiple values for argument 'data'", FailChangedSig},
		{"TypeError", "DataFrame.drop() takes from 1 to 2 positional arguments but 3 were given", FailChangedSig},
		{"TypeError", "bar() missing 1 required positional argument: 'x'", FailChangedSig},
		{"TypeError", "unsupported operand type(s) for +: 'int' and 'str'", FailValueDtype},
		{"ValueError", "could not convert string to float: 'male'", FailValueDtype},
		{"KeyError", "'Survived'", FailValueDtype},
		{"LookupError", "\n**********\n  Resource \x1b[93mstopwords\x1b[0m not found.\n  Please use the NLTK Downloader to obtain the resource:\n", FailMissingData},
		{"LookupError", "unknown encoding: xyz", FailOther},
		{"FileNotFoundError", "[Errno 2] No such file or directory: '../input/train.csv'", FailDataPath},
		{"OSError", "[Errno 30] Read-only file system: '/kaggle/input/x'", FailDataPath},
		{"URLError", "<urlopen error [Errno -3] Temporary failure in name resolution>", FailNetwork},
		{"OSError", "[Errno 101] Network is unreachable", FailNetwork},
		{"MemoryError", "", FailOOM},
		{"RuntimeError", "Found no NVIDIA driver on your system.", FailGPU},
		{"ImportError", "libcudart.so.11.0: cannot open shared object file", FailGPU},
		{"RuntimeError", "something else", FailOther},
		{"ZeroDivisionError", "division by zero", FailOther},
	}
	for _, c := range cases {
		if got := Classify(c.typ, c.msg); got != c.want {
			t.Errorf("Classify(%s, %q) = %s, want %s", c.typ, c.msg, got, c.want)
		}
	}
}

// With the environment's inventory, a missing module is a removed API
// exactly when the distribution providing its package is installed.
func TestClassifyFailureWithInventory(t *testing.T) {
	trixie := InstalledSet([]string{"scikit-learn", "pandas", "numpy", "matplotlib", "imbalanced_learn", "Pillow"})
	cases := []struct {
		typ, msg string
		want     Classification
	}{
		{"ModuleNotFoundError", "No module named 'sklearn.cross_validation'", Classification{FailRemovedAPI, "sklearn.cross_validation"}},
		{"ModuleNotFoundError", "No module named 'sklearn.externals.six'", Classification{FailRemovedAPI, "sklearn.externals.six"}},
		{"ModuleNotFoundError", "No module named 'pandas.tools'", Classification{FailRemovedAPI, "pandas.tools"}},
		{"ModuleNotFoundError", "No module named 'imblearn.ensemble.easy_ensemble'", Classification{FailRemovedAPI, "imblearn.ensemble.easy_ensemble"}},
		{"ModuleNotFoundError", "No module named 'tensorflow'", Classification{FailMissingModule, "tensorflow"}},
		{"ModuleNotFoundError", "No module named 'keras.layers'", Classification{FailMissingModule, "keras"}},
		{"ModuleNotFoundError", "No module named 'lightgbm'", Classification{FailMissingModule, "lightgbm"}},
		{"ModuleNotFoundError", "No module named 'cv2'", Classification{FailMissingModule, "opencv-python"}},
		{"ModuleNotFoundError", "No module named 'mpl_toolkits.basemap'", Classification{FailMissingModule, "basemap"}},
		{"ModuleNotFoundError", "No module named 'xgboost.sklearn'", Classification{FailMissingModule, "xgboost"}},
		// A top-level module of an installed distribution that is gone:
		// still reported as what the notebook asked for.
		{"ModuleNotFoundError", "No module named 'sklearn'", Classification{FailMissingModule, "scikit-learn"}},
		{"LookupError", "Resource \x1b[93mpunkt_tab\x1b[0m not found.\n  Please use the NLTK Downloader", Classification{FailMissingData, "punkt_tab"}},
		{"LookupError", "Resource stopwords not found.\n  Please use the NLTK Downloader", Classification{FailMissingData, "stopwords"}},
		{"TypeError", "countplot() got multiple values for argument 'data'", Classification{FailChangedSig, ""}},
	}
	for _, c := range cases {
		if got := ClassifyFailure(c.typ, c.msg, trixie); got != c.want {
			t.Errorf("ClassifyFailure(%s, %q) = %+v, want %+v", c.typ, c.msg, got, c.want)
		}
	}
	if !trixie("imbalanced-learn") || !trixie("pillow") || trixie("tensorflow") {
		t.Error("InstalledSet must compare names as PEP 503 normalises them")
	}
}
