package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/docker/go-units"

	"erosion/harness/backends"
	"erosion/harness/docker"
	"erosion/harness/envs"
)

// EnvsCmd groups the environment commands.
type EnvsCmd struct {
	List     EnvsListCmd     `cmd:"" help:"List the environments: kind, digest, Python and key library versions, size, when built."`
	Build    EnvsBuildCmd    `cmd:"" help:"Build environments and record their package inventories; a built one is a cache hit."`
	Inspect  EnvsInspectCmd  `cmd:"" help:"Show one environment's full package inventory."`
	Prune    EnvsPruneCmd    `cmd:"" help:"Remove built environments that no spec in --envs-dir asks for any more."`
	Backport EnvsBackportCmd `cmd:"" help:"Assign each notebook its era environment and (with a package index) its backported pins."`
}

// EnvsBuildCmd builds specs.
type EnvsBuildCmd struct {
	BackendFlag
	Names   []string `arg:"" optional:"" help:"Environments to build (default: all in --envs-dir)."`
	Rebuild bool     `aliases:"force" help:"Rebuild even when the environment exists."`
	FromTar string   `name:"from-tar" type:"path" placeholder:"FILE" help:"Make the one environment named from a tar of a container's filesystem (docker export), for pinned images no registry here serves (e.g. kaggle-cpu): unpacked as its root filesystem (sandbox) or imported as its local image (docker)."`
}

func (c *EnvsBuildCmd) Run(ctx context.Context, g *Globals) error {
	specs, err := selectSpecs(g.EnvsDir, c.Names)
	if err != nil {
		return usage(err)
	}
	if c.FromTar != "" && len(c.Names) != 1 {
		return usage(fmt.Errorf("--from-tar makes one environment: name it (e.g. erosion envs build --from-tar kaggle-cpu.tar kaggle-cpu)"))
	}
	be, release, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	if c.FromTar != "" {
		inv, err := backends.FromTar(ctx, be, specs[0], g.CacheDir, c.FromTar, c.Rebuild)
		if err != nil {
			return err
		}
		slog.Info("environment ready", "env", specs[0].Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19], "ref", inv.Ref)
		return nil
	}
	for _, s := range specs {
		inv, err := backends.Ensure(ctx, be, s, g.CacheDir, c.Rebuild)
		if err != nil {
			return err
		}
		slog.Info("environment ready", "env", s.Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19])
	}
	return nil
}

// EnvsListCmd lists specs.
type EnvsListCmd struct{}

func (EnvsListCmd) Run(ctx context.Context, g *Globals) error {
	specs, err := envs.LoadDir(g.EnvsDir)
	if err != nil {
		return usage(err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tDIGEST\tPYTHON\tPANDAS\tNUMPY\tSKLEARN\tSIZE\tBUILT")
	for _, s := range specs {
		inv, _ := envs.LoadInventory(g.CacheDir, s)
		if inv == nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\t-\t-\t-\tnot built\n", s.Name, s.Kind(), s.Digest()[:19])
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Kind(), inv.Digest[:19], inv.Python,
			dash(inv.Version("pandas")), dash(inv.Version("numpy")), dash(inv.Version("scikit-learn")),
			units.HumanSize(float64(inv.SizeBytes)), inv.BuiltAt.Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// EnvsInspectCmd prints one inventory.
type EnvsInspectCmd struct {
	Name string `arg:"" help:"Environment name."`
}

func (c *EnvsInspectCmd) Run(_ context.Context, g *Globals) error {
	s, err := envs.Find(g.EnvsDir, c.Name)
	if err != nil {
		return usage(err)
	}
	inv, err := envs.LoadInventory(g.CacheDir, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "name:         %s\nkind:         %s\nspec:         %s\nspec digest:  %s\n", s.Name, s.Kind(), s.Path, s.Digest())
	switch s.Kind() {
	case envs.KindDebian:
		fmt.Fprintf(stdout, "debian:       %s (%d packages asked for)\n", s.Debian, len(s.Packages))
	case envs.KindImage:
		fmt.Fprintf(stdout, "image:        %s\n", s.Image)
	case envs.KindPython:
		fmt.Fprintf(stdout, "python:       %s (%d pins)\n\n%s\n", s.Python, len(s.Requirements), envs.Dockerfile(s))
	}
	if inv == nil {
		return fmt.Errorf("environment %s is not built: run `erosion envs build %s`", s.Name, s.Name)
	}
	fmt.Fprintf(stdout, "digest:       %s\nref:          %s\nsize:         %s\nbuilt:        %s\npython:       %s\n\n",
		inv.Digest, inv.Ref, units.HumanSize(float64(inv.SizeBytes)), inv.BuiltAt.Format("2006-01-02 15:04:05 MST"), inv.Python)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "DISTRIBUTION\tVERSION\n")
	for _, p := range inv.Packages {
		fmt.Fprintf(tw, "%s\t%s\n", p.Name, p.Version)
	}
	return tw.Flush()
}

// EnvsPruneCmd removes built environments no spec refers to.
type EnvsPruneCmd struct {
	DryRun bool `help:"Only say what would be removed."`
}

func (c *EnvsPruneCmd) Run(ctx context.Context, g *Globals) error {
	specs, err := envs.LoadDir(g.EnvsDir)
	if err != nil {
		return usage(err)
	}
	keep := map[string]bool{}
	for _, s := range specs {
		keep[s.CacheKey()] = true
	}
	entries, _ := os.ReadDir(filepath.Join(g.CacheDir, "envs"))
	for _, e := range entries {
		key := strings.TrimSuffix(e.Name(), ".build.log")
		if keep[key] || strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), ".build-") {
			continue
		}
		path := filepath.Join(g.CacheDir, "envs", e.Name())
		fmt.Fprintln(stdout, "remove", path)
		if !c.DryRun {
			if err := os.RemoveAll(path); err != nil {
				return err
			}
		}
	}
	if d, err := docker.Connect(ctx); err == nil {
		defer d.Close()
		refs, err := d.Images(ctx)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			_, tag, _ := strings.Cut(ref, ":")
			if keep[tag] || !strings.HasPrefix(ref, "erosion-env") {
				continue
			}
			fmt.Fprintln(stdout, "remove image", ref)
			if !c.DryRun {
				if err := d.Remove(ctx, ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
