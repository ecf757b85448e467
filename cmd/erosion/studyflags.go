package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/harness/slurm"
)

// StudyFlags say which results to read and how to read them; analyze,
// figures and report share them, and only render what load computed.
type StudyFlags struct {
	Results string   `default:"out" type:"path" placeholder:"DIR" help:"Results folder to read."`
	Dataset string   `type:"path" placeholder:"DIR" help:"Dataset folder the runs came from: notebook years, eras and libraries, the planned notebooks, the method and the dataset checksum (default: datasets/<name> when it holds the runs' dataset)."`
	Order   []string `placeholder:"ENV" help:"Environments to list first, in this order (default: current environments newest first, then backported, then modernized)."`

	// loaded is shared by the stages of one `erosion study`, so the
	// results are read once for analyze, figures and report.
	loaded *loadedStudy
}

type loadedStudy struct {
	study   *analysis.Study
	dataset *datasets.Dataset
}

// load reads the results (and the dataset, when known) into the Study,
// checking every flag before anything is printed.
func (c *StudyFlags) load() (*analysis.Study, *datasets.Dataset, error) {
	if c.loaded != nil && c.loaded.study != nil {
		return c.loaded.study, c.loaded.dataset, nil
	}
	if st, err := os.Stat(c.Results); err != nil || !st.IsDir() {
		return nil, nil, usage(fmt.Errorf("results folder %s does not exist: pass --results with the folder `erosion run` wrote", c.Results))
	}
	var ds *datasets.Dataset
	if c.Dataset != "" {
		var err error
		if ds, err = datasets.Load(c.Dataset); err != nil {
			return nil, nil, usage(err)
		}
	}
	parts, err := analysis.RunParts(c.Results)
	if err != nil {
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("no runs in %s: run `erosion run` first", c.Results)
	}
	s, err := analysis.Load(c.Results, analysis.Options{Order: c.Order})
	if err != nil {
		return nil, nil, err
	}
	if len(s.Units) == 0 {
		return nil, nil, fmt.Errorf("no outcomes in %s: every run was an infrastructure failure; `erosion run --resume` retries them", c.Results)
	}
	for _, e := range c.Order {
		if !slices.Contains(s.Envs, e) {
			return nil, nil, usage(fmt.Errorf("--order %s: %s has no environment %q; choose from %s", strings.Join(c.Order, ","), c.Results, e, strings.Join(s.Envs, ", ")))
		}
	}
	if ds == nil {
		ds = datasetBeside(s.Datasets)
	}
	if ds != nil {
		if !slices.Contains(s.Datasets, ds.Name) {
			return nil, nil, usage(fmt.Errorf("--dataset %s is dataset %q but the runs in %s are of %v: pass the dataset they ran", c.Dataset, ds.Name, c.Results, s.Datasets))
		}
		if err := s.UseDataset(ds); err != nil {
			return nil, nil, err
		}
	} else if err := planFromSlurm(s); err != nil {
		return nil, nil, err
	}
	if c.loaded != nil {
		c.loaded.study, c.loaded.dataset = s, ds
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
