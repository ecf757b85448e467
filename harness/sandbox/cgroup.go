package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"erosion/harness"
)

// cgroup holds one run's processes and enforces its memory, pids and CPU
// limits, on cgroup v2 (unified) or v1 (one hierarchy per controller).
type cgroup struct {
	dirs   []string // one for v2; memory, pids, cpu for v1
	memory string   // the dir whose memory files tell about OOM kills
	v2     bool
}

const cgroupRoot = "/sys/fs/cgroup"

// newCgroup creates the cgroup of a run. It fails where cgroups are not
// writable (not root, read-only cgroupfs).
func newCgroup(name string, lim harness.Limits) (*cgroup, error) {
	if _, err := os.Stat(filepath.Join(cgroupRoot, "cgroup.controllers")); err == nil {
		return newCgroupV2(name, lim)
	}
	return newCgroupV1(name, lim)
}

func newCgroupV2(name string, lim harness.Limits) (*cgroup, error) {
	parent := filepath.Join(cgroupRoot, "erosion")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// Controllers must be delegated down the tree before a child can use them.
	for _, dir := range []string{cgroupRoot, parent} {
		if err := os.WriteFile(filepath.Join(dir, "cgroup.subtree_control"), []byte("+memory +pids +cpu"), 0o644); err != nil {
			return nil, fmt.Errorf("enabling cgroup controllers in %s: %w", dir, err)
		}
	}
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	c := &cgroup{dirs: []string{dir}, memory: dir, v2: true}
	files := map[string]string{
		"memory.max":      strconv.FormatInt(lim.MemoryBytes, 10),
		"memory.swap.max": "0",
		"pids.max":        strconv.FormatInt(lim.Pids, 10),
		"cpu.max":         fmt.Sprintf("%d 100000", int64(lim.CPUs*100000)),
	}
	for f, v := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(v), 0o644); err != nil && f != "memory.swap.max" {
			c.remove()
			return nil, fmt.Errorf("setting %s: %w", f, err)
		}
	}
	return c, nil
}

func newCgroupV1(name string, lim harness.Limits) (*cgroup, error) {
	c := &cgroup{}
	settings := []struct {
		controller string
		files      [][2]string
	}{
		{"memory", [][2]string{{"memory.limit_in_bytes", strconv.FormatInt(lim.MemoryBytes, 10)}, {"memory.memsw.limit_in_bytes", strconv.FormatInt(lim.MemoryBytes, 10)}}},
		{"pids", [][2]string{{"pids.max", strconv.FormatInt(lim.Pids, 10)}}},
		{"cpu", [][2]string{{"cpu.cfs_period_us", "100000"}, {"cpu.cfs_quota_us", strconv.FormatInt(int64(lim.CPUs*100000), 10)}}},
	}
	for _, s := range settings {
		dir := filepath.Join(cgroupRoot, s.controller, "erosion", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			c.remove()
			return nil, err
		}
		c.dirs = append(c.dirs, dir)
		if s.controller == "memory" {
			c.memory = dir
		}
		for _, f := range s.files {
			err := os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644)
			// memsw exists only with swap accounting: without it there is
			// no swap to limit.
			if err != nil && !(f[0] == "memory.memsw.limit_in_bytes" && errors.Is(err, os.ErrNotExist)) {
				c.remove()
				return nil, fmt.Errorf("setting %s: %w", f[0], err)
			}
		}
	}
	return c, nil
}

// procFiles are the files a process id is written to, to join the cgroup.
func (c *cgroup) procFiles() []string {
	out := make([]string, len(c.dirs))
	for i, d := range c.dirs {
		out[i] = filepath.Join(d, "cgroup.procs")
	}
	return out
}

// oomKilled reports whether the kernel killed a process of the cgroup for
// exceeding its memory limit.
func (c *cgroup) oomKilled() bool {
	file := "memory.oom_control" // v1: "oom_kill N" since Linux 4.13
	if c.v2 {
		file = "memory.events"
	}
	data, err := os.ReadFile(filepath.Join(c.memory, file))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == "oom_kill" && v != "0" {
			return true
		}
	}
	return false
}

// killAll sends SIGKILL to every process left in the cgroup.
func (c *cgroup) killAll() {
	for _, f := range c.procFiles() {
		data, _ := os.ReadFile(f)
		for _, l := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(l); err == nil {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
}

func (c *cgroup) remove() {
	for _, d := range c.dirs {
		os.Remove(d)
	}
}

// reapCgroups removes the cgroups of runs whose harness was killed: their
// processes were killed with it (--die-with-parent), so what is left is an
// empty folder; a cgroup that still holds processes belongs to a live run.
func reapCgroups() int {
	n := 0
	for _, parent := range []string{filepath.Join(cgroupRoot, "erosion"), filepath.Join(cgroupRoot, "memory", "erosion"),
		filepath.Join(cgroupRoot, "pids", "erosion"), filepath.Join(cgroupRoot, "cpu", "erosion")} {
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			if !e.IsDir() || !strings.HasPrefix(e.Name(), "run-") {
				continue
			}
			dir := filepath.Join(parent, e.Name())
			if data, err := os.ReadFile(filepath.Join(dir, "cgroup.procs")); err == nil && len(strings.TrimSpace(string(data))) == 0 {
				if os.Remove(dir) == nil {
					n++
				}
			}
		}
	}
	return n
}
