package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

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

func (c *EnvsBuildCmd) Help() string {
	return `A debian spec is built offline with debootstrap (needs root), then imported into Docker; the
sandbox backend uses the root filesystem directly. Set EROSION_DEBIAN_MIRROR (or mirror: in a spec)
for another Debian mirror.

Examples:

    erosion envs build trixie-slim
    erosion envs build --backend sandbox --cache-dir /shared/erosion-cache trixie-slim bullseye-slim
    erosion envs build --envs-dir my-envs my-env`
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
		inv, err := backends.FromTar(ctx, be, specs[0], c.cacheDir(), c.FromTar, c.Rebuild)
		if err != nil {
			return err
		}
		slog.Info("environment ready", "env", specs[0].Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19], "ref", inv.Ref)
		return nil
	}
	for i, s := range specs {
		inv, err := backends.Ensure(ctx, be, s, c.cacheDir(), c.Rebuild)
		if err != nil {
			if ctx.Err() != nil {
				return &exitError{code: 130, err: fmt.Errorf("interrupted: %d of %d environments built; `erosion envs build` with the same arguments builds the rest (built ones are cache hits)", i, len(specs))}
			}
			return err
		}
		slog.Info("environment ready", "env", s.Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19])
	}
	return nil
}

// EnvsListCmd lists specs.
type EnvsListCmd struct {
	SpecsFlag
	CacheFlag
	JSON bool `name:"json" help:"Print the list as JSON (fields in the README's \"JSON output\")."`
}

func (c *EnvsListCmd) Help() string {
	return `Examples:

    erosion envs list
    erosion envs list --json | jq -r '.[] | select(.built) | .name'`
}

// envRow is one environment of envs list --json; field names are stable.
type envRow struct {
	Name        string     `json:"name"`
	Kind        string     `json:"kind"`
	Spec        string     `json:"spec"` // the file, or "built-in configs/envs/<name>.yaml"
	SpecDigest  string     `json:"spec_digest"`
	Built       bool       `json:"built"`
	Digest      string     `json:"digest,omitempty"` // of what was installed
	Ref         string     `json:"ref,omitempty"`    // image or rootfs
	Python      string     `json:"python,omitempty"`
	Pandas      string     `json:"pandas,omitempty"`
	Numpy       string     `json:"numpy,omitempty"`
	ScikitLearn string     `json:"scikit_learn,omitempty"`
	Packages    int        `json:"packages,omitempty"`
	SizeBytes   int64      `json:"size_bytes,omitempty"`
	BuiltAt     *time.Time `json:"built_at,omitempty"`
}

func (c *EnvsListCmd) Run(context.Context) error {
	specs, err := c.specs()
	if err != nil {
		return err
	}
	rows := make([]envRow, 0, len(specs))
	for _, s := range specs {
		r := envRow{Name: s.Name, Kind: s.Kind(), Spec: s.Path, SpecDigest: s.Digest()}
		inv, _ := envs.LoadInventory(c.cacheDir(), s)
		if inv != nil {
			built := inv.BuiltAt.UTC()
			r.Built, r.Digest, r.Ref, r.Python, r.Packages, r.SizeBytes, r.BuiltAt = true, inv.Digest, inv.Ref, inv.Python, len(inv.Packages), inv.SizeBytes, &built
			r.Pandas, r.Numpy, r.ScikitLearn = inv.Version("pandas"), inv.Version("numpy"), inv.Version("scikit-learn")
		}
		rows = append(rows, r)
	}
	if c.JSON {
		return writeJSON(rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tDIGEST\tPYTHON\tPANDAS\tNUMPY\tSKLEARN\tSIZE\tBUILT")
	for _, r := range rows {
		if !r.Built {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\t-\t-\t-\tnot built\n", r.Name, r.Kind, r.SpecDigest[:19])
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Kind, r.Digest[:19], r.Python,
			dash(r.Pandas), dash(r.Numpy), dash(r.ScikitLearn), units.HumanSize(float64(r.SizeBytes)), r.BuiltAt.Local().Format("2006-01-02 15:04"))
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
	SpecsFlag
	CacheFlag
	Name string `arg:"" help:"Environment name."`
}

func (c *EnvsInspectCmd) Help() string {
	return `Examples:

    erosion envs inspect trixie-slim`
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
	fmt.Fprintf(stdout, "name:         %s\nkind:         %s\nspec:         %s\nspec digest:  %s\n", s.Name, s.Kind(), s.Path, s.Digest())
	fmt.Fprintln(stdout, s.Source().Describe(s))
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
	SpecsFlag
	CacheFlag
	DryRun bool `help:"Only list what would be removed."`
	Yes    bool `short:"y" help:"Remove without asking for confirmation."`
}

func (c *EnvsPruneCmd) Help() string {
	return `Builds in progress in another process are left alone; leftovers of killed builds are removed.

Examples:

    erosion envs prune --dry-run
    erosion envs prune --yes`
}

func (c *EnvsPruneCmd) Run(ctx context.Context) error {
	specs, err := c.specs()
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, s := range specs {
		keep[s.CacheKey()] = true
	}
	var paths, images []string
	dir := filepath.Join(c.cacheDir(), "envs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, ".build-"):
			if envs.BuildInProgress(path) {
				fmt.Fprintln(stdout, "skip", path, "(a build in progress)")
				continue
			}
		case strings.HasPrefix(name, "."), keep[strings.TrimSuffix(name, ".build.log")]:
			continue
		}
		paths = append(paths, path)
	}
	d, err := docker.Connect(ctx)
	if err == nil {
		defer d.Close()
		refs, err := d.Images(ctx)
		if err != nil {
			return err
		}
		for _, ref := range refs {
			_, tag, _ := strings.Cut(ref, ":")
			if !keep[tag] && strings.HasPrefix(ref, "erosion-env") {
				images = append(images, ref)
			}
		}
	}
	for _, p := range paths {
		fmt.Fprintln(stdout, "remove", p)
	}
	for _, ref := range images {
		fmt.Fprintln(stdout, "remove image", ref)
	}
	switch {
	case len(paths)+len(images) == 0:
		fmt.Fprintln(stdout, "nothing to prune")
		return nil
	case c.DryRun:
		fmt.Fprintln(stdout, "dry run: nothing removed")
		return nil
	case !c.Yes && !confirm(fmt.Sprintf("Remove these %d environments? [y/N] ", len(paths)+len(images))):
		fmt.Fprintln(stdout, "nothing removed (answer y, or pass --yes)")
		return nil
	}
	for _, p := range paths {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	for _, ref := range images {
		if err := d.Remove(ctx, ref); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "removed %d cache entries and %d images\n", len(paths), len(images))
	return nil
}

// confirm asks question on stderr and reads the answer from stdin: yes
// only for y or yes.
func confirm(question string) bool {
	fmt.Fprint(stderr, question)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
