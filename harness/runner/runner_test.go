package runner

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func stream(lines ...string) *strings.Reader {
	return strings.NewReader(strings.Join(lines, "\n") + "\n")
}

const sup = `{"ev": "supervisor", "protocol": 2, "pid1": true, "undumpable": true, "cells": 2}`

func TestCollectAFinishedRun(t *testing.T) {
	c := NewCollector(2, 100)
	c.Collect(stream(sup,
		`{"ev": "hello", "protocol": 2, "engine": "ipython", "python": "3.13.5"}`,
		`{"ev": "start", "cell": 0, "pip_removed": ["!pip install x"]}`,
		`{"ev": "end", "cell": 0, "status": "ok", "duration_s": 0.5, "stdout": "hi", "stdout_bytes": 2}`,
		`{"ev": "start", "cell": 1, "pip_removed": []}`,
		`{"ev": "end", "cell": 1, "status": "error", "duration_s": 0.1, "error": {"type": "KeyError", "message": "'a'", "traceback": "tb"}}`,
		`{"ev": "done"}`,
		`{"ev": "exit", "code": 0, "signal": null, "peak_rss_bytes": 1000, "finished": true, "log_tail": "warn", "log_bytes": 4}`))
	r := c.Result()
	if r.Violation != "" || !r.Finished || !r.Exited || len(r.Cells) != 2 || r.Running != nil || r.Engine != "ipython" ||
		r.Cells[1].Error.Type != "KeyError" || len(r.PipRemoved) != 1 || r.PeakRSS != 1000 || *r.ExitCode != 0 || !r.PID1 {
		t.Fatalf("%+v", r)
	}
}

func TestCollectRefusesWhatIsNotTheProtocol(t *testing.T) {
	for name, lines := range map[string][]string{
		"no supervisor first": {`{"ev": "hello"}`},
		"another protocol":    {`{"ev": "supervisor", "protocol": 1}`},
		"end before start":    {sup, `{"ev": "end", "cell": 0, "status": "ok"}`},
		"out of order":        {sup, `{"ev": "start", "cell": 1}`},
		"more cells":          {sup, `{"ev": "start", "cell": 0}`, `{"ev": "end", "cell": 0, "status": "ok"}`, `{"ev": "start", "cell": 1}`, `{"ev": "end", "cell": 1, "status": "ok"}`, `{"ev": "start", "cell": 2}`},
		"not json":            {sup, `garbage`},
		"unknown event":       {sup, `{"ev": "rewrite"}`},
		"huge line":           {sup, `{"ev": "hello", "python": "` + strings.Repeat("x", 8<<20) + `"}`},
	} {
		c := NewCollector(2, 100)
		c.Collect(stream(lines...))
		if r := c.Result(); r.Violation == "" || r.Finished {
			t.Errorf("%s: accepted: %+v", name, r)
		}
	}
	// The kernel's own tampering, as the supervisor reports it.
	c := NewCollector(1, 100)
	c.Collect(stream(sup, `{"ev": "start", "cell": 0}`, `{"ev": "violation", "detail": "expected the end of cell 0"}`))
	if r := c.Result(); !strings.Contains(r.Violation, "record channel") || r.Running == nil || *r.Running != 0 {
		t.Errorf("%+v", r)
	}
}

// runner.py on the oldest and newest Python of the shipped environments, as
// a plain process (not PID 1): every cell reported, exceptions that cannot
// be described described anyway, bytes counted as bytes.
func TestRunnerOnEveryPython(t *testing.T) {
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("no docker client")
	}
	if exec.Command("docker", "version").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must provide a Docker daemon")
		}
		t.Skip("no Docker daemon")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "runner.py"), Source, 0o644)
	cells := []string{
		"print('héllo')",
		"class Odd(Exception):\n    def __str__(self):\n        raise KeyError(0)\nraise Odd()",
		"import sys\nsys.exit(0)",
		"x = 1",
	}
	data, _ := json.Marshal(Input{Cells: cells})
	os.WriteFile(filepath.Join(dir, "cells.json"), data, 0o644)
	for _, tag := range imagesOf(t, "bullseye-slim", "trixie-slim") {
		out, err := exec.Command("docker", "run", "--rm", "--network", "none", "-v", dir+":/r:ro", "-w", "/tmp", tag,
			"python3", "/r/runner.py", "--cells", "/r/cells.json", "--workdir", "/tmp", "--deadline-s", "120").Output()
		if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		c := NewCollector(len(cells), 65536)
		c.Collect(strings.NewReader(string(out)))
		r := c.Result()
		if r.Violation != "" || !r.Finished || len(r.Cells) != 4 {
			t.Fatalf("%s: %+v\n%s", tag, r, out)
		}
		if r.Cells[0].StdoutBytes != int64(len("héllo\n")) {
			t.Errorf("%s: %d bytes counted for %q", tag, r.Cells[0].StdoutBytes, r.Cells[0].Stdout)
		}
		if e := r.Cells[1].Error; e == nil || e.Type != "Odd" || !strings.Contains(e.Traceback, "Odd") {
			t.Errorf("%s: %+v", tag, e)
		}
		if r.Cells[2].Status != "ok" || r.Cells[3].Status != "ok" {
			t.Errorf("%s: sys.exit(0) ended the run: %+v", tag, r.Cells)
		}
	}
}

// imagesOf finds the Docker images of built environments by their
// org.erosion.env label.
func imagesOf(t *testing.T, names ...string) []string {
	var tags []string
	for _, n := range names {
		out, _ := exec.Command("docker", "images", "--filter", "label=org.erosion.env="+n, "--format", "{{.Repository}}:{{.Tag}}").Output()
		f := strings.Fields(string(out))
		if len(f) == 0 {
			if os.Getenv("CI") != "" {
				t.Fatalf("environment %s is not built (make test builds it)", n)
			}
			t.Skipf("environment %s is not built", n)
		}
		tags = append(tags, f[0])
	}
	return tags
}
