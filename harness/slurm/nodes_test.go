package slurm

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"erosion/harness/backends"
	"erosion/records"
)

func TestBinary(t *testing.T) {
	dir := t.TempDir()
	exe, plain := filepath.Join(dir, "erosion"), filepath.Join(dir, "notes.txt")
	os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(plain, nil, 0o644)
	if got, err := Binary(exe); err != nil || got != exe {
		t.Errorf("an executable: %q, %v", got, err)
	}
	for _, bad := range []string{plain, dir, filepath.Join(dir, "none")} {
		if _, err := Binary(bad); err == nil || !strings.Contains(err.Error(), "not an executable file") {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if got, err := Binary(""); err != nil || got == "" {
		t.Errorf("this process's binary: %q, %v", got, err)
	}
}

// A shard asks for its workers' CPUs and memory plus room for erosion,
// unless told otherwise.
func TestShardNeeds(t *testing.T) {
	n := ShardNeeds{Workers: 3, CPUs: 1.5, MemoryBytes: 2 << 30}
	r, err := n.Fill(Resources{Partition: "p"}, "")
	if err != nil || r.CPUs != 5 || r.MemMB != 3*2048+512 || r.Partition != "p" {
		t.Errorf("defaults: %+v, %v", r, err)
	}
	r, err = n.Fill(Resources{CPUs: 2}, "16GiB")
	if err != nil || r.CPUs != 2 || r.MemMB != 16384 {
		t.Errorf("given: %+v, %v", r, err)
	}
	if _, err := n.Fill(Resources{}, "1MiB"); err == nil || !strings.Contains(err.Error(), "--slurm-mem") {
		t.Errorf("a tiny --slurm-mem: %v", err)
	}
}

// A node without the environment says which node and how to bring it.
func TestNodeError(t *testing.T) {
	t.Setenv("SLURMD_NODENAME", "n7")
	other := errors.New("other")
	if NodeError(other, "/c") != other {
		t.Error("an unrelated error is changed")
	}
	err := NodeError(&backends.NotBuiltError{Env: "trixie-slim", Backend: "sandbox", Ref: "/c/envs/x"}, "/c")
	if err == nil || !strings.Contains(err.Error(), "node n7 has no rootfs of environment trixie-slim") || !strings.Contains(err.Error(), "--cache-dir /c") {
		t.Errorf("sandbox: %v", err)
	}
	err = NodeError(&backends.NotBuiltError{Env: "trixie-slim", Backend: "docker", Ref: "erosion-env:x"}, "/c")
	if err == nil || !strings.Contains(err.Error(), "docker save erosion-env:x") {
		t.Errorf("docker: %v", err)
	}
}

// Compacting a Slurm run's folder merges its shards and judges the
// verdicts again; a local folder is compacted under its lock.
func TestCompact(t *testing.T) {
	res := t.TempDir()
	p := &Plan{Version: PlanVersion, Results: res, Shards: []Shard{{ID: 0}, {ID: 1}}, Tolerance: 0.1}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	writeShardRun(t, res, 0, "a")
	writeShardRun(t, res, 1, "b")
	runs, files, err := Compact(res)
	if err != nil || runs != 2 || files != 1 {
		t.Fatalf("compact: %d runs in %d files, %v", runs, files, err)
	}
	if v, err := records.Verdicts.Read(res); err != nil || len(v) != 2 {
		t.Errorf("verdicts: %d, %v", len(v), err)
	}
	if _, _, err := Compact(t.TempDir()); err != nil {
		t.Errorf("an empty local folder: %v", err)
	}
}

// The plan's notebooks are its original runs, not an agent's.
func TestOriginals(t *testing.T) {
	runs := []Run{{Label: "a@trixie-slim"}, {Label: "b@trixie-slim"}, {Label: "a@backported"}, {Label: "a@trixie-slim~rules"}}
	ids, envs := NewPlan(runs, 2, 0).Originals()
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a", "a", "b"}) || len(envs) != 2 || !slices.Contains(envs, "backported") {
		t.Errorf("notebooks %v, environments %v", ids, envs)
	}
}
