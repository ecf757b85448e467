package slurm

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"erosion/records"
	"erosion/results"
)

// Shard states as status reports them.
const (
	StatePending   = "pending"
	StateRunning   = "running"
	StateDone      = "done"
	StateFailed    = "failed"
	StateUnsent    = "not submitted"
	StateUnknown   = "unknown" // submitted, but neither Slurm nor the shard says how it went
	noteNoSlurmYet = "no word from Slurm or the worker"
)

// Kinds of submission.
const (
	KindCPU   = "cpu"   // an array of CPU shards
	KindGPU   = "gpu"   // an array of GPU shards
	KindMerge = "merge" // the job that merges them
)

// ShardStatus is where one shard stands.
type ShardStatus struct {
	ID      int
	GPU     bool
	State   string
	Planned int // first runs in the shard
	// Recorded counts the shard's finished first runs; Confirmations its
	// finished further attempts.
	Recorded, Confirmations int
	Job                     string // array job _ task of its latest submission
	Node                    string
	Note                    string // Slurm's reason, or the worker's error
	Log                     string // the task's output file
}

// Report is a results folder's Slurm status.
type Report struct {
	Plan   *Plan
	Shards []ShardStatus
	Merge  *Job   // the latest merge job, when Slurm still knows it
	Warn   string // why Slurm's view is missing, when it is
}

// Status reads a results folder's plan, its shards' journals and markers,
// and what squeue (and sacct, for jobs the controller has forgotten) say.
// Without a reachable Slurm it still reports what the shards wrote.
func Status(ctx context.Context, resultsDir string) (*Report, error) {
	plan, err := LoadPlan(resultsDir)
	if err != nil {
		return nil, err
	}
	if plan == nil {
		return nil, fmt.Errorf("%s holds no Slurm run (no %s): submit one with `erosion run --backend slurm --results %s`", resultsDir, PlanPath(resultsDir), resultsDir)
	}
	rep := &Report{Plan: plan}
	var jobs Jobs
	if len(plan.Submissions) > 0 {
		if jobs, err = Squeue(ctx, plan.JobName); err != nil {
			rep.Warn = err.Error()
			jobs = Jobs{}
		}
	}
	markers := map[int]*Marker{}
	var forgotten []string
	for _, s := range plan.Shards {
		if len(s.Runs) == 0 {
			continue
		}
		m, err := ReadMarker(resultsDir, s.ID)
		if err != nil {
			return nil, err
		}
		markers[s.ID] = m
		if sub := plan.Latest(KindOf(s.GPU), s.ID); sub != nil {
			id := sub.JobID + "_" + fmt.Sprint(s.ID)
			if _, ok := jobs[id]; !ok {
				forgotten = append(forgotten, id)
			}
		}
	}
	merge := plan.Latest(KindMerge, -1)
	if merge != nil {
		if _, ok := jobs[merge.JobID]; !ok {
			forgotten = append(forgotten, merge.JobID)
		}
	}
	if len(forgotten) > 0 && rep.Warn == "" {
		// A job array's tasks are found by the array's id.
		var ids []string
		for _, f := range forgotten {
			a, _, _ := strings.Cut(f, "_")
			if !slices.Contains(ids, a) {
				ids = append(ids, a)
			}
		}
		for _, m := range markers {
			if m != nil && m.RawJob != "" && !slices.Contains(ids, m.RawJob) {
				ids = append(ids, m.RawJob)
			}
		}
		acct, err := Sacct(ctx, ids)
		if err != nil {
			rep.Warn = err.Error()
		}
		for k, j := range acct {
			if _, ok := jobs[k]; !ok {
				jobs[k] = j
			}
		}
	}
	if merge != nil {
		if j, ok := jobs[merge.JobID]; ok {
			j.ID = merge.JobID // the job-completion log knows it by raw id only
			rep.Merge = &j
		} else {
			rep.Merge = &Job{ID: merge.JobID, State: "UNKNOWN"}
		}
	}
	for _, s := range plan.Shards {
		if len(s.Runs) == 0 {
			continue
		}
		st, err := shardStatus(resultsDir, plan, s, markers[s.ID], jobs)
		if err != nil {
			return nil, err
		}
		rep.Shards = append(rep.Shards, st)
	}
	return rep, nil
}

// KindOf is the submission kind of a CPU or GPU shard.
func KindOf(gpu bool) string {
	if gpu {
		return KindGPU
	}
	return KindCPU
}

func shardStatus(resultsDir string, plan *Plan, s Shard, m *Marker, jobs Jobs) (ShardStatus, error) {
	st := ShardStatus{ID: s.ID, GPU: s.GPU, Planned: len(s.Runs), State: StateUnsent}
	if m != nil && m.State == MarkDone {
		st.Recorded, st.Confirmations = m.Recorded, m.Confirmations
	} else {
		var err error
		if st.Recorded, st.Confirmations, err = CountRuns(resultsDir, s); err != nil {
			return st, err
		}
	}
	sub := plan.Latest(KindOf(s.GPU), s.ID)
	if sub == nil {
		return st, nil
	}
	st.Job = fmt.Sprintf("%s_%d", sub.JobID, s.ID)
	st.Log = filepath.Join(LogDir(resultsDir), fmt.Sprintf("%s_%d.out", sub.JobID, s.ID))
	j, known := jobs[st.Job]
	mine := m != nil && m.Job == st.Job
	if !known && mine && m.RawJob != "" {
		j, known = jobs[m.RawJob]
	}
	if mine {
		st.Node = m.Node
	}
	if known && j.Node != "" {
		st.Node = j.Node
	}
	switch {
	case known && j.Active():
		st.State = StatePending
		if j.State != "PENDING" && j.State != "REQUEUED" && j.State != "CONFIGURING" {
			st.State = StateRunning
		}
		st.Note = j.Reason
	case m != nil && m.State == MarkDone:
		st.State = StateDone
	case mine && m.State == MarkFailed:
		st.State, st.Note = StateFailed, m.Error
		if known && j.State != "COMPLETED" && j.State != "FAILED" {
			st.Note = j.State + ": " + m.Error // cancelled, timed out, preempted
		}
	case known:
		st.State, st.Note = StateFailed, strings.TrimSpace(j.State+" "+j.Reason)
		if mine && m.State == MarkRunning {
			st.Note += " (the worker was killed before it could finish)"
		}
	case mine && m.State == MarkRunning:
		st.State, st.Note = StateUnknown, "the worker started but never ended, and Slurm no longer knows the job: it was killed"
	default:
		st.State, st.Note = StateUnknown, noteNoSlurmYet
	}
	return st, nil
}

// CountRuns counts a shard's finished first runs and further attempts,
// from its journals.
func CountRuns(resultsDir string, s Shard) (first, more int, err error) {
	entries, err := results.ReadEntries(ShardRoot(resultsDir, s.ID))
	if err != nil {
		return 0, 0, err
	}
	want := map[string]bool{}
	for _, l := range s.Runs {
		want[l] = true
	}
	done := map[results.Key]records.Run{}
	for _, e := range entries {
		if e.Run.Status == records.StatusInfra || !want[Label(e.Run)] {
			continue
		}
		done[e.Key()] = e.Run
	}
	for _, r := range done {
		if r.Attempt == 0 {
			first++
		} else {
			more++
		}
	}
	return first, more, nil
}

// Active is true while a shard or the merge job waits or runs.
func (r *Report) Active() bool {
	if r.Merge != nil && r.Merge.Active() {
		return true
	}
	for _, s := range r.Shards {
		if s.State == StatePending || s.State == StateRunning {
			return true
		}
	}
	return false
}

// Unfinished lists the shards to submit again: neither done nor waiting
// or running, split by kind.
func (r *Report) Unfinished() (cpu, gpu []int) {
	for _, s := range r.Shards {
		if s.State == StateDone || s.State == StatePending || s.State == StateRunning {
			continue
		}
		if s.GPU {
			gpu = append(gpu, s.ID)
		} else {
			cpu = append(cpu, s.ID)
		}
	}
	return cpu, gpu
}

// Count is how many shards are in state.
func (r *Report) Count(state string) int {
	n := 0
	for _, s := range r.Shards {
		if s.State == state {
			n++
		}
	}
	return n
}

// Write prints the report as a table and a summary line.
func (r *Report) Write(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SHARD\tKIND\tSTATE\tRUNS\tCONFIRMATIONS\tJOB\tNODE\tNOTE")
	planned, recorded := 0, 0
	for _, s := range r.Shards {
		note := s.Note
		if s.State == StateFailed || s.State == StateUnknown {
			note = strings.TrimSpace(note + " (log: " + s.Log + ")")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%d\t%s\t%s\t%s\n", s.ID, KindOf(s.GPU), s.State, s.Recorded, s.Planned, s.Confirmations, s.Job, s.Node, note)
		planned += s.Planned
		recorded += s.Recorded
	}
	tw.Flush()
	var counts []string
	for _, st := range []string{StateDone, StateRunning, StatePending, StateFailed, StateUnknown, StateUnsent} {
		if n := r.Count(st); n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, st))
		}
	}
	fmt.Fprintf(w, "%d of %d runs recorded; shards: %s\n", recorded, planned, strings.Join(counts, ", "))
	if r.Merge != nil {
		fmt.Fprintf(w, "merge job %s: %s\n", r.Merge.ID, strings.ToLower(r.Merge.State))
	}
	if r.Warn != "" {
		fmt.Fprintf(w, "note: Slurm did not answer (%s): states are the shards' own\n", r.Warn)
	}
}

// StatusJSON is slurm status --json; its field names are stable.
type StatusJSON struct {
	Results      string            `json:"results"`
	RunsPlanned  int               `json:"runs_planned"`
	RunsRecorded int               `json:"runs_recorded"`
	Shards       []ShardStatusJSON `json:"shards"`
	States       map[string]int    `json:"states"` // shards per state
	Merge        *MergeJSON        `json:"merge"`  // null when Slurm no longer knows it
	Warning      string            `json:"warning,omitempty"`
}

// ShardStatusJSON is one shard of StatusJSON.
type ShardStatusJSON struct {
	ID            int    `json:"id"`
	Kind          string `json:"kind"` // cpu or gpu
	State         string `json:"state"`
	RunsPlanned   int    `json:"runs_planned"`
	RunsRecorded  int    `json:"runs_recorded"`
	Confirmations int    `json:"confirmations"`
	Job           string `json:"job,omitempty"`
	Node          string `json:"node,omitempty"`
	Note          string `json:"note,omitempty"`
	Log           string `json:"log,omitempty"`
}

// MergeJSON is the merge job of StatusJSON.
type MergeJSON struct {
	Job   string `json:"job"`
	State string `json:"state"`
}

// JSON is the report as slurm status --json prints it; results is the
// folder as the user named it.
func (r *Report) JSON(results string) StatusJSON {
	out := StatusJSON{Results: results, Shards: []ShardStatusJSON{}, States: map[string]int{}, Warning: r.Warn}
	for _, s := range r.Shards {
		out.Shards = append(out.Shards, ShardStatusJSON{ID: s.ID, Kind: KindOf(s.GPU), State: s.State, RunsPlanned: s.Planned,
			RunsRecorded: s.Recorded, Confirmations: s.Confirmations, Job: s.Job, Node: s.Node, Note: s.Note, Log: s.Log})
		out.RunsPlanned += s.Planned
		out.RunsRecorded += s.Recorded
		out.States[s.State]++
	}
	if r.Merge != nil {
		out.Merge = &MergeJSON{Job: r.Merge.ID, State: strings.ToLower(r.Merge.State)}
	}
	return out
}
