package harness_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
)

// realBackend is the Docker backend with the trixie image built.
func realBackend(t *testing.T) (*docker.Backend, string) {
	t.Helper()
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
	return b, img
}

func tasks(img string, sources map[string]string) []harness.Task {
	var ts []harness.Task
	for id, src := range sources {
		nb, _ := notebook.Parse(id+".py", []byte(src))
		ts = append(ts, harness.Task{Study: "t", Dataset: "d", NotebookID: id, Notebook: nb, NeedsGPU: nb.NeedsGPU(),
			Env: harness.Env{Name: "trixie", Digest: "sha256:x", Image: img}})
	}
	return ts
}

// flaky fails the first n calls the way a daemon hiccup does, then passes
// jobs to the real backend.
type flaky struct {
	harness.Driver
	mu   sync.Mutex
	n    int
	gpus map[string]string // run id -> GPU it was given
}

func (f *flaky) Start(ctx context.Context, s harness.Spec) (harness.Proc, error) {
	f.mu.Lock()
	if f.n > 0 {
		f.n--
		f.mu.Unlock()
		return nil, errors.New("Error response from daemon: connection reset")
	}
	if f.gpus != nil {
		f.gpus[s.ID] = s.GPU
	}
	f.mu.Unlock()
	s.GPU = "" // no GPU runtime here: run the job on the CPU for real
	return f.Driver.Start(ctx, s)
}

// open is a fresh results folder, closed with the test.
func open(t *testing.T) *results.Folder {
	f, err := results.Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestInfrastructureFailuresAreRetriedAndKeptApart(t *testing.T) {
	b, img := realBackend(t)
	h := &harness.Harness{Driver: &flaky{Driver: b, n: 1}, Results: open(t), Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits, Retries: 2}
	sum, err := h.Run(t.Context(), tasks(img, map[string]string{"a": "print(1)"}))
	if err != nil || sum.Infra != 0 || sum.ByStatus[records.StatusOK] != 1 {
		t.Fatalf("one hiccup should be retried away: %+v %v", sum, err)
	}

	// A backend that keeps failing: recorded as infra, not as the notebook's
	// failure, left out of the runs table, and tried again on resume.
	res := open(t)
	h = &harness.Harness{Driver: &flaky{Driver: b, n: 3}, Results: res, Workers: 1, Timeout: time.Minute, Limits: harness.DefaultLimits, Retries: 2}
	sum, err = h.Run(t.Context(), tasks(img, map[string]string{"a": "print(1)"}))
	if err != nil || sum.Infra != 1 {
		t.Fatalf("want one infra failure, got %+v %v", sum, err)
	}
	if runs, _ := records.Runs.Read(res.Root); len(runs) != 0 {
		t.Errorf("an infrastructure failure reached the runs table: %+v", runs)
	}
	h.Driver = b
	sum, err = h.Run(t.Context(), tasks(img, map[string]string{"a": "print(1)"}))
	if err != nil || sum.Ran != 1 || sum.ByStatus[records.StatusOK] != 1 {
		t.Fatalf("resume should retry the infra failure: %+v %v", sum, err)
	}
	if runs, _ := records.Runs.Read(res.Root); len(runs) != 1 || runs[0].Status != records.StatusOK {
		t.Errorf("runs after resume: %+v", runs)
	}
}

func TestGPUNotebooksGoToGPUWorkers(t *testing.T) {
	b, img := realBackend(t)
	f := &flaky{Driver: b, gpus: map[string]string{}}
	h := &harness.Harness{Driver: f, Results: open(t), Workers: 1, GPUs: []string{"0", "1"}, Timeout: time.Minute, Limits: harness.DefaultLimits}
	src := map[string]string{
		"cpu1": "import pandas as pd",
		"cpu2": "import numpy as np",
		"gpu1": "try:\n    import torch\nexcept ImportError:\n    pass",
		"gpu2": "device = 'cuda'",
	}
	if _, err := h.Run(t.Context(), tasks(img, src)); err != nil {
		t.Fatal(err)
	}
	for id := range src {
		got, ran := "", false
		for run, gpu := range f.gpus {
			if strings.Contains(run, "-"+id+"-") {
				got, ran = gpu, true
			}
		}
		if wantGPU := id[:3] == "gpu"; !ran || (got != "") != wantGPU {
			t.Errorf("%s ran with GPU %q", id, got)
		}
	}
}

func TestUnrecoverableErrorStopsTheRun(t *testing.T) {
	b, _ := realBackend(t)
	h := &harness.Harness{Driver: b, Results: open(t), Workers: 2, Timeout: time.Minute, Limits: harness.DefaultLimits, Retries: 2}
	_, err := h.Run(t.Context(), tasks("erosion-env/missing:0", map[string]string{"a": "1", "b": "2", "c": "3"}))
	if !errors.Is(err, harness.ErrUnrecoverable) {
		t.Fatalf("a missing image must stop the run, got %v", err)
	}
}
