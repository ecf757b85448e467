package notebook

import (
	"slices"
	"testing"
)

func TestImports(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"none", "x = 1\nprint(x)", nil},
		{"plain", "import os\nimport sys", []string{"os", "sys"}},
		{"dotted with alias and list", "import a.b as c, d\nimport e.f.g", []string{"a", "d", "e"}},
		{"from", "from a.b import c\nfrom x import *", []string{"a", "x"}},
		{"relative skipped", "from . import x\nfrom .mod import y\nfrom ..pkg.m import z\nfrom.q import r", nil},
		{"dedup and sort", "import pandas\nimport numpy\nimport pandas as pd\nfrom numpy import nan", []string{"numpy", "pandas"}},
		{"indented blocks", "try:\n    import ujson as json\nexcept ImportError:\n    import json\n\ndef f():\n    from scipy import stats\n    return stats", []string{"json", "scipy", "ujson"}},
		{"semicolons", "import a; import b;from c import d ; x = 1", []string{"a", "b", "c"}},
		{"compound one-liners", "try: import cPickle as pickle\nexcept ImportError: import pickle\nif x[1:2]: import y\nwhile (n := 3): import z\nelse:import w", []string{"cPickle", "pickle", "w", "y", "z"}},
		{"backslash continuation", "import a, \\\n    b\nfrom c \\\n    import d", []string{"a", "b", "c"}},
		{"parenthesised from", "from sklearn.metrics import (accuracy_score,\n    f1_score)\nimport later", []string{"later", "sklearn"}},
		{"magics and shell lines", "%matplotlib inline\n!pip install notamodule\n  !ls\n%time import timed\nfiles = !ls\nt = %timeit -o import_x\n?np.mean\nimport real", []string{"real"}},
		{"modulo and not-equal are not magics", "x = 5 % 3\nif a != b: import ne\ny = x % 2; import mod", []string{"mod", "ne"}},
		{"python 2", "print \"import fake\"\nprint 'x', `y`\nexec \"import other\"\nimport urllib2\nprint >>sys.stderr, 'z'", []string{"urllib2"}},
		{"comments", "# import commented\nx = 1  # import trailing\nimport real  # import more", []string{"real"}},
		{"triple-quoted strings", "'''\nimport doc1\n'''\ns = \"\"\"\nimport doc2 \\\"\"\" still\nimport doc3\n\"\"\"\nimport real", []string{"real"}},
		{"strings with quotes and escapes", "s = 'it\\'s'; import a\nt = \"say \\\"hi\\\"\"\nimport b", []string{"a", "b"}},
		{"unterminated string ends at line end", "s = 'oops\nimport after", []string{"after"}},
		{"unclosed bracket resynchronised", "x = foo(\nimport after\nfrom y import z", []string{"after", "y"}},
		{"not keywords", "important = 1\nfrom_ = 2\nimports = [x for x in y]\nimport_module('q')", nil},
		{"unicode names", "import naïve_mod\nimport 9bad", []string{"naïve_mod"}},
		{"__future__ and importlib", "from __future__ import division\nimportlib.import_module('dyn')", []string{"__future__"}},
		{"CRLF", "import a\r\nimport b\r\n", []string{"a", "b"}},
		{"bash cell magic", "%%bash\nimport notpython\n", nil},
		{"html cell magic", "\n%%HTML\n<p>import x</p>", nil},
		{"time cell magic is Python", "%%time\nimport timed", []string{"timed"}},
		{"writefile of a .py", "%%writefile train.py\nimport torch", []string{"torch"}},
		{"writefile of a config", "%%writefile config.yaml\nimport: yes", nil},
		{"get_ipython lines", "get_ipython().system('pip install x')\nget_ipython().run_line_magic('matplotlib', 'inline')", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Imports(tt.src); !slices.Equal(got, tt.want) {
				t.Errorf("Imports(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestNotebookImportsSkipsOtherLanguages(t *testing.T) {
	nb := &Notebook{Language: "r", Cells: []Cell{{Code, "import os"}}}
	if got := nb.Imports(); got != nil {
		t.Errorf("R notebook imports %q", got)
	}
	nb = &Notebook{Cells: []Cell{{Markdown, "import md"}, {Code, "import os"}, {Code, "%%bash\nimport sh"}, {Code, "import os, re"}}}
	if got, want := nb.Imports(), []string{"os", "re"}; !slices.Equal(got, want) {
		t.Errorf("Imports() = %q, want %q", got, want)
	}
}
