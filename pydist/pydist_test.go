package pydist

import (
	"regexp"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"scikit-learn":       "scikit-learn",
		"PyYAML":             "pyyaml",
		"python-Levenshtein": "python-levenshtein",
		"Foo__Bar..baz-_-x":  "foo-bar-baz-x",
		"zope.interface":     "zope-interface",
		"sklearn_pandas":     "sklearn-pandas",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsStdlib(t *testing.T) {
	for mod, want := range map[string]bool{
		"os": true, "sys": true, "collections": true, "__future__": true,
		"imp": true, "distutils": true, "asyncore": true, "asynchat": true, // removed in 3.12
		"tomllib": true, "zoneinfo": true, "cPickle": true, "urllib2": true,
		"numpy": false, "sklearn": false, "": false,
		"OS": false, // imports are case-sensitive
	} {
		if got := IsStdlib(mod); got != want {
			t.Errorf("IsStdlib(%q) = %v, want %v", mod, got, want)
		}
	}
}

func TestDistribution(t *testing.T) {
	tests := []struct {
		module, dist string
		ok           bool
	}{
		// stdlib
		{"os", "", false},
		{"json", "", false},
		{"__future__", "", false},
		{"distutils", "", false},
		{"os.path", "", false},
		// aliases
		{"sklearn", "scikit-learn", true},
		{"sklearn.model_selection", "scikit-learn", true},
		{"cv2", "opencv-python", true},
		{"PIL", "pillow", true},
		{"skimage", "scikit-image", true},
		{"bs4", "beautifulsoup4", true},
		{"yaml", "PyYAML", true},
		{"imblearn", "imbalanced-learn", true},
		{"mpl_toolkits", "matplotlib", true},
		{"mpl_toolkits.mplot3d", "matplotlib", true},
		{"dateutil", "python-dateutil", true},
		{"sklearn_pandas", "sklearn-pandas", true},
		{"Levenshtein", "python-Levenshtein", true},
		{"Crypto", "pycryptodome", true},
		{"category_encoders", "category-encoders", true},
		{"pandas_profiling", "pandas-profiling", true},
		{"IPython", "ipython", true},
		// identity, known
		{"numpy", "numpy", true},
		{"xgboost", "xgboost", true},
		{"tensorflow", "tensorflow", true},
		{"torch", "torch", true},
		// no single distribution
		{"google", "", false},
		{"google.protobuf", "", false},
		{"kaggle_secrets", "", false},
		// unknown third-party: the import name itself
		{"somepkg", "somepkg", true},
		{"Some_Pkg", "Some_Pkg", true},
		// case matters: "crypto" is another distribution than "Crypto"
		{"crypto", "crypto", true},
		{"ipython", "ipython", true},
		{"", "", false},
	}
	for _, tt := range tests {
		dist, ok := Distribution(tt.module)
		if dist != tt.dist || ok != tt.ok {
			t.Errorf("Distribution(%q) = (%q, %v), want (%q, %v)", tt.module, dist, ok, tt.dist, tt.ok)
		}
	}
}

func TestDistributions(t *testing.T) {
	tests := []struct {
		name    string
		imports []string
		want    []string
	}{
		{"empty", nil, nil},
		{"stdlib only", []string{"os", "sys", "re", "__future__"}, nil},
		{
			"typical kernel",
			[]string{"numpy", "pandas", "matplotlib.pyplot", "seaborn", "sklearn.model_selection",
				"sklearn.ensemble", "os", "warnings", "mpl_toolkits.mplot3d", "PIL", "cv2", "yaml"},
			[]string{"matplotlib", "numpy", "opencv-python", "pandas", "pillow", "pyyaml", "scikit-learn", "seaborn"},
		},
		{
			"drops local-looking and private",
			[]string{".helpers", "utils", "config", "_private", "kaggle_secrets", "google.cloud", "xgboost", "not-an-identifier"},
			[]string{"xgboost"},
		},
		{"dedup by normalized name", []string{"Some_Pkg", "some_pkg", "some_pkg.sub"}, []string{"some-pkg"}},
		{"case of aliases", []string{"Levenshtein", "IPython", "Crypto"}, []string{"ipython", "pycryptodome", "python-levenshtein"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Distributions(tt.imports); !slices.Equal(got, tt.want) {
				t.Errorf("Distributions(%q) = %q, want %q", tt.imports, got, tt.want)
			}
		})
	}
}

// Every alias must already be in the form an index accepts, and no module may
// be both stdlib and third-party.
func TestTablesConsistent(t *testing.T) {
	for mod, dist := range distributions {
		if IsStdlib(mod) {
			t.Errorf("%q is both stdlib and mapped to %q", mod, dist)
		}
		if _, skip := noDistribution[mod]; skip {
			t.Errorf("%q is both without distribution and mapped to %q", mod, dist)
		}
		if !distRe.MatchString(dist) {
			t.Errorf("%q maps to %q, which is not a valid distribution name", mod, dist)
		}
	}
	if n := len(distributions); n < 120 {
		t.Errorf("table has %d modules, want the ~120 common in Kaggle kernels", n)
	}
}

// distRe is PEP 508's name rule.
var distRe = regexp.MustCompile(`(?i)^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`)
