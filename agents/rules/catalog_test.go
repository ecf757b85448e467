package rules

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"erosion/harness"
	"erosion/harness/docker"
)

func TestCatalogLoads(t *testing.T) {
	es := Catalog()
	libs := map[string]int{}
	for _, e := range es {
		libs[e.Library]++
	}
	if len(es) < 150 || len(libs) < 8 {
		t.Errorf("the catalog has %d entries across %d libraries; want at least 150 across 8", len(es), len(libs))
	}
	t.Logf("%d entries: %v", len(es), libs)
	for _, bad := range []struct{ yaml, want string }{
		{"- {id: x-y, library: l, removed: '1', old: o, new: n, family: nope, message: m, rewrite: {kind: name}, before: a, after: b}", "family \"nope\""},
		{"- {id: X, library: l, removed: '1', old: o, new: n, family: renamed, message: m, rewrite: {kind: name}, before: a, after: b}", "id must be"},
		{"- {id: x-y, library: l, removed: '1', old: o, new: n, family: name-moved, message: m, rewrite: {kind: custom}, before: a, after: b}", "names its rewrite.py rule"},
		{"- {id: x-y, library: l, removed: '1', old: o, new: n, family: name-moved, message: '(', rewrite: {kind: name}, before: a, after: b}", "message"},
		{"- {id: x-y, library: l, removed: '1', old: o, new: n, family: name-moved, message: m, rewrite: {kind: name}, before: a, after: a}", "two different snippets"},
	} {
		if _, err := loadCatalog([]byte(bad.yaml)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("loadCatalog(%s): %v, want an error about %s", bad.yaml, err, bad.want)
		}
	}
}

// docs/rules.md is the catalog's table; EROSION_UPDATE_RULES_DOC=1 (go
// generate ./agents/rules) rewrites it.
func TestRulesDocUpToDate(t *testing.T) {
	const path = "../../docs/rules.md"
	want := Markdown(Catalog())
	if os.Getenv("EROSION_UPDATE_RULES_DOC") != "" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("docs/rules.md is stale (%v): run go generate ./agents/rules", err)
	}
}

// isolate runs a snippet in a fresh namespace (so entries cannot lean on
// each other's names), with its source in linecache so the traceback shows
// its lines as a notebook's would.
func isolate(src string) string {
	return "import linecache as _lc, matplotlib.pyplot as _plt\n_plt.close('all')\n_src = " + strconv.Quote(src) + "\n" +
		"_lc.cache['<cell>'] = (len(_src), None, _src.splitlines(True), '<cell>')\n" +
		"exec(compile(_src, '<cell>', 'exec'), {'__name__': '__main__'})\n"
}

const prelude = "import warnings; warnings.filterwarnings('ignore')\nimport matplotlib; matplotlib.use('Agg')\n"

// TestCatalogByExecution checks every entry in the environment it names
// (the full trixie, unless it says otherwise), in four container runs per
// environment: every before fails there with a message the entry's pattern
// matches; given that failure, the rewriter turns it into the entry's after
// (and says which entry, and whether meaning changed); every after runs. A
// static scan (no failure) must never rewrite a before into anything but
// its after.
func TestCatalogByExecution(t *testing.T) {
	b := testBackend(t)
	groups := map[string][]Entry{}
	for _, e := range Catalog() {
		groups[e.Env()] = append(groups[e.Env()], e)
	}
	staticOK, total := 0, 0
	for _, env := range slices.Sorted(maps.Keys(groups)) {
		n := checkCatalog(t, b, env, groups[env])
		staticOK += n
		total += len(groups[env])
	}
	t.Logf("%d of %d entries are found by the static scan too; the rest need the failure", staticOK, total)
}

// checkCatalog checks es in env and returns how many of them the static
// scan finds.
func checkCatalog(t *testing.T, b *docker.Backend, env string, es []Entry) int {
	img := envImage(t, b, env)
	cells := func(pick func(Entry) string) []string {
		out := []string{prelude}
		for _, e := range es {
			out = append(out, isolate(pick(e)))
		}
		return out
	}
	before, err := runLong(t, b, img, cells(func(e Entry) string { return e.Before }))
	if err != nil {
		t.Fatal(err)
	}
	nbs := make([]Notebook, len(es))
	static := make([]Notebook, len(es))
	for i, e := range es {
		c := before.Result.Cells[i+1]
		static[i] = Notebook{Cells: []string{e.Before}}
		nbs[i] = Notebook{Cells: []string{e.Before}}
		if c.Error == nil {
			if !e.Present {
				t.Errorf("%s: the old API still runs in %s:\n%s", e.ID, env, e.Before)
			}
			// Deprecated only: the rule acts on a failure naming it.
			nbs[i].Failure = Failure{Cell: 0, ExceptionType: "FutureWarning", Message: e.Message}
			continue
		}
		got := c.Error.Type + ": " + c.Error.Message
		if !regexp.MustCompile(e.Message).MatchString(got) {
			t.Errorf("%s: %s raises %q, which the entry's message %q does not match", e.ID, env, firstLine(got), e.Message)
		}
		nbs[i].Failure = Failure{Cell: 0, ExceptionType: c.Error.Type, Message: c.Error.Message, Traceback: c.Error.Traceback}
	}
	agent := &Agent{Driver: b, Image: img, Timeout: 15 * time.Minute}
	res, errs, err := agent.FixAll(t.Context(), append(nbs, static...))
	if err != nil {
		t.Fatal(err)
	}
	staticOK := 0
	for i, e := range es {
		r, ferr := res[i], errs[i]
		switch {
		case ferr != nil:
			t.Errorf("%s: Fix on its failure in %s: %v\n%s", e.ID, env, ferr, e.Before)
			continue
		case r.Cells[0] != e.After:
			t.Errorf("%s: the rewrite of\n%s\nis\n%s\nwant\n%s", e.ID, e.Before, r.Cells[0], e.After)
		case !slices.Contains(r.Rules(), e.ID):
			t.Errorf("%s: the edits name %v, not the entry", e.ID, r.Rules())
		case e.Meaning && !r.MeaningChanging():
			t.Errorf("%s: a meaning-changing entry, but the fix is not flagged", e.ID)
		}
		for _, w := range r.Warnings {
			t.Errorf("%s: warning: %s", e.ID, w)
		}
		if s := res[len(es)+i]; s != nil && len(s.Edits) > 0 {
			if s.Cells[0] != e.After {
				t.Errorf("%s: the static scan rewrote it to\n%s\nwant\n%s", e.ID, s.Cells[0], e.After)
			}
			staticOK++
		}
	}
	after, err := runLong(t, b, img, cells(func(e Entry) string { return e.After }))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range es {
		if c := after.Result.Cells[i+1]; c.Error != nil {
			t.Errorf("%s: the rewritten snippet fails in %s: %s: %s\n%s", e.ID, env, c.Error.Type, firstLine(c.Error.Message), e.After)
		}
	}
	return staticOK
}

func runLong(t *testing.T, b harness.Driver, image string, cells []string) (*harness.Execution, error) {
	dir := t.TempDir()
	lim := harness.DefaultLimits
	lim.OutputCap = 64 << 20
	lim.MemoryBytes = 4 << 30
	ex, err := harness.Execute(t.Context(), b, harness.Job{ID: "rules-catalog-" + randomID(), Image: image, Cells: cells, Dir: dir, Timeout: 15 * time.Minute, Limits: lim})
	switch {
	case err != nil:
		return nil, err
	case ex.Result == nil || len(ex.Result.Cells) != len(cells):
		return nil, fmt.Errorf("%s: the run did not finish (timed out %v): %s", image, ex.TimedOut, ex.Log)
	case ex.Result.Cells[0].Error != nil:
		return nil, fmt.Errorf("%s: prelude failed: %+v", image, ex.Result.Cells[0].Error)
	}
	return ex, nil
}
