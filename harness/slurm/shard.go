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
	"time"

	"erosion/atomicfile"
	"erosion/records"
	"erosion/results"
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

func markerPath(resultsDir string, id int) string {
	return filepath.Join(ShardRoot(resultsDir, id), "state.json")
}

// WriteMarker records a shard's state.
func WriteMarker(resultsDir string, m Marker) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(markerPath(resultsDir, m.Shard), append(data, '\n'), 0o644)
}

// ReadMarker is a shard's last word; nil when it never started.
func ReadMarker(resultsDir string, id int) (*Marker, error) {
	data, err := os.ReadFile(markerPath(resultsDir, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Marker
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", markerPath(resultsDir, id), err)
	}
	return &m, nil
}

// PrepareShard makes shard id's results folder, its artefacts going to the
// shared folder's artefacts (a relative link, so the tree can be moved).
func PrepareShard(resultsDir string, id int) (string, error) {
	root := ShardRoot(resultsDir, id)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(resultsDir, "artefacts"), 0o755); err != nil {
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

// lockShared serialises the writers of the shared tables (publishing
// shards, merging) across processes and nodes: the results folder's writer
// lock, waited for, which NFS and the common cluster filesystems honour.
func lockShared(root string) (func(), error) {
	l, err := results.Acquire(root, "erosion slurm merge", true)
	if err != nil {
		return nil, err
	}
	return l.Release, nil
}

// Publish adds what shard id has exported since its last publication to
// the shared tables: its runs and cells parts are hard-linked (the shard
// is their only writer, so no row can come twice), its package rows are
// written when that environment's inventory is not there yet.
func Publish(resultsDir string, id int) error {
	unlock, err := lockShared(resultsDir)
	if err != nil {
		return err
	}
	defer unlock()
	return publish(resultsDir, id)
}

func publish(resultsDir string, id int) error {
	root := ShardRoot(resultsDir, id)
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
			if err := linkOrCopy(p, filepath.Join(resultsDir, rel)); err != nil {
				return fmt.Errorf("publishing shard %d: %w", id, err)
			}
			added = append(added, rel)
		}
	}
	if err := publishPackages(resultsDir, root); err != nil {
		return fmt.Errorf("publishing shard %d: %w", id, err)
	}
	if len(added) == 0 {
		return nil
	}
	for rel := range done {
		added = append(added, rel)
	}
	slices.Sort(added)
	return atomicfile.WriteFile(listPath, []byte(strings.Join(added, "\n")+"\n"), 0o644)
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
	return atomicfile.WriteFile(dst, data, 0o644)
}

func publishPackages(resultsDir, root string) error {
	mine, err := records.Packages.Read(root)
	if err != nil || len(mine) == 0 {
		return err
	}
	have, err := records.Packages.Read(resultsDir)
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
	_, err = records.Packages.Write(resultsDir, rows)
	return err
}

// Merge exports the runs of every idle shard, publishes every shard, compacts the shared tables (one part per
// partition), then calls after with the lock still held (to rewrite the
// verdicts from the merged runs). It is safe while shards run and safe to
// repeat; a results folder without shards is just compacted.
func Merge(resultsDir string, after func() error) error {
	plan, err := LoadPlan(resultsDir)
	if err != nil {
		return err
	}
	if plan != nil {
		unlock, err := lockShared(resultsDir)
		if err != nil {
			return err
		}
		defer unlock()
		for _, s := range plan.Shards {
			if _, err := os.Stat(ShardRoot(resultsDir, s.ID)); err != nil {
				continue
			}
			// A shard no worker runs may have journalled runs it never
			// exported (killed with SIGKILL, node failure): export them.
			var busy *results.LockedError
			if l, err := results.Acquire(ShardRoot(resultsDir, s.ID), "erosion slurm merge", false); err == nil {
				err = results.Export(ShardRoot(resultsDir, s.ID))
				l.Release()
				if err != nil {
					return fmt.Errorf("shard %d: %w", s.ID, err)
				}
			} else if !errors.As(err, &busy) {
				return err
			}
			if err := publish(resultsDir, s.ID); err != nil {
				return err
			}
		}
	}
	if err := results.Compact(resultsDir); err != nil {
		return err
	}
	if after != nil {
		return after()
	}
	return nil
}
