package slurm

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/docker/go-units"

	"erosion/harness/backends"
)

// Binary is the erosion the nodes run: path, else this process's own
// executable; it must be an executable file.
func Binary(path string) (string, error) {
	bin := path
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("cannot find this erosion binary (%v): give --slurm-binary", err)
		}
		bin = exe
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(bin)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("--slurm-binary %s: not an executable file: give the erosion binary the nodes should run", bin)
	}
	return bin, nil
}

// ShardNeeds are the runs one shard makes at a time and each run's limits.
type ShardNeeds struct {
	Workers     int
	CPUs        float64 // per run
	MemoryBytes int64   // per run
}

// Fill gives r, where it leaves them unset, the CPUs and memory the
// shard's runs may use, plus room for erosion itself; mem (--slurm-mem),
// when given, is the shard's memory instead.
func (n ShardNeeds) Fill(r Resources, mem string) (Resources, error) {
	if r.CPUs <= 0 {
		r.CPUs = max(1, int(math.Ceil(float64(n.Workers)*n.CPUs)))
	}
	if mem != "" {
		b, err := units.RAMInBytes(mem)
		if err != nil || b < 64<<20 {
			return r, fmt.Errorf("--slurm-mem %q: give a size of at least 64MiB, e.g. 16GiB", mem)
		}
		r.MemMB = b >> 20
		return r, nil
	}
	r.MemMB = int64(n.Workers)*(n.MemoryBytes>>20) + 512
	return r, nil
}

// NodeError names the node, and how to bring the environment there, when
// err says a shard's node lacks one; other errors are returned as they are.
func NodeError(err error, cacheDir string) error {
	var nb *backends.NotBuiltError
	if !errors.As(err, &nb) {
		return err
	}
	node := NodeName()
	if nb.Backend == "sandbox" {
		return fmt.Errorf("node %s has no rootfs of environment %s (%s): put erosion's cache (--cache-dir %s) on storage every node mounts and build it once (`erosion envs build --backend sandbox %s`), or build it on this node", node, nb.Env, nb.Ref, cacheDir, nb.Env)
	}
	return fmt.Errorf("node %s has no image %s of environment %s: copy it from a machine that has it (`docker save %s | gzip > env.tar.gz`, then `docker load -i env.tar.gz` on every node), build it there (`erosion envs build --backend docker %s`), or run with --slurm-node-backend sandbox and the cache on shared storage", node, nb.Ref, nb.Env, nb.Ref, nb.Env)
}
