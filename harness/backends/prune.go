package backends

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"erosion/harness/docker"
	"erosion/harness/envs"
)

// Leftovers are built environments that no spec asks for any more: cache
// entries (rootfs folders, inventories, build logs, killed builds) and,
// where a Docker daemon answers, erosion's images.
type Leftovers struct {
	Paths  []string
	Images []string
	Busy   []string // builds in progress in another process: left alone
	docker *docker.Backend
}

// FindLeftovers lists what specs no longer ask for in cacheDir and in
// Docker. Busy is filled even when listing the images fails. Close it.
func FindLeftovers(ctx context.Context, specs []*envs.Spec, cacheDir string) (*Leftovers, error) {
	keep := map[string]bool{}
	for _, s := range specs {
		keep[s.CacheKey()] = true
	}
	l := &Leftovers{}
	dir := filepath.Join(cacheDir, "envs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, ".build-"):
			if envs.BuildInProgress(path) {
				l.Busy = append(l.Busy, path)
				continue
			}
		case strings.HasPrefix(name, "."), keep[strings.TrimSuffix(name, ".build.log")]:
			continue
		}
		l.Paths = append(l.Paths, path)
	}
	d, err := docker.Connect(ctx)
	if err != nil {
		return l, nil // no daemon: the cache alone
	}
	l.docker = d
	refs, err := d.Images(ctx)
	if err != nil {
		return l, err
	}
	for _, ref := range refs {
		_, tag, _ := strings.Cut(ref, ":")
		if !keep[tag] && strings.HasPrefix(ref, "erosion-env") {
			l.Images = append(l.Images, ref)
		}
	}
	return l, nil
}

// Remove deletes the leftovers.
func (l *Leftovers) Remove(ctx context.Context) error {
	for _, p := range l.Paths {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	for _, ref := range l.Images {
		if err := l.docker.Remove(ctx, ref); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the Docker client.
func (l *Leftovers) Close() {
	if l.docker != nil {
		l.docker.Close()
	}
}

// PruneOptions say how Prune goes about removing.
type PruneOptions struct {
	DryRun bool // only list what would be removed
	// Confirm asks whether to remove n leftovers (nil: remove without
	// asking).
	Confirm func(n int) bool
}

// Prune removes the built environments specs no longer ask for in cacheDir
// and in Docker, saying on w what it skips (builds in progress) and
// removes, and what it removed.
func Prune(ctx context.Context, w io.Writer, specs []*envs.Spec, cacheDir string, o PruneOptions) error {
	l, err := FindLeftovers(ctx, specs, cacheDir)
	defer l.Close()
	for _, p := range l.Busy {
		fmt.Fprintln(w, "skip", p, "(a build in progress)")
	}
	if err != nil {
		return err
	}
	for _, p := range l.Paths {
		fmt.Fprintln(w, "remove", p)
	}
	for _, ref := range l.Images {
		fmt.Fprintln(w, "remove image", ref)
	}
	n := len(l.Paths) + len(l.Images)
	switch {
	case n == 0:
		fmt.Fprintln(w, "nothing to prune")
		return nil
	case o.DryRun:
		fmt.Fprintln(w, "dry run: nothing removed")
		return nil
	case o.Confirm != nil && !o.Confirm(n):
		fmt.Fprintln(w, "nothing removed (answer y, or pass --yes)")
		return nil
	}
	if err := l.Remove(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "removed %d cache entries and %d images\n", len(l.Paths), len(l.Images))
	return nil
}
