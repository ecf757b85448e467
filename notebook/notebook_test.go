package notebook

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		language string
		kinds    []string
		// Exact source of some cells, by index.
		sources map[int]string
		imports []string
	}{
		{
			file:     "titanic-2016.ipynb",
			format:   FormatIpynb3,
			language: "python",
			kinds:    []string{Markdown, Markdown, Code, Code, Markdown, Code, Code},
			sources: map[int]string{
				0: "# Titanic: Machine Learning from Disaster",
				1: "A first look at the data with **pandas**, then a random forest.\n\nInspired by the Kaggle tutorial.",
				2: "%matplotlib inline\nimport numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n" +
					"import seaborn as sns\nfrom sklearn.ensemble import RandomForestClassifier\nfrom sklearn import cross_validation",
				3: "train = pd.read_csv(\"../input/train.csv\", dtype={\"Age\": np.float64})\nprint \"Train shape:\", train.shape\ntrain.head()",
				4: "## Feature engineering",
				6: "",
			},
			imports: []string{"matplotlib", "numpy", "pandas", "seaborn", "sklearn"},
		},
		{
			file:     "titanic-2023.ipynb",
			format:   FormatIpynb4,
			language: "python",
			kinds:    []string{Markdown, Code, Code, Code, Raw, Code},
			sources: map[int]string{
				1: "!pip install -q xgboost",
				4: "Model notes: tried LightGBM too, see v7.",
				// A list source keeps its final "\n": nothing is added or removed.
				5: "%%time\nfeatures = [\"Pclass\", \"Sex\", \"Age\", \"Fare\"]\n" +
					"pre = ColumnTransformer([(\"num\", SimpleImputer(), [\"Age\", \"Fare\"]),\n" +
					"                         (\"cat\", OneHotEncoder(), [\"Pclass\", \"Sex\"])])\n" +
					"model = make_pipeline(pre, XGBClassifier(n_estimators=300))\n" +
					"model.fit(train[features], train[\"Survived\"])\n",
			},
			imports: []string{"numpy", "os", "pandas", "sklearn", "warnings", "xgboost"},
		},
		{
			file:     "house-prices.py",
			format:   FormatPercent,
			language: "python",
			kinds:    []string{Markdown, Code, Markdown, Code, Raw, Code},
			sources: map[int]string{
				0: "# House Prices - LightGBM\n\nLog-transform the target, then a 5-fold LightGBM.",
				// Jupytext commented these magics out; they are restored.
				1: "!pip install -q lightgbm\n%matplotlib inline\nimport numpy as np\nimport pandas as pd\n" +
					"import lightgbm as lgb\nfrom sklearn.model_selection import KFold",
				2: "Data comes from `/kaggle/input`.",
				4: "not run: submission.to_csv(\"submission.csv\")",
			},
			imports: []string{"lightgbm", "numpy", "pandas", "sklearn"},
		},
		{
			file:     "digit-recognizer.py",
			format:   FormatNbconvert,
			language: "python",
			kinds:    []string{Code, Code, Code, Code, Code},
			sources: map[int]string{
				// Markdown before the first cell, shebang and coding line dropped.
				0: "# # Digit Recognizer with Keras\n# \n# A small CNN on MNIST.",
				1: "import numpy as np\nimport pandas as pd\n" +
					"get_ipython().run_line_magic('matplotlib', 'inline')\nimport matplotlib.pyplot as plt",
				// The markdown after a cell stays in it.
				2: "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n" +
					"train = pd.read_csv(\"../input/train.csv\")\n" +
					"X = train.drop(\"label\", axis=1).values.reshape(-1, 28, 28, 1) / 255.0\n" +
					"y = keras.utils.to_categorical(train[\"label\"])\n\n\n" +
					"# ## Model\n# \n# Two conv blocks and a dense head.",
				4: "",
			},
			imports: []string{"matplotlib", "numpy", "pandas", "tensorflow"},
		},
		{
			file:     "plain-script.py",
			format:   FormatScript,
			language: "python",
			kinds:    []string{Code},
			sources: map[int]string{
				0: "\"\"\"Quick submission script exported from a Kaggle kernel.\"\"\"\nimport sys\nimport pandas as pd\n\n" +
					"if __name__ == \"__main__\":\n    df = pd.read_csv(sys.argv[1])\n" +
					"    df[[\"PassengerId\"]].assign(Survived=0).to_csv(\"submission.csv\", index=False)",
			},
			imports: []string{"pandas", "sys"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			nb, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			if nb.Path != path || nb.Format != tt.format || nb.Language != tt.language {
				t.Errorf("Path, Format, Language = %q, %q, %q; want %q, %q, %q",
					nb.Path, nb.Format, nb.Language, path, tt.format, tt.language)
			}
			var kinds []string
			for _, c := range nb.Cells {
				kinds = append(kinds, c.Kind)
			}
			if !slices.Equal(kinds, tt.kinds) {
				t.Fatalf("kinds = %q, want %q", kinds, tt.kinds)
			}
			for i, want := range tt.sources {
				if got := nb.Cells[i].Source; got != want {
					t.Errorf("cell %d source:\n got %q\nwant %q", i, got, want)
				}
			}
			if got := nb.Imports(); !slices.Equal(got, tt.imports) {
				t.Errorf("Imports() = %q, want %q", got, tt.imports)
			}
			if got, want := len(nb.CodeCells()), strings.Count(strings.Join(kinds, " "), Code); got != want {
				t.Errorf("len(CodeCells()) = %d, want %d", got, want)
			}
		})
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(filepath.Join("testdata", "no-such.ipynb"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "no-such.ipynb") {
		t.Errorf("Read(missing) error = %v, want a not-exist error naming the file", err)
	}
}

func TestParseIpynb(t *testing.T) {
	tests := []struct {
		name     string
		json     string
		language string
		cells    []Cell
	}{
		{
			name:  "source as string, list, missing and null",
			json:  `{"nbformat": 4, "nbformat_minor": 2, "cells": [{"cell_type": "code", "source": "a = 1\nb = 2"}, {"cell_type": "markdown", "source": ["# T\n", "\n", "text"]}, {"cell_type": "code"}, {"cell_type": "code", "source": null}]}`,
			cells: []Cell{{Code, "a = 1\nb = 2"}, {Markdown, "# T\n\ntext"}, {Code, ""}, {Code, ""}},
		},
		{
			name:  "unknown and missing cell types become raw",
			json:  `{"nbformat": 4, "cells": [{"cell_type": "widget", "source": "x"}, {"source": "y"}, {"cell_type": 7, "source": "z"}]}`,
			cells: []Cell{{Raw, "x"}, {Raw, "y"}, {Raw, "z"}},
		},
		{
			name:  "magics and shell lines kept verbatim",
			json:  `{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["%matplotlib inline\n", "!pip install x\n", "files = !ls"]}]}`,
			cells: []Cell{{Code, "%matplotlib inline\n!pip install x\nfiles = !ls"}},
		},
		{
			name:     "language from kernelspec name only",
			json:     `{"nbformat": 4, "metadata": {"kernelspec": {"name": "python3"}}, "cells": []}`,
			language: "python",
			cells:    []Cell{},
		},
		{
			name:     "R kernel",
			json:     `{"nbformat": 4, "metadata": {"kernelspec": {"language": "R", "name": "ir"}, "language_info": {"name": "R"}}, "cells": [{"cell_type": "code", "source": "library(dplyr)"}]}`,
			language: "r",
			cells:    []Cell{{Code, "library(dplyr)"}},
		},
		{
			name:  "metadata of the wrong type is ignored",
			json:  `{"nbformat": 4.0, "metadata": [1], "cells": []}`,
			cells: []Cell{},
		},
		{
			name:  "byte order mark and leading space",
			json:  "\xef\xbb\xbf \n" + `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "1"}]}`,
			cells: []Cell{{Code, "1"}},
		},
		{
			name:     "nbformat 3 headings, input and cell language",
			json:     `{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "heading", "level": 3, "source": ["Two\n", "lines"]}, {"cell_type": "heading", "source": "No level"}, {"cell_type": "code", "language": "python", "input": ["import os\n", "os.getcwd()"]}]}, {"cells": [{"cell_type": "raw", "source": "r"}]}]}`,
			language: "python",
			cells:    []Cell{{Markdown, "### Two lines"}, {Markdown, "# No level"}, {Code, "import os\nos.getcwd()"}, {Raw, "r"}},
		},
		{
			name:  "nbformat 3 without worksheets cells",
			json:  `{"nbformat": 3, "worksheets": []}`,
			cells: []Cell{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := Parse("t.ipynb", []byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if nb.Language != tt.language {
				t.Errorf("Language = %q, want %q", nb.Language, tt.language)
			}
			if !slices.Equal(nb.Cells, tt.cells) {
				t.Errorf("cells = %q, want %q", nb.Cells, tt.cells)
			}
		})
	}
}

func TestParseScripts(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		format string
		cells  []Cell
	}{
		{
			name:   "percent without header keeps commented magics",
			text:   "import os\n\n#%%\n# !pip install x\nx = 1\n\n# %% Title [md]\n# Some *text*\n#\n# more\n\n# %% [raw]\n# raw text\n# %%\n",
			format: FormatPercent,
			cells:  []Cell{{Code, "import os"}, {Code, "# !pip install x\nx = 1"}, {Markdown, "Some *text*\n\nmore"}, {Raw, "raw text"}, {Code, ""}},
		},
		{
			name:   "percent markdown as a triple-quoted string",
			text:   "# %% [markdown]\n\"\"\"\n# Title\nbody\n\"\"\"\n# %%\nprint(1)\n",
			format: FormatPercent,
			cells:  []Cell{{Markdown, "# Title\nbody"}, {Code, "print(1)"}},
		},
		{
			name:   "commented cell magic is not a marker",
			text:   "# %%time\nx = 1\n",
			format: FormatScript,
			cells:  []Cell{{Code, "# %%time\nx = 1"}},
		},
		{
			name:   "jupytext header: magics uncommented one level",
			text:   "# ---\n# jupyter:\n#   kernelspec:\n#     language: python\n# ---\n\n# %%\n# %time f()\n    # !ls\n# # %not_magic\n# a comment\n",
			format: FormatPercent,
			cells:  []Cell{{Code, "%time f()\n    !ls\n# %not_magic\n# a comment"}},
		},
		{
			name:   "jupytext comment_magics false",
			text:   "# ---\n# jupyter:\n#   jupytext:\n#     comment_magics: false\n# ---\n# %%\n# !ls\n",
			format: FormatPercent,
			cells:  []Cell{{Code, "# !ls"}},
		},
		{
			name:   "nbconvert with CRLF line endings",
			text:   "#!/usr/bin/env python\r\n# coding: utf-8\r\n\r\n# In[1]:\r\n\r\n\r\nimport os\r\n\r\n\r\n# In[ ]:\r\n\r\n\r\nprint(os.name)\r\n",
			format: FormatNbconvert,
			cells:  []Cell{{Code, "import os"}, {Code, "print(os.name)"}},
		},
		{
			name:   "plain script keeps shebang and Python 2",
			text:   "#!/usr/bin/env python\nprint \"hello\"\n\n\n",
			format: FormatScript,
			cells:  []Cell{{Code, "#!/usr/bin/env python\nprint \"hello\""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := Parse("t.py", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if nb.Format != tt.format || nb.Language != "python" || nb.Path != "t.py" {
				t.Errorf("Format, Language, Path = %q, %q, %q", nb.Format, nb.Language, nb.Path)
			}
			if !slices.Equal(nb.Cells, tt.cells) {
				t.Errorf("cells:\n got %q\nwant %q", nb.Cells, tt.cells)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string // file name given to Parse
		data string
		want []string // substrings of the message
	}{
		{"empty.ipynb", "", []string{"empty"}},
		{"blank.py", " \n\t\n", []string{"empty"}},
		{"truncated.ipynb", `{"nbformat": 4, "cells": [`, []string{"invalid JSON at byte 26", "unexpected end of JSON input", "re-save it from Jupyter"}},
		{"bom.ipynb", "\xef\xbb\xbf{,}", []string{"invalid JSON at byte 5"}},
		{"html.ipynb", "<!DOCTYPE html><html>Kaggle</html>", []string{"invalid JSON at byte 1"}},
		{"list.ipynb", `[{"nbformat": 4}]`, []string{"JSON document is a list, not an object"}},
		{"string.json", `"cells"`, []string{"JSON document is a string, not an object"}},
		{"null.ipynb", `null`, []string{"JSON document is null, not an object"}},
		{"nonb.ipynb", `{"cells": []}`, []string{`no "nbformat" field`, "3 and 4"}},
		{"v2.ipynb", `{"nbformat": 2, "worksheets": []}`, []string{"unsupported nbformat 2 (supported: 3 and 4)", "nbconvert"}},
		{"v5.ipynb", `{"nbformat": 5, "cells": []}`, []string{"unsupported nbformat 5 (supported: 3 and 4)"}},
		{"v45.ipynb", `{"nbformat": 4.5, "cells": []}`, []string{"unsupported nbformat 4.5"}},
		{"vstr.ipynb", `{"nbformat": "4", "cells": []}`, []string{`"nbformat" is a string, not a number`}},
		{"nocells.ipynb", `{"nbformat": 4}`, []string{`no "cells" list`}},
		{"cellsobj.ipynb", `{"nbformat": 4, "cells": {"0": {}}}`, []string{"cells is an object, not a list"}},
		{"cellstr.ipynb", `{"nbformat": 4, "cells": [{"cell_type": "code"}, "print(1)"]}`, []string{"cells[1] is a string, not an object"}},
		{"srcnum.ipynb", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": 42}]}`, []string{"cells[0].source is a number, not a string or a list of strings"}},
		{"srcitem.ipynb", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a\n", null]}]}`, []string{"cells[0].source[1] is null, not a string"}},
		{"v3nows.ipynb", `{"nbformat": 3}`, []string{`no "worksheets" list`}},
		{"v3ws.ipynb", `{"nbformat": 3, "worksheets": [[]]}`, []string{"worksheets[0] is a list, not an object"}},
		{"v3cells.ipynb", `{"nbformat": 3, "worksheets": [{"cells": 1}]}`, []string{"worksheets[0].cells is a number, not a list"}},
		{"v3input.ipynb", `{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": {"a": 1}}]}]}`, []string{"worksheets[0].cells[0].input is an object"}},
		{"binary.py", "\x00\x01\x02PK\x03\x04", []string{"binary data"}},
		{"latin1.py", "x = 1\nprint('caf\xe9')", []string{"encoding problem", "line 2", "coding: latin-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := Parse(tt.name, []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", nb)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.name+": not a valid notebook: ") {
				t.Errorf("error %q does not start with the file name", msg)
			}
			if strings.Contains(msg, "\n") || !strings.Contains(msg, "; ") {
				t.Errorf("error %q is not one line with a hint", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", msg)
			}
		})
	}
}

func TestCodeCellsNil(t *testing.T) {
	var nb *Notebook
	if nb.CodeCells() != nil || nb.Imports() != nil {
		t.Error("nil notebook has cells")
	}
}

// FuzzParse checks that Parse never panics, that its errors name the file on
// one line, and that whatever it reads survives WriteExecuted → Parse.
func FuzzParse(f *testing.F) {
	for _, file := range []string{"titanic-2016.ipynb", "titanic-2023.ipynb", "house-prices.py", "digit-recognizer.py", "plain-script.py"} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "{", "[]", "null", "42", `{"nbformat": 4}`, `{"nbformat": 4, "cells": [1]}`,
		`{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "heading", "level": 1e300}]}]}`,
		"\x00\xff garbage \x80", "# %% [markdown]\n\"\"\"\n", "# ---\n# jupyter:\n# ---\n# %%\n#",
		"# In[ ]:\nimport a, \\\n  b\n", "from x import (a,\n", "'''", "x = !ls (\nimport os",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.ipynb", "fuzz.py"} {
			nb, err := Parse(name, data)
			if err != nil {
				if msg := err.Error(); !strings.HasPrefix(msg, name+": ") || strings.Contains(msg, "\n") {
					t.Fatalf("bad error message %q", msg)
				}
				continue
			}
			nb.Imports()
			var buf bytes.Buffer
			outs := make([]Output, len(nb.CodeCells())/2)
			for i := range outs {
				outs[i] = Output{ExecutionCount: i + 1, Stdout: "out\n", Error: &Error{Name: "E", Value: "v"}}
			}
			if err := WriteExecuted(&buf, nb, outs); err != nil {
				t.Fatalf("WriteExecuted: %v", err)
			}
			back, err := Parse("back.ipynb", buf.Bytes())
			if err != nil {
				t.Fatalf("re-parsing written notebook: %v\n%s", err, buf.Bytes())
			}
			if back.Format != FormatIpynb4 || !slices.Equal(back.Cells, nb.Cells) {
				t.Fatalf("round trip changed the cells:\n got %q\nwant %q", back.Cells, nb.Cells)
			}
		}
	})
}

// A script that declares its Latin-1 encoding is read as Python reads it.
func TestDeclaredLatin1Script(t *testing.T) {
	nb, err := Parse("old.py", []byte("# -*- coding: latin-1 -*-\n# Caf\xe9 kernel\nprint('na\xefve')\n"))
	if err != nil {
		t.Fatal(err)
	}
	if src := nb.CodeCells()[0].Source; !strings.Contains(src, "Café kernel") || !strings.Contains(src, "naïve") {
		t.Errorf("decoded as %q", src)
	}
}
