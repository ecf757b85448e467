package slurm

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"erosion/atomicfile"
	"erosion/results"
)

// autoShardRuns is how many runs a shard gets when no shard count is
// given: enough to amortise a task's start, few enough to spread.
const autoShardRuns = 25

// Submission is a study's queue handed to Slurm.
type Submission struct {
	Results   string // absolute results folder, on storage every node mounts
	Runs      []Run  // the plan's first runs
	Resume    bool   // submit a folder's unfinished shards again
	Shards    int    // shards per kind of node (0: one per 25 runs, at most 1000)
	CPU       Resources
	GPU       Resources // the GPU shards' partition and gres (CPUs, memory, account, time as CPU's)
	MaxActive int       // --array=...%K (0: no cap)
	Binary    string    // the erosion the nodes run
	Args      []string  // its command line for one shard (before --shard-of/--shard)
	Chdir     string    // where the jobs start
	Tolerance float64   // for the merge job's verdicts
	Confirm   int       // the adaptive confirmation cap (0: fixed), for the merge job's verdicts
	Wait      bool      // follow the jobs until they and the merge end
	Out       io.Writer // what is printed for the user
	// Record writes what the study knows before any run (the targets
	// table), under the folder's lock, once per submission: shards write
	// only runs.
	Record func(results string) error
}

// Submit writes the plan and batch scripts and queues the shards (one array
// per kind of node) and a merge job that runs when they end. With Resume it
// submits only the shards that did not finish. It holds the results
// folder's writer lock while it submits, never while it waits.
func Submit(ctx context.Context, s Submission) error {
	lock, err := results.Acquire(s.Results, "erosion run --backend slurm (submitting)", false)
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			lock.Release()
		}
	}()
	if entries, _ := results.ReadEntries(s.Results); len(entries) > 0 {
		return &UsageError{fmt.Errorf("results folder %s holds %d runs of a local erosion run: finish it locally (`erosion run --resume`) or give the Slurm run another --results", s.Results, len(entries))}
	}
	old, err := LoadPlan(s.Results)
	if err != nil {
		return err
	}
	if old != nil && !s.Resume {
		return &UsageError{fmt.Errorf("results folder %s already holds a Slurm run: pass --resume to submit its unfinished shards, see it with `erosion slurm status --results %s`, or choose another --results", s.Results, s.Results)}
	}
	p := old
	if p == nil {
		n := s.Shards
		if n <= 0 {
			n = min(1000, (len(s.Runs)+autoShardRuns-1)/autoShardRuns)
		}
		p = NewPlan(s.Runs, n, n)
	} else if err := p.Check(s.Runs); err != nil {
		return &UsageError{fmt.Errorf("%s: %v: the dataset or the environments changed since it was submitted; submit the new queue into another --results folder", PlanPath(s.Results), err)}
	}
	p.Results, p.JobName, p.Binary, p.Tolerance, p.Confirm, p.Args = s.Results, JobName(s.Results), s.Binary, s.Tolerance, s.Confirm, s.Args
	for _, d := range []string{LogDir(s.Results), results.ArtefactsDir(s.Results)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if s.Record != nil {
		if err := s.Record(s.Results); err != nil {
			return err
		}
	}
	script := filepath.Join(Dir(s.Results), "run.sbatch")
	mergeScript := filepath.Join(Dir(s.Results), "merge.sbatch")
	if err := atomicfile.WriteFile(script, []byte(Script(p, s.Chdir)), 0o755); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(mergeScript, []byte(MergeScript(p, s.Chdir)), 0o755); err != nil {
		return err
	}

	cpu, gpu := p.NonEmpty(false), p.NonEmpty(true)
	if old != nil {
		rep, err := Status(ctx, s.Results)
		if err != nil {
			return err
		}
		if rep.Warn != "" {
			return fmt.Errorf("cannot tell which shards are still queued: %s", rep.Warn)
		}
		cpu, gpu = rep.Unfinished()
		if active := rep.Count(StatePending) + rep.Count(StateRunning); active > 0 {
			slog.Info("shards still queued or running are left alone", "count", active)
		}
		if len(cpu)+len(gpu) == 0 {
			fmt.Fprintf(s.Out, "nothing to submit: %d shards done, %d queued or running\n", rep.Count(StateDone), rep.Count(StatePending)+rep.Count(StateRunning))
			if err := p.Save(); err != nil {
				return err
			}
			lock.Release()
			done = true
			if s.Wait {
				return Wait(ctx, s.Results, s.Out)
			}
			return nil
		}
	}

	// Every array is first checked with sbatch --test-only, so a request
	// the cluster cannot meet queues nothing at all.
	type array struct {
		kind string
		ids  []int
		args []string
	}
	var arrays []array
	for _, a := range []struct {
		kind string
		ids  []int
		res  Resources
	}{{KindCPU, cpu, s.CPU}, {KindGPU, gpu, s.GPU}} {
		if len(a.ids) == 0 {
			continue
		}
		args := append([]string{"--array=" + ArraySpec(a.ids, s.MaxActive)}, a.res.Args()...)
		args = append(args, script)
		if err := TestOnly(ctx, args); err != nil {
			if a.kind == KindGPU {
				return fmt.Errorf("Slurm refuses the GPU shards (%d runs of notebooks that need a GPU; %s): %v: name a partition whose nodes have GPUs with --slurm-gpu-partition, or adjust --slurm-gres", runsIn(p, a.ids), strings.Join(a.res.Args(), " "), err)
			}
			return fmt.Errorf("Slurm refuses the shards (%s): %v: check --slurm-partition, --slurm-account, --slurm-time, --slurm-cpus, --slurm-mem and --slurm-sbatch", strings.Join(a.res.Args(), " "), err)
		}
		arrays = append(arrays, array{a.kind, a.ids, args})
	}
	var deps []string
	for _, a := range arrays {
		id, err := Sbatch(ctx, a.args)
		if err != nil {
			return fmt.Errorf("submitting the %s shards: %w", a.kind, err)
		}
		p.Submissions = append(p.Submissions, Queued{Kind: a.kind, JobID: id, Shards: a.ids, Command: append([]string{"sbatch"}, a.args...), At: time.Now().UTC()})
		deps = append(deps, id)
		if err := p.Save(); err != nil {
			return err
		}
		fmt.Fprintf(s.Out, "submitted %d %s shards as array job %s (sbatch --array=%s)\n", len(a.ids), a.kind, id, ArraySpec(a.ids, s.MaxActive))
	}
	// The merge job: compacts the shards' parts and writes the verdicts
	// once every task has ended, however it ended.
	merge := Resources{Partition: s.CPU.Partition, Account: s.CPU.Account, Time: s.CPU.Time, CPUs: 1, MemMB: 2048, Extra: s.CPU.Extra}
	margs := append([]string{"--dependency=afterany:" + strings.Join(deps, ":")}, merge.Args()...)
	margs = append(margs, mergeScript)
	mid, err := Sbatch(ctx, margs)
	if err != nil {
		return fmt.Errorf("submitting the merge job: %w (the shards are queued; `erosion results compact --results %s` merges them by hand)", err, s.Results)
	}
	p.Submissions = append(p.Submissions, Queued{Kind: KindMerge, JobID: mid, Command: append([]string{"sbatch"}, margs...), At: time.Now().UTC()})
	if err := p.Save(); err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "merge job %s runs when they end; follow with `erosion slurm status --results %s`\n", mid, s.Results)
	lock.Release()
	done = true
	if s.Wait {
		return Wait(ctx, s.Results, s.Out)
	}
	return nil
}

// UsageError is a submission refused for how it was asked.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ExitCode is the command line's exit code for a refused submission: 2.
func (e *UsageError) ExitCode() int { return 2 }

func runsIn(p *Plan, ids []int) int {
	n := 0
	for _, id := range ids {
		n += len(p.Shards[id].Runs)
	}
	return n
}

// Wait follows a submitted run until its shards and merge have ended,
// logging each shard's changes, and fails when a shard failed.
func Wait(ctx context.Context, resultsDir string, out io.Writer) error {
	last := map[int]string{}
	recorded := -1
	poll := time.Second
	for {
		rep, err := Status(ctx, resultsDir)
		if err != nil {
			return err
		}
		changed, n := false, 0
		for _, s := range rep.Shards {
			n += s.Recorded + s.Confirmations
			if last[s.ID] != s.State {
				last[s.ID] = s.State
				changed = true
				slog.Info("shard", "id", s.ID, "state", s.State, "runs", fmt.Sprintf("%d/%d", s.Recorded, s.Planned), "job", s.Job, "node", s.Node, "note", s.Note)
			}
		}
		if !rep.Active() {
			rep.Write(out)
			if n := rep.Count(StateFailed) + rep.Count(StateUnknown); n > 0 {
				return fmt.Errorf("%d of %d shards did not finish (see the table above and their logs); `erosion run --backend slurm --resume` with the same flags submits them again", n, len(rep.Shards))
			}
			if rep.Merge != nil && rep.Merge.State != "COMPLETED" {
				return fmt.Errorf("the merge job %s ended %s: see %s/merge-%s.out; `erosion results compact --results %s` merges by hand", rep.Merge.ID, rep.Merge.State, LogDir(resultsDir), rep.Merge.ID, resultsDir)
			}
			return nil
		}
		// Poll often while things move, seldom while they do not.
		if changed || n != recorded {
			recorded, poll = n, time.Second
		} else {
			poll = min(10*time.Second, poll*3/2)
		}
		select {
		case <-ctx.Done():
			return &StoppedWaiting{resultsDir}
		case <-time.After(poll):
		}
	}
}

// StoppedWaiting: the user interrupted Wait; the jobs go on.
type StoppedWaiting struct{ Results string }

func (e *StoppedWaiting) Error() string {
	return fmt.Sprintf("stopped waiting; the jobs go on (`erosion slurm status --results %s`, `erosion slurm cancel --results %s`)", e.Results, e.Results)
}
func (e *StoppedWaiting) Unwrap() error { return context.Canceled }

// ExitCode is the command line's exit code for an interruption: 130.
func (e *StoppedWaiting) ExitCode() int { return 130 }

// Exec runs one shard's runs into the shard's own results folder root;
// keep says which of the plan's runs are the shard's, gpus are the GPUs
// Slurm gave the task.
type Exec func(ctx context.Context, root string, keep func(Run) bool, gpus []string) error

// RunShard is one array task: it checks the shard still matches the plan,
// marks it running, runs it with exec, publishes what finished (also when
// stopped) and marks how it ended.
func RunShard(ctx context.Context, resultsDir string, id int, runs []Run, exec Exec) (err error) {
	p, err := LoadPlan(resultsDir)
	if err != nil {
		return err
	}
	if p == nil {
		return &UsageError{fmt.Errorf("no Slurm plan in %s", resultsDir)}
	}
	if id < 0 || id >= len(p.Shards) {
		return &UsageError{fmt.Errorf("--shard %d: the plan has shards 0 to %d", id, len(p.Shards)-1)}
	}
	shard := p.Shards[id]
	node := NodeName()
	m := Marker{Shard: shard.ID, RawJob: os.Getenv("SLURM_JOB_ID"), Node: node, State: MarkRunning, Started: time.Now().UTC()}
	if a, t := os.Getenv("SLURM_ARRAY_JOB_ID"), os.Getenv("SLURM_ARRAY_TASK_ID"); a != "" {
		m.Job = a + "_" + t
	}
	root, err := PrepareShard(resultsDir, shard.ID)
	if err != nil {
		return err
	}
	if err := WriteMarker(resultsDir, m); err != nil {
		return err
	}
	defer func() {
		m.Finished, m.State = time.Now().UTC(), MarkDone
		if err != nil {
			m.State, m.Error = MarkFailed, err.Error()
			if ctx.Err() != nil { // SIGTERM from Slurm: scancel, time limit, preemption
				m.Error = "stopped by a signal (scancel, time limit or preemption); its finished runs are kept"
			}
		}
		m.Recorded, m.Confirmations, _ = CountRuns(resultsDir, shard)
		if werr := WriteMarker(resultsDir, m); werr != nil && err == nil {
			err = werr
		}
	}()
	var labels []string
	for _, r := range runs {
		if p.ShardFor(r) == shard.ID && !slices.Contains(labels, r.Label) {
			labels = append(labels, r.Label)
		}
	}
	slices.Sort(labels)
	if !slices.Equal(labels, shard.Runs) {
		return fmt.Errorf("shard %d: the plan lists %d runs, the dataset now gives %d: the dataset or the flags changed since submission; submit again into a new --results folder", shard.ID, len(shard.Runs), len(labels))
	}
	var gpus []string
	if shard.GPU {
		if gpus, err = SlurmGPUs(node, shard.ID); err != nil {
			return err
		}
	}
	slog.Info("running shard", "shard", shard.ID, "runs", len(shard.Runs), "node", node, "job", m.Job)
	err = exec(ctx, root, func(r Run) bool { return p.ShardFor(r) == shard.ID }, gpus)
	// Whatever finished is published, also when the shard was stopped.
	if perr := Publish(resultsDir, shard.ID); perr != nil && err == nil {
		err = perr
	}
	return err
}

// NodeName is the Slurm node this runs on.
func NodeName() string {
	if n := os.Getenv("SLURMD_NODENAME"); n != "" {
		return n
	}
	h, _ := os.Hostname()
	return h
}

// SlurmGPUs are the GPUs Slurm gave this task, as device ids the backends
// expose. A GPU shard without any stops before running anything.
func SlurmGPUs(node string, shard int) ([]string, error) {
	var list string
	for _, v := range []string{"SLURM_STEP_GPUS", "SLURM_JOB_GPUS", "CUDA_VISIBLE_DEVICES"} {
		if list = os.Getenv(v); list != "" {
			break
		}
	}
	if list == "" || list == "NoDevFiles" {
		return nil, fmt.Errorf("node %s: shard %d holds notebooks that need a GPU, but Slurm gave this task none (SLURM_JOB_GPUS and CUDA_VISIBLE_DEVICES are unset): ask for one with --slurm-gres gpu:1 on a partition whose nodes have GPUs (--slurm-gpu-partition)", node, shard)
	}
	ids := strings.Split(list, ",")
	for _, id := range ids {
		if _, err := os.Stat("/dev/nvidia" + id); err != nil {
			return nil, fmt.Errorf("node %s: Slurm gave shard %d GPU %s, but /dev/nvidia%s does not exist: the node's NVIDIA driver is not loaded; drain the node (scontrol update nodename=%s state=drain reason=no-gpu-driver) and --resume", node, shard, id, id, node)
		}
	}
	return ids, nil
}

// Cancel cancels a Slurm run's shards; their finished runs stay recorded
// and the merge job merges them. It returns the cancelled job ids.
func CancelRun(ctx context.Context, resultsDir string) ([]string, error) {
	p, err := LoadPlan(resultsDir)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &UsageError{fmt.Errorf("%s holds no Slurm run (no %s)", resultsDir, PlanPath(resultsDir))}
	}
	var ids []string
	for _, s := range p.Submissions {
		if s.Kind != KindMerge {
			ids = append(ids, s.JobID)
		}
	}
	return ids, Cancel(ctx, ids)
}
