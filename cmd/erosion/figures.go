package main

import (
	"context"
	"fmt"
	"path/filepath"

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
	figs, err := figures.AllFor(s, ds)
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
