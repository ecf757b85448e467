package slurm

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/records"
	"erosion/results"
)

func labels(n int, gpuEvery int) []Run {
	var runs []Run
	for i := range n {
		runs = append(runs, Run{Label: fmt.Sprintf("nb-%03d@trixie-slim", i), GPU: gpuEvery > 0 && i%gpuEvery == 0})
	}
	return runs
}

func TestPlanIsStableAndComplete(t *testing.T) {
	runs := labels(200, 10)
	p := NewPlan(runs, 8, 3)
	if p.CPUShards != 8 || p.GPUShards != 3 || len(p.Shards) != 11 {
		t.Fatalf("shards: %d cpu, %d gpu, %d in all", p.CPUShards, p.GPUShards, len(p.Shards))
	}
	seen := map[string]int{}
	for _, s := range p.Shards {
		if len(s.Runs) == 0 {
			t.Errorf("shard %d is empty with 200 runs", s.ID)
		}
		for _, l := range s.Runs {
			seen[l]++
		}
		if s.GPU != (s.ID >= 8) {
			t.Errorf("shard %d: gpu %v", s.ID, s.GPU)
		}
	}
	for _, r := range runs {
		if seen[r.Label] != 1 {
			t.Errorf("%s is in %d shards", r.Label, seen[r.Label])
		}
		if got := p.Shards[p.ShardFor(r)]; got.GPU != r.GPU {
			t.Errorf("%s (gpu %v) went to shard %d (gpu %v)", r.Label, r.GPU, got.ID, got.GPU)
		}
	}
	// The same queue in another order plans the same shards; a changed
	// queue is caught.
	shuffled := slices.Clone(runs)
	slices.Reverse(shuffled)
	if q := NewPlan(shuffled, 8, 3); !slices.EqualFunc(q.Shards, p.Shards, func(a, b Shard) bool { return slices.Equal(a.Runs, b.Runs) }) {
		t.Error("the plan depends on the queue's order")
	}
	if err := p.Check(shuffled); err != nil {
		t.Errorf("check of the same queue: %v", err)
	}
	if err := p.Check(runs[1:]); err == nil || !strings.Contains(err.Error(), "is gone") {
		t.Errorf("check of a shorter queue: %v", err)
	}
	// Fewer runs than shards: one shard per run at most; none for a kind
	// without runs.
	small := NewPlan(labels(2, 0), 5, 5)
	if small.CPUShards != 2 || small.GPUShards != 0 {
		t.Errorf("2 cpu runs: %d cpu shards, %d gpu", small.CPUShards, small.GPUShards)
	}
}

func TestArraySpec(t *testing.T) {
	cases := []struct {
		ids  []int
		max  int
		want string
	}{
		{[]int{0, 1, 2, 3}, 0, "0-3"},
		{[]int{0, 2, 3, 4, 7}, 2, "0,2-4,7%2"},
		{[]int{5}, 0, "5"},
		{[]int{3, 1, 2, 2}, 1, "1-3%1"},
	}
	for _, c := range cases {
		if got := ArraySpec(c.ids, c.max); got != c.want {
			t.Errorf("ArraySpec(%v, %d) = %q, want %q", c.ids, c.max, got, c.want)
		}
	}
}

func TestScriptRunsTheShardItIsGiven(t *testing.T) {
	p := &Plan{Results: "/data/res ults", JobName: "erosion-1", Binary: "/opt/erosion", Args: []string{"run", "--study=it's"}}
	s := Script(p, "/home/me")
	for _, want := range []string{"#SBATCH --job-name=erosion-1\n", "#SBATCH --output=/data/res ults/slurm/logs/%A_%a.out\n",
		"exec /opt/erosion", `'--study=it'\''s'`, `--shard-of '/data/res ults/slurm/plan.json' --shard "$SLURM_ARRAY_TASK_ID"`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
	// The script is valid shell and passes the arguments through intact.
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	echo := filepath.Join(dir, "echo-args")
	os.WriteFile(echo, []byte("#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n"), 0o755)
	p.Binary = echo
	out, err := exec.Command(bash, "-c", Script(p, dir)).CombinedOutput()
	if err == nil {
		t.Fatalf("the script ran without SLURM_ARRAY_TASK_ID: %s", out)
	}
	cmd := exec.Command(bash, "-c", Script(p, dir))
	cmd.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=7")
	out, err = cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "run\n--study=it's\n--shard-of\n/data/res ults/slurm/plan.json\n--shard\n7\n"
	if string(out) != want {
		t.Errorf("arguments: %q, want %q", out, want)
	}
}

func TestParseSqueueAndClientMessages(t *testing.T) {
	jobs := parseSqueue("12_0|13|RUNNING|None|node1\n12_1|14|PENDING|Resources|\n12_2|12|CANCELLED|None|node2\n")
	if j := jobs["12_1"]; j.State != "PENDING" || j.Reason != "Resources" || !j.Active() {
		t.Errorf("12_1: %+v", j)
	}
	if j := jobs["13"]; j.ID != "12_0" || j.Node != "node1" || !j.Active() {
		t.Errorf("by raw id: %+v", j)
	}
	if jobs["12_2"].Active() {
		t.Error("a cancelled task is not active")
	}
	for state, want := range map[[2]string]string{
		{"CANCELLED by 0", "0:15"}: "by 0, killed by signal 15",
		{"FAILED", "1:0"}:          "exit code 1",
		{"COMPLETED", "0:0"}:       "",
	} {
		if got := exitReason(state[0], state[1]); got != want {
			t.Errorf("exitReason(%q, %q) = %q, want %q", state[0], state[1], got, want)
		}
	}
	for in, want := range map[string]string{
		"sbatch: error: Batch job submission failed: Invalid generic resource (gres) specification\n":                                   "Invalid generic resource (gres) specification",
		"sbatch: error: invalid partition specified: gpu\nsbatch: error: Batch job submission failed: Invalid partition name specified": "Invalid partition name specified",
		"Slurm accounting storage is disabled\n": "Slurm accounting storage is disabled",
	} {
		if got := clientMessage(in); got != want {
			t.Errorf("clientMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

// writeShardRun journals and exports one run in a shard, as a worker does.
func writeShardRun(t *testing.T, res string, shard int, nb string) {
	t.Helper()
	journalShardRun(t, res, shard, nb)
	if err := results.Export(ShardRoot(res, shard)); err != nil {
		t.Fatal(err)
	}
}

// journalShardRun journals one run in a shard without exporting it: a
// worker killed before its export.
func journalShardRun(t *testing.T, res string, shard int, nb string) {
	t.Helper()
	root, err := PrepareShard(res, shard)
	if err != nil {
		t.Fatal(err)
	}
	j, err := results.Open(root, "test")
	if err != nil {
		t.Fatal(err)
	}
	appendRun(t, j, nb)
	j.Close()
	pkgs := []records.Package{{Environment: "trixie-slim", EnvDigest: "abc", Name: "pandas", Version: "2.2"}}
	if have, _ := records.Packages.Read(root); len(have) == 0 {
		if _, err := records.Packages.Write(root, pkgs); err != nil {
			t.Fatal(err)
		}
	}
}

func appendRun(t *testing.T, f *results.Folder, nb string) {
	now := time.Now().UTC()
	run := records.Run{Study: "s", Dataset: "d", NotebookID: nb, Environment: "trixie-slim", Status: records.StatusOK, StartedAt: now, FinishedAt: now}
	cell := records.Cell{Study: "s", Dataset: "d", NotebookID: nb, Environment: "trixie-slim", Status: "ok"}
	if err := f.Append(results.Entry{Run: run, Cells: []records.Cell{cell}}); err != nil {
		t.Fatal(err)
	}
}

// Publishing is idempotent and survives compaction: every shard's runs
// reach the shared tables once, the inventory once.
func TestPublishAndMerge(t *testing.T) {
	res := t.TempDir()
	p := &Plan{Version: PlanVersion, Results: res, Shards: []Shard{{ID: 0}, {ID: 1}}}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	writeShardRun(t, res, 0, "a")
	writeShardRun(t, res, 1, "b")
	for range 2 {
		for id := range 2 {
			if err := Publish(res, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	count := func() (int, int, int) {
		runs, err := records.Runs.Read(res)
		if err != nil {
			t.Fatal(err)
		}
		cells, _ := records.Cells.Read(res)
		pkgs, _ := records.Packages.Read(res)
		return len(runs), len(cells), len(pkgs)
	}
	if r, c, k := count(); r != 2 || c != 2 || k != 1 {
		t.Fatalf("after publishing twice: %d runs, %d cells, %d packages; want 2, 2, 1", r, c, k)
	}
	merged := false
	if err := Merge(res, func() error { merged = true; return nil }); err != nil || !merged {
		t.Fatalf("merge: %v (after called: %v)", err, merged)
	}
	// A shard resumed after the merge adds its new run, and only that.
	writeShardRun(t, res, 0, "c")
	if err := Publish(res, 0); err != nil {
		t.Fatal(err)
	}
	if err := Merge(res, nil); err != nil {
		t.Fatal(err)
	}
	if r, c, k := count(); r != 3 || c != 3 || k != 1 {
		t.Errorf("after a resumed shard: %d runs, %d cells, %d packages; want 3, 3, 1", r, c, k)
	}
	if parts, _ := records.Runs.Parts(res); len(parts) != 1 {
		t.Errorf("merged into %d parts", len(parts))
	}
	// A worker killed before its export: the merge exports its journal,
	// but only once no worker holds the shard.
	worker, err := results.Open(ShardRoot(res, 1), "worker")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := results.Open(ShardRoot(res, 1), "worker"); err == nil || !strings.Contains(err.Error(), "being written by") {
		t.Errorf("a second worker of shard 1: %v", err)
	}
	appendRun(t, worker, "d")
	if err := Merge(res, nil); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := count(); r != 3 {
		t.Errorf("the merge exported a running shard: %d runs", r)
	}
	worker.Close()
	for range 2 {
		if err := Merge(res, nil); err != nil {
			t.Fatal(err)
		}
	}
	if r, c, _ := count(); r != 4 || c != 4 {
		t.Errorf("after merging a killed shard: %d runs, %d cells; want 4, 4", r, c)
	}
	// The artefacts of a shard land in the shared folder.
	if err := os.WriteFile(filepath.Join(ShardRoot(res, 0), "artefacts", "x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(res, "artefacts", "x")); err != nil {
		t.Errorf("shard artefacts: %v", err)
	}
}

// Without a reachable Slurm, status still reports what the shards wrote.
func TestStatusFromTheShardsAlone(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no squeue, no sacct
	res := t.TempDir()
	runs := []Run{{Label: "a@trixie-slim"}, {Label: "b@trixie-slim"}, {Label: "c@trixie-slim"}}
	p := NewPlan(runs, 1, 1)
	p.Results, p.JobName = res, JobName(res)
	p.Submissions = []Queued{{Kind: KindCPU, JobID: "40", Shards: []int{0}}}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	writeShardRun(t, res, 0, "a")
	if err := WriteMarker(res, Marker{Shard: 0, Job: "40_0", Node: "n1", State: MarkFailed, Error: "node n1 has no image"}); err != nil {
		t.Fatal(err)
	}
	rep, err := Status(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Shards) != 1 || rep.Shards[0].State != StateFailed || rep.Shards[0].Recorded != 1 || rep.Shards[0].Planned != 3 || rep.Shards[0].Node != "n1" {
		t.Fatalf("report: %+v", rep.Shards)
	}
	if !strings.Contains(rep.Warn, "squeue is not installed") {
		t.Errorf("warning: %q", rep.Warn)
	}
	cpu, gpu := rep.Unfinished()
	if !slices.Equal(cpu, []int{0}) || len(gpu) != 0 {
		t.Errorf("unfinished: %v %v", cpu, gpu)
	}
	j := rep.JSON("out")
	if j.Results != "out" || j.RunsPlanned != 3 || j.RunsRecorded != 1 || j.States[StateFailed] != 1 || j.Merge != nil ||
		len(j.Shards) != 1 || j.Shards[0].Kind != KindCPU || j.Shards[0].Job != "40_0" || j.Warning != rep.Warn {
		t.Errorf("JSON: %+v", j)
	}
	var b strings.Builder
	rep.Write(&b)
	for _, want := range []string{"1 of 3 runs recorded", "node n1 has no image", "40_0.out", "Slurm did not answer"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
