package external

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"erosion/grading/internal/dockertest"
)

// dockerSandbox is the Sandbox of these tests: `docker run` through the
// CLI with the isolation the interface asks for, over a built erosion
// environment. extra are files of the test (the grader program) bound
// read-only as well, standing for what an environment has installed.
type dockerSandbox struct {
	t     testing.TB
	extra []File
}

func (d dockerSandbox) RunGrader(ctx context.Context, env string, argv []string, files []File, l Limits) (Output, error) {
	image := dockertest.EnvImage(d.t, env)
	b := make([]byte, 6)
	rand.Read(b)
	name := "erosion-grader-test-" + hex.EncodeToString(b)
	args := []string{"run", "--rm", "--name", name, "--label", "org.erosion.grader-test=1",
		"--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
		"--user", "65534:65534", "--tmpfs", "/tmp:rw,size=64m",
		"--memory", strconv.FormatInt(l.MemoryBytes, 10), "--memory-swap", strconv.FormatInt(l.MemoryBytes, 10),
		"--pids-limit", strconv.Itoa(l.PIDs), "--cpus", strconv.FormatFloat(l.CPUs, 'f', -1, 64)}
	for _, f := range append(files, d.extra...) {
		args = append(args, "-v", f.HostPath+":"+f.Path+":ro")
	}
	args = append(append(args, image), argv...)

	stdout, stderr := &tailBuffer{limit: l.OutputBytes}, &tailBuffer{limit: l.OutputBytes}
	// Not CommandContext: killing the CLI would leave the container running.
	cmd := exec.Command("docker", args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return Output{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		exec.Command("docker", "kill", name).Run()
		<-done
		return Output{}, ctx.Err()
	}
	out := Output{Stdout: stdout.bytes(), Stderr: stderr.bytes(), Truncated: stdout.dropped || stderr.dropped}
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		out.ExitCode = ee.ExitCode()
	} else if err != nil {
		return out, err
	}
	return out, nil
}

// tailBuffer keeps the last limit bytes written to it.
type tailBuffer struct {
	mu      sync.Mutex
	limit   int
	buf     []byte
	dropped bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.limit {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.limit:]...)
		t.dropped = true
	}
	return len(p), nil
}

func (t *tailBuffer) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.buf) > t.limit {
		t.dropped = true
		return t.buf[len(t.buf)-t.limit:]
	}
	return t.buf
}

// running counts the test's grader containers still alive.
func running(t *testing.T) int {
	out, err := exec.Command("docker", "ps", "-q", "--filter", "label=org.erosion.grader-test=1").Output()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range out {
		if c == '\n' {
			n++
		}
	}
	return n
}

func graderProgram(t *testing.T) File {
	p, err := filepath.Abs("testdata/grader/grade_sample.py")
	if err != nil {
		t.Fatal(err)
	}
	return File{p, "/opt/grader/grade_sample.py"}
}

// mleSpec runs the stand-in grade-sample with a mode.
func mleSpec(mode string) Spec {
	return Spec{Kind: Kind, Env: "trixie-slim", Report: ReportMLEBench,
		Command: []string{"python3", "/opt/grader/grade_sample.py", "grade-sample", "{submission}", "{competition}",
			"--data-dir", "{data_dir}", "--mode", mode},
		AnswersAt: "{competition}/prepared/private/test.csv"}
}

func waitGone(t *testing.T) {
	deadline := time.Now().Add(30 * time.Second)
	for running(t) > 0 {
		if time.Now().After(deadline) {
			t.Fatal(fmt.Sprintf("%d grader containers still run", running(t)))
		}
		time.Sleep(time.Second)
	}
}
