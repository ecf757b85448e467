package docker

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"

	"erosion/harness"
	"erosion/harness/backendtest"
	"erosion/harness/envs"
)

// testBackend connects to the local daemon. Without one the Docker tests
// skip on a workstation, but fail in CI, where .ci/run starts one.
func testBackend(t *testing.T) *Backend {
	t.Helper()
	b, err := Connect(t.Context())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Docker daemon: %v", err)
		}
		t.Skipf("no Docker daemon: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// trixieImage builds the trixie environment if it is not built yet (minutes,
// once; later runs are cache hits) and returns its image.
func trixieImage(t *testing.T, b *Backend) string {
	t.Helper()
	spec, err := envs.Load("../../configs/envs/trixie-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := b.Ensure(t.Context(), spec, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatalf("building the trixie environment: %v", err)
	}
	return ref
}

// startSpec lays out a job as Execute would, for tests that drive Start.
func startSpec(t *testing.T, j harness.Job) harness.Spec {
	s, err := harness.Layout(j)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func job(t *testing.T, image string, cells ...string) harness.Job {
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "train.csv"), []byte("a,b\n1,2\n3,4\n"), 0o644)
	return harness.Job{
		ID:    strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")) + "-" + time.Now().Format("150405.000"),
		Image: image, Cells: cells, Dir: t.TempDir(),
		Inputs:  []harness.Input{{Slug: "comp", Dir: data}},
		Timeout: 60 * time.Second, Limits: harness.DefaultLimits,
	}
}

func TestRunCleanNotebook(t *testing.T) {
	b := testBackend(t)
	img := trixieImage(t, b)
	j := job(t, img,
		"import pandas as pd, sklearn\nprint(pd.__version__, sklearn.__version__)",
		"df = pd.read_csv('/kaggle/input/comp/train.csv')\ndf.to_csv('submission.csv', index=False)\ndf.shape")
	ex, err := harness.Execute(t.Context(), b, j)
	if err != nil {
		t.Fatal(err)
	}
	r := ex.Result
	if r == nil || !r.Finished || len(r.Cells) != 2 {
		t.Fatalf("result %+v, stderr %s", r, ex.Log)
	}
	for _, c := range r.Cells {
		if c.Status != "ok" {
			t.Fatalf("cell %d: %+v", c.Index, c.Error)
		}
	}
	if !strings.HasPrefix(r.Python, "3.13") || r.Engine != "ipython" {
		t.Errorf("python %s engine %s: not trixie's Python 3.13 with IPython", r.Python, r.Engine)
	}
	if !strings.HasPrefix(r.Cells[0].Stdout, "2.") {
		t.Errorf("pandas version printed: %q", r.Cells[0].Stdout)
	}
	if !strings.Contains(r.Cells[1].Stdout, "(2, 2)") {
		t.Errorf("last expression not displayed: %q", r.Cells[1].Stdout)
	}
	if !r.PID1 || !r.Undumpable || !r.Finished || !r.Exited {
		t.Errorf("supervisor: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(j.Dir, "working", "submission.csv")); err != nil {
		t.Errorf("submission not written to /kaggle/working: %v", err)
	}
}

func TestRunRemovedAPIContinues(t *testing.T) {
	b := testBackend(t)
	img := trixieImage(t, b)
	ex, err := harness.Execute(t.Context(), b, job(t, img,
		"import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})",
		"df.ix[0, 'a']",
		"import numpy as np\nx = np.float(1)",
		"print('still running')"))
	if err != nil {
		t.Fatal(err)
	}
	c := ex.Result.Cells
	if len(c) != 4 {
		t.Fatalf("runner stopped at the first error: %+v", ex.Result)
	}
	if c[1].Error == nil || c[1].Error.Type != "AttributeError" || !strings.Contains(c[1].Error.Message, "ix") {
		t.Errorf("cell 1: %+v", c[1].Error)
	}
	if c[2].Error == nil || c[2].Error.Type != "AttributeError" || !strings.Contains(c[2].Error.Traceback, "np.float") {
		t.Errorf("cell 2: %+v", c[2].Error)
	}
	if c[3].Status != "ok" || c[3].Stdout != "still running\n" {
		t.Errorf("cell 3: %+v", c[3])
	}
}

func TestRunTimeoutKillsAndRemoves(t *testing.T) {
	b := testBackend(t)
	img := trixieImage(t, b)
	j := job(t, img, "x = 1", "import time\ntime.sleep(600)", "print('never')")
	j.Timeout = 4 * time.Second
	start := time.Now()
	ex, err := harness.Execute(t.Context(), b, j)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.TimedOut || ex.Result == nil || ex.Result.Running == nil || *ex.Result.Running != 1 {
		t.Fatalf("want a timeout in cell 1, got %+v / %+v", ex, ex.Result)
	}
	if took := time.Since(start); took > 40*time.Second {
		t.Errorf("the kill took %s", took)
	}
	assertRemoved(t, b, j.ID)
}

// A container whose harness was killed (nothing supervises it) still ends
// at its deadline: the runner's supervisor is its PID 1 and keeps time.
func TestOrphanEndsByItself(t *testing.T) {
	b := testBackend(t)
	img := trixieImage(t, b)
	j := job(t, img, "import time\ntime.sleep(600)")
	j.Timeout = 2 * time.Second // deadline: 2s + DeadlineGrace
	spec := startSpec(t, j)
	p, err := b.Start(t.Context(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Remove(context.WithoutCancel(t.Context()))
	go io.Copy(io.Discard, p.Stdout())
	go io.Copy(io.Discard, p.Stderr())
	limit := time.Now().Add(j.Timeout + harness.DeadlineGrace + 60*time.Second)
	for time.Now().Before(limit) {
		insp, err := b.cli.ContainerInspect(t.Context(), "erosion-"+j.ID, client.ContainerInspectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if insp.Container.State != nil && !insp.Container.State.Running {
			if code := insp.Container.State.ExitCode; code != 124 {
				t.Errorf("exit code %d, want 124 (the supervisor's deadline)", code)
			}
			return
		}
		time.Sleep(time.Second)
	}
	t.Fatal("the unsupervised container kept running past its deadline")
}

func TestTaxonomyInRealContainers(t *testing.T) {
	b := testBackend(t)
	backendtest.Run(t, b, trixieImage(t, b), backendtest.Taxonomy)
}

func TestHostileNotebooks(t *testing.T) {
	b := testBackend(t)
	backendtest.Run(t, b, trixieImage(t, b), backendtest.Hostile)
}

func TestGPURequest(t *testing.T) {
	// What `docker run --gpus device=1` sends.
	r := GPURequest("1")
	if len(r.DeviceIDs) != 1 || r.DeviceIDs[0] != "1" || r.Count != 0 || r.Capabilities[0][0] != "gpu" {
		t.Errorf("%+v", r)
	}
}

func TestGPUWithoutRuntimeIsUnrecoverable(t *testing.T) {
	b := testBackend(t)
	if _, err := os.Stat("/dev/nvidiactl"); err == nil {
		t.Skip("this host has an NVIDIA driver")
	}
	j := job(t, trixieImage(t, b), "x = 1")
	j.GPU = "0"
	_, err := harness.Execute(t.Context(), b, j)
	if !errors.Is(err, harness.ErrUnrecoverable) || !strings.Contains(err.Error(), "no GPU runtime") {
		t.Fatalf("want a clear unrecoverable GPU error, got %v", err)
	}
	assertRemoved(t, b, j.ID)
}

func TestReapRemovesOnlyDeadOwners(t *testing.T) {
	b := testBackend(t)
	img := trixieImage(t, b)
	mk := func(owner string) string {
		c, err := b.cli.ContainerCreate(t.Context(), client.ContainerCreateOptions{
			Config:     &container.Config{Image: img, Cmd: []string{"true"}, Labels: map[string]string{LabelOwner: owner}},
			HostConfig: &container.HostConfig{NetworkMode: "none"},
		})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	dead := mk(b.host + ":999999999")
	live := mk(b.owner())
	defer b.cli.ContainerRemove(context.WithoutCancel(t.Context()), live, client.ContainerRemoveOptions{Force: true})
	if _, err := b.Reap(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.cli.ContainerInspect(t.Context(), dead, client.ContainerInspectOptions{}); err == nil {
		t.Error("container of a dead harness was not reaped")
	}
	if _, err := b.cli.ContainerInspect(t.Context(), live, client.ContainerInspectOptions{}); err != nil {
		t.Error("container of a live harness was reaped")
	}
}

func TestMissingImageIsClear(t *testing.T) {
	b := testBackend(t)
	_, err := harness.Execute(t.Context(), b, job(t, "erosion-env/nosuch:0", "x = 1"))
	if err == nil || !strings.Contains(err.Error(), "erosion envs build") {
		t.Fatalf("want a hint to build the environment, got %v", err)
	}
}

func TestUnreachableDaemon(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	_, err := Connect(t.Context())
	if err == nil || !strings.Contains(err.Error(), "no Docker daemon answers") {
		t.Fatalf("got %v", err)
	}
}

func assertRemoved(t *testing.T, b *Backend, jobID string) {
	t.Helper()
	list, err := b.cli.ContainerList(t.Context(), client.ContainerListOptions{All: true, Filters: client.Filters{}.Add("label", LabelRun+"="+jobID)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 0 {
		t.Errorf("container of job %s left behind", jobID)
	}
}

func mustSpec(tb testing.TB) *envs.Spec {
	tb.Helper()
	spec, err := envs.Load("../../configs/envs/trixie-slim.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return spec
}

// envImage builds (or finds) a slim era environment and returns its image
// and inventory.
func envImage(t *testing.T, b *Backend, name string) (string, *envs.Inventory) {
	t.Helper()
	spec, err := envs.Load("../../configs/envs/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	cache = filepath.Join(cache, "erosion")
	ref, err := b.Ensure(t.Context(), spec, cache, false)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := harness.TakeInventory(t.Context(), b, spec, ref)
	if err != nil {
		t.Fatal(err)
	}
	return ref, inv
}

// Erosion, observed: the same two lines run in the 2021 stack and break in
// today's, with the exceptions the API changes predict.
func TestErasErode(t *testing.T) {
	b := testBackend(t)
	cells := []string{
		"import pandas as pd, numpy as np, warnings\nwarnings.simplefilter('ignore')",
		"pd.DataFrame({'a': [1]}).append({'a': 2}, ignore_index=True)",
		"np.float(1.5)",
	}
	cases := []struct {
		env        string
		pandas     string // version prefix read from the inventory
		appendErr  string // "" = works
		npFloatErr string
	}{
		{"bullseye-slim", "1.1.", "", ""},
		{"bookworm-slim", "1.5.", "", "AttributeError"}, // append deprecated in 1.4, np.float removed in numpy 1.24
		{"trixie-slim", "2.2.", "AttributeError", "AttributeError"},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			img, inv := envImage(t, b, c.env)
			if !strings.HasPrefix(inv.Version("pandas"), c.pandas) {
				t.Errorf("%s holds pandas %s, expected %s*", c.env, inv.Version("pandas"), c.pandas)
			}
			j := job(t, img, cells...)
			ex, err := harness.Execute(t.Context(), b, j)
			if err != nil {
				t.Fatal(err)
			}
			got := ex.Result.Cells
			for i, want := range []string{"", c.appendErr, c.npFloatErr} {
				typ := ""
				if got[i].Error != nil {
					typ = got[i].Error.Type
				}
				if typ != want {
					t.Errorf("cell %d %q: exception %q, want %q", i, cells[i], typ, want)
				}
			}
		})
	}
}

// Pinned images and python environments need a registry; without one the
// error says what to do instead, and no image is left behind.
func TestRegistryKindsFailClearly(t *testing.T) {
	b := testBackend(t)
	if os.Getenv("EROSION_REGISTRY_REACHABLE") != "" {
		t.Skip("a registry is reachable here")
	}
	dir := t.TempDir()
	img := filepath.Join(dir, "kaggle.yaml")
	os.WriteFile(img, []byte("image: gcr.io/kaggle-gpu-images/python@sha256:"+strings.Repeat("7a", 32)+"\n"), 0o644)
	py := filepath.Join(dir, "py38.yaml")
	os.WriteFile(py, []byte("python: \"3.8\"\nrequirements: [pandas==1.1.5]\n"), 0o644)
	deb := filepath.Join(dir, "deb.yaml")
	os.WriteFile(deb, []byte("debian: bookworm\npackages: [python3, python3-pandas]\n"), 0o644)
	for path, want := range map[string]string{img: "docker load", py: "python environments need a registry", deb: "without it, leave --from-registry out"} {
		spec, err := envs.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		b.FromRegistry = path == deb
		_, err = b.Ensure(t.Context(), spec, t.TempDir(), false)
		b.FromRegistry = false
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(path), err, want)
		}
		if ok, _ := b.HasImage(t.Context(), spec.ImageRef()); ok {
			t.Errorf("%s: an image was left behind", spec.ImageRef())
		}
	}
}

func TestSessions(t *testing.T) {
	b := testBackend(t)
	backendtest.Sessions(t, b, trixieImage(t, b))
}
