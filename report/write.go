package report

import (
	"fmt"
	"io"
	"path/filepath"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
)

// WriteAll writes out/tables, out/figures and the report of study s (ds:
// its dataset, when known) written by erosion version; the paths returned
// are report.html, report.md and report.json.
func WriteAll(s *analysis.Study, ds *datasets.Dataset, out, version string) ([]string, error) {
	tables := s.TablesFor(ds)
	if _, err := analysis.WriteTables(filepath.Join(out, "tables"), tables); err != nil {
		return nil, err
	}
	figs, err := figures.AllFor(s, ds)
	if err != nil {
		return nil, err
	}
	if _, err := figures.Write(filepath.Join(out, "figures"), figs, figures.Stamp(s)); err != nil {
		return nil, err
	}
	r, err := Build(Input{Study: s, Tables: tables, Figures: figs, Dataset: ds, Version: version, FigureDir: "figures"})
	if err != nil {
		return nil, err
	}
	return r.Write(out)
}

// WriteHeadline writes the headline tables (rates, outcome classes and
// failures per environment), after a warning line when the results do not
// cover the plan.
func WriteHeadline(w io.Writer, s *analysis.Study, tables []analysis.Table) error {
	if inc := Incomplete(s.Progress()); inc != "" {
		fmt.Fprintf(w, "%s: the rates below are partial (erosion run --resume finishes the rest)\n\n", inc)
	}
	fmt.Fprintf(w, "%d notebooks, %d environments, %d runs in %s (%d infrastructure failures, not counted)\n\n",
		s.Notebooks(), len(s.Envs), s.RunRows, s.Results, s.InfraRuns)
	for _, t := range tables {
		switch t.Name {
		case "environments", "outcome-classes", "failures":
			if err := t.Text(w); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}
