package study

import (
	"cmp"
	"time"

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
