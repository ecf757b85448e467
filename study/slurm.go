package study

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"erosion/harness"
	"erosion/harness/slurm"
)

func slurmRun(t Task) slurm.Run {
	return slurm.Run{Label: slurm.LabelOf(t.NotebookID, t.Env.Name, t.Agent), GPU: t.NeedsGPU}
}

// SlurmRuns are the plan's runs with their expected durations (from their
// Kaggle runtime or their size, timeout at most): Slurm shards are
// balanced by them.
func (p *Plan) SlurmRuns(timeout time.Duration) []slurm.Run {
	secs := p.Expected(nil, cmp.Or(timeout, DefaultTimeout))
	out := make([]slurm.Run, len(p.Tasks))
	for i, t := range p.Tasks {
		out[i] = slurmRun(t)
		out[i].Seconds = secs[i]
		// A notebook that can be confirmed weighs its likely runs: a
		// seeded one that reproduces needs two (see verdict/adaptive.md).
		if p.Confirm > 1 && t.Grading != nil && t.Grading.Target != nil {
			out[i].Seconds *= 2
		}
	}
	return out
}

// SlurmShard is the part of the plan whose runs keep keeps: what one Slurm
// shard runs.
func (p *Plan) SlurmShard(keep func(slurm.Run) bool) *Plan {
	mine := *p
	mine.Tasks = nil
	for _, t := range p.Tasks {
		if keep(slurmRun(t)) {
			mine.Tasks = append(mine.Tasks, t)
		}
	}
	return &mine
}

// SlurmOptions say how a plan is handed to a Slurm cluster (see
// harness/slurm): the shards, what each asks for, and the erosion the
// nodes run.
type SlurmOptions struct {
	Resume    bool // submit a folder's unfinished shards again
	Shards    int  // per kind of node (0: one per 25 runs, at most 1000)
	MaxActive int  // shards running at once per array (0: no cap)
	// CPU is every shard's partition, account, time, CPUs and extra sbatch
	// options; CPUs unset: the shard's workers × their CPUs.
	CPU          slurm.Resources
	Mem          string // memory per shard ("": workers × memory + 512MiB)
	GPUPartition string // of the GPU shards ("": CPU's)
	Gres         string // generic resources of a GPU shard ("" or "none": none)
	Binary       string // the erosion the nodes run ("": this one)
	Args         []string
	Wait         bool // follow the jobs until they and the merge end
}

// Submit hands the plan to Slurm: its runs are split into shards, each an
// array task that runs Args (an erosion command line that runs the same
// plan, to which --shard-of and --shard are added) on a node, with s's
// workers and limits. A request that cannot be met is a UsageError.
func (s Setup) Submit(ctx context.Context, plan *Plan, o SlurmOptions) error {
	if len(s.GPUs) > 0 {
		return usage(errors.New("--gpus names this machine's GPUs; with --backend slurm, Slurm hands them out: use --slurm-gres (default gpu:1) and --slurm-gpu-partition"))
	}
	lim := s.Limits
	if lim == (harness.Limits{}) {
		lim = harness.DefaultLimits
	}
	cpu, err := slurm.ShardNeeds{Workers: max(1, s.Workers), CPUs: lim.CPUs, MemoryBytes: lim.MemoryBytes}.Fill(o.CPU, o.Mem)
	if err != nil {
		return usage(err)
	}
	dir, err := filepath.Abs(s.Results)
	if err != nil {
		return err
	}
	bin, err := slurm.Binary(o.Binary)
	if err != nil {
		return usage(err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	gpu := cpu
	gpu.Partition = cmp.Or(o.GPUPartition, cpu.Partition)
	if o.Gres != "none" {
		gpu.Gres = o.Gres
	}
	sub := slurm.Submission{Results: dir, Runs: plan.SlurmRuns(s.Timeout), Resume: o.Resume, Shards: o.Shards, CPU: cpu, GPU: gpu,
		MaxActive: o.MaxActive, Binary: bin, Args: o.Args, Chdir: cwd, Tolerance: plan.Tolerance, Confirm: plan.JudgeOptions().Cap,
		Wait: o.Wait, Out: s.Out}
	if sub.Out == nil {
		sub.Out = io.Discard
	}
	if plan.Dataset != nil {
		sub.Record = func(root string) error { return RecordTargets(root, plan.Dataset) }
	}
	return slurmError(slurm.Submit(ctx, sub))
}

// RunShard is one Slurm array task: shard id of the Slurm plan at
// planPath, which must be the one of s.Results, run on this machine (with
// the GPUs Slurm gave the task) into the shard's own folder, and published.
func (s Setup) RunShard(ctx context.Context, plan *Plan, planPath string, id int) error {
	res, err := filepath.Abs(s.Results)
	if err != nil {
		return err
	}
	if filepath.Clean(planPath) != slurm.PlanPath(res) {
		return usage(fmt.Errorf("--shard-of %s: a shard runs with the --results its plan belongs to (%s)", planPath, slurm.PlanPath(res)))
	}
	err = slurm.RunShard(ctx, res, id, plan.SlurmRuns(s.Timeout), func(ctx context.Context, root string, keep func(slurm.Run) bool, gpus []string) error {
		shard := s
		shard.GPUs, shard.Results, shard.Command = gpus, root, s.Command+" (Slurm shard)"
		_, err := shard.Run(ctx, plan.SlurmShard(keep), true)
		return slurm.NodeError(err, s.cacheDir())
	})
	return slurmError(err)
}

// slurmError is harness/slurm's refusal as a UsageError.
func slurmError(err error) error {
	var ue *slurm.UsageError
	if errors.As(err, &ue) {
		return usage(ue.Err)
	}
	return err
}
