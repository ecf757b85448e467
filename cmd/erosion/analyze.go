package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"erosion/analysis"
	"erosion/records"
)

// AnalyzeCmd summarises a results folder.
type AnalyzeCmd struct {
	StudyFlags
}

func (c *AnalyzeCmd) Run(_ context.Context, _ *Globals) error {
	if _, err := os.Stat(c.Results); err != nil {
		return usage(fmt.Errorf("results folder %s does not exist: pass --results with the folder `erosion run` wrote", c.Results))
	}
	runs, err := records.Runs.Read(c.Results)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		return fmt.Errorf("no runs in %s: run `erosion run` first", c.Results)
	}
	fmt.Fprintf(stdout, "Outcomes per environment (%d runs in %s)\n\n", len(runs), c.Results)
	if err := analysis.WriteTable(stdout, analysis.Outcomes(runs)); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	vs, err := records.Verdicts.Read(c.Results)
	if err != nil {
		return err
	}
	if cs := analysis.Classes(vs); slices.ContainsFunc(cs, func(c analysis.ClassCounts) bool { return c.Graded > 0 }) {
		fmt.Fprintf(stdout, "Reproducibility per environment (graded notebooks: score within tolerance of the target, confirmed)\n\n")
		if err := analysis.WriteClasses(stdout, cs); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	if err := analysis.WriteFailures(stdout, analysis.Failures(runs)); err != nil {
		return err
	}
	return writeTables(c.StudyFlags)
}
