package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/analysis"
	"erosion/report"
)

// AnalyzeCmd summarises a results folder.
type AnalyzeCmd struct {
	StudyFlags
	JSON bool `help:"Print the summary as JSON (report.json's format, see report/report-json.md) instead of tables."`
}

func (c *AnalyzeCmd) Run(_ context.Context, _ *Globals) error {
	s, ds, err := c.load()
	if err != nil {
		return err
	}
	tables := s.TablesFor(ds)
	sum := report.Summarize(s, erosionVersion())
	if c.JSON {
		data, err := sum.JSON()
		if err != nil {
			return err
		}
		if _, err := stdout.Write(data); err != nil {
			return err
		}
	} else if err := report.WriteHeadline(stdout, s, tables); err != nil {
		return err
	}
	dir := filepath.Join(c.Results, "tables")
	paths, err := analysis.WriteTables(dir, tables)
	if err != nil {
		return err
	}
	jp, err := sum.WriteJSON(c.Results)
	if err != nil {
		return err
	}
	if !c.JSON {
		fmt.Fprintf(stdout, "%d tables (Markdown, CSV, LaTeX) in %s; summary in %s\n", len(paths)/3, dir, jp)
	}
	return nil
}
