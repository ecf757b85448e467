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
	tables := s.Tables()
	var names []string
	for _, t := range tables {
		names = append(names, t.Name)
	}
	warnLeftOut(ds, "table", datasetTables, names)
	sum := report.Summarize(s, erosionVersion())
	if c.JSON {
		data, err := sum.JSON()
		if err != nil {
			return err
		}
		if _, err := stdout.Write(data); err != nil {
			return err
		}
	} else if err := printAnalysis(s, tables); err != nil {
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

// printAnalysis prints the headline tables: rates, outcome classes and
// failures per environment, after a warning line when the results do not
// cover the plan.
func printAnalysis(s *analysis.Study, tables []analysis.Table) error {
	if inc := report.Incomplete(s.Progress()); inc != "" {
		fmt.Fprintf(stdout, "%s: the rates below are partial (erosion run --resume finishes the rest)\n\n", inc)
	}
	fmt.Fprintf(stdout, "%d notebooks, %d environments, %d runs in %s (%d infrastructure failures, not counted)\n\n",
		s.Notebooks(), len(s.Envs), s.RunRows, s.Results, s.InfraRuns)
	for _, t := range tables {
		switch t.Name {
		case "environments", "outcome-classes", "failures":
			if err := t.Text(stdout); err != nil {
				return err
			}
			fmt.Fprintln(stdout)
		}
	}
	return nil
}
