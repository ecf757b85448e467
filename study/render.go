package study

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
	"erosion/harness/slurm"
	"erosion/report"
)

// LoadResults reads a results folder into the analysis model, once for
// every rendering (Analyze, Figures, Report). datasetDir is the dataset the
// runs came from ("": datasets/<name> when that folder holds the runs'
// dataset, else the plan of a Slurm submission in the folder, if any); it
// gives the notebooks' years, eras and libraries and the planned notebooks.
// order lists environments first. A missing folder, a wrong dataset or an
// unknown environment is a UsageError.
func LoadResults(resultsDir, datasetDir string, order []string) (*analysis.Study, *datasets.Dataset, error) {
	if st, err := os.Stat(resultsDir); err != nil || !st.IsDir() {
		return nil, nil, usage(fmt.Errorf("results folder %s does not exist: pass --results with the folder `erosion run` wrote", resultsDir))
	}
	var ds *datasets.Dataset
	if datasetDir != "" {
		var err error
		if ds, err = datasets.Load(datasetDir); err != nil {
			return nil, nil, usage(err)
		}
	}
	parts, err := analysis.RunParts(resultsDir)
	if err != nil {
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("no runs in %s: run `erosion run` first", resultsDir)
	}
	s, err := analysis.Load(resultsDir, analysis.Options{Order: order})
	if err != nil {
		return nil, nil, err
	}
	if len(s.Units) == 0 {
		return nil, nil, fmt.Errorf("no outcomes in %s: every run was an infrastructure failure; `erosion run --resume` retries them", resultsDir)
	}
	for _, e := range order {
		if !slices.Contains(s.Envs, e) {
			return nil, nil, usage(fmt.Errorf("--order %s: %s has no environment %q; choose from %s", strings.Join(order, ","), resultsDir, e, strings.Join(s.Envs, ", ")))
		}
	}
	if ds == nil {
		ds = datasetBeside(s.Datasets)
	}
	if ds != nil {
		if !slices.Contains(s.Datasets, ds.Name) {
			return nil, nil, usage(fmt.Errorf("--dataset %s is dataset %q but the runs in %s are of %v: pass the dataset they ran", datasetDir, ds.Name, resultsDir, s.Datasets))
		}
		if err := s.UseDataset(ds); err != nil {
			return nil, nil, err
		}
	} else if err := planFromSlurm(s); err != nil {
		return nil, nil, err
	}
	return s, ds, nil
}

// datasetBeside is datasets/<name> when the runs name one dataset and that
// folder holds it; nil otherwise.
func datasetBeside(names []string) *datasets.Dataset {
	if len(names) != 1 {
		return nil
	}
	dir := filepath.Join("datasets", names[0])
	if _, err := os.Stat(filepath.Join(dir, "dataset.yaml")); err != nil {
		return nil
	}
	ds, err := datasets.Load(dir)
	if err != nil || ds.Name != names[0] {
		return nil
	}
	slog.Info("dataset found beside the results", "dataset", dir)
	return ds
}

// planFromSlurm takes the planned notebooks from a Slurm submission's plan,
// when the results folder has one: without the dataset, it is what the
// folder shows was planned.
func planFromSlurm(s *analysis.Study) error {
	p, err := slurm.LoadPlan(s.Results)
	if err != nil || p == nil || len(s.Datasets) != 1 {
		return err
	}
	ids, envs := p.Originals()
	if len(ids) > 0 {
		s.Plan(analysis.PlannedFromSlurm, s.Datasets[0], ids, envs)
	}
	return nil
}

// Analyze writes the study's tables (Markdown, CSV, LaTeX) under
// <results>/tables and its summary to <results>/report.json, and prints
// the headline and where they went to w, or with asJSON the summary alone.
func Analyze(w io.Writer, s *analysis.Study, ds *datasets.Dataset, version string, asJSON bool) error {
	tables := s.TablesFor(ds)
	sum := report.Summarize(s, version)
	if asJSON {
		data, err := sum.JSON()
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	} else if err := report.WriteHeadline(w, s, tables); err != nil {
		return err
	}
	dir := filepath.Join(s.Results, "tables")
	paths, err := analysis.WriteTables(dir, tables)
	if err != nil {
		return err
	}
	jp, err := sum.WriteJSON(s.Results)
	if err != nil {
		return err
	}
	if !asJSON {
		fmt.Fprintf(w, "%d tables (Markdown, CSV, LaTeX) in %s; summary in %s\n", len(paths)/3, dir, jp)
	}
	return nil
}

// Figures draws the study's figures (PDF, SVG, PNG) into out ("":
// <results>/figures) and says where to w.
func Figures(w io.Writer, s *analysis.Study, ds *datasets.Dataset, out string) error {
	if out == "" {
		out = filepath.Join(s.Results, "figures")
	}
	figs, err := figures.AllFor(s, ds)
	if err != nil {
		return err
	}
	paths, err := figures.Write(out, figs, figures.Stamp(s))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d figures (%d files) in %s\n", len(figs), len(paths), out)
	return nil
}

// Report writes the study report (self-contained HTML, Markdown, JSON) with
// its tables and figures into out ("": the results folder) and says where
// to w.
func Report(w io.Writer, s *analysis.Study, ds *datasets.Dataset, out, version string) error {
	if out == "" {
		out = s.Results
	}
	paths, err := report.WriteAll(s, ds, out, version)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "report: %s (self-contained), %s and %s; tables in %s, figures in %s\n",
		paths[0], paths[1], paths[2], filepath.Join(out, "tables"), filepath.Join(out, "figures"))
	return nil
}
