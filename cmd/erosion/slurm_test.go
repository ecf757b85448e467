package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/harness/slurm"
	"erosion/records"
	"erosion/results"
)

// needSlurm skips on a workstation without a Slurm node; CI has one
// (.ci/setup-slurm).
func needSlurm(t *testing.T) {
	t.Helper()
	out, err := exec.Command("sinfo", "--noheader", "--Node", "--format=%t").Output()
	if err == nil && regexp.MustCompile(`(?m)^(idle|mix|alloc)`).Match(out) {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must provide an idle Slurm node (run .ci/setup-slurm as root): %v %s", err, out)
	}
	t.Skipf("no idle Slurm node here (%v %s): run .ci/setup-slurm as root", err, out)
}

// slurmResults is a results folder whose jobs are cancelled when the test
// ends, so a failed test leaves nothing queued.
func slurmResults(t *testing.T) string {
	t.Helper()
	res := t.TempDir()
	t.Cleanup(func() { exec.Command("scancel", "--name="+slurm.JobName(res)).Run() })
	return res
}

// slurmArgs is `erosion run --slurm` on the starter dataset with the built
// binary bin on the nodes and Docker there.
func slurmArgs(bin, res string, extra ...string) []string {
	return args(append([]string{"run", "--slurm", "--dataset", "../../datasets/starter", "--results", res,
		"--timeout", "90s", "--memory", "2GiB", "--cpus", "1", "--slurm-node-backend", "docker", "--slurm-binary", bin}, extra...)...)
}

// journalled counts each notebook's finished runs across every shard.
func journalled(t *testing.T, res string) map[string]int {
	t.Helper()
	p, err := slurm.LoadPlan(res)
	if err != nil || p == nil {
		t.Fatalf("plan: %v", err)
	}
	seen := map[string]int{}
	for _, s := range p.Shards {
		entries, err := results.ReadEntries(slurm.ShardRoot(res, s.ID))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Run.Status != records.StatusInfra {
				seen[e.Run.NotebookID]++
			}
		}
	}
	return seen
}

// The starter study through a real Slurm ends like the local run: the same
// statuses per notebook, each run once, merged into one dataset with its
// verdicts and one package inventory.
func TestSlurmStudyMatchesLocal(t *testing.T) {
	needSlurm(t)
	needDocker(t)
	bin := buildBinary(t)
	res := slurmResults(t)
	start := time.Now()
	code, out, errOut := erosion(t, slurmArgs(bin, res, "--slurm-shards", "3", "--slurm-wait")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	t.Logf("through Slurm: %s", time.Since(start).Round(time.Second))
	runs, err := records.Runs.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	checkStarter(t, runs, "docker")
	for id, n := range journalled(t, res) {
		if n != 1 {
			t.Errorf("%s journalled %d times", id, n)
		}
	}
	if parts, _ := records.Runs.Parts(res); len(parts) != 1 {
		t.Errorf("the merge job left %d runs parts, want 1: %v", len(parts), parts)
	}
	if vs, err := records.Verdicts.Read(res); err != nil || len(vs) != len(starterOutcomes) {
		t.Errorf("verdicts: %d rows, %v", len(vs), err)
	}
	pkgs, err := records.Packages.Read(res)
	if err != nil || len(pkgs) == 0 {
		t.Fatalf("packages: %d rows, %v", len(pkgs), err)
	}
	names := map[string]bool{}
	for _, p := range pkgs {
		if names[p.Name] {
			t.Errorf("package %s recorded twice (once per shard?)", p.Name)
		}
		names[p.Name] = true
	}
	if _, err := os.Stat(filepath.Join(res, "artefacts", "trixie-slim", "original", "titanic-rf-pipeline-2023", "attempt-0", "working", "submission.csv")); err != nil {
		t.Errorf("artefacts are not in the shared folder: %v", err)
	}
	p, _ := slurm.LoadPlan(res)
	if n := len(p.NonEmpty(false)); n < 2 {
		t.Errorf("%d non-empty shards, want at least 2 for a real split", n)
	}

	code, out, errOut = erosion(t, "slurm", "status", "--results", res)
	if code != 0 || !strings.Contains(out, "6 of 6 runs recorded") || strings.Contains(out, "failed") || !strings.Contains(out, "merge job") {
		t.Errorf("status: exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = erosion(t, slurmArgs(bin, res)...)
	if code != 2 || !strings.Contains(errOut, "--resume") {
		t.Errorf("submitting into a used folder: exit %d: %s", code, errOut)
	}
	code, out, errOut = erosion(t, slurmArgs(bin, res, "--resume")...)
	if code != 0 || !strings.Contains(out, "nothing to submit") {
		t.Errorf("resuming a finished run: exit %d\n%s\n%s", code, out, errOut)
	}
}

// A shard killed by scancel mid-run keeps its finished runs; --resume
// submits that shard alone and runs only what it had left.
func TestSlurmScancelThenResume(t *testing.T) {
	needSlurm(t)
	needDocker(t)
	bin := buildBinary(t)
	res := slurmResults(t)
	code, out, errOut := erosion(t, slurmArgs(bin, res, "--slurm-shards", "3", "--slurm-max-concurrent", "1")...)
	if code != 0 {
		t.Fatalf("submit: exit %d\n%s\n%s", code, out, errOut)
	}
	ctx := context.Background()
	var victim slurm.ShardStatus
	deadline := time.Now().Add(4 * time.Minute)
	for victim.Job == "" {
		if time.Now().After(deadline) {
			t.Fatal("no shard was caught between two runs")
		}
		rep, err := slurm.Status(ctx, res)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Shards {
			if s.State == slurm.StateRunning && s.Recorded >= 1 && s.Recorded < s.Planned {
				victim = s
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	if out, err := exec.Command("scancel", victim.Job).CombinedOutput(); err != nil {
		t.Fatalf("scancel %s: %v %s", victim.Job, err, out)
	}
	rep := waitIdle(t, res, 5*time.Minute)
	var after slurm.ShardStatus
	for _, s := range rep.Shards {
		if s.ID == victim.ID {
			after = s
		}
	}
	if after.State != slurm.StateFailed || !strings.Contains(after.Note, "CANCELLED") || after.Recorded >= after.Planned {
		t.Fatalf("the cancelled shard reads %+v", after)
	}
	kept := journalled(t, res)

	code, out, errOut = erosion(t, slurmArgs(bin, res, "--resume", "--slurm-wait")...)
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", code, out, errOut)
	}
	p, _ := slurm.LoadPlan(res)
	if last := p.Latest(slurm.KindCPU, victim.ID); last == nil || !slices.Equal(last.Shards, []int{victim.ID}) {
		t.Errorf("the resubmission holds shards %v, want only %d", last, victim.ID)
	}
	seen := journalled(t, res)
	for id := range starterOutcomes {
		if seen[id] != 1 {
			t.Errorf("%s journalled %d times (before the resume: %d)", id, seen[id], kept[id])
		}
	}
	runs, err := records.Runs.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	checkStarter(t, runs, "docker")
}

// waitIdle waits until no shard and no merge job of res is queued or running.
func waitIdle(t *testing.T, res string, limit time.Duration) *slurm.Report {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		rep, err := slurm.Status(context.Background(), res)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Active() {
			return rep
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("the jobs of %s still run after %s", res, limit)
	return nil
}

// gpuDataset is one notebook that needs a GPU and one that does not.
func gpuDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755)
	os.MkdirAll(filepath.Join(dir, "competitions", "none", "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "notebooks", "gpu.py"), []byte("# %%\nimport torch\nprint(torch.cuda.is_available())\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notebooks", "cpu.py"), []byte("# %%\nprint(6 * 7)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte("name: gpu\nversion: \"1\"\nnotebooks:\n"+
		"  - {id: needs-gpu, competition: none, file: gpu.py}\n  - {id: cpu-only, competition: none, file: cpu.py}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "competitions", "none", "data", "README"), []byte("nothing to read\n"), 0o644)
	// A run takes only a sealed dataset.
	if code, _, errOut := erosion(t, "dataset", "seal", dir); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	return dir
}

// Asking for a GPU on a cluster without GPUs fails clearly: Slurm refuses
// the request before anything is queued; and a GPU shard that lands on a
// node without a GPU stops at once, naming the node, while the CPU shard
// runs. A node without the environment fails early the same way.
func TestSlurmGPUAndEnvironmentChecks(t *testing.T) {
	needSlurm(t)
	needDocker(t)
	bin := buildBinary(t)
	ds := gpuDataset(t)
	run := func(res string, extra ...string) []string {
		return args(append([]string{"run", "--slurm", "--dataset", ds, "--results", res, "--timeout", "90s",
			"--memory", "1GiB", "--cpus", "1", "--slurm-node-backend", "docker", "--slurm-binary", bin}, extra...)...)
	}

	t.Run("the cluster has no GPU to give", func(t *testing.T) {
		res := slurmResults(t)
		code, _, errOut := erosion(t, run(res)...)
		if code != 1 || !strings.Contains(errOut, "Invalid generic resource") || !strings.Contains(errOut, "--slurm-gpu-partition") || !strings.Contains(errOut, "GPU shards (1 runs of notebooks that need a GPU") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if p, _ := slurm.LoadPlan(res); p != nil && len(p.Submissions) > 0 {
			t.Errorf("something was queued: %+v", p.Submissions)
		}
	})

	t.Run("the node has no GPU", func(t *testing.T) {
		res := slurmResults(t)
		code, out, errOut := erosion(t, run(res, "--slurm-gres", "none", "--slurm-wait")...)
		if code != 1 || !strings.Contains(errOut, "1 of 2 shards did not finish") {
			t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
		}
		host := slurm.NodeName()
		if !strings.Contains(out, "node "+host+": shard") || !strings.Contains(out, "Slurm gave this task none") {
			t.Errorf("the status does not say which node lacks the GPU:\n%s", out)
		}
		runs, err := records.Runs.Read(res)
		if err != nil || len(runs) != 1 || runs[0].NotebookID != "cpu-only" || runs[0].Status != records.StatusOK {
			t.Errorf("the CPU shard's runs: %+v %v", runs, err)
		}
	})

	t.Run("the node lacks the environment", func(t *testing.T) {
		envsDir := t.TempDir()
		spec, err := os.ReadFile("../../configs/envs/trixie-slim.yaml")
		if err != nil {
			t.Fatal(err)
		}
		// Another package list: another digest, an image no node has (nor
		// could build: the package does not exist).
		spec = []byte(strings.Replace(strings.Replace(string(spec), "name: trixie-slim", "name: trixie-unbuilt", 1), "  - python3-xgboost\n", "  - python3-xgboost\n  - python3-erosion-never-built\n", 1))
		os.WriteFile(filepath.Join(envsDir, "trixie-unbuilt.yaml"), spec, 0o644)
		res := slurmResults(t)
		a := run(res, "--slurm-gres", "none", "--slurm-wait", "--env", "trixie-unbuilt")
		a = append(a[:len(a)-len(common)], "--envs-dir", envsDir)
		code, out, errOut := erosion(t, a...)
		if code != 1 || !strings.Contains(out, "node "+slurm.NodeName()+" has no image") || !strings.Contains(out, "docker load") {
			t.Errorf("exit %d\n%s\n%s", code, out, errOut)
		}
	})
}

// The array tasks get every run flag with this run's value: parsing their
// command line gives back the same run, on the node backend, resuming.
func TestWorkerArgsRoundTrip(t *testing.T) {
	var cli CLI
	_, err := mustParser(t, &cli).Parse([]string{"run", "--slurm", "--dataset", "../../datasets/starter",
		"--env", "trixie-slim", "--env", "bullseye-slim", "--timeout", "90s", "--cpus", "1.5", "--no-executed", "--stop-on-error",
		"--study", "it's a study", "--log-level", "debug", "--envs-dir", "../../configs/envs", "--backported", "--eras", "eras-slim", "--confirm", "3", "--slurm-shards", "4", "--slurm-node-backend", "sandbox",
		"--slurm-sbatch=--qos=long,short"})
	if err != nil {
		t.Fatal(err)
	}
	sf := &cli.Run.SlurmFlags
	if !slices.Equal(sf.Sbatch, []string{"--qos=long,short"}) {
		t.Errorf("--slurm-sbatch was split: %q", sf.Sbatch)
	}
	a, err := cli.Run.workerArgs(&cli.Globals)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a {
		if strings.HasPrefix(f, "--slurm") {
			t.Errorf("the tasks get %s", f)
		}
	}
	var back CLI
	if _, err := mustParser(t, &back).Parse(a); err != nil {
		t.Fatalf("the tasks' command line does not parse: %v\n%q", err, a)
	}
	want := cli.Run
	want.Backend, want.Resume = "sandbox", true
	want.SlurmFlags = SlurmFlags{}
	got := back.Run
	got.SlurmFlags = SlurmFlags{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the tasks run\n%+v\nnot\n%+v", got, want)
	}
	if back.LogLevel != cli.LogLevel {
		t.Errorf("globals: %+v, want %+v", back.Globals, cli.Globals)
	}
}

// A Slurm study of a dataset with targets publishes the targets table in
// the shared folder (written once at submission, not per shard), as a
// local run does.
func TestSlurmRecordsTargets(t *testing.T) {
	needSlurm(t)
	needDocker(t)
	bin := buildBinary(t)
	res := slurmResults(t)
	const id = "titanic-first-kernel-logreg-2017"
	code, out, errOut := erosion(t, args("run", "--slurm", "--dataset", "../../datasets/mini", "--notebooks", id, "--results", res,
		"--env", "trixie-slim", "--memory", "2GiB", "--cpus", "1", "--slurm-node-backend", "docker", "--slurm-binary", bin, "--slurm-wait")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	targets, err := records.Targets.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range targets {
		if r.Dataset == "mini" && r.NotebookID == id {
			found = r.TargetSource != "" && (r.KaggleTarget != nil || r.MeasuredTarget != nil)
		}
	}
	if len(targets) != 48 || !found {
		t.Errorf("targets: %d rows (want the dataset's 48), %s's row found with a target: %v", len(targets), id, found)
	}
	if runs, err := records.Runs.Read(res); err != nil || len(runs) == 0 || runs[0].NotebookID != id {
		t.Errorf("runs: %d rows (%v); want the notebook's runs", len(runs), err)
	}
}
