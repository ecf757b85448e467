package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"erosion/grading"
	"erosion/harness/runner"
	"erosion/notebook"
	"erosion/records"
	"erosion/verdict"
)

// Env is an environment as the harness needs it: its name, its content digest
// and what the backend runs (an image reference).
type Env struct {
	Name   string
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
}

// Grading is how a run's submission is scored. The answers stay on the
// host: they are read here, after the run, never mounted into it.
type Grading struct {
	Spec           grading.Spec
	Answers        string   // hidden solution file
	SubmissionFile string   // in /kaggle/working
	Target         *float64 // the notebook's original score; nil = executability only
	Tolerance      float64  // relative error still counted as reproduced
}

func (t Task) key() string {
	return records.Run{Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Environment: t.Env.Name, Agent: t.Agent, Attempt: int32(t.Attempt)}.Key()
}

// Harness runs tasks on a backend with a pool of workers.
type Harness struct {
	Backend Backend
	Results string   // results folder
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
	Log        *slog.Logger
	Progress   Progress
}

// Progress hears about runs as they finish (progress bars, counters).
type Progress interface {
	Start(total, skipped int)
	Done(r records.Run)
}

// Summary counts what a Run call did.
type Summary struct {
	Total, Skipped, Ran, Infra int
	ByStatus                   map[string]int
}

// Run executes every task not already finished according to the journals
// under the results folder, then exports the journal to Parquet. Cancelling
// ctx stops after the runs in flight are cleaned up; nothing half-done is
// recorded.
func (h *Harness) Run(ctx context.Context, tasks []Task) (Summary, error) {
	sum := Summary{Total: len(tasks), ByStatus: map[string]int{}}
	done, err := h.finished()
	if err != nil {
		return sum, err
	}
	var todo []Task
	seen := map[string]bool{}
	for _, t := range tasks {
		k := t.key()
		if done[k] || seen[k] {
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
	if err := Export(h.Results); err != nil {
		return sum, err
	}
	return sum, ctx.Err()
}

func (h *Harness) runAll(ctx context.Context, todo []Task, sum *Summary) error {
	worker, _ := os.Hostname()
	j, err := OpenJournal(h.Results, worker)
	if err != nil {
		return err
	}
	defer j.Close()
	// An unrecoverable backend error stops every worker, not just one run.
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)

	cpu, gpu := make(chan Task), make(chan Task)
	var mu sync.Mutex
	var firstErr error
	work := func(queue <-chan Task, device string) {
		for t := range queue {
			e, ok, err := h.runOne(ctx, t, device)
			if err != nil {
				abort(err)
				continue
			}
			if !ok {
				continue // cancelled mid-run: not finished, not recorded
			}
			if err := j.Append(e); err != nil {
				abort(err)
				continue
			}
			mu.Lock()
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
		firstErr = err
	}
	return firstErr
}

// runOne runs a task on the given GPU ("" for none), retrying
// infrastructure failures, and returns its journal entry; ok is false when
// ctx was cancelled before it finished, err is set when no run can succeed.
func (h *Harness) runOne(ctx context.Context, t Task, gpu string) (e Entry, ok bool, err error) {
	dir, err := filepath.Abs(ArtefactDir(h.Results, t))
	if err == nil {
		os.RemoveAll(dir) // leftovers of an interrupted try
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return Entry{}, false, err
	}
	job := Job{
		ID:          fmt.Sprintf("%s-%s-a%d-%d", sanitize(t.Env.Name), sanitize(t.NotebookID), t.Attempt, time.Now().UnixNano()%1e9),
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
		ex, err = h.Backend.Run(ctx, job)
		if err == nil || ctx.Err() != nil {
			break
		}
		if errors.Is(err, ErrUnrecoverable) {
			return Entry{}, false, err
		}
		h.log().Warn("infrastructure failure, retrying", "notebook", t.NotebookID, "env", t.Env.Name, "try", try+1, "err", err)
		time.Sleep(time.Duration(try+1) * time.Second)
	}
	if ctx.Err() != nil {
		return Entry{}, false, nil
	}
	e = Outcome(t, ex, err, started, time.Now())
	if t.Grading != nil && ex != nil {
		grade(&e.Run, t.Grading, filepath.Join(dir, "working"))
	}
	e.Run.Backend = h.Backend.Name()
	e.Run.ErosionVersion = h.Version
	if ex != nil {
		e.Run.Worker = ex.Worker
		if ex.Stderr != "" {
			os.WriteFile(filepath.Join(dir, "runner.log"), []byte(ex.Stderr+"\n"), 0o644)
		}
		if ex.Result != nil && !h.NoExecuted {
			if werr := writeExecuted(dir, t.Notebook, ex.Result); werr != nil {
				h.log().Warn("could not write the executed notebook", "dir", dir, "err", werr)
			}
		}
	}
	return e, true, nil
}

func (h *Harness) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

// ArtefactDir is where a run's files (result.json, executed notebook,
// /kaggle/working) are kept.
func ArtefactDir(root string, t Task) string {
	agent := t.Agent
	if agent == "" {
		agent = "original"
	}
	return filepath.Join(root, "artefacts", sanitize(t.Env.Name), sanitize(agent), sanitize(t.NotebookID), fmt.Sprintf("attempt-%d", t.Attempt))
}

func sources(cells []notebook.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Source
	}
	return out
}

// finished is the set of run keys already done. Infrastructure failures do
// not count: a resumed run tries them again.
func (h *Harness) finished() (map[string]bool, error) {
	entries, err := ReadJournals(h.Results)
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, e := range entries {
		if e.Run.Status != records.StatusInfra {
			done[e.Run.Key()] = true
		} else {
			delete(done, e.Run.Key())
		}
	}
	return done, nil
}

// Outcome turns what the backend saw (or its error) into the run's records.
func Outcome(t Task, ex *Execution, runErr error, started, finished time.Time) Entry {
	r := records.Run{
		Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Competition: t.Competition,
		Environment: t.Env.Name, EnvDigest: t.Env.Digest, Attempt: int32(t.Attempt), Agent: t.Agent,
		FailingCell: -1, CellsTotal: int32(len(t.Notebook.CodeCells())),
		StartedAt: started.UTC(), FinishedAt: finished.UTC(),
		DurationS: finished.Sub(started).Seconds(),
	}
	if runErr != nil || ex == nil {
		r.Status, r.OutcomeClass, r.FailureCategory = records.StatusInfra, records.ClassFailed, FailInfrastructure
		if runErr != nil {
			r.ExceptionMsg = runErr.Error()
		}
		return Entry{Run: r}
	}
	r.DurationS = ex.Duration.Seconds()
	res := ex.Result
	var cells []records.Cell
	if res != nil {
		r.PeakRSSBytes = res.PeakRSS
		for _, c := range res.Cells {
			rc := records.Cell{
				Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Environment: t.Env.Name, Attempt: int32(t.Attempt), Agent: t.Agent,
				Index: int32(c.Index), Status: c.Status, DurationS: c.DurationS,
				StdoutBytes: c.StdoutBytes, StderrBytes: c.StderrBytes,
			}
			if c.Status == "ok" {
				r.CellsOK++
			} else if c.Error != nil {
				rc.ExceptionType, rc.ExceptionMsg = c.Error.Type, c.Error.Message
				if r.FailingCell < 0 { // the first error is the one that matters
					r.FailingCell = int32(c.Index)
					r.ExceptionType, r.ExceptionMsg = c.Error.Type, c.Error.Message
				}
			}
			cells = append(cells, rc)
		}
	}
	switch {
	case ex.TimedOut:
		r.Status, r.FailureCategory = records.StatusTimeout, FailTimeout
		if res != nil && res.Running != nil {
			r.FailingCell = int32(*res.Running)
		}
	case ex.OutputExceeded:
		r.Status, r.FailureCategory = records.StatusCrash, FailOutputLimit
		if res != nil && res.Running != nil {
			r.FailingCell = int32(*res.Running)
		}
		r.ExceptionMsg = "the run wrote more than the working-folder limit and was stopped"
	case ex.OOMKilled:
		r.Status, r.FailureCategory = records.StatusCrash, FailOOM
		if res != nil && res.Running != nil {
			r.FailingCell = int32(*res.Running)
		}
	case res == nil || !res.Finished:
		r.Status, r.FailureCategory = records.StatusCrash, FailKernelCrash
		if res != nil && res.Running != nil {
			r.FailingCell = int32(*res.Running)
		}
		if r.ExceptionMsg == "" {
			r.ExceptionMsg = fmt.Sprintf("runner exited with code %d: %s", ex.ExitCode, lastLine(ex.Stderr))
		}
	case r.FailingCell >= 0:
		r.Status = records.StatusError
		r.FailureCategory = Classify(r.ExceptionType, r.ExceptionMsg)
	default:
		r.Status = records.StatusOK
	}
	r.OutcomeClass = outcomeClass(r.Status)
	return Entry{Run: r, Cells: cells}
}

// outcomeClass without grading: executability (see DESIGN.md).
func outcomeClass(status string) string { return verdict.Class(status, nil, nil, 0) }

// grade scores the submission a finished run left in working and sets the
// run's score, target, relative error, outcome class and, when it did not
// reproduce for a reason other than an exception, its failure category.
func grade(r *records.Run, g *Grading, working string) {
	r.TargetScore = g.Target
	if r.Status != records.StatusOK && r.Status != records.StatusError {
		return
	}
	score, err := grading.Grade(g.Spec, filepath.Join(working, g.SubmissionFile), g.Answers)
	var inv *grading.Invalid
	switch {
	case err == nil:
		r.Score = &score
		if g.Target != nil {
			rel := grading.RelErr(score, *g.Target)
			r.ScoreRelErr = &rel
		}
	case errors.As(err, &inv):
		if r.Status == records.StatusOK {
			r.FailureCategory = FailNoSubmission
			if inv.Reason != grading.ReasonMissing {
				r.FailureCategory = FailInvalidSubmission
			}
			r.ExceptionMsg = inv.Error()
		}
	default:
		// The answers could not be read: the dataset is broken, not the run.
		r.ExceptionMsg = "grading: " + err.Error()
	}
	r.OutcomeClass = verdict.Class(r.Status, r.Score, g.Target, g.Tolerance)
	if r.Status == records.StatusOK && r.Score != nil && g.Target != nil && !verdict.Reproducible(r.OutcomeClass) {
		r.FailureCategory = FailScoreMismatch
	}
}

func lastLine(s string) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	return string(lines[len(lines)-1])
}

// writeExecuted saves the notebook with the outputs the run produced.
func writeExecuted(dir string, nb *notebook.Notebook, res *runner.Result) error {
	outs := make([]notebook.Output, len(res.Cells))
	for i, c := range res.Cells {
		outs[i] = notebook.Output{ExecutionCount: c.Index + 1, Stdout: c.Stdout, Stderr: c.Stderr}
		if c.Error != nil {
			outs[i].Error = &notebook.Error{Name: c.Error.Type, Value: c.Error.Message, Traceback: []string{c.Error.Traceback}}
		}
	}
	var buf bytes.Buffer
	if err := notebook.WriteExecuted(&buf, nb, outs); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "executed.ipynb"), buf.Bytes(), 0o644)
}

// Export writes the journalled runs that are not yet in the Parquet tables,
// as new part files. Running it twice adds nothing.
func Export(root string) error {
	entries, err := ReadJournals(root)
	if err != nil {
		return err
	}
	have, err := records.Runs.Read(root)
	if err != nil {
		return err
	}
	runDone := map[string]bool{}
	for _, r := range have {
		runDone[r.Key()] = true
	}
	haveCells, err := records.Cells.Read(root)
	if err != nil {
		return err
	}
	cellsDone := map[string]bool{}
	for _, c := range haveCells {
		cellsDone[c.RunKey()] = true
	}
	var runs []records.Run
	var cells []records.Cell
	for _, e := range entries {
		k := e.Run.Key()
		if e.Run.Status == records.StatusInfra || runDone[k] {
			continue
		}
		runDone[k] = true
		runs = append(runs, e.Run)
		if !cellsDone[k] {
			cells = append(cells, e.Cells...)
		}
	}
	// Cells before runs, each skipped when already there: an export killed
	// between the two writes is completed by the next, without duplicates.
	if _, err := records.Cells.Write(root, cells); err != nil {
		return err
	}
	if _, err := records.Runs.Write(root, runs); err != nil {
		return err
	}
	return nil
}

// Do runs one task now, on the CPU, and journals its entry in j: for
// callers that decide the next run from the last one (the modernization
// loop). Retries, grading and artefacts are as in Run; call Export when
// done. ok is false when ctx was cancelled before the run finished.
func (h *Harness) Do(ctx context.Context, j *Journal, t Task) (e Entry, ok bool, err error) {
	e, ok, err = h.runOne(ctx, t, "")
	if err != nil || !ok {
		return e, ok, err
	}
	return e, true, j.Append(e)
}

// Finished reports the journal entry of every finished run under the
// results folder, by run key (infrastructure failures excluded).
func Finished(root string) (map[string]Entry, error) {
	entries, err := ReadJournals(root)
	if err != nil {
		return nil, err
	}
	done := map[string]Entry{}
	for _, e := range entries {
		if e.Run.Status != records.StatusInfra {
			done[e.Run.Key()] = e
		}
	}
	return done, nil
}

// Key is the run key of a task (see records.Run.Key).
func (t Task) Key() string { return t.key() }
