package harness

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"erosion/atomicfile"
	"erosion/grading"
	"erosion/harness/runner"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
	"erosion/safefile"
	"erosion/verdict"
)

// Outcome turns what Execute observed (or its error) into the run's
// records. installed, when known, tells whether a distribution is
// installed in the run's environment (for the taxonomy).
func Outcome(t Task, ex *Execution, runErr error, started, finished time.Time, installed Installed) results.Entry {
	r := records.Run{
		Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Competition: t.Competition,
		Environment: t.Env.Name, EnvDigest: t.Env.Digest, Attempt: int32(t.Attempt), Agent: t.Agent,
		CellsTotal: int32(len(t.Notebook.CodeCells())), RanIn: cmp.Or(t.Env.Spec, t.Env.Name),
		NotebookFormat: t.Notebook.Format,
		StartedAt:      started.UTC(), FinishedAt: finished.UTC(),
		DurationS: finished.Sub(started).Seconds(),
	}
	if runErr != nil || ex == nil {
		r.Status, r.OutcomeClass, r.FailureCategory = records.StatusInfra, records.ClassFailed, FailInfrastructure
		if runErr != nil {
			r.ExceptionMsg = runErr.Error()
		}
		return results.Entry{Run: r}
	}
	r.DurationS = ex.Duration.Seconds()
	res := ex.Result
	if res == nil {
		res = &runner.Result{}
	}
	r.PeakRSSBytes = res.PeakRSS
	r.RunnerEngine, r.PipLinesRemoved = res.Engine, int32(len(res.PipRemoved))
	var cells []records.Cell
	var tb string
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
			if r.FailingCell == nil { // the first error is the one that matters
				r.FailingCell = records.Cell32(c.Index)
				r.ExceptionType, r.ExceptionMsg = c.Error.Type, c.Error.Message
				tb = c.Error.Traceback
			}
		}
		cells = append(cells, rc)
	}
	running := func() {
		if res.Running != nil {
			r.FailingCell = records.Cell32(*res.Running)
		}
	}
	switch {
	case res.Violation != "":
		// Tampering ends the run as a crash whatever else it did: a
		// record the notebook could have shaped is not a result.
		r.Status, r.FailureCategory = records.StatusCrash, FailTampering
		r.ExceptionType, r.ExceptionMsg = "", res.Violation
		running()
	case ex.TimedOut:
		r.Status, r.FailureCategory = records.StatusTimeout, FailTimeout
		running()
	case ex.OutputExceeded:
		r.Status, r.FailureCategory = records.StatusCrash, FailOutputLimit
		running()
		r.ExceptionType, r.ExceptionMsg = "", "the run wrote more to /kaggle/working and /tmp than its limits allow (bytes or files) and was stopped"
	case ex.OOMKilled:
		r.Status, r.FailureCategory = records.StatusCrash, FailOOM
		running()
	case !res.Finished:
		r.Status, r.FailureCategory = records.StatusCrash, FailKernelCrash
		running()
		if res.Running != nil {
			r.ExceptionType = ""
			r.ExceptionMsg = crashMessage(res, ex)
		} else if r.ExceptionMsg == "" {
			r.ExceptionMsg = crashMessage(res, ex)
		}
	case r.FailingCell != nil:
		r.Status = records.StatusError
		c := ClassifyFailure(r.ExceptionType, r.ExceptionMsg, installed)
		r.FailureCategory, r.FailureSubject = c.Category, c.Subject
	default:
		r.Status = records.StatusOK
	}
	r.OutcomeClass = verdict.Class(r.Status, nil, nil, 0)
	return results.Entry{Run: r, Cells: cells, Traceback: tb}
}

// crashMessage says how the kernel ended when it did not finish.
func crashMessage(res *runner.Result, ex *Execution) string {
	var how string
	switch {
	case res.Signal != nil:
		how = fmt.Sprintf("the kernel was killed by signal %d (%s)", *res.Signal, syscall.Signal(*res.Signal))
	case res.ExitCode != nil:
		how = fmt.Sprintf("the kernel exited with code %d", *res.ExitCode)
	default:
		how = fmt.Sprintf("the runner ended with code %d before reporting", ex.ExitCode)
	}
	if l := lastLine(ex.Log); l != "" {
		how += ": " + l
	}
	return how
}

// Grade scores the submission a finished run left in working and sets the
// run's score, target, relative error, outcome class and, when it did not
// reproduce for a reason other than an exception, its failure category.
// The submission is read by safefile: a link, a FIFO, a device or a huge
// file is an invalid submission, never followed.
func Grade(ctx context.Context, r *records.Run, g *Grading, working string) {
	r.TargetScore = g.Target
	if r.Status != records.StatusOK && r.Status != records.StatusError {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	data, rerr := safefile.Read(rctx, working, g.SubmissionFile, MaxSubmissionBytes)
	var score float64
	var err error
	var p *safefile.Problem
	switch {
	case rerr == nil:
		// Not rctx: an external grader keeps its own, longer deadline.
		score, _, err = g.Score(ctx, data, filepath.Dir(working))
	case errors.As(rerr, &p) && p.Reason == "missing":
		err = &grading.Invalid{Reason: grading.ReasonMissing, Detail: "no file " + g.SubmissionFile + " in /kaggle/working"}
	case errors.As(rerr, &p):
		err = &grading.Invalid{Reason: grading.ReasonUnreadable, Detail: p.Error()}
	default:
		err = &grading.Invalid{Reason: grading.ReasonUnreadable, Detail: rerr.Error()}
	}
	var inv *grading.Invalid
	switch {
	case graderFailed(err):
		// The grader failed, not the notebook: the run is not graded, and
		// is counted as failed for that reason (FailGrader), whatever it
		// did. `erosion grade` grades its submission again.
		msg := "grading: " + err.Error()
		if r.ExceptionType != "" {
			msg += "; the notebook's first error: " + r.ExceptionType + ": " + r.ExceptionMsg
		}
		r.FailureCategory, r.ExceptionMsg, r.OutcomeClass = FailGrader, msg, records.ClassFailed
		return
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
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// writeExecuted saves the notebook with the outputs the run produced and,
// in its metadata, each cell's status, start, end and duration and the
// run's (as papermill records them). The runner measures each cell's
// duration; the start times are the run's start (before its sandbox
// started) plus the durations of the cells before, so they may be early by
// the sandbox's start-up.
func writeExecuted(dir string, nb *notebook.Notebook, res *runner.Result, r records.Run) error {
	n := 0
	for _, c := range res.Cells {
		n = max(n, c.Index+1)
	}
	outs := make([]notebook.Output, n)
	at := r.StartedAt
	for _, c := range res.Cells {
		o := notebook.Output{ExecutionCount: c.Index + 1, Stdout: c.Stdout, Stderr: c.Stderr,
			Status: notebook.CellOK, Start: at, DurationS: c.DurationS}
		if c.Status != "ok" {
			o.Status = notebook.CellError
		}
		if c.Error != nil {
			o.Error = &notebook.Error{Name: c.Error.Type, Value: c.Error.Message, Traceback: strings.Split(strings.TrimRight(c.Error.Traceback, "\n"), "\n")}
		}
		outs[c.Index] = o
		at = at.Add(time.Duration(c.DurationS * float64(time.Second)))
	}
	if res.Running != nil && *res.Running >= n && *res.Running < len(nb.CodeCells()) {
		// The run ended during this cell (a timeout, a crash).
		for len(outs) < *res.Running {
			outs = append(outs, notebook.Output{})
		}
		outs = append(outs, notebook.Output{ExecutionCount: *res.Running + 1, Status: notebook.CellInterrupted, Start: at,
			DurationS: max(0, r.FinishedAt.Sub(at).Seconds())})
	}
	var buf bytes.Buffer
	run := &notebook.Run{Start: r.StartedAt, End: r.FinishedAt, Status: r.Status}
	if err := notebook.WriteExecutedRun(&buf, nb, outs, run); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, "executed.ipynb"), buf.Bytes(), 0o644)
}
