package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"text/tabwriter"

	"erosion/datasets"
	"erosion/datasets/targets"
	"erosion/harness/envs"
)

// DatasetCmd groups the dataset commands.
type DatasetCmd struct {
	Verify   DatasetVerifyCmd   `cmd:"" help:"Check a dataset: checksums, schema, every notebook parses and its competition exists."`
	Info     DatasetInfoCmd     `cmd:"" help:"Counts by competition, year and era; targets measured."`
	Seal     DatasetSealCmd     `cmd:"" help:"Record the checksums of every file in dataset.yaml (after editing a dataset)."`
	Targets  DatasetTargetsCmd  `cmd:"" help:"Measure each notebook's target score in its era environment and write manifest.parquet."`
	Graders  DatasetGradersCmd  `cmd:"" help:"Print, per competition, the grader that grades it and where its data come from."`
	MLEBench DatasetMLEBenchCmd `cmd:"" name:"mlebench" help:"Point the dataset's competitions at MLE-bench's prepared data and graders (referenced, not copied)."`
}

// DatasetVerifyCmd verifies a dataset.
type DatasetVerifyCmd struct {
	Dataset string `arg:"" type:"path" help:"Dataset folder."`
	Full    bool   `help:"Hash every file of referenced MLE-bench data instead of comparing sizes and modification times."`
}

func (c *DatasetVerifyCmd) Run(context.Context, *Globals) error {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return usage(err)
	}
	problems, err := ds.VerifyWith(datasets.VerifyOptions{Full: c.Full})
	if err != nil {
		return err
	}
	bad := false
	for _, p := range problems {
		fmt.Fprintln(stderr, "  "+p.Msg)
		bad = bad || p.Usage
	}
	if len(problems) > 0 {
		err := fmt.Errorf("dataset %s fails verification: %d problems (listed above)", ds.Dir, len(problems))
		if bad {
			return usage(err) // a malformed notebook or competition: the author's to fix
		}
		return err
	}
	fmt.Fprintf(stdout, "dataset %s (%s) verified: %d notebooks, %d competitions, %d files match their checksums\n", ds.Name, ds.Dir, len(ds.Notebooks), len(ds.CompetitionSlugs()), ds.SealedFiles())
	return nil
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
	fmt.Fprintf(stdout, "sealed %s: %d files\n", ds.Dir, ds.SealedFiles())
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
	kaggle, measured, used := 0, 0, map[string]int{}
	for _, e := range manifest {
		if e.KaggleTarget != nil {
			kaggle++
		}
		if e.MeasuredTarget != nil {
			measured++
		}
		if _, src := ds.ChooseTarget(e); src != "" {
			used[src]++
		}
	}
	fmt.Fprintf(stdout, "%s v%s: %s\n%d notebooks; %d with a Kaggle target, %d with a measured target; verdicts use %d Kaggle and %d measured targets\n\n",
		ds.Name, ds.Version, ds.Description, len(ds.Notebooks), kaggle, measured, used[datasets.TargetKaggle], used[datasets.TargetMeasured])
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
	DatasetFlag
	ExecFlags
	Results string `default:"results/targets" type:"path" help:"Results folder of the measuring runs (a measurement resumes from it)."`
	Eras    string `default:"configs/eras.yaml" type:"path" help:"Era table: each notebook's target is measured in its era environment."`
	Seal    bool   `default:"true" negatable:"" help:"Seal the dataset's checksums afterwards."`
}

func (c *DatasetTargetsCmd) Run(ctx context.Context, g *Globals) error {
	ds, eras, err := loadWithEras(c.Dataset, c.Eras, g.EnvsDir)
	if err != nil {
		return err
	}
	x, closeAll, err := c.executor(ctx, g, ResultsFlag{Results: c.Results}, "erosion dataset targets")
	if err != nil {
		return err
	}
	defer closeAll()
	sum, err := targets.Measure(ctx, x, ds, eras, finder(g))
	if err != nil {
		var ue *datasets.UnverifiedError
		if errors.As(err, &ue) {
			return usage(err)
		}
		return interrupted(err, x.Results.Count(), fmt.Sprintf("erosion dataset targets --dataset %s --results %s", c.Dataset, c.Results))
	}
	slog.Info("targets measured", "notebooks", sum.Notebooks, "with_target", sum.Measured, "manifest", ds.ManifestPath())
	if c.Seal {
		return ds.Seal()
	}
	return nil
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
