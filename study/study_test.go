package study_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/results"
	"erosion/study"
)

// cacheDir is erosion's environment cache (make test builds the slim
// environments into it).
func cacheDir() string {
	d, _ := os.UserCacheDir()
	return filepath.Join(d, "erosion")
}

// A study from code: plan a notebook of the starter dataset in the current
// environment and run it on whichever backend this machine has.
func Example() {
	plan, err := study.Config{Dataset: "../datasets/starter", Envs: []string{"trixie-slim"},
		Notebooks: []string{"titanic-rf-pipeline-2023"}}.Plan()
	if err != nil {
		panic(err)
	}
	results := filepath.Join(os.TempDir(), fmt.Sprint("example-", time.Now().UnixNano()))
	defer os.RemoveAll(results)
	setup := study.Setup{Results: results, Workers: 1, Timeout: 5 * time.Minute}
	sum, err := setup.Run(context.Background(), plan, false)
	fmt.Println(sum.Ran, "run:", sum.ByStatus["ok"], "ok,", err)
	// Output: 1 run: 1 ok, <nil>
}

func needBackend(t *testing.T) backends.Backend {
	t.Helper()
	be, err := backends.Open(t.Context(), "auto")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(func() { backends.Close(be) })
	return be
}

// hostileDataset writes a small sealed dataset whose notebooks attack the
// grader and their own record, with hidden answers beside the data.
func hostileDataset(t *testing.T, notebooks map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	comp := filepath.Join(dir, "competitions", "comp")
	os.MkdirAll(filepath.Join(comp, "data"), 0o755)
	os.MkdirAll(filepath.Join(comp, "answers"), 0o755)
	os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755)
	os.WriteFile(filepath.Join(comp, "data", "train.csv"), []byte("id,y\n1,0\n2,1\n"), 0o644)
	os.WriteFile(filepath.Join(comp, "answers", "solution.csv"), []byte("id,y\n1,0\n2,1\n"), 0o644)
	os.WriteFile(filepath.Join(comp, "competition.yaml"), []byte("metric: accuracy\nhigher_is_better: true\nid_column: id\ntarget_column: y\nsubmission_file: submission.csv\n"), 0o644)
	yaml := "name: hostile\ntime_limit_s: 120\nnotebooks:\n"
	for id, src := range notebooks {
		src = strings.ReplaceAll(src, "{answers}", filepath.Join(comp, "answers", "solution.csv"))
		os.WriteFile(filepath.Join(dir, "notebooks", id+".py"), []byte(src), 0o644)
		yaml += fmt.Sprintf("  - {id: %s, competition: comp, file: %s.py, submitted: \"2020-01-01\"}\n", id, id)
	}
	os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(yaml), 0o644)
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Seal(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A results folder survives any notebook: after hostile runs the journal,
// the tables, the analysis and a resumed run all work, and nothing reached
// a score it did not earn.
func TestResultsSurviveHostileNotebooks(t *testing.T) {
	be := needBackend(t)
	dir := hostileDataset(t, map[string]string{
		"huge-exception": "E = type('E' * 80_000_000, (Exception,), {})\nraise E('m' * 10_000_000)\n",
		"forged-record":  "import os, json\nfor fd in range(3, 256):\n    try:\n        os.write(fd, json.dumps({'ev': 'end', 'cell': 0, 'status': 'ok'}).encode() + b'\\n')\n    except OSError:\n        pass\n1 / 0\n",
		"linked-answers": "import os\nos.symlink('{answers}', 'submission.csv')\n",
		"fair":           "open('submission.csv', 'w').write('id,y\\n1,0\\n2,0\\n')\n",
	})
	ds, _ := datasets.Load(dir)
	spec, err := envs.Find("../configs/envs", "trixie-slim")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := study.NewPlan(ds, study.Options{Envs: []*envs.Spec{spec}})
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	run := func() study.Summary {
		res, err := results.Open(root, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		x := &study.Executor{Backend: be, Results: res, CacheDir: cacheDir(), Workers: 2}
		sum, err := x.Run(t.Context(), plan)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	if sum := run(); sum.Ran != 4 {
		t.Fatalf("ran %d", sum.Ran)
	}
	if sum := run(); sum.Ran != 0 || sum.Skipped != 4 {
		t.Errorf("the resumed run ran %d again", sum.Ran)
	}
	runs, err := records.Runs.Read(root)
	if err != nil || len(runs) != 4 {
		t.Fatalf("%d runs: %v", len(runs), err)
	}
	for _, r := range runs {
		switch r.NotebookID {
		case "linked-answers", "forged-record", "huge-exception":
			if r.Score != nil {
				t.Errorf("%s scored %v", r.NotebookID, *r.Score)
			}
		case "fair":
			if r.Score == nil || *r.Score != 0.5 {
				t.Errorf("fair scored %v", r.Score)
			}
		}
		if len(r.ExceptionType) > results.MaxTypeLen || len(r.ExceptionMsg) > results.MaxMessageLen {
			t.Errorf("%s: unbounded fields reached Parquet", r.NotebookID)
		}
	}
	s, err := analysis.Load(root, analysis.Options{})
	if err != nil {
		t.Fatalf("analysis of the folder: %v", err)
	}
	_ = s
}

// Datasets that would lead a run out of its folder are refused before
// anything runs.
func TestHostileDatasetsAreRefused(t *testing.T) {
	base := func(t *testing.T) string {
		return hostileDataset(t, map[string]string{"nb": "print(1)\n"})
	}
	cases := map[string]func(t *testing.T, dir string){
		"data links to the answers": func(t *testing.T, dir string) {
			os.Symlink("../answers/solution.csv", filepath.Join(dir, "competitions", "comp", "data", "leak.csv"))
		},
		"data links to the host": func(t *testing.T, dir string) {
			os.Symlink("/etc", filepath.Join(dir, "competitions", "comp", "data", "etc"))
		},
		"data is a link": func(t *testing.T, dir string) {
			d := filepath.Join(dir, "competitions", "comp", "data")
			os.RemoveAll(d)
			os.Symlink("answers", d)
		},
		"answers changed": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "competitions", "comp", "answers", "solution.csv"), []byte("id,y\n1,1\n2,1\n"), 0o644)
		},
		"dataset.yaml changed": func(t *testing.T, dir string) {
			p := filepath.Join(dir, "dataset.yaml")
			data, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(data), "time_limit_s: 120", "time_limit_s: 99999", 1)), 0o644)
		},
	}
	for name, attack := range cases {
		t.Run(name, func(t *testing.T) {
			dir := base(t)
			attack(t, dir)
			ds, err := datasets.Load(dir)
			if err == nil {
				_, err = study.NewPlan(ds, study.Options{Envs: []*envs.Spec{{Name: "x"}}})
			}
			if err == nil {
				t.Fatal("the dataset was accepted")
			}
			var ue *datasets.UnverifiedError
			if !errors.As(err, &ue) && !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("refused for another reason: %v", err)
			}
		})
	}
	for name, yaml := range map[string]string{
		"notebook path out":    "name: h\nnotebooks:\n  - {id: nb, competition: comp, file: ../../../../etc/passwd}\n",
		"competition path out": "name: h\nnotebooks:\n  - {id: nb, competition: ../../../outside, file: nb.py}\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := base(t)
			os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(yaml), 0o644)
			if _, err := datasets.Load(dir); err == nil {
				t.Fatal("the dataset loads")
			}
		})
	}
}

// A second study over unchanged notebooks reuses every run of the first
// (recorded with where it ran); a changed notebook is the only one run.
func TestRunCacheReusesUnchangedRuns(t *testing.T) {
	be := needBackend(t)
	nbs := map[string]string{"a": "open('submission.csv', 'w').write('id,y\\n1,0\\n2,1\\n')\n", "b": "x = 1\n"}
	dir := hostileDataset(t, nbs)
	spec, _ := envs.Find("../configs/envs", "trixie-slim")
	runInto := func(root string, cache []string) study.Summary {
		ds, err := datasets.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := study.NewPlan(ds, study.Options{Envs: []*envs.Spec{spec}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := results.Open(root, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		c, err := results.LoadCache(cache)
		if err != nil {
			t.Fatal(err)
		}
		x := &study.Executor{Backend: be, Results: res, CacheDir: cacheDir(), Workers: 2, Cache: c}
		sum, err := x.Run(t.Context(), plan)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := t.TempDir()
	if sum := runInto(first, nil); sum.Ran != 2 || sum.Reused != 0 {
		t.Fatalf("first: %+v", sum)
	}
	second := t.TempDir()
	if sum := runInto(second, []string{first}); sum.Ran != 2 || sum.Reused != 2 {
		t.Fatalf("second: %+v", sum)
	}
	runs, _ := records.Runs.Read(second)
	for _, r := range runs {
		if r.ReusedFrom == "" || r.RunHash == "" || (r.NotebookID == "a" && (r.Score == nil || *r.Score != 1)) {
			t.Errorf("reused run %+v", r)
		}
	}
	// One notebook changes: the seal changes with it, and only it runs.
	os.WriteFile(filepath.Join(dir, "notebooks", "b.py"), []byte("x = 2\n"), 0o644)
	ds, _ := datasets.Load(dir)
	ds.Seal()
	if sum := runInto(t.TempDir(), []string{first, second}); sum.Ran != 2 || sum.Reused != 1 {
		t.Fatalf("after a change: %+v", sum)
	}
}
