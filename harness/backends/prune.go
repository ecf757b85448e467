package backends

import (
	"context"
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
