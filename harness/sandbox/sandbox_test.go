package sandbox

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/harness"
	"erosion/harness/backendtest"
	"erosion/harness/envs"
)

// testBackend needs bwrap; .ci/setup-host installs it, so CI never skips.
func testBackend(t *testing.T) *Backend {
	t.Helper()
	b, err := New()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return b
}

// trixieRootfs builds the trixie rootfs unless cached (shared with the
// Docker backend's build).
func trixieRootfs(t *testing.T, b *Backend) string {
	t.Helper()
	spec, err := envs.Load("../../configs/envs/trixie-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	dir, ok, _ := b.Lookup(t.Context(), spec, filepath.Join(cache, "erosion"))
	if ok {
		return dir
	}
	if os.Geteuid() != 0 && os.Getenv("CI") == "" {
		t.Skip("building the trixie rootfs needs root")
	}
	dir, err = b.Ensure(t.Context(), spec, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestArgsLockDown(t *testing.T) {
	s := harness.Spec{Image: "/r", Limits: harness.DefaultLimits, Args: []string{"python3"}}
	a := strings.Join(Args(s, "/r", "/i", "/w", "/t", []harness.Bind{{Source: "/d", Target: "/kaggle/input/titanic"}}, 3), " ")
	for _, want := range []string{"--unshare-all", "--disable-userns", "--cap-drop ALL", "--ro-bind /r /", "--uid 1000", "--die-with-parent",
		"--as-pid-1", "--seccomp 3", "--remount-ro /kaggle/input", "--bind /w /kaggle/working", "--clearenv", "--chdir /kaggle/working"} {
		if !strings.Contains(a, want) {
			t.Errorf("bwrap args lack %q: %s", want, a)
		}
	}
	if strings.Contains(a, "--share-net") {
		t.Error("the sandbox must not share the network")
	}
}

func TestTaxonomyInSandbox(t *testing.T) {
	b := testBackend(t)
	backendtest.Run(t, b, trixieRootfs(t, b), backendtest.Taxonomy)
}

func TestHostileNotebooksInSandbox(t *testing.T) {
	b := testBackend(t)
	backendtest.Run(t, b, trixieRootfs(t, b), backendtest.Hostile)
}

// A timed-out run leaves no process behind, even ones it started in the
// background.
func TestTimeoutLeavesNoProcess(t *testing.T) {
	b := testBackend(t)
	root := trixieRootfs(t, b)
	marker := "erosion-orphan-" + time.Now().Format("150405.000000")
	c := backendtest.Case{Name: "orphans", Timeout: 3 * time.Second, Cells: []string{
		"import subprocess\nsubprocess.Popen(['sh', '-c', 'exec -a " + marker + " sleep 300'])",
		"import time\ntime.sleep(300)",
	}}
	e, _ := backendtest.RunCase(t, b, root, backendtest.NewFixture(t), c)
	if e.Run.Status != "timeout" {
		t.Fatalf("status %s", e.Run.Status)
	}
	time.Sleep(500 * time.Millisecond)
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		cmdline, _ := os.ReadFile(p)
		if strings.Contains(string(cmdline), marker) {
			t.Errorf("process left behind: %s %q", p, cmdline)
		}
	}
}

// An unsupervised sandbox (its harness gone) ends at its own deadline.
func TestOrphanEndsByItself(t *testing.T) {
	b := testBackend(t)
	j := harness.Job{ID: "orphan", Image: trixieRootfs(t, b), Cells: []string{"import time\ntime.sleep(600)"}, Dir: t.TempDir(),
		Timeout: 2 * time.Second, Limits: harness.DefaultLimits}
	s, err := harness.Layout(j)
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Start(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Remove(context.WithoutCancel(t.Context()))
	go io.Copy(io.Discard, p.Stdout())
	go io.Copy(io.Discard, p.Stderr())
	done := make(chan harness.Exit, 1)
	go func() { x, _ := p.Wait(context.Background()); done <- x }()
	select {
	case x := <-done:
		if x.Code != 124 {
			t.Errorf("exit code %d, want 124 (the supervisor's deadline)", x.Code)
		}
	case <-time.After(j.Timeout + harness.DeadlineGrace + 60*time.Second):
		t.Fatal("the unsupervised sandbox kept running past its deadline")
	}
}

func TestGPUWithoutDriverIsUnrecoverable(t *testing.T) {
	if _, err := os.Stat("/dev/nvidia0"); err == nil {
		t.Skip("this host has an NVIDIA GPU")
	}
	b := testBackend(t)
	_, err := harness.Execute(t.Context(), b, harness.Job{Image: trixieRootfs(t, b), GPU: "0", Dir: t.TempDir(), Timeout: time.Minute, Limits: harness.DefaultLimits})
	if !errors.Is(err, harness.ErrUnrecoverable) || !strings.Contains(err.Error(), "no NVIDIA driver") {
		t.Fatalf("got %v", err)
	}
}

func TestNotARootfs(t *testing.T) {
	b := testBackend(t)
	_, err := harness.Execute(t.Context(), b, harness.Job{Image: t.TempDir(), Dir: t.TempDir(), Timeout: time.Minute, Limits: harness.DefaultLimits})
	if !errors.Is(err, harness.ErrUnrecoverable) || !strings.Contains(err.Error(), "envs build --backend sandbox") {
		t.Fatalf("got %v", err)
	}
}

func TestSessionsInSandbox(t *testing.T) {
	b := testBackend(t)
	backendtest.Sessions(t, b, trixieRootfs(t, b))
}
