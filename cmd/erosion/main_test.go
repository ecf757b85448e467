package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"erosion/harness"
	"erosion/harness/docker"
	"erosion/notebook"
	"erosion/records"
	"erosion/results"
)

// erosion runs the CLI in-process and returns its exit code and output.
func erosion(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	stdout, stderr = &out, &errOut
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	code := run(args)
	return code, out.String(), errOut.String()
}

// needDocker skips on a workstation without a daemon; CI always has one.
func needDocker(t *testing.T) {
	t.Helper()
	b, err := docker.Connect(context.Background())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Docker daemon: %v", err)
		}
		t.Skipf("no Docker daemon: %v", err)
	}
	b.Close()
}

// common are flags every test invocation takes (none: the environment
// specs and era tables are built into the binary).
var common []string

func args(a ...string) []string { return append(slices.Clone(a), common...) }

// starterOutcomes is what the starter dataset does in trixie, whichever
// backend runs it.
var starterOutcomes = map[string]struct{ status, exc, category string }{
	"titanic-cross-validation-2016": {records.StatusError, "ModuleNotFoundError", harness.FailRemovedAPI}, // scikit-learn is installed: the module was removed
	"titanic-ix-logreg-2017":        {records.StatusError, "AttributeError", harness.FailRemovedAPI},
	"titanic-catplot-2018":          {records.StatusOK, "", ""},
	"titanic-gridsearch-2019":       {records.StatusTimeout, "", harness.FailTimeout},
	"titanic-eda-2020":              {records.StatusError, "AttributeError", harness.FailRemovedAPI},
	"titanic-rf-pipeline-2023":      {records.StatusOK, "", ""},
}

// TestStudyOnStarterDataset is the backbone end to end: the trixie image is
// built (or found), the starter dataset runs in real containers, the runs
// land in Parquet, DuckDB reads the same rows, and analyze prints the table.
func TestStudyOnStarterDataset(t *testing.T) {
	needDocker(t)
	res := t.TempDir()
	code, out, errOut := erosion(t, args("study", "--dataset", "../../datasets/starter", "--results", res, "--workers", "2", "--timeout", "90s")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	runs, err := records.Runs.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	checkStarter(t, runs, "docker")
	if !strings.Contains(out, "33.3") || !strings.Contains(out, "removed-api") {
		t.Errorf("analyze output lacks the rate or the taxonomy:\n%s", out)
	}

	// Artefacts: the executed notebook with its outputs, the submission.
	art := filepath.Join(res, "artefacts", "trixie-slim", "original")
	exe, err := notebook.Read(filepath.Join(art, "titanic-ix-logreg-2017", "attempt-0", "executed.ipynb"))
	if err != nil || len(exe.CodeCells()) != 5 {
		t.Errorf("executed notebook: %v", err)
	}
	executedMetadata(t, filepath.Join(art, "titanic-ix-logreg-2017", "attempt-0", "executed.ipynb"), "error")
	executedMetadata(t, filepath.Join(art, "titanic-gridsearch-2019", "attempt-0", "executed.ipynb"), "timeout")
	// The run ends with a summary per environment.
	if !strings.Contains(out, "environment  notebooks  ok  error  timeout  crash  reproduced\ntrixie-slim  6          2   3      1        0      -") {
		t.Errorf("no closing summary:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(art, "titanic-rf-pipeline-2023", "attempt-0", "working", "submission.csv")); err != nil {
		t.Errorf("submission of the clean notebook: %v", err)
	}

	t.Run("duckdb reads the same rows", func(t *testing.T) { duckdbMatches(t, res, runs) })

	t.Run("resume runs nothing twice", func(t *testing.T) {
		code, _, errOut := erosion(t, args("run", "--dataset", "../../datasets/starter", "--results", res, "--resume")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		again, _ := records.Runs.Read(res)
		if len(again) != len(runs) {
			t.Errorf("resume added rows: %d -> %d", len(runs), len(again))
		}
	})
	t.Run("reusing a results folder needs --resume", func(t *testing.T) {
		code, _, errOut := erosion(t, args("run", "--dataset", "../../datasets/starter", "--results", res)...)
		if code != 2 || !strings.Contains(errOut, "--resume") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}

// duckdbMatches reads the runs table with DuckDB (hive partitions on) and
// compares it row by row with what erosion read.
func duckdbMatches(t *testing.T, res string, runs []records.Run) {
	cache, _ := os.UserCacheDir()
	dir := filepath.Join(cache, "erosion", "duckdb")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide DuckDB (.ci/setup-host installs it): %v", err)
		}
		t.Skip("DuckDB for node not installed; run .ci/setup-host")
	}
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const r = await c.runAndReadAll("SELECT notebook_id, environment, status, exception_type, failing_cell, cells_ok, duration_s, epoch_ms(started_at) AS started_ms FROM read_parquet('" + process.argv[2] + "/runs/**/*.parquet', hive_partitioning = true) ORDER BY notebook_id");
console.log(JSON.stringify(r.getRowObjectsJson()));`
	sp := filepath.Join(dir, "erosion-read-runs.mjs")
	if err := os.WriteFile(sp, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	outb, err := exec.CommandContext(ctx, "node", sp, res).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, outb)
	}
	var rows []map[string]any
	if err := json.Unmarshal(outb, &rows); err != nil {
		t.Fatalf("duckdb output: %v\n%s", err, outb)
	}
	slices.SortFunc(runs, func(a, b records.Run) int { return strings.Compare(a.NotebookID, b.NotebookID) })
	if len(rows) != len(runs) {
		t.Fatalf("duckdb read %d rows, erosion %d", len(rows), len(runs))
	}
	for i, r := range runs {
		d := rows[i]
		got := []any{d["notebook_id"], d["environment"], d["status"], d["exception_type"], d["failing_cell"], d["cells_ok"], d["duration_s"], d["started_ms"]}
		// "none" is NULL in the files: no exception type, no failing cell.
		var exc, cell any
		if r.ExceptionType != "" {
			exc = r.ExceptionType
		}
		if r.FailingCell != nil {
			cell = float64(*r.FailingCell)
		}
		wantRow := []any{r.NotebookID, r.Environment, r.Status, exc, cell, float64(r.CellsOK), r.DurationS, r.StartedAt.UnixMilli()}
		for j := range got {
			if !sameValue(got[j], wantRow[j]) {
				t.Errorf("row %s column %d: duckdb %v (%T), erosion %v", r.NotebookID, j, got[j], got[j], wantRow[j])
			}
		}
	}
}

func sameValue(duck, want any) bool {
	switch w := want.(type) {
	case int64:
		switch d := duck.(type) {
		case string:
			return d == strings.TrimSpace(jsonNum(w))
		case float64:
			return int64(d) == w
		}
	case float64:
		if d, ok := duck.(float64); ok {
			return d == w
		}
	case string:
		return duck == w
	case nil:
		return duck == nil
	}
	return false
}

func jsonNum(i int64) string { b, _ := json.Marshal(i); return string(b) }

func TestUsageAndConfigErrors(t *testing.T) {
	dir := t.TempDir()
	// A dataset whose only notebook is a truncated .ipynb.
	bad := filepath.Join(dir, "bad")
	os.MkdirAll(filepath.Join(bad, "notebooks"), 0o755)
	os.MkdirAll(filepath.Join(bad, "competitions", "c", "data"), 0o755)
	os.WriteFile(filepath.Join(bad, "dataset.yaml"), []byte("name: bad\nnotebooks:\n  - {id: broken, competition: c, file: broken.ipynb}\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "notebooks", "broken.ipynb"), []byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "sou`), 0o644)
	cfg := filepath.Join(dir, "bad.yaml")
	os.WriteFile(cfg, []byte("dataset: datasets/starter\nworkerz: 3\n"), 0o644)

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"malformed notebook", args("run", "--dataset", bad, "--results", filepath.Join(dir, "r1")), 2, "broken.ipynb: not a valid notebook"},
		{"missing dataset", args("run", "--dataset", filepath.Join(dir, "nope"), "--results", filepath.Join(dir, "r2")), 2, "does not exist"},
		{"bad config key", args("run", "--config", cfg), 2, `unknown key "workerz"`},
		{"unknown environment", args("run", "--dataset", "../../datasets/starter", "--env", "nosuch", "--results", filepath.Join(dir, "r3")), 2, `no environment named "nosuch"`},
		{"bad flag", args("run", "--wrokers", "2"), 2, "unknown flag"},
		{"analyze nothing", args("analyze", "--results", filepath.Join(dir, "none")), 2, "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := erosion(t, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, c.code, errOut, c.want)
			}
			first := strings.SplitN(errOut, "\n", 2)[0]
			if !strings.HasPrefix(first, "erosion: ") || !strings.Contains(first, c.want) {
				t.Errorf("the error is not one line starting with erosion: %q", errOut)
			}
		})
	}
}

func checkStarter(t *testing.T, runs []records.Run, backend string) {
	t.Helper()
	if len(runs) != len(starterOutcomes) {
		t.Fatalf("%d runs, want %d", len(runs), len(starterOutcomes))
	}
	for _, r := range runs {
		w := starterOutcomes[r.NotebookID]
		if r.Status != w.status || r.ExceptionType != w.exc || r.FailureCategory != w.category {
			t.Errorf("%s: status %s %s %s, want %+v (%s)", r.NotebookID, r.Status, r.ExceptionType, r.FailureCategory, w, r.ExceptionMsg)
		}
		if r.Environment != "trixie-slim" || r.EnvDigest == "" || r.Backend != backend || r.Study != "starter" || r.CellsTotal == 0 {
			t.Errorf("%s: bookkeeping fields %+v", r.NotebookID, r)
		}
	}
}

// Without a Docker daemon, auto picks the sandbox, and the notebooks end
// the same way.
func TestSandboxFallbackSameOutcomes(t *testing.T) {
	if _, err := exec.LookPath("bwrap"); err != nil && os.Getenv("CI") == "" {
		t.Skip("no bubblewrap")
	}
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	res := t.TempDir()
	code, out, errOut := erosion(t, args("study", "--dataset", "../../datasets/starter", "--results", res, "--workers", "2", "--timeout", "90s")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "using the sandbox backend") {
		t.Errorf("the fallback was not announced: %s", errOut)
	}
	runs, err := records.Runs.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	checkStarter(t, runs, "sandbox")
}

func TestUnreachableDaemonExitsOne(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	code, _, errOut := erosion(t, args("run", "--backend", "docker", "--dataset", "../../datasets/starter", "--results", t.TempDir())...)
	if code != 1 || !strings.Contains(errOut, "no Docker daemon answers") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestConfigPrecedence(t *testing.T) {
	// flags > EROSION_* > config file > defaults
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("workers: 3\nresults: from-config\nstudy: from-config\nenv: [a, b]\n"), 0o644)
	t.Setenv("EROSION_RESULTS", "from-env")
	var cli CLI
	parse := func(a ...string) {
		t.Helper()
		cli = CLI{}
		p := mustParser(t, &cli)
		if _, err := p.Parse(a); err != nil {
			t.Fatal(err)
		}
	}
	parse("run", "--config", cfg, "--dataset", "x", "--study", "from-flag")
	if cli.Run.Workers != 3 || cli.Run.Results != absPath(t, "from-env") || cli.Run.Study != "from-flag" || strings.Join(cli.Run.Env, ",") != "a,b" {
		t.Errorf("got workers=%d results=%s study=%s env=%v", cli.Run.Workers, cli.Run.Results, cli.Run.Study, cli.Run.Env)
	}
}

func absPath(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustParser(t *testing.T, cli *CLI) *kong.Kong {
	t.Helper()
	p, err := newParser(cli)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// buildBinary builds erosion once for the tests that need a real process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "erosion")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitJournal waits until the results folder's journals hold n entries.
func waitJournal(t *testing.T, res string, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if e, _ := results.ReadEntries(res); len(e) >= n {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no %d journal entries after %s", n, limit)
}

// checkOnce asserts every run of the dataset is recorded exactly once, in
// the journals and in Parquet.
func checkOnce(t *testing.T, res string) {
	t.Helper()
	entries, err := results.ReadEntries(res)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		seen[e.Run.NotebookID]++
	}
	for id := range starterOutcomes {
		if seen[id] != 1 {
			t.Errorf("%s journalled %d times", id, seen[id])
		}
	}
	runs, err := records.Runs.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(starterOutcomes) {
		t.Errorf("%d rows in runs, want %d", len(runs), len(starterOutcomes))
	}
}

// A harness killed with SIGKILL mid-study loses only the runs in flight:
// --resume finishes the rest, runs nothing twice and reaps the dead
// harness's containers.
func TestResumeAfterKill9(t *testing.T) {
	needDocker(t)
	bin := buildBinary(t)
	res := t.TempDir()
	cmd := exec.Command(bin, args("run", "--dataset", "../../datasets/starter", "--results", res, "--timeout", "90s", "--backend", "docker")...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitJournal(t, res, 2, 3*time.Minute)
	cmd.Process.Kill()
	cmd.Wait()
	done, _ := results.ReadEntries(res)

	code, _, errOut := erosion(t, args("run", "--dataset", "../../datasets/starter", "--results", res, "--timeout", "90s", "--backend", "docker", "--resume")...)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errOut)
	}
	checkOnce(t, res)
	if len(done) >= len(starterOutcomes) {
		t.Logf("the kill came after the last run; nothing left to resume")
	}
	if n := leftoverContainers(t, cmd.Process.Pid); n != 0 {
		t.Errorf("%d containers of the killed harness were not reaped", n)
	}
}

// Ctrl-C stops cleanly: exit 130, no container left, a consistent journal
// that --resume completes.
func TestInterruptStopsCleanly(t *testing.T) {
	needDocker(t)
	bin := buildBinary(t)
	res := t.TempDir()
	cmd := exec.Command(bin, args("run", "--dataset", "../../datasets/starter", "--results", res, "--timeout", "90s", "--workers", "2", "--backend", "docker")...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitJournal(t, res, 1, 3*time.Minute)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit after Ctrl-C: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "--resume") {
		t.Errorf("the interrupt message should say how to resume: %s", errOut.String())
	}
	if n := leftoverContainers(t, cmd.Process.Pid); n != 0 {
		t.Errorf("%d containers left after Ctrl-C", n)
	}
	code, _, out := erosion(t, args("run", "--dataset", "../../datasets/starter", "--results", res, "--timeout", "90s", "--backend", "docker", "--resume")...)
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, out)
	}
	checkOnce(t, res)
}

// leftoverContainers counts containers labelled as started by pid.
func leftoverContainers(t *testing.T, pid int) int {
	t.Helper()
	host, _ := os.Hostname()
	out, err := exec.Command("docker", "ps", "-aq", "--filter", "label="+docker.LabelOwner+"="+host+":"+strconv.Itoa(pid)).Output()
	if err != nil {
		t.Fatalf("docker ps: %v", err)
	}
	return len(strings.Fields(string(out)))
}

// executedMetadata checks an executed notebook's papermill-style metadata:
// the run's status and times, each reached code cell's status, times and
// duration in order, and the traceback of an error once.
func executedMetadata(t *testing.T, path, status string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type meta struct {
		Status    string   `json:"status"`
		StartTime string   `json:"start_time"`
		EndTime   string   `json:"end_time"`
		Duration  *float64 `json:"duration"`
	}
	var doc struct {
		Metadata struct {
			Erosion meta `json:"erosion"`
		} `json:"metadata"`
		Cells []struct {
			CellType string `json:"cell_type"`
			Metadata struct {
				Erosion *meta `json:"erosion"`
			} `json:"metadata"`
			Outputs json.RawMessage `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Metadata.Erosion
	if run.Status != status || run.StartTime == "" || run.EndTime < run.StartTime || run.Duration == nil || *run.Duration <= 0 {
		t.Errorf("%s: run metadata %+v", path, run)
	}
	last, statuses := run.StartTime, []string{}
	for _, c := range doc.Cells {
		m := c.Metadata.Erosion
		if c.CellType != "code" {
			continue
		}
		if m == nil {
			t.Fatalf("%s: a code cell without metadata", path)
		}
		statuses = append(statuses, m.Status)
		if n := strings.Count(string(c.Outputs), "Traceback (most recent call last)"); n > 1 || (n == 1) != (m.Status == "error") {
			t.Errorf("%s: a cell (%s) shows its traceback %d times", path, m.Status, n)
		}
		if m.Status == "not-run" {
			continue
		}
		if m.StartTime < last || m.EndTime < m.StartTime || m.Duration == nil {
			t.Errorf("%s: cell times out of order: %+v after %s", path, m, last)
		}
		last = m.EndTime
	}
	switch status {
	case "error":
		if !slices.Contains(statuses, "error") {
			t.Errorf("%s: statuses %v", path, statuses)
		}
	case "timeout":
		if !slices.Contains(statuses, "interrupted") {
			t.Errorf("%s: statuses %v: the cell the timeout stopped should be interrupted", path, statuses)
		}
	}
}
