package main

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/harness/envs"
)

// envs backport against a local PEP 691 index that serves recorded
// release histories (pandas, scikit-learn; the rest answer 404).
func TestBackportWritesPinSets(t *testing.T) {
	fixtures := "../../harness/envs/backport/testdata/simple"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		b, err := os.ReadFile(filepath.Join(fixtures, name+".json"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		w.Write(b)
	}))
	defer srv.Close()
	out := t.TempDir()
	t.Setenv("PIP_INDEX_URL", srv.URL+"/simple/")
	code, stdoutText, errOut := erosion(t, args("envs", "backport", "--dataset", "../../datasets/starter", "--eras", "../../configs/eras.yaml", "--out", out)...)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdoutText, errOut)
	}
	f, err := os.Open(filepath.Join(out, "assignment.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if len(rows) != 7 {
		t.Fatalf("%d rows", len(rows))
	}
	sets := map[string]bool{}
	for _, r := range rows[1:] {
		id, era, py, set := r[0], r[2], r[3], r[4]
		if set == "" || py == "" || era == "" {
			t.Errorf("%s: era %q python %q pin set %q", id, era, py, set)
		}
		if !strings.Contains(r[6], "numpy") { // not on this index
			t.Errorf("%s: numpy should be unresolved: %s", id, r[6])
		}
		sets[set] = true
	}
	for set := range sets {
		spec, err := envs.Load(filepath.Join(out, "pinsets", set+".yaml"))
		if err != nil {
			t.Fatalf("pin set %s is not a valid environment spec: %v", set, err)
		}
		if spec.Kind() != envs.KindPython || !strings.Contains(strings.Join(spec.Requirements, " "), "scikit-learn==") {
			t.Errorf("%s: %+v", set, spec)
		}
		df, _ := os.ReadFile(filepath.Join(out, "pinsets", set+".Dockerfile"))
		if !strings.Contains(string(df), "FROM python:"+spec.Python+"-slim") {
			t.Errorf("Dockerfile: %s", df)
		}
	}
	// The 2023 notebook gets Python 3.10 (3.11 was the newest minor then) and
	// a pandas of its time.
	last := rows[len(rows)-1]
	if last[3] != "3.10" || !strings.Contains(last[5], "pandas") || strings.Contains(last[6], "pandas") {
		t.Errorf("2023 notebook: %v", last)
	}
}
