package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"erosion/harness/docker"
	"erosion/harness/envs"
)

// EnvsCmd groups the environment commands.
type EnvsCmd struct {
	List  EnvsListCmd  `cmd:"" help:"List the environment specs and whether each is built."`
	Build EnvsBuildCmd `cmd:"" help:"Build environments (debootstrap rootfs, imported into Docker); a built one is a cache hit."`
}

// EnvsListCmd lists specs.
type EnvsListCmd struct{}

func (EnvsListCmd) Run(ctx context.Context, g *Globals) error {
	specs, err := envs.LoadDir(g.EnvsDir)
	if err != nil {
		return usage(err)
	}
	var be *docker.Backend
	if b, err := docker.Connect(ctx); err == nil {
		be = b
		defer be.Close()
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDEBIAN\tPACKAGES\tDIGEST\tDOCKER IMAGE\tROOTFS")
	for _, s := range specs {
		image := "? (no Docker daemon)"
		if be != nil {
			switch ok, err := be.HasImage(ctx, s.ImageRef()); {
			case err != nil:
				image = "error: " + err.Error()
			case ok:
				image = s.ImageRef()
			default:
				image = "not built"
			}
		}
		rootfs := "not built"
		if _, err := os.Stat(envs.RootfsDir(g.CacheDir, s)); err == nil {
			rootfs = envs.RootfsDir(g.CacheDir, s)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", s.Name, s.Debian, len(s.Packages), s.Digest()[:19], image, rootfs)
	}
	return tw.Flush()
}

// EnvsBuildCmd builds specs.
type EnvsBuildCmd struct {
	BackendFlag
	Names []string `arg:"" optional:"" help:"Environments to build (default: all in --envs-dir)."`
	Force bool     `help:"Rebuild even when the environment exists."`
}

func (c *EnvsBuildCmd) Run(ctx context.Context, g *Globals) error {
	specs, err := selectSpecs(g.EnvsDir, c.Names)
	if err != nil {
		return usage(err)
	}
	be, release, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	for _, s := range specs {
		if _, err := be.Ensure(ctx, s, g.CacheDir, c.Force); err != nil {
			return err
		}
	}
	return nil
}

func selectSpecs(dir string, names []string) ([]*envs.Spec, error) {
	if len(names) == 0 {
		return envs.LoadDir(dir)
	}
	var specs []*envs.Spec
	for _, n := range names {
		s, err := envs.Find(dir, n)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}
