package agents

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pmezard/go-difflib/difflib"

	"erosion/atomicfile"
	"erosion/harness"
	"erosion/harness/runner"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
	"erosion/verdict"
)

// DefaultMaxFixes is the study's budget of fixes per notebook.
const DefaultMaxFixes = 16

// Loop runs an agent on notebooks until each reproduces in the current
// environment, the agent gives up, or the fix budget is spent.
type Loop struct {
	Harness    *harness.Harness
	Agent      Agent
	Mode       string // FileLevel or CellLevel
	MaxFixes   int
	HideTarget bool // do not show the agent the target score
	Workers    int
	Python     string
	Packages   []Package
	Log        *slog.Logger
	// Snapshots tries each fix first in a snapshot session
	// (harness.Session): from the state just before the cells it changes,
	// up to its first error. Only a candidate that runs clean there (or
	// the notebook the agent ends with) gets a full run, and that run
	// alone counts; the iterations judged on a snapshot are recorded as
	// probes. Without a usable snapshot a fix runs in full, as without
	// this option.
	Snapshots bool
}

// Item is a notebook to modernize: its original run in the current
// environment (agent "", attempt 0) and what the agent may be told about it.
type Item struct {
	Task           harness.Task
	Description    string
	Metric         string
	HigherIsBetter bool
	DataFiles      []string
}

// Summary counts what Run did.
type Summary struct {
	Candidates, Restored, Skipped int
}

// state is a notebook's progress, saved after every iteration so an
// interrupted loop resumes where it stopped.
type state struct {
	Iteration int      `json:"iteration"`
	Cells     []string `json:"cells"`
	Plans     []string `json:"plans"`
	Final     bool     `json:"final"`
	Start     string   `json:"start_category"`
	// Probed: Cells were tried on a snapshot only; they have no full run yet.
	Probed bool `json:"probed,omitempty"`
}

// Run modernizes every item that does not already reproduce. Finished
// notebooks (a final attempt recorded) are skipped, so re-running resumes.
func (l *Loop) Run(ctx context.Context, items []Item) (Summary, error) {
	var sum Summary
	var mu sync.Mutex
	var firstErr error
	// Progress counts notebooks: how many iterations each takes is not known
	// in advance. Each notebook reports its last run.
	if p := l.Harness.Progress; p != nil {
		p.Start(len(items), 0)
	}
	queue := make(chan Item)
	var wg sync.WaitGroup
	for range max(1, l.Workers) {
		wg.Go(func() {
			for it := range queue {
				candidate, restored, err := l.one(ctx, it)
				if p := l.Harness.Progress; p != nil && ctx.Err() == nil {
					e, _ := l.Harness.Results.Finished(it.Task.Key())
					if candidate {
						e.Run = l.lastAttemptRun(it.Task, e.Run)
					}
					p.Done(e.Run)
				}
				mu.Lock()
				if candidate {
					sum.Candidates++
				} else {
					sum.Skipped++
				}
				if restored {
					sum.Restored++
				}
				if err != nil && firstErr == nil && ctx.Err() == nil {
					firstErr = fmt.Errorf("notebook %s: %w", it.Task.NotebookID, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, it := range items {
		select {
		case queue <- it:
		case <-ctx.Done():
		}
	}
	close(queue)
	wg.Wait()
	if err := l.Harness.Results.Export(); err != nil {
		return sum, err
	}
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	return sum, firstErr
}

// exec is the entry of task t: journalled already (a resumed loop), or
// run now.
func (l *Loop) exec(ctx context.Context, t harness.Task) (results.Entry, bool, error) {
	if e, ok := l.Harness.Results.Finished(t.Key()); ok {
		return e, true, nil
	}
	return l.Harness.Do(ctx, t, "")
}

// restored is the loop's goal: reproducible when there is a target, else
// runs to the end without an error.
func restored(r records.Run) bool {
	if r.TargetScore != nil {
		return verdict.Reproducible(r.OutcomeClass)
	}
	return r.Status == records.StatusOK
}

func (l *Loop) one(ctx context.Context, it Item) (candidate, ok bool, err error) {
	base, fine, err := l.exec(ctx, it.Task)
	if err != nil || !fine {
		return false, false, err
	}
	if restored(base.Run) {
		return false, false, nil // nothing to modernize
	}
	name := l.Agent.Name()
	dir := results.NotebookDir(l.Harness.Results.Root, name, it.Task.NotebookID)
	st := loadState(dir)
	if st.Final {
		return true, restored(l.lastRun(it.Task, name, st.Iteration)), nil
	}
	if st.Cells == nil {
		st.Cells = cellSources(it.Task.Notebook)
		st.Start = base.Run.FailureCategory
	}
	last := base
	if st.Iteration > 0 {
		t := l.task(it.Task, st.Cells, name, st.Iteration)
		start := time.Now()
		if last, fine, err = l.exec(ctx, t); err != nil || !fine {
			return true, false, err
		}
		if st.Probed {
			// Resumed after a fix tried on a snapshot only: this full run
			// is the one that counts for it.
			st.Probed = false
			if restored(last.Run) {
				att := l.attempt(it, st, Request{Kind: ErrorRepair, Mode: cmp.Or(l.Mode, FileLevel)})
				att.WallS = time.Since(start).Seconds()
				att.Status, att.OutcomeClass, att.FailureCategory = last.Run.Status, last.Run.OutcomeClass, last.Run.FailureCategory
				att.Final, att.StopReason = true, "restored"
				st.Final = true
				return true, true, l.finish(dir, it, st, att)
			}
		}
	}
	maxFixes := l.MaxFixes
	if maxFixes <= 0 {
		maxFixes = DefaultMaxFixes
	}
	ss := &sessions{loop: l, item: it}
	defer ss.close()
	// The fix that is accepted is run twice with snapshots (tried, then
	// run in full), so a notebook one fix restores gains nothing from
	// trying it first. Unless its last full run raised in two cells
	// independently (not a NameError that follows from another), the
	// first fix runs in full and snapshots start with the second.
	probeFrom := 2
	if independentErrors(last.Cells) >= 2 {
		probeFrom = 1
	}
	for st.Iteration < maxFixes {
		if restored(last.Run) {
			break
		}
		st.Iteration++
		req := l.request(it, st, last)
		start := time.Now()
		resp, ferr := l.Agent.Fix(ctx, req)
		att := l.attempt(it, st, req)
		if ferr != nil {
			if resp != nil { // what a failed fix still cost
				att.TokensIn, att.TokensOut, att.CostUSD = int64(resp.TokensIn), int64(resp.TokensOut), resp.CostUSD
			}
			if ctx.Err() != nil {
				return true, false, ctx.Err()
			}
			att.Final, att.StopReason, att.WallS = true, "gave-up", time.Since(start).Seconds()
			var unrestorable *UnrestorableError
			if errors.As(ferr, &unrestorable) {
				att.StopReason = "unrestorable"
			} else if errors.Is(ferr, ErrMissing) {
				att.StopReason = "missing"
			} else if !errors.Is(ferr, ErrGiveUp) {
				att.StopReason = "agent-error"
				l.log().Warn("agent failed", "notebook", it.Task.NotebookID, "agent", name, "err", ferr)
			}
			att.Plan = ferr.Error()
			st.Final = true
			ok := false
			if st.Probed {
				// The notebook the agent leaves was tried on a snapshot
				// only: its full run is the one that counts.
				ss.close()
				v, fine, err := l.exec(ctx, l.task(it.Task, st.Cells, name, st.Iteration))
				if err != nil || !fine {
					return true, false, err
				}
				st.Probed, ok = false, restored(v.Run)
				att.Status, att.OutcomeClass, att.FailureCategory = v.Run.Status, v.Run.OutcomeClass, v.Run.FailureCategory
				if ok {
					att.StopReason = "restored"
				}
				att.WallS = time.Since(start).Seconds()
			}
			return true, ok, l.finish(dir, it, st, att)
		}
		att.DiffLines = int32(diffLines(st.Cells, resp.Cells))
		att.TokensIn, att.TokensOut, att.CostUSD, att.Plan = int64(resp.TokensIn), int64(resp.TokensOut), resp.CostUSD, resp.Plan
		att.Rules, att.MeaningChanging = resp.Rules, resp.MeaningChanging
		att.RuleFamilies, att.RuleLibraries = resp.Families, resp.Libraries
		st.Cells = resp.Cells
		if resp.Plan != "" {
			st.Plans = append(st.Plans, resp.Plan)
		}
		if l.Snapshots && st.Iteration >= probeFrom && st.Iteration < maxFixes {
			if p := ss.try(ctx, st.Cells); p != nil {
				if f := p.Failure(); f != nil && f.Error != nil && !ss.submitted() {
					// Still failing: the next fix starts from here, without a full run.
					att.Probe, att.Status = true, records.StatusError
					att.FailureCategory = harness.ClassifyFailure(f.Error.Type, f.Error.Message, l.installed(it.Task)).Category
					att.WallS = time.Since(start).Seconds()
					st.Probed = true
					last = probeEntry(last, f)
					if err := l.finish(dir, it, st, att); err != nil {
						return true, false, err
					}
					continue
				}
			}
			// Clean on a snapshot, or no snapshot to try it on: the full run decides.
			ss.close()
		}
		st.Probed = false
		t := l.task(it.Task, st.Cells, name, st.Iteration)
		if last, fine, err = l.exec(ctx, t); err != nil || !fine {
			return true, false, err
		}
		r := last.Run
		att.WallS = time.Since(start).Seconds()
		att.Status, att.OutcomeClass, att.FailureCategory = r.Status, r.OutcomeClass, r.FailureCategory
		if restored(r) {
			att.Final, att.StopReason = true, "restored"
		} else if st.Iteration >= maxFixes {
			att.Final, att.StopReason = true, "max-fixes"
		}
		st.Final = att.Final
		if err := l.finish(dir, it, st, att); err != nil {
			return true, false, err
		}
	}
	return true, restored(last.Run), nil
}

// independentErrors counts the cells that raised other than with a
// NameError (most of which follow from an earlier cell's failure).
func independentErrors(cells []records.Cell) int {
	n := 0
	for _, c := range cells {
		if c.Status == records.StatusError && c.ExceptionType != "NameError" {
			n++
		}
	}
	return n
}

// attempt is the record of iteration st.Iteration, before its outcome.
func (l *Loop) attempt(it Item, st state, req Request) records.Attempt {
	return records.Attempt{Study: it.Task.Study, Dataset: it.Task.Dataset, NotebookID: it.Task.NotebookID, Competition: it.Task.Competition,
		Environment: it.Task.Env.Name, Agent: l.Agent.Name(), Iteration: int32(st.Iteration), FixKind: req.Kind, Mode: req.Mode, StartCategory: st.Start,
		HasTarget: it.Task.Grading != nil && it.Task.Grading.Target != nil}
}

func (l *Loop) installed(t harness.Task) harness.Installed {
	return l.Harness.Installed[cmp.Or(t.Env.Spec, t.Env.Name)]
}

// probeEntry is what the next fix is shown after a probe that failed at
// cell f: the failure, as a run would report it.
func probeEntry(prev results.Entry, f *runner.Cell) results.Entry {
	r := prev.Run
	r.Status, r.FailingCell, r.ExceptionType, r.ExceptionMsg = records.StatusError, records.Cell32(f.Index), f.Error.Type, f.Error.Message
	r.Score, r.OutcomeClass, r.FailureCategory = nil, "", ""
	return results.Entry{Run: r, Traceback: f.Error.Traceback}
}

// sessions holds a notebook's snapshot session across the loop's fixes.
type sessions struct {
	loop   *Loop
	item   Item
	s      *harness.Session
	failed bool           // a session could not start or died: run in full from now on
	last   *harness.Probe // the last probe on s
}

// try runs cells on a snapshot: in the current session when one of its
// snapshots fits, else in a new session whose pass is cells themselves
// (up to their first error, a snapshot at each boundary). nil: no
// snapshot; run in full.
func (ss *sessions) try(ctx context.Context, cells []string) *harness.Probe {
	if ss.failed {
		return nil
	}
	l := ss.loop
	if ss.s != nil && ss.s.Dead() == "" && ss.s.SnapshotFor(cells) >= 0 && !ss.rebase(cells) {
		p, err := ss.s.Try(ctx, cells)
		if err == nil {
			ss.last = p
			return p
		}
		l.log().Info("snapshot session ended; running in full", "notebook", ss.item.Task.NotebookID, "why", err)
		ss.close()
		ss.failed = true
		return nil
	}
	ss.close()
	t := l.task(ss.item.Task, cells, "", 0)
	s, err := l.Harness.Session(ctx, t, len(cells), SessionBudget*l.Harness.Timeout)
	if err != nil {
		l.log().Info("no snapshot session; running in full", "notebook", ss.item.Task.NotebookID, "why", err)
		ss.failed = true
		return nil
	}
	ss.s, ss.last = s, nil
	return s.PassProbe()
}

// rebase: a new session (whose pass runs cells from cell 0) is cheaper
// than the current one when its snapshot lies well before where the last
// probe got to: every probe from it runs again what the last probe ran
// before its failing cell, while a new pass costs the cells before the
// snapshot once more (and a sandbox's start).
func (ss *sessions) rebase(cells []string) bool {
	if ss.last == nil {
		return false
	}
	at := ss.s.SnapshotFor(cells)
	var again, prefix float64
	for _, c := range ss.last.Cells {
		if c.Index >= at && c.Status == "ok" {
			again += c.DurationS
		}
	}
	for _, c := range ss.s.Pass {
		if c.Index < at {
			prefix += c.DurationS
		}
	}
	return again > prefix+2
}

// submitted: the notebook is graded against a target and the session
// holds a submission. A run that raised may still reproduce (error
// reproducible): only a full run, graded, can say.
func (ss *sessions) submitted() bool {
	g := ss.item.Task.Grading
	return g != nil && g.Target != nil && ss.s != nil && ss.s.Wrote(g.SubmissionFile)
}

func (ss *sessions) close() {
	if ss.s != nil {
		ss.s.Close()
		ss.s = nil
	}
}

// SessionBudget bounds a snapshot session's life, in run timeouts: past
// it the session ends by itself and fixes run in full.
const SessionBudget = 4

// lastAttemptRun is the run of the agent's last fix of t (orig when there
// is none).
func (l *Loop) lastAttemptRun(t harness.Task, orig records.Run) records.Run {
	st := loadState(results.NotebookDir(l.Harness.Results.Root, l.Agent.Name(), t.NotebookID))
	if st.Iteration == 0 {
		return orig
	}
	if r := l.lastRun(t, l.Agent.Name(), st.Iteration); r.NotebookID != "" {
		return r
	}
	return orig
}

func (l *Loop) lastRun(t harness.Task, agent string, iteration int) records.Run {
	t.Agent, t.Attempt = agent, iteration
	e, _ := l.Harness.Results.Finished(t.Key())
	return e.Run
}

// task is the run of the notebook as the agent left it after iteration i.
func (l *Loop) task(orig harness.Task, cells []string, agent string, i int) harness.Task {
	t := orig
	nb := &notebook.Notebook{Path: orig.Notebook.Path, Format: notebook.FormatIpynb4, Language: "python"}
	for _, c := range cells {
		nb.Cells = append(nb.Cells, notebook.Cell{Kind: notebook.Code, Source: c})
	}
	t.Notebook, t.Agent, t.Attempt = nb, agent, i
	return t
}

// request builds what the agent is shown; the fix kind follows the study:
// runtime first, then errors, then the score.
func (l *Loop) request(it Item, st state, last results.Entry) Request {
	r := last.Run
	req := Request{
		NotebookID: it.Task.NotebookID, Competition: it.Task.Competition, Task: it.Description,
		Mode: l.Mode, Iteration: st.Iteration, Cells: st.Cells, DurationS: r.DurationS,
		TimeLimitS: l.Harness.Timeout.Seconds(), Score: r.Score, HigherIsBetter: it.HigherIsBetter, Metric: it.Metric,
		Python: l.Python, Packages: l.Packages, DataFiles: it.DataFiles, Plans: st.Plans,
	}
	if req.Mode == "" {
		req.Mode = FileLevel
	}
	if !l.HideTarget {
		req.Target = r.TargetScore
	}
	if r.FailingCell != nil && r.Status != records.StatusTimeout {
		req.Failure = &Failure{Cell: r.Failing(), ExceptionType: r.ExceptionType, Message: r.ExceptionMsg, Traceback: last.Traceback}
	}
	switch {
	case r.Status == records.StatusTimeout:
		req.Kind = RuntimeReduction
	case r.Status == records.StatusError || r.Status == records.StatusCrash || r.Score == nil:
		req.Kind = ErrorRepair
	default:
		req.Kind = ScoreCalibration
	}
	return req
}

// finish records the attempt and saves the notebook, its diff against the
// original and the loop's state.
func (l *Loop) finish(dir string, it Item, st state, att records.Attempt) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	nb := &notebook.Notebook{Format: notebook.FormatIpynb4, Language: "python"}
	for _, c := range st.Cells {
		nb.Cells = append(nb.Cells, notebook.Cell{Kind: notebook.Code, Source: c})
	}
	var buf bytes.Buffer
	if err := notebook.WriteExecuted(&buf, nb, nil); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "notebook.ipynb"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(percent(cellSources(it.Task.Notebook))), B: difflib.SplitLines(percent(st.Cells)),
		FromFile: it.Task.NotebookID + " (original)", ToFile: it.Task.NotebookID + " (" + att.Agent + ")", Context: 3,
	})
	if err := atomicfile.WriteFile(filepath.Join(dir, "notebook.diff"), []byte(diff), 0o644); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(st, "", "  ")
	if err := atomicfile.WriteFile(filepath.Join(dir, "state.json"), data, 0o644); err != nil {
		return err
	}
	return l.Harness.Results.AppendAttempt(att)
}

func (l *Loop) log() *slog.Logger {
	if l.Log != nil {
		return l.Log
	}
	return slog.Default()
}

func loadState(dir string) state {
	var st state
	if data, err := os.ReadFile(filepath.Join(dir, "state.json")); err == nil {
		json.Unmarshal(data, &st)
	}
	return st
}

func cellSources(nb *notebook.Notebook) []string {
	var out []string
	for _, c := range nb.CodeCells() {
		out = append(out, c.Source)
	}
	return out
}

// percent renders cells as a Jupytext percent script, the form diffs read
// best in.
func percent(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString("# %%\n" + c + "\n\n")
	}
	return b.String()
}

// diffLines counts changed lines (added + removed) between two versions.
func diffLines(a, b []string) int {
	m := difflib.NewMatcher(difflib.SplitLines(percent(a)), difflib.SplitLines(percent(b)))
	n := 0
	for _, op := range m.GetOpCodes() {
		switch op.Tag {
		case 'r':
			n += (op.I2 - op.I1) + (op.J2 - op.J1)
		case 'd':
			n += op.I2 - op.I1
		case 'i':
			n += op.J2 - op.J1
		}
	}
	return n
}
