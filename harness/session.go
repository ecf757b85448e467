package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"erosion/atomicfile"
	"erosion/harness/runner"
	"erosion/results"
)

// A Session keeps one sandbox alive after a pass over a notebook's first
// cells, with a snapshot (a forked copy of the kernel) at each cell
// boundary, so that candidate fixes can be tried from the state just
// before the cells they change instead of from cell 0 (session.py).
//
// What a session reports is never a run's record: notebook code runs in
// every process of it. Probes only guide a repair loop; the notebook it
// accepts is run again by Execute, and that run alone counts. Any doubt
// (a protocol violation, a probe past its time, a dead kernel, the caps)
// ends the session, and Probe answers ErrNoSnapshot: run in full instead.
type Session struct {
	Cells     []string // the cells of the session's pass
	Upto      int      // the pass ran cells before this one (or stopped at an error)
	Snapshots []int    // boundaries with a snapshot: before these cells
	Pass      []runner.Cell

	p       Proc
	dirs    runDirs
	events  chan runner.SessionEvent
	timeout time.Duration
	seq     int
	stop    context.CancelFunc
	mu      sync.Mutex
	dead    string
	once    sync.Once
	tmp     string // removed by Close
}

// ErrNoSnapshot: the session cannot try this candidate; run it in full.
var ErrNoSnapshot = errors.New("no usable snapshot")

// sessionEnv is RunnerEnv with thread pools of one: a BLAS or OpenMP pool
// would forbid every fork. Probes are not runs: their speed and numerics
// do not count.
func sessionEnv(l Limits) []string {
	var env []string
	for _, e := range RunnerEnv(l) {
		if k, _, _ := strings.Cut(e, "="); k == "OMP_NUM_THREADS" || k == "OPENBLAS_NUM_THREADS" || k == "MKL_NUM_THREADS" {
			e = k + "=1"
		}
		env = append(env, e)
	}
	return env
}

// StartSession starts a session on driver d for job's cells: it runs the
// cells before upto (stopping at the first error), snapshotting each
// boundary, and returns when the pass is over. budget bounds the whole
// session's life; job.Timeout bounds the pass and each probe.
func StartSession(ctx context.Context, d Driver, job Job, upto int, budget time.Duration) (*Session, error) {
	dirs, err := prepare(job)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dirs.In, "session.py"), runner.SessionSource, 0o644); err != nil {
		return nil, err
	}
	spec, err := specFor(job, dirs)
	if err != nil {
		return nil, err
	}
	spec.Args = runner.SessionArgs("/erosion/in/session.py", runner.SessionOptions{
		Options: runner.Options{CellsPath: "/erosion/in/cells.json", Workdir: "/kaggle/working", OutputCap: job.Limits.OutputCap,
			DeadlineS: budget.Seconds(), MaxFileBytes: job.Limits.WorkingCap, MaxOpenFiles: job.Limits.OpenFiles},
		Upto: upto, Mailbox: "/erosion/in",
	})
	spec.Env = sessionEnv(job.Limits)
	p, err := d.Start(ctx, spec)
	if err != nil {
		return nil, err
	}
	sctx, stop := context.WithTimeout(context.WithoutCancel(ctx), budget)
	s := &Session{Cells: job.Cells, Upto: upto, p: p, dirs: dirs, events: make(chan runner.SessionEvent, 64),
		timeout: job.Timeout, stop: stop}
	go runner.ReadSession(p.Stdout(), job.Limits.OutputCap, s.events)
	go io.Copy(io.Discard, p.Stderr())
	go func() {
		p.Wait(context.WithoutCancel(ctx))
		s.kill("the session's sandbox ended")
	}()
	go WatchWorking(sctx, []string{dirs.Working, dirs.Scratch}, job.Limits, time.Second, func() { s.kill("the session wrote past its caps") })
	go func() {
		<-sctx.Done()
		s.kill("the session's time is up")
	}()
	if err := s.pass(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Session) kill(why string) {
	s.mu.Lock()
	if s.dead == "" {
		s.dead = why
	}
	s.mu.Unlock()
	s.p.Stop(context.Background())
}

// Dead says why the session can no longer be used ("" while it can).
func (s *Session) Dead() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dead
}

// next is the session's next event, or an error when the stream ended, the
// time ran out or ctx was cancelled.
func (s *Session) next(ctx context.Context, timer <-chan time.Time) (runner.SessionEvent, error) {
	select {
	case ev, ok := <-s.events:
		if !ok {
			s.kill("the session's stream ended")
			return ev, fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
		}
		if ev.Ev == "closed" {
			s.kill("the session closed: " + ev.Reason)
			return ev, fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
		}
		return ev, nil
	case <-timer:
		s.kill("the session did not answer in time")
		return runner.SessionEvent{}, fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
	case <-ctx.Done():
		s.kill("cancelled")
		return runner.SessionEvent{}, ctx.Err()
	}
}

func (s *Session) pass(ctx context.Context) error {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	running := -1
	for {
		ev, err := s.next(ctx, timer.C)
		if err != nil {
			return err
		}
		switch ev.Ev {
		case "session", "hello", "snapshot":
		case "start":
			running = ev.Index
		case "end":
			if ev.Index != running || ev.Index != len(s.Pass) {
				s.kill("the session reported cells out of order")
				return fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
			}
			s.Pass = append(s.Pass, ev.Cell)
		case "ready":
			for _, k := range ev.Snapshots {
				if k >= 0 && k <= len(s.Pass) && k <= s.Upto {
					s.Snapshots = append(s.Snapshots, k)
				}
			}
			slices.Sort(s.Snapshots)
			return nil
		default:
			s.kill("unexpected session event " + ev.Ev)
			return fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
		}
	}
}

// Probe is what a candidate did when tried from a snapshot.
type Probe struct {
	At       int           // the snapshot it started from (before this cell)
	Cells    []runner.Cell // from At on, to its first error
	Finished bool          // it reached its end and said so
	Duration time.Duration
}

// Clean: every cell from the snapshot on ran without an error.
func (p *Probe) Clean(ncells int) bool {
	if !p.Finished || len(p.Cells) != ncells-p.At {
		return false
	}
	for _, c := range p.Cells {
		if c.Status != "ok" {
			return false
		}
	}
	return true
}

// Failure is the first cell that raised, if any.
func (p *Probe) Failure() *runner.Cell {
	for i := range p.Cells {
		if p.Cells[i].Status != "ok" {
			return &p.Cells[i]
		}
	}
	return nil
}

// SnapshotFor is the latest snapshot from which cells can be tried: at or
// before the first cell where they differ from the session's pass (-1:
// none).
func (s *Session) SnapshotFor(cells []string) int {
	first := 0
	for first < len(cells) && first < len(s.Cells) && cells[first] == s.Cells[first] {
		first++
	}
	at := -1
	for _, k := range s.Snapshots {
		if k <= first && k <= len(cells) {
			at = k
		}
	}
	return at
}

// Try runs cells from the latest usable snapshot, stopping at the first
// error. ErrNoSnapshot means: run them in full.
func (s *Session) Try(ctx context.Context, cells []string) (*Probe, error) {
	if why := s.Dead(); why != "" {
		return nil, fmt.Errorf("%w: %s", ErrNoSnapshot, why)
	}
	at := s.SnapshotFor(cells)
	if at < 0 {
		return nil, fmt.Errorf("%w: the candidate changes cells before the first snapshot", ErrNoSnapshot)
	}
	s.seq++
	req, err := json.Marshal(map[string]any{"from": at, "snapshot": at, "cells": cells, "timeout_s": s.timeout.Seconds()})
	if err != nil {
		return nil, err
	}
	// Written under another name and renamed: the session never reads half a file.
	if err := atomicfile.WriteFile(filepath.Join(s.dirs.In, fmt.Sprintf("probe-%d.json", s.seq)), req, 0o644); err != nil {
		return nil, err
	}
	start := time.Now()
	timer := time.NewTimer(s.timeout + 10*time.Second)
	defer timer.Stop()
	pr := &Probe{At: at}
	running := -1
	for {
		ev, err := s.next(ctx, timer.C)
		if err != nil {
			return nil, err
		}
		bad := false
		switch ev.Ev {
		case "probe":
			bad = ev.Seq != s.seq || ev.At != at
		case "start":
			running = ev.Index
		case "end":
			bad = ev.Index != running || ev.Index != at+len(pr.Cells)
			pr.Cells = append(pr.Cells, ev.Cell)
		case "probe-done":
			if ev.Seq != s.seq {
				bad = true
				break
			}
			pr.Finished, pr.Duration = ev.Finished, time.Since(start)
			return pr, nil
		default: // probe-refused, or anything else
			bad = true
		}
		if bad {
			s.kill("the session answered out of turn (" + ev.Ev + ")")
			return nil, fmt.Errorf("%w: %s", ErrNoSnapshot, s.Dead())
		}
	}
}

// Close stops and removes the session's sandbox and its folders' scratch.
func (s *Session) Close() {
	s.once.Do(func() {
		s.kill("closed")
		s.stop()
		s.p.Remove(context.Background())
		os.RemoveAll(s.dirs.Scratch)
		if s.tmp != "" {
			os.RemoveAll(s.tmp)
		}
	})
}

// Session starts a snapshot session (StartSession) for task t in a
// temporary folder removed by Close: the pass runs t's cells before upto.
func (h *Harness) Session(ctx context.Context, t Task, upto int, budget time.Duration) (*Session, error) {
	dir, err := os.MkdirTemp("", "erosion-session-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	job := Job{
		ID:    fmt.Sprintf("session-%s-%s-%d", results.SafeName(t.Env.Name), results.SafeName(t.NotebookID), time.Now().UnixNano()%1e9),
		Image: t.Env.Image, Cells: sources(t.Notebook.CodeCells()), Inputs: t.Inputs, Dir: dir,
		Timeout: h.Timeout, Limits: h.Limits,
	}
	s, err := StartSession(ctx, h.Driver, job, upto, budget)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.tmp = dir
	return s, nil
}

// Wrote says whether the session's /kaggle/working holds name (not
// followed if it is a link): a probe that failed after writing the
// submission could still reproduce, which only a graded run can tell.
func (s *Session) Wrote(name string) bool {
	_, err := os.Lstat(filepath.Join(s.dirs.Working, filepath.Clean("/"+name)))
	return err == nil
}

// PassProbe is the session's pass as a probe of its cells from cell 0:
// clean when every cell before Upto ran without an error.
func (s *Session) PassProbe() *Probe {
	return &Probe{At: 0, Cells: slices.Clone(s.Pass), Finished: true}
}
