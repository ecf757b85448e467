package study_test

import (
	"testing"

	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/slurm"
	"erosion/study"
)

// A study's runs carry their labels, GPU needs and expected time (twice
// over for a notebook that may be confirmed); a shard keeps its own tasks.
func TestStudyRunsAndShard(t *testing.T) {
	target := 0.8
	spec := &envs.Spec{Name: "trixie-slim"}
	task := func(nb string, gpu bool, g *harness.Grading) study.Task {
		return study.Task{Task: harness.Task{NotebookID: nb, Env: harness.Env{Name: "trixie-slim"}, NeedsGPU: gpu, Grading: g}, Spec: spec}
	}
	plan := &study.Plan{Confirm: 3, Tasks: []study.Task{
		task("a", false, &harness.Grading{Target: &target}),
		task("b", true, nil),
	}}
	runs := plan.SlurmRuns(0)
	if len(runs) != 2 || runs[0].Label != "a@trixie-slim" || runs[0].GPU || !runs[1].GPU || runs[1].Seconds <= 0 {
		t.Fatalf("runs %+v", runs)
	}
	if runs[0].Seconds != 2*runs[1].Seconds {
		t.Errorf("a confirmable notebook weighs %v, the other %v", runs[0].Seconds, runs[1].Seconds)
	}
	shard := plan.SlurmShard(func(r slurm.Run) bool { return r.GPU })
	if len(shard.Tasks) != 1 || shard.Tasks[0].NotebookID != "b" || len(plan.Tasks) != 2 || shard.Confirm != 3 {
		t.Errorf("shard %+v of plan %+v", shard.Tasks, plan.Tasks)
	}
}
