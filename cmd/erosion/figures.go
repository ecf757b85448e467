package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
)

// FiguresCmd draws the study's figures.
type FiguresCmd struct {
	StudyFlags
	Out string `type:"path" help:"Folder for the figures (default: <results>/figures)."`
}

// StudyFlags say which results to read and how to read them; analyze,
// figures and report share them.
type StudyFlags struct {
	Results string   `default:"results" type:"path" help:"Results folder to read."`
	Dataset string   `type:"path" help:"Dataset folder the runs came from: notebook years, eras and libraries, the method and the dataset checksum (default: datasets/<name> when it holds the runs' dataset)."`
	Order   []string `help:"Environments to list first, in this order (default: current environments newest first, then backported, then modernized)."`
}

func (c *FiguresCmd) Run(context.Context, *Globals) error {
	s, _, err := c.load()
	if err != nil {
		return err
	}
	out := c.Out
	if out == "" {
		out = filepath.Join(c.Results, "figures")
	}
	paths, err := writeFigures(s, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d figures (%d files) in %s\n", len(paths)/len(figures.Formats), len(paths), out)
	return nil
}

func writeFigures(s *analysis.Study, out string) ([]string, error) {
	figs, err := figures.All(s)
	if err != nil {
		return nil, err
	}
	return figures.Write(out, figs, figures.Stamp(s))
}

// load reads the results (and the dataset, when known) into a Study.
func (c *StudyFlags) load() (*analysis.Study, *datasets.Dataset, error) {
	if st, err := os.Stat(c.Results); err != nil || !st.IsDir() {
		return nil, nil, usage(fmt.Errorf("results folder %s does not exist: pass --results with the folder `erosion run` wrote", c.Results))
	}
	parts, err := analysis.RunParts(c.Results)
	if err != nil {
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("no runs in %s: run `erosion run` first", c.Results)
	}
	s, err := analysis.Load(c.Results, analysis.Options{Order: c.Order})
	if err != nil {
		return nil, nil, err
	}
	if len(s.Units) == 0 {
		return nil, nil, fmt.Errorf("no outcomes in %s: every run was an infrastructure failure; `erosion run --resume` retries them", c.Results)
	}
	ds, err := c.dataset(s.Datasets)
	if err != nil {
		return nil, nil, err
	}
	if ds != nil {
		if !slices.Contains(s.Datasets, ds.Name) {
			return nil, nil, usage(fmt.Errorf("--dataset %s is dataset %q but the runs in %s are of %v: pass the dataset they ran", c.Dataset, ds.Name, c.Results, s.Datasets))
		}
		entries, err := analysis.NotebookMeta(ds)
		if err != nil {
			return nil, nil, err
		}
		s.Describe(ds.Name, entries)
	}
	return s, ds, nil
}

// dataset loads --dataset, or datasets/<name> when the runs name one
// dataset and that folder holds it; nil when neither is known.
func (c *StudyFlags) dataset(names []string) (*datasets.Dataset, error) {
	if c.Dataset != "" {
		ds, err := datasets.Load(c.Dataset)
		if err != nil {
			return nil, usage(err)
		}
		return ds, nil
	}
	if len(names) != 1 {
		return nil, nil
	}
	dir := filepath.Join("datasets", names[0])
	if _, err := os.Stat(filepath.Join(dir, "dataset.yaml")); err != nil {
		return nil, nil
	}
	ds, err := datasets.Load(dir)
	if err != nil || ds.Name != names[0] {
		return nil, nil
	}
	slog.Info("dataset found beside the results", "dataset", dir)
	return ds, nil
}

// writeTables is analyze's last step: every table of the study under
// <results>/tables, as Markdown, CSV and LaTeX.
func writeTables(f StudyFlags) error {
	s, _, err := f.load()
	if err != nil {
		return err
	}
	dir := filepath.Join(f.Results, "tables")
	paths, err := analysis.WriteTables(dir, s.Tables())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d tables (Markdown, CSV, LaTeX) in %s\n", len(paths)/3, dir)
	return nil
}
