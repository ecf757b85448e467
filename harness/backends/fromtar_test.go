package backends_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
)

// exportTar writes a `docker export` tar of a container of the built
// bullseye-slim environment: what a user brings from a machine that has an
// image to one that cannot pull it.
func exportTar(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	b, err := backends.Open(ctx, "docker")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	defer backends.Close(b)
	spec, err := envs.Load("../../configs/envs/bullseye-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	inv, err := backends.Ready(ctx, b, spec, filepath.Join(cache, "erosion"))
	if err != nil {
		t.Fatalf("%v (make test builds it)", err)
	}
	name := "erosion-fromtar-test-" + strings.ReplaceAll(t.Name(), "/", "-")
	exec.Command("docker", "rm", "-f", name).Run()
	if out, err := exec.Command("docker", "create", "--name", name, inv.Ref).CombinedOutput(); err != nil {
		t.Fatalf("docker create: %v: %s", err, out)
	}
	defer exec.Command("docker", "rm", "-f", name).Run()
	tar := filepath.Join(t.TempDir(), "env.tar")
	if out, err := exec.Command("docker", "export", "-o", tar, name).CombinedOutput(); err != nil {
		t.Fatalf("docker export: %v: %s", err, out)
	}
	return tar
}

func sha(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
}

// An image: environment no registry here serves is made from an exported
// tar on both backends, inventoried inside, and runs notebooks.
func TestFromTar(t *testing.T) {
	tar := exportTar(t)
	sum := sha(t, tar)
	spec := &envs.Spec{Name: "from-tar-test", Image: "registry.invalid/erosion/from-tar@sha256:" + sum}
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sandbox", "docker"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			b, err := backends.Open(ctx, name)
			if err != nil {
				t.Skip(err)
			}
			defer backends.Close(b)
			cache := t.TempDir()
			if _, err := backends.Ready(ctx, b, spec, cache); err == nil {
				t.Fatal("the environment is ready before it was made")
			}
			if name == "sandbox" {
				_, err := backends.Ensure(ctx, b, spec, cache, false)
				if err == nil || !strings.Contains(err.Error(), "--from-tar") {
					t.Errorf("Ensure of an image environment on the sandbox: %v", err)
				}
			}
			inv, err := backends.FromTar(ctx, b, spec, cache, tar, false)
			if err != nil {
				t.Fatal(err)
			}
			if name == "docker" {
				t.Cleanup(func() { exec.Command("docker", "rmi", "-f", envs.LocalImageRef(spec)).Run() })
				if inv.Ref != envs.LocalImageRef(spec) {
					t.Errorf("docker ref %s, want %s", inv.Ref, envs.LocalImageRef(spec))
				}
			}
			if !strings.HasPrefix(inv.Python, "3.9.") || inv.Version("pandas") != "1.1.5" || inv.Kind != envs.KindImage {
				t.Errorf("inventory: python %s, pandas %s, kind %s", inv.Python, inv.Version("pandas"), inv.Kind)
			}
			src, err := os.ReadFile(filepath.Join(cache, "envs", spec.CacheKey(), envs.FromTarFile))
			if err != nil || !strings.Contains(string(src), sum) {
				t.Errorf("%s: %s, %v", envs.FromTarFile, src, err)
			}
			again, err := backends.Ready(ctx, b, spec, cache)
			if err != nil || again.Digest != inv.Digest {
				t.Errorf("Ready after FromTar: %v", err)
			}
			if _, err := backends.FromTar(ctx, b, spec, cache, tar, false); err == nil || !strings.Contains(err.Error(), "--rebuild") {
				t.Errorf("a second FromTar without rebuild: %v", err)
			}
			data := t.TempDir()
			os.WriteFile(filepath.Join(data, "train.csv"), []byte("a,b\n1,2\n"), 0o644)
			os.Chmod(data, 0o755)
			ex, err := harness.Execute(ctx, b, harness.Job{ID: "fromtar-" + name, Image: inv.Ref, Dir: t.TempDir(),
				Cells:   []string{"import pandas as pd\nprint(pd.read_csv('../input/train.csv').b.sum(), pd.__version__)"},
				Inputs:  []harness.Input{{Slug: "toy", Dir: data}},
				Timeout: time.Minute, Limits: harness.DefaultLimits})
			if err != nil {
				t.Fatal(err)
			}
			if c := ex.Result.Cells; len(c) != 1 || c[0].Error != nil || strings.TrimSpace(c[0].Stdout) != "2 1.1.5" {
				t.Errorf("a notebook in the environment: %+v\n%s", ex.Result.Cells, ex.Log)
			}
		})
	}
}
