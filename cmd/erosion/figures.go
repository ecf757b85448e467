package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
)

// FiguresCmd draws the study's figures.
type FiguresCmd struct {
	StudyFlags
	Out string `type:"path" placeholder:"DIR" help:"Folder to write the figures into (default: <results>/figures)."`
}

func (c *FiguresCmd) Run(context.Context, *Globals) error {
	s, ds, err := c.load()
	if err != nil {
		return err
	}
	out := c.Out
	if out == "" {
		out = filepath.Join(c.Results, "figures")
	}
	figs, err := drawFigures(s, ds)
	if err != nil {
		return err
	}
	paths, err := figures.Write(out, figs, figures.Stamp(s))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d figures (%d files) in %s\n", len(figs), len(paths), out)
	return nil
}

// drawFigures draws every figure the study supports, warning about the
// ones left out for want of the dataset.
func drawFigures(s *analysis.Study, ds *datasets.Dataset) ([]*figures.Figure, error) {
	figs, err := figures.All(s)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	warnLeftOut(ds, "figure", datasetFigures, names)
	return figs, nil
}
