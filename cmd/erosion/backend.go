package main

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

// envBackend is an execution backend that can also build and find the
// environments it runs (an image for Docker, a rootfs for the sandbox).
type envBackend interface {
	harness.Backend
	Ensure(ctx context.Context, s *envs.Spec, cacheDir string, force bool) (string, error)
	Lookup(ctx context.Context, s *envs.Spec, cacheDir string) (string, bool, error)
	Size(ctx context.Context, ref string) int64
}

// BackendFlag selects the execution backend.
type BackendFlag struct {
	Backend string `default:"auto" enum:"auto,docker,sandbox,slurm" help:"Execution backend: docker, sandbox (bubblewrap over the env's rootfs), auto (docker when a daemon answers, else sandbox), or slurm (run/study only: shards submitted as Slurm array jobs, see --slurm-*)."`
}

// open connects the chosen backend; the returned func releases it.
func (f BackendFlag) open(ctx context.Context) (envBackend, func(), error) {
	switch f.Backend {
	case "slurm":
		return nil, nil, usage(errors.New("--backend slurm submits runs to a Slurm cluster: only `erosion run` and `erosion study` take it; use --backend docker or sandbox here"))
	case "docker":
		b, err := docker.Connect(ctx)
		if err != nil {
			return nil, nil, err
		}
		return b, func() { b.Close() }, nil
	case "sandbox":
		b, err := sandbox.New()
		if err != nil {
			return nil, nil, usage(err)
		}
		return b, func() {}, nil
	}
	d, derr := docker.Connect(ctx)
	if derr == nil {
		return d, func() { d.Close() }, nil
	}
	s, serr := sandbox.New()
	if serr != nil {
		return nil, nil, fmt.Errorf("no backend can run notebooks here: %w; and %w", derr, serr)
	}
	var ue *docker.UnreachableError
	if errors.As(derr, &ue) {
		slog.Info("no Docker daemon answers: using the sandbox backend (bubblewrap)")
	}
	return s, func() {}, nil
}
