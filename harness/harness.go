// Package harness executes notebooks: it turns (notebook, environment)
// pairs into jobs, runs each on an execution driver under one supervision
// loop (Execute), classifies and grades what happened, and journals one
// record per finished run into a results folder.
package harness

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"erosion/atomicfile"
	"erosion/grading"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
	"erosion/safefile"
)

// Env is an environment as the harness needs it: its name, its content digest
// and what the backend runs (an image reference or a rootfs folder).
type Env struct {
	Name   string // the label runs are recorded under
	Spec   string // the environment that really runs it (a "backported" run's era)
	Digest string
	Image  string
}

// Task is one run to do: a notebook in an environment.
type Task struct {
	Study       string
	Dataset     string
	NotebookID  string
	Competition string
	Notebook    *notebook.Notebook
	Inputs      []Input
	Env         Env
	Attempt     int
	Agent       string
	NeedsGPU    bool // goes to a GPU worker when there are any
	Grading     *Grading
	// InputsDigest is the digest of the data the run sees (from the
	// dataset's seal); "" when unknown, and then the run is never reused.
	InputsDigest string
}

// Key is the task's run key.
func (t Task) Key() results.Key {
	return results.Key{Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Environment: t.Env.Name, Agent: t.Agent, Attempt: t.Attempt}
}

// Grading is how a run's submission is scored. The answers stay on the
// host: they are read here, after the run, never mounted into it.
type Grading struct {
	Spec           grading.Spec
	Answers        string   // hidden solution file
	SubmissionFile string   // in /kaggle/working
	Target         *float64 // the notebook's original score; nil = executability only
	Tolerance      float64  // relative error still counted as reproduced
	AnswersDigest  string   // digest of the answers (from the dataset's seal)
	// External, when set, grades instead of Spec (external.go).
	External *ExternalGrader
}

// MaxSubmissionBytes bounds the submission file the grader reads.
const MaxSubmissionBytes = 1 << 30

// Harness runs tasks on a driver with a pool of workers.
type Harness struct {
	Driver  Driver
	Results *results.Folder
	Workers int      // CPU workers
	GPUs    []string // GPU device IDs: one GPU worker each
	Timeout time.Duration
	Limits  Limits
	Version string // erosion version recorded in every row
	Retries int    // extra tries after an infrastructure failure
	// StopOnError stops each notebook at its first failing cell.
	StopOnError bool
	// NoExecuted skips writing executed.ipynb (with outputs) per run.
	NoExecuted bool
	// Installed, by environment name, reports which distributions are
	// installed there; it tells a removed API from an absent package.
	Installed map[string]Installed
	// Cache, when set, hands out finished runs of other results folders
	// with the same Hash instead of executing them again.
	Cache    *results.Cache
	Log      *slog.Logger
	Progress Progress
}

// Progress hears about runs as they finish (progress bars, counters).
type Progress interface {
	Start(total, skipped int)
	Done(r records.Run)
}

// Summary counts what a Run call did.
type Summary struct {
	Total, Skipped, Ran, Infra, Reused int
	ByStatus                           map[string]int
}

// Validate checks the harness's settings before anything runs.
func (h *Harness) Validate() error {
	switch {
	case h.Driver == nil || h.Results == nil:
		return errors.New("harness: a driver and a results folder are needed")
	case h.Workers < 1:
		return errors.New("workers must be at least 1")
	case h.Timeout <= 0:
		return errors.New("the timeout must be positive")
	case h.Retries < 0:
		return errors.New("retries must be 0 or more")
	}
	return h.Limits.Validate()
}

// Run executes every task not already finished in the results folder, then
// exports the journal to Parquet. Cancelling ctx stops after the runs in
// flight are cleaned up; nothing half-done is recorded.
func (h *Harness) Run(ctx context.Context, tasks []Task) (Summary, error) {
	sum := Summary{Total: len(tasks), ByStatus: map[string]int{}}
	if err := h.Validate(); err != nil {
		return sum, err
	}
	var todo []Task
	seen := map[results.Key]bool{}
	for _, t := range tasks {
		k := t.Key()
		if _, done := h.Results.Finished(k); done || seen[k] {
			sum.Skipped++
			continue
		}
		seen[k] = true
		todo = append(todo, t)
	}
	if h.Progress != nil {
		h.Progress.Start(len(tasks), sum.Skipped)
	}
	if len(todo) > 0 {
		if err := h.runAll(ctx, todo, &sum); err != nil {
			return sum, err
		}
	}
	if err := h.Results.Export(); err != nil {
		return sum, err
	}
	return sum, ctx.Err()
}

func (h *Harness) runAll(ctx context.Context, todo []Task, sum *Summary) error {
	// An unrecoverable backend error stops every worker, not just one run.
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)

	cpu, gpu := make(chan Task), make(chan Task)
	var mu sync.Mutex
	work := func(queue <-chan Task, device string) {
		for t := range queue {
			e, ok, err := h.Do(ctx, t, device)
			if err != nil {
				abort(err)
				continue
			}
			if !ok {
				continue // cancelled mid-run: not finished, not recorded
			}
			mu.Lock()
			if e.Run.ReusedFrom != "" {
				sum.Reused++
			}
			sum.Ran++
			sum.ByStatus[e.Run.Status]++
			if e.Run.Status == records.StatusInfra {
				sum.Infra++
			}
			mu.Unlock()
			if h.Progress != nil {
				h.Progress.Done(e.Run)
			}
		}
	}
	var wg sync.WaitGroup
	for range max(1, h.Workers) {
		wg.Go(func() { work(cpu, "") })
	}
	for _, dev := range h.GPUs {
		wg.Go(func() { work(gpu, dev) })
	}
feed:
	for _, t := range todo {
		q := cpu
		if t.NeedsGPU && len(h.GPUs) > 0 {
			q = gpu
		}
		select {
		case q <- t:
		case <-ctx.Done():
			break feed
		}
	}
	close(cpu)
	close(gpu)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Do runs one task now on the given GPU ("" for none), retrying
// infrastructure failures, journals its entry and returns it: for callers
// that decide the next run from the last one (the modernization loop). ok
// is false when ctx was cancelled before it finished; err is set when no
// run can succeed. Call Results.Export when done.
func (h *Harness) Do(ctx context.Context, t Task, gpu string) (e results.Entry, ok bool, err error) {
	hash := h.Hash(t)
	if cached, hit := h.Cache.Reuse(hash, t.Key()); hit {
		if err := h.Results.Append(cached); err != nil {
			return e, false, err
		}
		return cached, true, nil
	}
	dir, err := filepath.Abs(results.ArtefactDir(h.Results.Root, t.Key()))
	if err == nil {
		os.RemoveAll(dir) // leftovers of an interrupted try
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return e, false, err
	}
	job := Job{
		ID:          fmt.Sprintf("%s-%s-a%d-%d", results.SafeName(t.Env.Name), results.SafeName(t.NotebookID), t.Attempt, time.Now().UnixNano()%1e9),
		Image:       t.Env.Image,
		Cells:       sources(t.Notebook.CodeCells()),
		Inputs:      t.Inputs,
		Dir:         dir,
		Timeout:     h.Timeout,
		Limits:      h.Limits,
		GPU:         gpu,
		StopOnError: h.StopOnError,
	}
	started := time.Now()
	var ex *Execution
	for try := 0; try <= h.Retries; try++ {
		ex, err = Execute(ctx, h.Driver, job)
		if err == nil || ctx.Err() != nil {
			break
		}
		if errors.Is(err, ErrUnrecoverable) {
			return e, false, err
		}
		h.log().Warn("infrastructure failure, retrying", "notebook", t.NotebookID, "env", t.Env.Name, "try", try+1, "err", err)
		select {
		case <-time.After(time.Duration(try+1) * time.Second):
		case <-ctx.Done():
		}
	}
	if ctx.Err() != nil {
		return e, false, nil
	}
	e = Outcome(t, ex, err, started, time.Now(), h.Installed[cmp.Or(t.Env.Spec, t.Env.Name)])
	if t.Grading != nil && ex != nil {
		Grade(ctx, &e.Run, t.Grading, filepath.Join(dir, "working"))
		if ctx.Err() != nil {
			return e, false, nil // cancelled while grading: not finished
		}
	}
	if ex != nil {
		// Graded: now nothing the run left may later lead a reader (a
		// user's tar or cp, a report) outside its own folder.
		ex.Removed, _ = safefile.Defuse(filepath.Join(dir, "working"))
	}
	e.Run.Backend = h.Driver.Name()
	e.Run.ErosionVersion = h.Version
	e.Run.RunHash = hash
	if ex != nil {
		h.keepArtefacts(dir, t, ex, e.Run)
	}
	if err := h.Results.Append(e); err != nil {
		return e, false, err
	}
	return e, true, nil
}

// keepArtefacts writes runner.log and executed.ipynb beside working/.
func (h *Harness) keepArtefacts(dir string, t Task, ex *Execution, r records.Run) {
	log := ex.Log
	if len(ex.Removed) > 0 {
		log += fmt.Sprintf("\nerosion: removed %d links or special files the run left in /kaggle/working: %s", len(ex.Removed), strings.Join(ex.Removed[:min(20, len(ex.Removed))], ", "))
	}
	if log = strings.TrimSpace(log); log != "" {
		if err := atomicfile.WriteFile(filepath.Join(dir, "runner.log"), []byte(log+"\n"), 0o644); err != nil {
			h.log().Warn("could not write the runner log", "dir", dir, "err", err)
		}
	}
	if h.NoExecuted || ex.Result == nil {
		return
	}
	if err := writeExecuted(dir, t.Notebook, ex.Result, r); err != nil {
		h.log().Warn("could not write the executed notebook", "dir", dir, "err", err)
	}
}

func (h *Harness) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

func sources(cells []notebook.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Source
	}
	return out
}
