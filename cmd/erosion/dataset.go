package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"erosion/datasets"
	"erosion/datasets/targets"
	"erosion/study"
)

// DatasetCmd groups the dataset commands.
type DatasetCmd struct {
	Verify   DatasetVerifyCmd   `cmd:"" help:"Check a dataset: checksums, schema, every notebook parses and its competition exists."`
	Info     DatasetInfoCmd     `cmd:"" help:"Counts by competition, year and era; which competitions are graded; targets measured."`
	Seal     DatasetSealCmd     `cmd:"" help:"Record the checksums of every file in dataset.yaml (after editing a dataset)."`
	Targets  DatasetTargetsCmd  `cmd:"" help:"Measure each notebook's target score in its era environment and write manifest.parquet."`
	Graders  DatasetGradersCmd  `cmd:"" help:"Print, per competition, the grader that grades it and where its data come from."`
	MLEBench DatasetMLEBenchCmd `cmd:"" name:"mlebench" help:"Point the dataset's competitions at MLE-bench's prepared data and graders (referenced, not copied)."`
}

// datasetArg is --dataset, which verify, info and seal also take as their
// one argument (erosion dataset verify datasets/starter).
type datasetArg struct {
	Dataset string `type:"path" placeholder:"DIR" help:"Dataset folder (holds dataset.yaml, notebooks/, competitions/)."`
	Folder  string `arg:"" optional:"" type:"path" name:"dataset-folder" help:"The dataset folder, as an argument instead of --dataset."`
}

func (a datasetArg) load() (*datasets.Dataset, error) {
	dir := a.Dataset
	switch {
	case dir != "" && a.Folder != "" && filepath.Clean(dir) != filepath.Clean(a.Folder):
		return nil, usage(fmt.Errorf("two datasets given (--dataset %s and %s): give one", a.Dataset, a.Folder))
	case dir == "":
		dir = a.Folder
	}
	if dir == "" {
		return nil, usage(errors.New("no dataset given: pass --dataset DIR (the folder holding dataset.yaml), e.g. --dataset datasets/starter"))
	}
	ds, err := datasets.Load(dir)
	return ds, usage(err)
}

// DatasetVerifyCmd verifies a dataset.
type DatasetVerifyCmd struct {
	datasetArg `embed:""`
	Full       bool `help:"Hash every file of referenced MLE-bench data instead of comparing sizes and modification times."`
}

func (c *DatasetVerifyCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	return study.VerifyDataset(stdout, stderr, ds, datasets.VerifyOptions{Full: c.Full})
}

// DatasetSealCmd writes checksums.
type DatasetSealCmd struct {
	datasetArg `embed:""`
}

func (c *DatasetSealCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	return study.SealDataset(stdout, ds)
}

// DatasetInfoCmd summarises a dataset.
type DatasetInfoCmd struct {
	datasetArg `embed:""`
	SpecsFlag
	Eras string `type:"erastable" default:"eras" placeholder:"FILE|NAME" help:"Era table naming each notebook's era where the manifest has none measured: a file, or a built-in table (eras, eras-slim)."`
	JSON bool   `name:"json" help:"Print the summary as JSON (fields in the README's \"JSON output\")."`
}

func (c *DatasetInfoCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	eras, err := c.eras(c.Eras)
	if err != nil {
		return err
	}
	info, err := ds.Info(eras.For, eras.Path) // a *datasets.CompetitionError carries exit code 2
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(info)
	}
	info.WriteText(stdout)
	return nil
}

// writeJSON prints v as indented JSON.
func writeJSON(v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(data, '\n'))
	return err
}

// DatasetTargetsCmd measures target scores.
type DatasetTargetsCmd struct {
	DatasetFlag
	SubsetFlags
	ExecFlags
	Results string `default:"out/targets" type:"path" placeholder:"DIR" help:"Results folder of the measuring runs (a measurement resumes from it)."`
	Eras    string `type:"erastable" default:"eras" placeholder:"FILE|NAME" help:"Era table: each notebook's target is measured in its era environment; a file, or a built-in table (eras, eras-slim)."`
	Seal    bool   `default:"true" negatable:"" help:"Seal the dataset's checksums afterwards."`
}

func (c *DatasetTargetsCmd) Run(ctx context.Context) error {
	ids, err := c.ids()
	if err != nil {
		return err
	}
	setup, err := c.setup(ctx, c.Results, "erosion dataset targets")
	if err != nil {
		return err
	}
	cfg := study.Config{Dataset: c.Dataset, EnvsDir: c.EnvsDir, Notebooks: ids, Competitions: c.Competitions}
	_, err = targets.MeasureIn(ctx, setup, cfg, c.Eras, c.Seal)
	return interrupted(err, fmt.Sprintf("`erosion dataset targets --dataset %s --results %s` with the same flags", c.Dataset, c.Results))
}
