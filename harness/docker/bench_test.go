package docker

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/client"

	"erosion/harness"
	"erosion/notebook"
	"erosion/results"
)

// benchNotebook is a real kernel from the starter dataset: pandas, seaborn
// and a cross-validated scikit-learn pipeline.
func benchNotebook(b *testing.B) (*notebook.Notebook, string) {
	nb, err := notebook.Read("../../datasets/starter/notebooks/titanic-rf-pipeline-2023.ipynb")
	if err != nil {
		b.Fatal(err)
	}
	data, _ := filepath.Abs("../../datasets/starter/competitions/titanic-mini/data")
	return nb, data
}

// runPlain runs cmd in a container hardened like erosion's runs, with dir
// at /erosion/in and data at /kaggle/input/titanic-mini: what a user would
// do by hand.
func runPlain(b *testing.B, be *Backend, image, dir, data string, cmd []string) {
	ctx := context.Background()
	os.MkdirAll(filepath.Join(dir, "working"), 0o777)
	os.Chmod(filepath.Join(dir, "working"), 0o777)
	c, err := be.cli.ContainerCreate(ctx, client.ContainerCreateOptions{
		Config: &container.Config{Image: image, Cmd: cmd, User: "1000:1000", WorkingDir: "/kaggle/working", Env: harness.RunnerEnv(harness.DefaultLimits), NetworkDisabled: true},
		HostConfig: &container.HostConfig{NetworkMode: "none", ReadonlyRootfs: true, CapDrop: []string{"ALL"}, Init: ptr(true),
			Tmpfs: map[string]string{"/tmp": "rw,size=1g"},
			Mounts: []mount.Mount{
				{Type: mount.TypeBind, Source: dir, Target: "/erosion/in", ReadOnly: true},
				{Type: mount.TypeBind, Source: filepath.Join(dir, "working"), Target: "/kaggle/working"},
				{Type: mount.TypeBind, Source: data, Target: "/kaggle/input/titanic-mini", ReadOnly: true},
			}},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer be.cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true})
	w := be.cli.ContainerWait(ctx, c.ID, client.ContainerWaitOptions{Condition: container.WaitConditionNextExit})
	if _, err := be.cli.ContainerStart(ctx, c.ID, client.ContainerStartOptions{}); err != nil {
		b.Fatal(err)
	}
	select {
	case r := <-w.Result:
		if r.StatusCode != 0 {
			b.Fatalf("%v exited %d", cmd, r.StatusCode)
		}
	case err := <-w.Error:
		b.Fatal(err)
	}
}

// BenchmarkOverhead runs the same notebook three ways per iteration and
// reports erosion's wall time as a ratio against bare `python3 script.py`
// and against `jupyter nbconvert --execute --allow-errors` (the study's way),
// all in fresh containers of the same environment.
func BenchmarkOverhead(b *testing.B) {
	be, err := Connect(context.Background())
	if err != nil {
		b.Skip(err)
	}
	defer be.Close()
	img, ok, _ := be.Lookup(context.Background(), mustSpec(b), "")
	if !ok {
		b.Skip("trixie is not built: run `erosion envs build trixie-slim`")
	}
	nb, data := benchNotebook(b)
	var script strings.Builder
	for _, c := range nb.CodeCells() {
		script.WriteString(c.Source + "\n\n")
	}
	var ipynb strings.Builder
	notebook.WriteExecuted(&ipynb, nb, nil)

	var tErosion, tPython, tNbconvert time.Duration
	for b.Loop() {
		dir := b.TempDir()
		start := time.Now()
		ex, err := harness.Execute(context.Background(), be, harness.Job{ID: "bench-" + time.Now().Format("150405.000000"), Image: img,
			Cells: sourcesOf(nb), Dir: dir, Timeout: 5 * time.Minute, Limits: harness.DefaultLimits,
			Inputs: []harness.Input{{Slug: "titanic-mini", Dir: data}}})
		if err != nil || ex.Result == nil || !ex.Result.Finished {
			b.Fatalf("erosion run: %v %+v", err, ex)
		}
		tErosion += time.Since(start)

		dir = b.TempDir()
		os.WriteFile(filepath.Join(dir, "script.py"), []byte(script.String()), 0o644)
		start = time.Now()
		runPlain(b, be, img, dir, data, []string{"python3", "/erosion/in/script.py"})
		tPython += time.Since(start)

		dir = b.TempDir()
		os.WriteFile(filepath.Join(dir, "nb.ipynb"), []byte(ipynb.String()), 0o644)
		start = time.Now()
		runPlain(b, be, img, dir, data, []string{"python3", "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
			"--ExecutePreprocessor.timeout=-1", "--output-dir", "/kaggle/working", "/erosion/in/nb.ipynb"})
		tNbconvert += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(tErosion.Seconds()/n, "erosion-s/run")
	b.ReportMetric(tPython.Seconds()/n, "python3-s/run")
	b.ReportMetric(tNbconvert.Seconds()/n, "nbconvert-s/run")
	b.ReportMetric(tErosion.Seconds()/tPython.Seconds(), "x-vs-python3")
	b.ReportMetric(tErosion.Seconds()/tNbconvert.Seconds(), "x-vs-nbconvert")
}

// BenchmarkThroughput runs a batch of short notebooks with 1 and 2 workers.
func BenchmarkThroughput(b *testing.B) {
	be, err := Connect(context.Background())
	if err != nil {
		b.Skip(err)
	}
	defer be.Close()
	img, ok, _ := be.Lookup(context.Background(), mustSpec(b), "")
	if !ok {
		b.Skip("trixie is not built: run `erosion envs build trixie-slim`")
	}
	const batch = 8
	for _, workers := range []int{1, 2} {
		b.Run("workers="+string(rune('0'+workers)), func(b *testing.B) {
			for b.Loop() {
				var ts []harness.Task
				for i := range batch {
					nb, _ := notebook.Parse("x.py", []byte("import pandas as pd\nimport sklearn\ndf = pd.DataFrame({'a': range(1000)})\ndf.describe()"))
					ts = append(ts, harness.Task{Study: "bench", Dataset: "d", NotebookID: "nb" + string(rune('a'+i)), Notebook: nb,
						Env: harness.Env{Name: "trixie-slim", Image: img}})
				}
				res, err := results.Open(b.TempDir(), "bench")
				if err != nil {
					b.Fatal(err)
				}
				h := &harness.Harness{Driver: be, Results: res, Workers: workers, Timeout: time.Minute, Limits: harness.DefaultLimits}
				start := time.Now()
				if _, err := h.Run(context.Background(), ts); err != nil {
					b.Fatal(err)
				}
				res.Close()
				b.ReportMetric(batch/time.Since(start).Minutes(), "notebooks/min")
			}
		})
	}
}

func sourcesOf(nb *notebook.Notebook) []string {
	var out []string
	for _, c := range nb.CodeCells() {
		out = append(out, c.Source)
	}
	return out
}
