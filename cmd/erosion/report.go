package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/report"
)

// ReportCmd writes the study report with its tables and figures.
type ReportCmd struct {
	StudyFlags
	Out string `type:"path" placeholder:"DIR" help:"Folder to write report.html, report.md, report.json, tables/ and figures/ (default: the results folder)."`
}

func (c *ReportCmd) Run(context.Context, *Globals) error {
	s, ds, err := c.load()
	if err != nil {
		return err
	}
	out := c.Out
	if out == "" {
		out = c.Results
	}
	paths, err := report.WriteAll(s, ds, out, erosionVersion())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report: %s (self-contained), %s and %s; tables in %s, figures in %s\n",
		paths[0], paths[1], paths[2], filepath.Join(out, "tables"), filepath.Join(out, "figures"))
	return nil
}
