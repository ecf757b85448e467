package rules

import (
	"errors"
	"slices"
	"testing"
	"time"

	"erosion/agents"
)

// A case is a notebook (one cell) that fails in trixie, and what Fix makes
// of it given the real failure, and without it (the static scan).
type tbCase struct {
	name, src        string
	want, wantStatic string // "" for wantStatic: the static scan must leave it alone
	rule             string
}

var tbCases = []tbCase{
	{name: "module alias", rule: "sklearn-model-selection",
		src:        "import sklearn.cross_validation as cv\nprint(len(cv.train_test_split([1, 2, 3, 4], test_size=0.5)[0]))\n",
		want:       "import sklearn.model_selection as cv\nprint(len(cv.train_test_split([1, 2, 3, 4], test_size=0.5)[0]))\n",
		wantStatic: "import sklearn.model_selection as cv\nprint(len(cv.train_test_split([1, 2, 3, 4], test_size=0.5)[0]))\n"},
	{name: "star import", rule: "numpy-float-underscore",
		src:        "from numpy import *\nprint(array([1, 2], dtype=float_).dtype)\n",
		want:       "from numpy import *\nprint(array([1, 2], dtype=float64).dtype)\n",
		wantStatic: "from numpy import *\nprint(array([1, 2], dtype=float64).dtype)\n"},
	{name: "a module reached through a dict", rule: "numpy-float-alias",
		src:  "import numpy as np\nmods = {'np': np}\nprint(mods['np'].array([1], dtype=mods['np'].float).dtype)\n",
		want: "import numpy as np\nmods = {'np': np}\nprint(mods['np'].array([1], dtype=float).dtype)\n"},
	{name: "attribute chain through pandas", rule: "pandas-np",
		src:        "import numpy as np\nimport pandas as pd\nprint(pd.np.zeros(2).shape)\n",
		want:       "import numpy as np\nimport pandas as pd\nprint(np.zeros(2).shape)\n",
		wantStatic: "import numpy as np\nimport pandas as pd\nprint(np.zeros(2).shape)\n"},
	{name: "a method name lists share: only the failing line", rule: "pandas-sort",
		src:  "import pandas as pd\nl = [3, 1]\nl.sort()\nd = pd.DataFrame({'a': [2, 1]})\nprint(l, d.sort('a')['a'].tolist())\n",
		want: "import pandas as pd\nl = [3, 1]\nl.sort()\nd = pd.DataFrame({'a': [2, 1]})\nprint(l, d.sort_values('a')['a'].tolist())\n"},
	{name: "a module named in a string", rule: "sklearn-model-selection",
		src:  "import importlib\nms = importlib.import_module('sklearn.cross_validation')\nprint(ms.KFold(n_splits=2).n_splits)\n",
		want: "import importlib\nms = importlib.import_module('sklearn.model_selection')\nprint(ms.KFold(n_splits=2).n_splits)\n"},
	{name: "keyword-only data arguments, from the message", rule: "pandas-drop-positional",
		src:        "import pandas as pd\nframe = pd.DataFrame({'a': [1], 'b': [2]})\nprint(frame.drop(['a'], 1).columns.tolist())\n",
		want:       "import pandas as pd\nframe = pd.DataFrame({'a': [1], 'b': [2]})\nprint(frame.drop(['a'], axis=1).columns.tolist())\n",
		wantStatic: "import pandas as pd\nframe = pd.DataFrame({'a': [1], 'b': [2]})\nprint(frame.drop(['a'], axis=1).columns.tolist())\n"},
	{name: "a unit-less datetime64: a frame's on the failing line, not NumPy's", rule: "pandas-astype-datetime64",
		src:  "import numpy as np\nimport pandas as pd\ndays = pd.Series(['2017-01-01', '2017-01-08'])\nraw = np.array(['2017-01-01']).astype('datetime64')\nprint(raw.dtype, days.astype('datetime64').dt.day.tolist())\n",
		want: "import numpy as np\nimport pandas as pd\ndays = pd.Series(['2017-01-01', '2017-01-08'])\nraw = np.array(['2017-01-01']).astype('datetime64')\nprint(raw.dtype, days.astype('datetime64[ns]').dt.day.tolist())\n"},
	{name: "a Series' sort_values: its first positional is the axis", rule: "pandas-series-sort-values-positional",
		src:        "import pandas as pd\ncorr = pd.DataFrame({'q': [0.5, -0.2, 0.9]}, index=['a', 'b', 'c'])\nprint(corr['q'].sort_values(0, False).index.tolist())\n",
		want:       "import pandas as pd\ncorr = pd.DataFrame({'q': [0.5, -0.2, 0.9]}, index=['a', 'b', 'c'])\nprint(corr['q'].sort_values(axis=0, ascending=False).index.tolist())\n",
		wantStatic: "import pandas as pd\ncorr = pd.DataFrame({'q': [0.5, -0.2, 0.9]}, index=['a', 'b', 'c'])\nprint(corr['q'].sort_values(axis=0, ascending=False).index.tolist())\n"},
	{name: "an old value in a parameter grid, from the search's failure", rule: "sklearn-loss-deviance",
		src: "from sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.model_selection import GridSearchCV\n" +
			"X, y = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]], [0, 1, 0, 1, 0, 1]\n" +
			"grid = {'loss': ['deviance'], 'n_estimators': [5]}\ng = GridSearchCV(GradientBoostingClassifier(), grid, cv=2).fit(X, y)\nprint(g.best_params_['n_estimators'])\n",
		want: "from sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.model_selection import GridSearchCV\n" +
			"X, y = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]], [0, 1, 0, 1, 0, 1]\n" +
			"grid = {'loss': ['log_loss'], 'n_estimators': [5]}\ng = GridSearchCV(GradientBoostingClassifier(), grid, cv=2).fit(X, y)\nprint(g.best_params_['n_estimators'])\n",
		wantStatic: "from sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.model_selection import GridSearchCV\n" +
			"X, y = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]], [0, 1, 0, 1, 0, 1]\n" +
			"grid = {'loss': ['log_loss'], 'n_estimators': [5]}\ng = GridSearchCV(GradientBoostingClassifier(), grid, cv=2).fit(X, y)\nprint(g.best_params_['n_estimators'])\n"},
}

// TestTracebackPicksRules runs each case in trixie, then asks Fix with the
// real failure and without: unusual spellings are found from the
// traceback, and names shared with other types are rewritten only where it
// points.
func TestTracebackPicksRules(t *testing.T) {
	b := testBackend(t)
	img := envImage(t, b, "trixie")
	cells := []string{prelude}
	for _, c := range tbCases {
		cells = append(cells, isolate(c.src))
	}
	ex, err := runLong(t, b, img, cells)
	if err != nil {
		t.Fatal(err)
	}
	var nbs []Notebook
	for i, c := range tbCases {
		e := ex.Result.Cells[i+1].Error
		if e == nil {
			t.Fatalf("%s: runs in trixie", c.name)
		}
		nbs = append(nbs, Notebook{Cells: []string{c.src}, Failure: Failure{ExceptionType: e.Type, Message: e.Message, Traceback: e.Traceback}})
	}
	for _, c := range tbCases {
		nbs = append(nbs, Notebook{Cells: []string{c.src}})
	}
	agent := &Agent{Driver: b, Image: img, Timeout: 10 * time.Minute}
	res, errs, err := agent.FixAll(t.Context(), nbs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range tbCases {
		if errs[i] != nil {
			t.Errorf("%s: %v", c.name, errs[i])
			continue
		}
		if res[i].Cells[0] != c.want || !slices.Contains(res[i].Rules(), c.rule) {
			t.Errorf("%s: with the failure got (%v)\n%s\nwant (%s)\n%s", c.name, res[i].Rules(), res[i].Cells[0], c.rule, c.want)
		}
		s, serr := res[len(tbCases)+i], errs[len(tbCases)+i]
		switch {
		case c.wantStatic == "" && !errors.Is(serr, ErrNoRule):
			t.Errorf("%s: the static scan must leave it alone; got %v\n%s", c.name, serr, s.Cells[0])
		case c.wantStatic != "" && (serr != nil || s.Cells[0] != c.wantStatic):
			t.Errorf("%s: the static scan gave %v\n%s\nwant\n%s", c.name, serr, s.Cells[0], c.wantStatic)
		}
	}
}

// A notebook that needs a package no rule can replace is answered at once;
// guarded imports, the notebook's own modules and display-only packages the
// rules redraw are not.
func TestUnrestorable(t *testing.T) {
	b := testBackend(t)
	agent := &Agent{Driver: b, Image: envImage(t, b, "trixie")}
	nbs := []Notebook{
		{Cells: []string{"import numpy as np\nfrom keras.models import Sequential\nimport tensorflow as tf", "x = np.float(1)"}},
		{Cells: []string{"try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\nimport numpy as np\nx = np.float(1)"}},
		{Cells: []string{"%%writefile helpers.py\ndef f():\n    return 1", "import helpers\nimport numpy as np\nx = np.float(helpers.f())"}},
		{Cells: []string{"import pandas as pd\nimport missingno as msno\nd = pd.DataFrame({'a': [1.0, None]})\nmsno.matrix(d)"}},
		{Cells: []string{"import pandas as pd\nimport missingno as msno\nd = pd.DataFrame({'a': [1.0, None]})\nax = msno.matrix(d)\nax.set_title('gaps')"}},
	}
	// graphviz: the full trixie carries it (so there these notebooks just
	// run); the slim profile does not, as many users' environments.
	slim := &Agent{Driver: b, Image: envImage(t, b, "trixie-slim")}
	graphviz := []Notebook{
		// A tree drawn through graphviz.Source, shown and nothing else.
		{Cells: []string{"import graphviz\nfrom sklearn import tree\nm = tree.DecisionTreeClassifier(max_depth=1).fit([[0.0], [1.0]], [0, 1])",
			"dot = tree.export_graphviz(m, out_file=None, feature_names=['x'], class_names=['a', 'b'], rounded=True, special_characters=True)\ngraph = graphviz.Source(dot)\ngraph"}},
		// The drawing is written to a file: not display-only.
		{Cells: []string{"import graphviz\nfrom sklearn import tree\nm = tree.DecisionTreeClassifier(max_depth=1).fit([[0.0], [1.0]], [0, 1])",
			"dot = tree.export_graphviz(m, out_file=None)\ngraph = graphviz.Source(dot)\ngraph.render('tree')"}},
	}
	var u *agents.UnrestorableError
	// An NLTK corpus the environment lacks: no rewrite supplies data. The
	// message as NLTK prints it (the name highlighted).
	nltkMsg := "\n**********************************************************************\n  Resource \x1b[93mwordnet\x1b[0m not found.\n  Please use the NLTK Downloader to obtain the resource:\n"
	nbs = append(nbs, Notebook{Cells: []string{"import numpy as np\nfrom nltk.stem import WordNetLemmatizer\nw = WordNetLemmatizer().lemmatize('cats')\nx = np.float(1)"},
		Failure: Failure{Cell: 0, ExceptionType: "LookupError", Message: nltkMsg}})
	res, errs, err := agent.FixAll(t.Context(), nbs)
	if err != nil {
		t.Fatal(err)
	}
	nltk := errs[len(errs)-1]
	res, errs = res[:len(res)-1], errs[:len(errs)-1]
	if !errors.As(nltk, &u) || !slices.Equal(u.Packages, []string{"nltk_data/wordnet"}) {
		t.Errorf("a missing NLTK corpus: got %v", nltk)
	}
	gres, gerrs, err := slim.FixAll(t.Context(), graphviz)
	if err != nil {
		t.Fatal(err)
	}
	res, errs = append(res, gres...), append(errs, gerrs...)
	if !errors.As(errs[0], &u) || !slices.Equal(u.Packages, []string{"keras", "tensorflow"}) || !errors.Is(errs[0], agents.ErrGiveUp) ||
		u.Error() != "unrestorable in this environment: keras, tensorflow" {
		t.Errorf("tensorflow and keras: got %v", errs[0])
	}
	for i := 1; i <= 3; i++ {
		if errs[i] != nil {
			t.Errorf("notebook %d: %v (%v)", i, errs[i], res[i].Unrestorable)
		}
	}
	if !res[3].MeaningChanging() || !slices.Contains(res[3].Rules(), "missingno-matrix") {
		t.Errorf("missingno drawn with seaborn must be a flagged fix: %+v", res[3].Edits)
	}
	if !errors.As(errs[4], &u) || !slices.Equal(u.Packages, []string{"missingno"}) {
		t.Errorf("missingno whose result is used: got %v\n%v", errs[4], res[4].Cells)
	}
	want := []string{"pass\nfrom sklearn import tree\nm = tree.DecisionTreeClassifier(max_depth=1).fit([[0.0], [1.0]], [0, 1])",
		"tree.plot_tree(m, feature_names=['x'], class_names=['a', 'b'], rounded=True)\npass\npass"}
	if errs[5] != nil || !slices.Equal(res[5].Cells, want) || !res[5].MeaningChanging() {
		t.Errorf("graphviz.Source drawing: %v\n%q\nwant\n%q", errs[5], res[5].Cells, want)
	}
	if !errors.As(errs[6], &u) || !slices.Equal(u.Packages, []string{"graphviz"}) {
		t.Errorf("a rendered graphviz file: got %v\n%v", errs[6], res[6].Cells)
	}
}
