package backends

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/harness/sandbox"
)

// FromTar builds environment s on b from a tar of a container's root
// filesystem (`docker export`, see harness/envs/fromtar.go): unpacked into
// its rootfs cache entry for the sandbox backend, imported as its local
// image for Docker. An environment already built is replaced only when
// rebuild is set. Its inventory is then read inside it, as for any other,
// and the environment logged as ready.
func FromTar(ctx context.Context, b Backend, s *envs.Spec, cacheDir, tarPath string, rebuild bool) (*envs.Inventory, error) {
	switch be := b.(type) {
	case *sandbox.Backend:
		if _, err := envs.UnpackRootfs(ctx, s, cacheDir, tarPath, rebuild); err != nil {
			return nil, err
		}
	case *docker.Backend:
		if ref, ok, err := be.Lookup(ctx, s, cacheDir); err != nil {
			return nil, err
		} else if ok && !rebuild {
			return nil, fmt.Errorf("environment %s is already built on the docker backend (%s): pass --rebuild to import the tar in its place", s.Name, ref)
		}
		src, err := be.ImportTar(ctx, s, tarPath)
		if err != nil {
			return nil, err
		}
		if err := envs.RecordTarSource(cacheDir, s, src); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("the %s backend cannot build environments from a tar", b.Name())
	}
	slog.Info("environment made from a tar", "env", s.Name, "tar", tarPath, "backend", b.Name())
	// The inventory is read anew: the tar's content is what counts.
	if err := os.Remove(envs.InventoryPath(cacheDir, s)); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	inv, err := Ensure(ctx, b, s, cacheDir, false)
	if err != nil {
		return nil, err
	}
	slog.Info("environment ready", "env", s.Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19], "ref", inv.Ref)
	return inv, nil
}
