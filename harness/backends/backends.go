// Package backends opens an execution backend by name — a driver that runs
// notebooks (harness.Driver) together with the store that builds and finds
// the environments it runs them in (envs.Store) — and readies environments
// on it: built, inventoried, and their image or rootfs resolved.
package backends

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/harness/sandbox"
)

// Backend runs notebooks and keeps the environments they run in: Docker
// (images) or the sandbox (bubblewrap over rootfs folders).
type Backend interface {
	harness.Driver
	envs.Store
}

// Names are the backends Open knows; "auto" picks Docker when a daemon
// answers, else the sandbox.
var Names = []string{"auto", "docker", "sandbox"}

// Options tune how a backend makes environments.
type Options struct {
	// FromRegistry: Docker builds debian environments from debian:<suite>
	// with `docker build` instead of importing a debootstrap build.
	FromRegistry bool
}

// Open connects the named backend. Close it when done.
func Open(ctx context.Context, name string) (Backend, error) { return OpenWith(ctx, name, Options{}) }

// OpenWith is Open with options.
func OpenWith(ctx context.Context, name string, o Options) (Backend, error) {
	if o.FromRegistry && name != "docker" {
		return nil, fmt.Errorf("--from-registry builds Docker images: use it with --backend docker")
	}
	switch name {
	case "docker":
		d, err := docker.Connect(ctx)
		if err != nil {
			return nil, err
		}
		d.FromRegistry = o.FromRegistry
		return d, nil
	case "sandbox":
		s, err := sandbox.New()
		if err != nil {
			return nil, err
		}
		return s, nil
	case "auto", "":
		d, derr := docker.Connect(ctx)
		if derr == nil {
			return d, nil
		}
		s, serr := sandbox.New()
		if serr != nil {
			return nil, fmt.Errorf("no backend can run notebooks here: %w; and %w", derr, serr)
		}
		var ue *docker.UnreachableError
		if errors.As(derr, &ue) {
			slog.Info("no Docker daemon answers: using the sandbox backend (bubblewrap)")
		}
		return s, nil
	}
	return nil, fmt.Errorf("backend %q: use one of auto, docker, sandbox", name)
}

// Close releases a backend (the Docker client).
func Close(b Backend) {
	if c, ok := b.(interface{ Close() error }); ok {
		c.Close()
	}
}

// Ensure builds environment s on b when needed and returns its inventory,
// read inside it when the build is new (or rebuild is set).
func Ensure(ctx context.Context, b Backend, s *envs.Spec, cacheDir string, rebuild bool) (*envs.Inventory, error) {
	ref, err := b.Ensure(ctx, s, cacheDir, rebuild)
	if err != nil {
		return nil, err
	}
	return inventory(ctx, b, s, cacheDir, ref, rebuild)
}

// EnsureAll builds (or finds built) every spec on b in order, logging
// each one ready; built is how many were ready before an error stopped it.
func EnsureAll(ctx context.Context, b Backend, specs []*envs.Spec, cacheDir string, rebuild bool) (built int, err error) {
	for _, s := range specs {
		inv, err := Ensure(ctx, b, s, cacheDir, rebuild)
		if err != nil {
			return built, err
		}
		slog.Info("environment ready", "env", s.Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19])
		built++
	}
	return built, nil
}

// Ready is environment s as built on b, with its inventory; it fails,
// saying how to build it, when it is not built.
func Ready(ctx context.Context, b Backend, s *envs.Spec, cacheDir string) (*envs.Inventory, error) {
	ref, ok, err := b.Lookup(ctx, s, cacheDir)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &NotBuiltError{Env: s.Name, Backend: b.Name(), Ref: ref}
	}
	return inventory(ctx, b, s, cacheDir, ref, false)
}

// NotBuiltError says an environment is not built for a backend.
type NotBuiltError struct{ Env, Backend, Ref string }

func (e *NotBuiltError) Error() string {
	return fmt.Sprintf("environment %s is not built for the %s backend: run `erosion envs build --backend %s %s`", e.Env, e.Backend, e.Backend, e.Env)
}

func inventory(ctx context.Context, b Backend, s *envs.Spec, cacheDir, ref string, fresh bool) (*envs.Inventory, error) {
	inv, err := envs.LoadInventory(cacheDir, s)
	if err != nil {
		return nil, err
	}
	if inv != nil && !fresh && inv.Ref == ref {
		return inv, nil
	}
	inv, err = harness.TakeInventory(ctx, b, s, ref)
	if err != nil {
		return nil, err
	}
	inv.SizeBytes = b.Size(ctx, ref)
	return inv, envs.SaveInventory(cacheDir, s, inv)
}
