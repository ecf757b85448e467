package main

import (
	"context"

	"erosion/study"
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
	return study.Figures(stdout, s, ds, c.Out)
}
