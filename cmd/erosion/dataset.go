package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"

	"erosion/datasets"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/records"
)

// DatasetCmd groups the dataset commands.
type DatasetCmd struct {
	Verify  DatasetVerifyCmd  `cmd:"" help:"Check a dataset: checksums, schema, every notebook parses and its competition exists."`
	Info    DatasetInfoCmd    `cmd:"" help:"Counts by competition, year and era; targets measured."`
	Seal    DatasetSealCmd    `cmd:"" help:"Record the checksums of every file in dataset.yaml (after editing a dataset)."`
	Targets DatasetTargetsCmd `cmd:"" help:"Measure each notebook's target score in its era environment and write manifest.parquet."`
}

// DatasetVerifyCmd verifies a dataset.
type DatasetVerifyCmd struct {
	Dataset string `arg:"" type:"path" help:"Dataset folder."`
}

func (c *DatasetVerifyCmd) Run(context.Context, *Globals) error {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return usage(err)
	}
	var problems []string
	for _, slug := range competitionsOf(ds) {
		if _, err := ds.Competition(slug); err != nil {
			problems = append(problems, err.Error())
		}
	}
	for _, nb := range ds.Notebooks {
		if _, err := notebook.Read(ds.NotebookPath(nb)); err != nil {
			problems = append(problems, err.Error())
		}
	}
	sums, err := ds.VerifyChecksums()
	if err != nil {
		return err
	}
	problems = append(problems, sums...)
	manifest, err := ds.Manifest()
	if err != nil {
		problems = append(problems, err.Error())
	} else if manifest != nil {
		listed := map[string]bool{}
		for _, e := range manifest {
			listed[e.NotebookID] = true
		}
		for _, nb := range ds.Notebooks {
			if !listed[nb.ID] {
				problems = append(problems, fmt.Sprintf("manifest.parquet has no row for notebook %s: run `erosion dataset targets`", nb.ID))
			}
		}
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, "  "+p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("dataset %s fails verification: %d problems (listed above)", ds.Dir, len(problems))
	}
	fmt.Fprintf(stdout, "dataset %s (%s) verified: %d notebooks, %d competitions, %d files match their checksums\n", ds.Name, ds.Dir, len(ds.Notebooks), len(competitionsOf(ds)), len(ds.Checksums))
	return nil
}

func competitionsOf(ds *datasets.Dataset) []string {
	set := map[string]bool{}
	for _, c := range ds.Competitions {
		set[c] = true
	}
	for _, nb := range ds.Notebooks {
		set[nb.Competition] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// DatasetSealCmd writes checksums.
type DatasetSealCmd struct {
	Dataset string `arg:"" type:"path" help:"Dataset folder."`
}

func (c *DatasetSealCmd) Run(context.Context, *Globals) error {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return usage(err)
	}
	if err := ds.Seal(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sealed %s: %d files\n", ds.Dir, len(ds.Checksums))
	return nil
}

// DatasetInfoCmd summarises a dataset.
type DatasetInfoCmd struct {
	Dataset string `arg:"" type:"path" help:"Dataset folder."`
	Eras    string `default:"configs/eras.yaml" type:"path" help:"Era table used to name each notebook's era."`
}

func (c *DatasetInfoCmd) Run(_ context.Context, g *Globals) error {
	ds, eras, err := loadWithEras(c.Dataset, c.Eras, g.EnvsDir)
	if err != nil {
		return err
	}
	manifest, err := ds.Manifest()
	if err != nil {
		return err
	}
	targets := 0
	for _, e := range manifest {
		if e.TargetScore != nil {
			targets++
		}
	}
	fmt.Fprintf(stdout, "%s v%s: %s\n%d notebooks; %d with a measured target score\n\n", ds.Name, ds.Version, ds.Description, len(ds.Notebooks), targets)
	count := func(title string, key func(datasets.Notebook) string) {
		n := map[string]int{}
		for _, nb := range ds.Notebooks {
			n[key(nb)]++
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\tnotebooks\n", title)
		for _, k := range slices.Sorted(maps.Keys(n)) {
			fmt.Fprintf(tw, "%s\t%d\n", k, n[k])
		}
		tw.Flush()
		fmt.Fprintln(stdout)
	}
	count("competition", func(nb datasets.Notebook) string { return nb.Competition })
	count("year", func(nb datasets.Notebook) string { return strconv.Itoa(nb.Date().Year()) })
	count("era", func(nb datasets.Notebook) string { return eras.For(nb.Date()) })
	return nil
}

// DatasetTargetsCmd measures target scores.
type DatasetTargetsCmd struct {
	RunCmd `embed:""`
	Eras   string `default:"configs/eras.yaml" type:"path" help:"Era table: each notebook's target is measured in its era environment."`
	Seal   bool   `default:"true" negatable:"" help:"Seal the dataset's checksums afterwards."`
}

func (c *DatasetTargetsCmd) Run(ctx context.Context, g *Globals) error {
	ds, eras, err := loadWithEras(c.Dataset, c.Eras, g.EnvsDir)
	if err != nil {
		return err
	}
	// The manifest is rewritten below: measure without old targets, but keep
	// what mining recorded (runtime, accelerator, source).
	old, err := ds.Manifest()
	if err != nil {
		return err
	}
	prev := map[string]datasets.Entry{}
	for _, e := range old {
		prev[e.NotebookID] = e
	}
	if err := os.Remove(ds.ManifestPath()); err != nil && !os.IsNotExist(err) {
		return err
	}
	c.Resume = true
	plan, err := c.backportedTasks(ds, "targets", eras, g.EnvsDir)
	if err != nil {
		return usage(err)
	}
	for i := range plan {
		plan[i].task.Env.Name = plan[i].spec.Name // recorded under the era's own name
	}
	if err := c.execute(ctx, g, ds, plan, 1); err != nil {
		return err
	}
	runs, err := records.Runs.Read(c.Results)
	if err != nil {
		return err
	}
	byNB := map[string]records.Run{}
	for _, r := range runs {
		if r.Study == "targets" && r.Attempt == 0 {
			byNB[r.NotebookID] = r
		}
	}
	var rows []datasets.Entry
	measured := 0
	for _, nb := range ds.Notebooks {
		e, err := ds.Describe(nb)
		if err != nil {
			return err
		}
		if p, ok := prev[nb.ID]; ok {
			e.KaggleRuntimeS, e.Accelerator, e.Source, e.SourceRef = p.KaggleRuntimeS, p.Accelerator, p.Source, p.SourceRef
		}
		r, ok := byNB[nb.ID]
		e.EraEnv = eras.For(nb.Date())
		if ok {
			e.EraEnvDigest = r.EnvDigest
			e.TargetScore = r.Score
		}
		switch {
		case !ok:
			e.TargetNote = "not run"
		case r.Score == nil && r.ExceptionType != "":
			e.TargetNote = fmt.Sprintf("no valid submission in %s: %s: %s", e.EraEnv, r.ExceptionType, firstLine(r.ExceptionMsg))
		case r.Score == nil:
			e.TargetNote = fmt.Sprintf("no valid submission in %s (%s %s)", e.EraEnv, r.Status, r.FailureCategory)
		default:
			measured++
		}
		rows = append(rows, e)
	}
	if err := ds.WriteManifest(rows); err != nil {
		return err
	}
	slog.Info("targets measured", "notebooks", len(rows), "with_target", measured, "manifest", ds.ManifestPath())
	if c.Seal {
		return ds.Seal()
	}
	return nil
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

// loadWithEras reads a dataset and the era table its notebooks are mapped
// with; either failing is a usage error.
func loadWithEras(dataset, eraTable, envsDir string) (*datasets.Dataset, *envs.Eras, error) {
	ds, err := datasets.Load(dataset)
	if err != nil {
		return nil, nil, usage(err)
	}
	eras, err := envs.LoadEras(eraTable, envsDir)
	if err != nil {
		return nil, nil, usage(err)
	}
	return ds, eras, nil
}
