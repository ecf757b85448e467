package slurm

import (
	"cmp"
	"time"

	"erosion/study"
)

func runOf(t study.Task) Run {
	return Run{Label: LabelOf(t.NotebookID, t.Env.Name, t.Agent), GPU: t.NeedsGPU}
}

// StudyRuns are a study plan's runs with their expected durations (from
// their Kaggle runtime or their size, timeout at most): shards are
// balanced by them.
func StudyRuns(plan *study.Plan, timeout time.Duration) []Run {
	secs := plan.Expected(nil, cmp.Or(timeout, study.DefaultTimeout))
	out := make([]Run, len(plan.Tasks))
	for i, t := range plan.Tasks {
		out[i] = runOf(t)
		out[i].Seconds = secs[i]
		// A notebook that can be confirmed weighs its likely runs: a
		// seeded one that reproduces needs two (see verdict/adaptive.md).
		if plan.Confirm > 1 && t.Grading != nil && t.Grading.Target != nil {
			out[i].Seconds *= 2
		}
	}
	return out
}

// StudyShard is the part of plan whose runs keep keeps: what one shard
// runs.
func StudyShard(plan *study.Plan, keep func(Run) bool) *study.Plan {
	mine := *plan
	mine.Tasks = nil
	for _, t := range plan.Tasks {
		if keep(runOf(t)) {
			mine.Tasks = append(mine.Tasks, t)
		}
	}
	return &mine
}
