// Package backendtest is the conformance suite every execution driver
// passes: the same broken and hostile notebooks, run for real, must end in
// the same recorded outcomes whichever driver ran them, with the host
// unchanged and nothing from outside the run in any record.
package backendtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/grading"
	"erosion/harness"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
	"erosion/safefile"
)

// Case is one notebook and the outcome it must be recorded with.
type Case struct {
	Name    string
	Cells   []string
	Timeout time.Duration
	Limits  func(*harness.Limits)
	// Graded cases are scored against the fixture's hidden answers, as a
	// run of a dataset would be.
	Graded   bool
	Status   string
	Category string
	Check    func(t *testing.T, f Fixture, e results.Entry, ex *harness.Execution)
}

// Fixture is the host side of a case: a competition's data (mounted) and
// its hidden answers and a root-only canary (never mounted).
type Fixture struct {
	Dir     string // holds comp/data, comp/answers
	Data    string
	Answers string // comp/answers/solution.csv
	Canary  string // a file only root may read, beside the data
	Secret  string // the canary's and the answers' tell-tale content
}

// NewFixture lays out a fixture in a fresh temporary folder.
func NewFixture(t *testing.T) Fixture {
	dir := t.TempDir()
	f := Fixture{Dir: dir, Data: filepath.Join(dir, "comp", "data"), Answers: filepath.Join(dir, "comp", "answers", "solution.csv"),
		Canary: filepath.Join(dir, "comp", "data-canary.txt"), Secret: "erosion-secret-" + fmt.Sprint(time.Now().UnixNano())}
	os.MkdirAll(f.Data, 0o755)
	os.MkdirAll(filepath.Dir(f.Answers), 0o755)
	must(t, os.WriteFile(filepath.Join(f.Data, "train.csv"), []byte("PassengerId,Survived\n1,0\n2,1\n"), 0o644))
	must(t, os.WriteFile(f.Answers, []byte("PassengerId,Survived,Note\n1,0,"+f.Secret+"\n2,1,\n3,1,\n"), 0o600))
	must(t, os.WriteFile(f.Canary, []byte(f.Secret+"\n"), 0o600))
	// A file in the data that only its owner may read: when erosion runs as
	// root, a sandbox mapped to root would read it.
	must(t, os.WriteFile(filepath.Join(f.Data, "owner-only.csv"), []byte(f.Secret+"\n"), 0o600))
	// The data itself is readable by anyone: the sandbox user is nobody.
	os.Chmod(dir, 0o755)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Run runs the cases on driver d in environment image and checks each
// recorded outcome.
func Run(t *testing.T, d harness.Driver, image string, cases []Case) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			f := NewFixture(t)
			e, ex := RunCase(t, d, image, f, c)
			if c.Status != "" && e.Run.Status != c.Status {
				t.Errorf("status %s, want %s (%s: %s; log %q)", e.Run.Status, c.Status, e.Run.ExceptionType, e.Run.ExceptionMsg, ex.Log)
			}
			if e.Run.FailureCategory != c.Category {
				t.Errorf("failure category %q, want %q (%s: %s)", e.Run.FailureCategory, c.Category, e.Run.ExceptionType, e.Run.ExceptionMsg)
			}
			NothingLeaked(t, f, e, ex)
			if c.Check != nil && !t.Failed() {
				c.Check(t, f, e, ex)
			}
		})
	}
}

// RunCase runs one case as the harness runs a task (Execute, Outcome,
// grading) and returns its entry and what the driver saw.
func RunCase(t *testing.T, d harness.Driver, image string, f Fixture, c Case) (results.Entry, *harness.Execution) {
	t.Helper()
	nb := &notebook.Notebook{Path: c.Name}
	cells := make([]string, len(c.Cells))
	for i, cell := range c.Cells {
		cell = strings.NewReplacer("{answers}", f.Answers, "{canary}", f.Canary, "{secret}", f.Secret,
			"{host_root}", map[bool]string{true: "True", false: "False"}[os.Getuid() == 0]).Replace(cell)
		cells[i] = cell
		nb.Cells = append(nb.Cells, notebook.Cell{Kind: notebook.Code, Source: cell})
	}
	lim := harness.DefaultLimits
	lim.CPUs = 1
	if c.Limits != nil {
		c.Limits(&lim)
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 120 * time.Second
	}
	id := strings.NewReplacer(" ", "-", "/", "-").Replace(strings.ToLower(t.Name()))
	job := harness.Job{
		ID: fmt.Sprintf("%s-%d", id, time.Now().UnixNano()%1e6), Image: image, Cells: cells,
		Inputs: []harness.Input{{Slug: "comp", Dir: f.Data}}, Dir: t.TempDir(), Timeout: timeout, Limits: lim,
	}
	start := time.Now()
	ex, err := harness.Execute(t.Context(), d, job)
	if err != nil {
		t.Fatalf("driver failed (not the notebook): %v", err)
	}
	task := harness.Task{Study: "conformance", Dataset: "cases", NotebookID: id, Notebook: nb, Env: harness.Env{Name: "env"}}
	e := harness.Outcome(task, ex, nil, start, time.Now(), nil)
	if c.Graded {
		g := &harness.Grading{Spec: grading.Spec{Metric: grading.Accuracy, IDColumn: "PassengerId", TargetColumn: "Survived", HigherIsBetter: true},
			Answers: f.Answers, SubmissionFile: "submission.csv", Tolerance: 0.1}
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		done := make(chan struct{})
		go func() { harness.Grade(ctx, &e.Run, g, filepath.Join(job.Dir, "working")); close(done) }()
		select {
		case <-done:
		case <-time.After(90 * time.Second):
			t.Fatal("grading hangs")
		}
	}
	if ex.Removed, err = safefile.Defuse(filepath.Join(job.Dir, "working")); err != nil {
		t.Fatal(err)
	}
	e.Bound()
	return e, ex
}

// NothingLeaked fails when anything of the host (the hidden answers, the
// canary) reached a record, the executed cells or the log.
func NothingLeaked(t *testing.T, f Fixture, e results.Entry, ex *harness.Execution) {
	t.Helper()
	rec, _ := json.Marshal(e)
	cells, _ := json.Marshal(ex.Result)
	for what, s := range map[string]string{"record": string(rec), "cells": string(cells), "log": ex.Log} {
		if strings.Contains(s, f.Secret) {
			t.Errorf("host secret leaked into the %s", what)
		}
		if strings.Contains(s, "root:x:0:0") || strings.Contains(s, "root:*:") || strings.Contains(s, "root:$") {
			t.Errorf("a host account file leaked into the %s", what)
		}
	}
}

// Taxonomy raises one real exception per failure category.
var Taxonomy = []Case{
	{Name: "missing-module", Cells: []string{"import tensorflow_never_installed"}, Status: records.StatusError, Category: harness.FailMissingModule},
	{Name: "removed-api", Cells: []string{"import pandas as pd\npd.DataFrame({'a': [1]}).ix[0]"}, Status: records.StatusError, Category: harness.FailRemovedAPI},
	{Name: "removed-import", Cells: []string{"from sklearn.preprocessing import Imputer"}, Status: records.StatusError, Category: harness.FailRemovedAPI},
	{Name: "changed-signature", Cells: []string{"from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)"}, Status: records.StatusError, Category: harness.FailChangedSig},
	{Name: "value-dtype", Cells: []string{"import pandas as pd\npd.Series(['male', 'female']).astype(float)"}, Status: records.StatusError, Category: harness.FailValueDtype},
	{Name: "data-path", Cells: []string{"import pandas as pd\npd.read_csv('../input/no-such-file.csv')"}, Status: records.StatusError, Category: harness.FailDataPath},
	// TEST-NET-1: never routed; inside the run there is no route at all.
	{Name: "network", Cells: []string{"import urllib.request\nurllib.request.urlopen('http://192.0.2.1/', timeout=5)"}, Status: records.StatusError, Category: harness.FailNetwork},
	{Name: "gpu", Cells: []string{"import ctypes\nctypes.CDLL('libcuda.so.1')"}, Status: records.StatusError, Category: harness.FailGPU},
	{Name: "other", Cells: []string{"1 / 0"}, Status: records.StatusError, Category: harness.FailOther},
	{Name: "timeout", Cells: []string{"x = 1", "while True:\n    pass"}, Timeout: 5 * time.Second, Status: records.StatusTimeout, Category: harness.FailTimeout,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.Failing() != 1 || e.Run.CellsOK != 1 {
				t.Errorf("the timeout is in cell 1 after one ok cell: %+v", e.Run)
			}
		}},
	{Name: "out-of-memory", Cells: []string{"blocks = []\nwhile True:\n    blocks.append(bytearray(32 * 2**20))"},
		Limits: func(l *harness.Limits) { l.MemoryBytes = 256 << 20 }, Category: harness.FailOOM},
	{Name: "kernel-crash", Cells: []string{"print('bye')", "import os\nos._exit(3)", "print('never')"}, Status: records.StatusCrash, Category: harness.FailKernelCrash,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.Failing() != 1 || !strings.Contains(e.Run.ExceptionMsg, "code 3") {
				t.Errorf("the crash is in cell 1, exit code 3: %+v", e.Run)
			}
		}},
	{Name: "exception that cannot be described", Cells: []string{
		"class Odd(Exception):\n    def __str__(self):\n        raise KeyError(0)\n    def __repr__(self):\n        raise KeyError(1)\nraise Odd()",
		"import sys\nclass Frame(Exception): pass\ndef f():\n    class L(dict):\n        def __getitem__(self, k): raise KeyError(0)\n    raise NameError('nmae')\nf()",
		"print('still running')"},
		Status: records.StatusError, Category: harness.FailOther,
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			if len(e.Cells) != 3 || e.Cells[2].Status != "ok" || e.Run.ExceptionType != "Odd" {
				t.Errorf("an exception's own failure must not stop the run: %+v", e.Run)
			}
		}},
}
