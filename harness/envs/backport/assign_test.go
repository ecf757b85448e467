package backport

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/harness/envs"
)

// Notebooks sharing their pins share one pin set; without an index only
// the era assignment is written.
func TestWriteAssignment(t *testing.T) {
	f := newFakeIndex(t)
	nbs := []Notebook{
		{ID: "a", Submitted: "2019-03-12", Date: date("2019-03-12"), Distributions: []string{"pandas"}},
		{ID: "b", Submitted: "2019-03-12", Date: date("2019-03-12"), Distributions: []string{"pandas"}},
		{ID: "c", Submitted: "2023-03-10", Date: date("2023-03-10")},
	}
	era := func(d time.Time) string { return "era-" + d.Format("2006") }
	out := t.TempDir()
	sets, err := WriteAssignment(context.Background(), out, nbs, era, &Index{URL: f.URL + "/simple/"})
	if err != nil || sets != 2 {
		t.Fatalf("%d pin sets, %v", sets, err)
	}
	rows := readCSV(t, filepath.Join(out, "assignment.csv"))
	if len(rows) != 4 || rows[1][2] != "era-2019" || rows[1][3] != "3.6" || rows[1][4] != rows[2][4] || rows[1][5] != `["pandas"]` || rows[3][5] != "[]" || rows[3][6] != "{}" {
		t.Fatalf("rows: %q", rows)
	}
	spec, err := envs.Load(filepath.Join(out, "pinsets", rows[1][4]+".yaml"))
	if err != nil || spec.Python != "3.6" || !strings.Contains(strings.Join(spec.Requirements, " "), "pandas==0.24.2") {
		t.Errorf("pin set: %+v, %v", spec, err)
	}
	if df, _ := os.ReadFile(filepath.Join(out, "pinsets", rows[1][4]+".Dockerfile")); !strings.Contains(string(df), "FROM python:3.6-slim") {
		t.Errorf("Dockerfile: %s", df)
	}

	out = t.TempDir()
	if sets, err := WriteAssignment(context.Background(), out, nbs, era, nil); err != nil || sets != 0 {
		t.Fatalf("no index: %d, %v", sets, err)
	}
	if rows := readCSV(t, filepath.Join(out, "assignment.csv")); len(rows) != 4 || rows[1][4] != "" || rows[1][6] != "" {
		t.Errorf("no index: %q", rows)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A dataset's notebooks come with their dates and imports; one without a
// date cannot be backported.
func TestNotebooksOf(t *testing.T) {
	ds, err := datasets.Load("../../../datasets/starter")
	if err != nil {
		t.Fatal(err)
	}
	nbs, err := NotebooksOf(ds)
	if err != nil || len(nbs) != len(ds.Notebooks) {
		t.Fatalf("%d notebooks: %v", len(nbs), err)
	}
	for _, nb := range nbs {
		if nb.Date.IsZero() || !slices.Contains(nb.Distributions, "pandas") {
			t.Errorf("%s: %v, %v", nb.ID, nb.Date, nb.Distributions)
		}
	}
	ds.Notebooks[0].Submitted = ""
	if _, err := NotebooksOf(ds); err == nil || !strings.Contains(err.Error(), "no submitted date") {
		t.Errorf("a notebook without a date: %v", err)
	}
}
