package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"erosion/cli"
	"erosion/harness/backends"
	"erosion/harness/envs"
)

// EnvsCmd groups the environment commands.
type EnvsCmd struct {
	List     EnvsListCmd     `cmd:"" help:"List the environments: kind, digest, Python and key library versions, size, when built."`
	Build    EnvsBuildCmd    `cmd:"" help:"Build environments and record their package inventories; a built one is a cache hit."`
	Inspect  EnvsInspectCmd  `cmd:"" help:"Show one environment's full package inventory."`
	Prune    EnvsPruneCmd    `cmd:"" help:"Remove built environments that no spec asks for any more."`
	Backport EnvsBackportCmd `cmd:"" help:"Assign each notebook its era environment and (with a package index) its backported pins."`
}

// EnvsBuildCmd builds specs.
type EnvsBuildCmd struct {
	BackendFlag
	SpecsFlag
	CacheFlag
	Names        []string `arg:"" optional:"" help:"Environments to build (default: every spec, built-in and in --envs-dir)."`
	Rebuild      bool     `aliases:"force" help:"Rebuild even when the environment exists."`
	FromTar      string   `name:"from-tar" type:"path" placeholder:"FILE" help:"Make the one environment named from a tar of a container's filesystem (docker export), for pinned images no registry here serves (e.g. kaggle-cpu): unpacked as its root filesystem (sandbox) or imported as its local image (docker)."`
	FromRegistry bool     `name:"from-registry" help:"With --backend docker, build debian environments with docker build from debian:<suite> (needs a registry; same packages, same inventory) instead of debootstrap (needs root)."`
}

func (c *EnvsBuildCmd) Run(ctx context.Context) error {
	specs, err := c.choose(c.Names)
	if err != nil {
		return err
	}
	if c.FromTar != "" && len(c.Names) != 1 {
		return usage(fmt.Errorf("--from-tar makes one environment: name it (e.g. erosion envs build --from-tar kaggle-cpu.tar kaggle-cpu)"))
	}
	be, release, err := c.openWith(ctx, backends.Options{FromRegistry: c.FromRegistry})
	if err != nil {
		return err
	}
	defer release()
	if c.FromTar != "" {
		_, err := backends.FromTar(ctx, be, specs[0], c.cacheDir(), c.FromTar, c.Rebuild)
		return err
	}
	built, err := backends.EnsureAll(ctx, be, specs, c.cacheDir(), c.Rebuild)
	if err != nil && ctx.Err() != nil {
		return &cli.ExitError{Code: 130, Err: fmt.Errorf("interrupted: %d of %d environments built; `erosion envs build` with the same arguments builds the rest (built ones are cache hits)", built, len(specs))}
	}
	return err
}

// EnvsListCmd lists specs.
type EnvsListCmd struct {
	SpecsFlag
	CacheFlag
	JSON bool `name:"json" help:"Print the list as JSON (fields in the README's \"JSON output\")."`
}

func (c *EnvsListCmd) Run(context.Context) error {
	specs, err := c.specs()
	if err != nil {
		return err
	}
	rows := envs.List(specs, c.cacheDir())
	if c.JSON {
		return writeJSON(rows)
	}
	return envs.WriteList(stdout, rows)
}

// EnvsInspectCmd prints one inventory.
type EnvsInspectCmd struct {
	SpecsFlag
	CacheFlag
	Name string `arg:"" help:"Environment name."`
}

func (c *EnvsInspectCmd) Run(context.Context) error {
	s, err := c.find(c.Name)
	if err != nil {
		return err
	}
	inv, err := envs.LoadInventory(c.cacheDir(), s)
	if err != nil {
		return err
	}
	return envs.WriteInspect(stdout, s, inv)
}

// EnvsPruneCmd removes built environments no spec refers to.
type EnvsPruneCmd struct {
	SpecsFlag
	CacheFlag
	DryRun bool `help:"Only list what would be removed."`
	Yes    bool `short:"y" help:"Remove without asking for confirmation."`
}

func (c *EnvsPruneCmd) Run(ctx context.Context) error {
	specs, err := c.specs()
	if err != nil {
		return err
	}
	o := backends.PruneOptions{DryRun: c.DryRun}
	if !c.Yes {
		o.Confirm = func(n int) bool { return confirm(fmt.Sprintf("Remove these %d environments? [y/N] ", n)) }
	}
	return backends.Prune(ctx, stdout, specs, c.cacheDir(), o)
}

// confirm asks question on stderr and reads the answer from stdin: yes
// only for y or yes.
func confirm(question string) bool {
	fmt.Fprint(stderr, question)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
