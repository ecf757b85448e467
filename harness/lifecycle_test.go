package harness_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"erosion/harness"
	"erosion/harness/backendtest"
)

// hostDriver is a third execution backend, for this test only: the runner
// as a plain host process, with no isolation at all. It implements the
// lifecycle (start, wait, stop, remove, reap) and nothing else; deadline,
// caps, cancellation, the record stream and the outcome are Execute's. It
// shows what adding a backend takes.
type hostDriver struct{ python string }

func (hostDriver) Name() string                      { return "host" }
func (hostDriver) Reap(context.Context) (int, error) { return 0, nil }

func (d hostDriver) Start(_ context.Context, s harness.Spec) (harness.Proc, error) {
	// The runner's command line names the paths it would have in a
	// sandbox: here they are the host folders themselves.
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		a = strings.Replace(a, "/erosion/in", s.In, 1)
		args[i] = strings.Replace(a, "/kaggle/working", s.Working, 1)
	}
	cmd := exec.Command(d.python, args[1:]...)
	cmd.Dir, cmd.Env = s.Working, append(s.Env, "PATH=/usr/bin:/bin")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Plain pipes: Execute reads them to their end while Wait runs.
	outR, outW, _ := os.Pipe()
	errR, errW, _ := os.Pipe()
	cmd.Stdout, cmd.Stderr = outW, errW
	err := cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		return nil, err
	}
	return &hostProc{cmd: cmd, out: outR, err: errR, mark: s.In}, nil
}

type hostProc struct {
	cmd      *exec.Cmd
	out, err *os.File
	mark     string // in every command line of the run: its in/ folder
}

func (p *hostProc) Stdout() io.Reader { return p.out }
func (p *hostProc) Stderr() io.Reader { return p.err }

func (p *hostProc) Wait(context.Context) (harness.Exit, error) {
	err := p.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return harness.Exit{Code: ee.ExitCode()}, nil
	}
	return harness.Exit{}, err
}

// Stop kills the runner and its kernel, which runs in a process group of
// its own: with no sandbox to tear down, they are found by their command
// line.
func (p *hostProc) Stop(context.Context) error {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range procs {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), p.mark) {
			if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(f))); err == nil {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
	return nil
}

func (p *hostProc) Remove(ctx context.Context) error {
	p.Stop(ctx) // nothing of the run outlives it
	p.out.Close()
	p.err.Close()
	return nil
}

// The host driver passes the cases of the conformance suite that need no
// isolation and no third-party library: Execute does the rest.
func TestAThirdDriverNeedsOnlyTheLifecycle(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on the host")
	}
	var cases []backendtest.Case
	for _, c := range backendtest.Taxonomy {
		switch c.Name {
		case "other", "timeout", "kernel-crash", "exception that cannot be described":
			cases = append(cases, c)
		}
	}
	if len(cases) != 4 {
		t.Fatalf("the suite changed: %d cases", len(cases))
	}
	backendtest.Run(t, hostDriver{py}, "", cases)
}
