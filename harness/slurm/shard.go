package slurm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"erosion/harness"
	"erosion/records"
)

// Marker is what a shard's worker says about itself, in the shard's
// state.json: Slurm forgets ended jobs (or keeps no accounting), the
// shard's own word stays.
type Marker struct {
	Shard    int       `json:"shard"`
	Job      string    `json:"job"`     // array job _ task, as squeue names it
	RawJob   string    `json:"raw_job"` // SLURM_JOB_ID
	Node     string    `json:"node"`
	State    string    `json:"state"` // running, done, failed
	Error    string    `json:"error,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	// Recorded and Confirmations count the shard's finished runs when it
	// ended, so status need not read a finished shard's journals again.
	Recorded      int `json:"recorded"`
	Confirmations int `json:"confirmations"`
}

// Marker states.
const (
	MarkRunning = "running"
	MarkDone    = "done"
	MarkFailed  = "failed"
)

func markerPath(results string, id int) string {
	return filepath.Join(ShardRoot(results, id), "state.json")
}

// WriteMarker records a shard's state.
func WriteMarker(results string, m Marker) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(markerPath(results, m.Shard), append(data, '\n'), 0o644)
}

// ReadMarker is a shard's last word; nil when it never started.
func ReadMarker(results string, id int) (*Marker, error) {
	data, err := os.ReadFile(markerPath(results, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Marker
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", markerPath(results, id), err)
	}
	return &m, nil
}

// PrepareShard makes shard id's results folder, its artefacts going to the
// shared folder's artefacts (a relative link, so the tree can be moved).
func PrepareShard(results string, id int) (string, error) {
	root := ShardRoot(results, id)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(results, "artefacts"), 0o755); err != nil {
		return "", err
	}
	link := filepath.Join(root, "artefacts")
	if _, err := os.Lstat(link); errors.Is(err, fs.ErrNotExist) {
		if err := os.Symlink(filepath.Join("..", "..", "..", "artefacts"), link); err != nil {
			return "", err
		}
	}
	return root, nil
}

// lockFile serialises the writers of the shared tables (publishing shards,
// merging) across processes and nodes: flock on a file in the results
// folder, which NFS and the common cluster filesystems honour.
func lockFile(results string) (func(), error) {
	return flock(filepath.Join(Dir(results), "merge.lock"), true)
}

// errLocked: another process holds the lock.
var errLocked = errors.New("locked")

func flock(path string, wait bool) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("locking %s: %w (the results folder's filesystem must support flock)", path, err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// LockShard is held by a shard's worker while it runs: a second worker of
// the same shard is refused, and a merge knows which shards are idle. The
// kernel drops it when the worker dies, however it dies.
func LockShard(results string, id int) (func(), error) {
	unlock, err := flock(filepath.Join(ShardRoot(results, id), "worker.lock"), false)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("shard %d is already being run by another worker (%s is locked): wait for it, or cancel it with `erosion slurm cancel`", id, filepath.Join(ShardRoot(results, id), "worker.lock"))
	}
	return unlock, err
}

// Publish adds what shard id has exported since its last publication to
// the shared tables: its runs and cells parts are hard-linked (the shard
// is their only writer, so no row can come twice), its package rows are
// written when that environment's inventory is not there yet.
func Publish(results string, id int) error {
	unlock, err := lockFile(results)
	if err != nil {
		return err
	}
	defer unlock()
	return publish(results, id)
}

func publish(results string, id int) error {
	root := ShardRoot(results, id)
	listPath := filepath.Join(root, "published.txt")
	data, err := os.ReadFile(listPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	done := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" {
			done[l] = true
		}
	}
	var added []string
	for _, parts := range []func() ([]string, error){
		func() ([]string, error) { return records.Cells.Parts(root) },
		func() ([]string, error) { return records.Runs.Parts(root) },
	} {
		paths, err := parts()
		if err != nil {
			return err
		}
		for _, p := range paths {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			if done[rel] {
				continue
			}
			if err := linkOrCopy(p, filepath.Join(results, rel)); err != nil {
				return fmt.Errorf("publishing shard %d: %w", id, err)
			}
			added = append(added, rel)
		}
	}
	if err := publishPackages(results, root); err != nil {
		return fmt.Errorf("publishing shard %d: %w", id, err)
	}
	if len(added) == 0 {
		return nil
	}
	for rel := range done {
		added = append(added, rel)
	}
	slices.Sort(added)
	return writeAtomic(listPath, []byte(strings.Join(added, "\n")+"\n"), 0o644)
}

// linkOrCopy puts src at dst: a hard link, or a copy where the filesystem
// has none. A dst already there is src published before the list was saved.
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	data, rerr := os.ReadFile(src)
	if rerr != nil {
		return rerr
	}
	return writeAtomic(dst, data, 0o644)
}

func publishPackages(results, root string) error {
	mine, err := records.Packages.Read(root)
	if err != nil || len(mine) == 0 {
		return err
	}
	have, err := records.Packages.Read(results)
	if err != nil {
		return err
	}
	type env struct{ name, digest string }
	there := map[env]bool{}
	for _, p := range have {
		there[env{p.Environment, p.EnvDigest}] = true
	}
	var rows []records.Package
	for _, p := range mine {
		if !there[env{p.Environment, p.EnvDigest}] {
			rows = append(rows, p)
		}
	}
	_, err = records.Packages.Write(results, rows)
	return err
}

// Merge exports the runs of every idle shard, publishes every shard, compacts the shared tables (one part per
// partition), then calls after with the lock still held (to rewrite the
// verdicts from the merged runs). It is safe while shards run and safe to
// repeat; a results folder without shards is just compacted.
func Merge(results string, after func() error) error {
	plan, err := LoadPlan(results)
	if err != nil {
		return err
	}
	if plan != nil {
		unlock, err := lockFile(results)
		if err != nil {
			return err
		}
		defer unlock()
		for _, s := range plan.Shards {
			if _, err := os.Stat(ShardRoot(results, s.ID)); err != nil {
				continue
			}
			// A shard no worker runs may have journalled runs it never
			// exported (killed with SIGKILL, node failure): export them.
			if unlockShard, err := flock(filepath.Join(ShardRoot(results, s.ID), "worker.lock"), false); err == nil {
				err = harness.Export(ShardRoot(results, s.ID))
				unlockShard()
				if err != nil {
					return fmt.Errorf("shard %d: %w", s.ID, err)
				}
			} else if !errors.Is(err, errLocked) {
				return err
			}
			if err := publish(results, s.ID); err != nil {
				return err
			}
		}
	}
	if err := records.Runs.Compact(results, func(a, b records.Run) int { return strings.Compare(a.Key(), b.Key()) }); err != nil {
		return err
	}
	if err := records.Cells.Compact(results, func(a, b records.Cell) int {
		if c := strings.Compare(a.RunKey(), b.RunKey()); c != 0 {
			return c
		}
		return int(a.Index - b.Index)
	}); err != nil {
		return err
	}
	if err := records.Packages.Compact(results, func(a, b records.Package) int { return strings.Compare(a.Name, b.Name) }); err != nil {
		return err
	}
	if after != nil {
		return after()
	}
	return nil
}
