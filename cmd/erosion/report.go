package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
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
	paths, err := writeReport(s, ds, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report: %s (self-contained), %s and %s; tables in %s, figures in %s\n",
		paths[0], paths[1], paths[2], filepath.Join(out, "tables"), filepath.Join(out, "figures"))
	return nil
}

// writeReport writes out/tables, out/figures and the report; the paths
// returned are report.html, report.md and report.json.
func writeReport(s *analysis.Study, ds *datasets.Dataset, out string) ([]string, error) {
	tables := s.Tables()
	var names []string
	for _, t := range tables {
		names = append(names, t.Name)
	}
	warnLeftOut(ds, "table", datasetTables, names)
	if _, err := analysis.WriteTables(filepath.Join(out, "tables"), tables); err != nil {
		return nil, err
	}
	figs, err := drawFigures(s, ds)
	if err != nil {
		return nil, err
	}
	if _, err := figures.Write(filepath.Join(out, "figures"), figs, figures.Stamp(s)); err != nil {
		return nil, err
	}
	r, err := report.Build(report.Input{Study: s, Tables: tables, Figures: figs, Dataset: ds, Version: erosionVersion(), FigureDir: "figures"})
	if err != nil {
		return nil, err
	}
	return r.Write(out)
}
