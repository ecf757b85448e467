package datasets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
)

// Three corpus notebooks, one per library, run in today's slim environment
// (the one CI builds): each must get through its exploration and stop at the
// old API it was written to exercise, with the error its library's notes
// announce. The whole corpus runs outside `make test` (see the corpus's
// dataset.yaml).
func TestCorpusNotebooksFailOnTheirOldAPIsToday(t *testing.T) {
	b, err := docker.Connect(t.Context())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(func() { b.Close() })
	spec, err := envs.Load("../configs/envs/trixie-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	img, err := b.Ensure(t.Context(), spec, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := datasets.Load("corpus")
	if err != nil {
		t.Fatal(err)
	}
	// The failure categories are the taxonomy's business (harness): the test
	// holds the exception the library raises.
	want := map[string]struct{ exc, msg string }{
		"titanic-003-2017":             {"TypeError", "DataFrame.drop() takes from 1 to 2 positional arguments but 3 were given"}, // pandas 2.0
		"nlp-getting-started-006-2020": {"TypeError", "countplot() got multiple values for argument 'data'"},                      // seaborn 0.12
		"credit-fraud-004-2018":        {"TypeError", "unexpected keyword argument 'behaviour'"},                                  // scikit-learn 0.24
	}
	var tasks []harness.Task
	for _, nb := range d.Notebooks {
		if _, ok := want[nb.ID]; !ok {
			continue
		}
		parsed, err := notebook.Read(d.NotebookPath(nb))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := filepath.Abs(d.DataDir(nb.Competition))
		tasks = append(tasks, harness.Task{Study: "t", Dataset: d.Name, NotebookID: nb.ID, Competition: nb.Competition, Notebook: parsed,
			Inputs: []harness.Input{{Slug: nb.Competition, Dir: data}}, Env: harness.Env{Name: spec.Name, Digest: spec.Digest(), Image: img}})
	}
	if len(tasks) != len(want) {
		t.Fatalf("found %d of the %d notebooks", len(tasks), len(want))
	}
	res, err := results.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	h := &harness.Harness{Driver: b, Results: res, Workers: 2, Timeout: 5 * time.Minute, Limits: harness.DefaultLimits, NoExecuted: true}
	if _, err := h.Run(t.Context(), tasks); err != nil {
		t.Fatal(err)
	}
	runs, err := records.Runs.Read(res.Root)
	if err != nil || len(runs) != len(want) {
		t.Fatalf("%d runs: %v", len(runs), err)
	}
	for _, r := range runs {
		w := want[r.NotebookID]
		if r.Status != records.StatusError || r.ExceptionType != w.exc || !strings.Contains(r.ExceptionMsg, w.msg) {
			t.Errorf("%s: %s %s %q in cell %d, want %s %q", r.NotebookID, r.Status, r.ExceptionType, r.ExceptionMsg, r.Failing(), w.exc, w.msg)
		}
		if r.CellsOK < 3 {
			t.Errorf("%s: only %d cells ran before the old API: the notebook should load and explore its data first", r.NotebookID, r.CellsOK)
		}
	}
}
