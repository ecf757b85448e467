package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"go.yaml.in/yaml/v3"

	"erosion/harness/envs"
	"erosion/harness/envs/backport"
	"erosion/notebook"
	"erosion/pydist"
)

// EnvsBackportCmd assigns each notebook of a dataset its backported
// environment: the era environment nearest its date (offline), and, where a
// package index answers, the pins of the newest releases on that date.
type EnvsBackportCmd struct {
	Dataset string `required:"" type:"path" help:"Dataset folder."`
	Eras    string `default:"configs/eras.yaml" type:"path" help:"Era table: the era environments and their dates."`
	Index   string `help:"Package index URL (PEP 691 simple index or a JSON API); default: PIP_INDEX_URL. Without one, only the era assignment is written."`
	Out     string `default:"results/backport" type:"path" help:"Where to write assignment.csv and pinsets/."`
}

func (c *EnvsBackportCmd) Run(ctx context.Context, g *Globals) error {
	ds, eras, err := loadWithEras(c.Dataset, c.Eras, g.EnvsDir)
	if err != nil {
		return err
	}
	ix, ixErr := backport.IndexFromEnv(c.Index)
	if ixErr != nil {
		slog.Info("no package index configured: writing the era assignment only", "why", ixErr)
	}
	if err := os.MkdirAll(filepath.Join(c.Out, "pinsets"), 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(c.Out, "assignment.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"notebook_id", "submitted", "era_env", "python", "pin_set", "distributions", "unresolved"})
	sets := map[string]*backport.Pins{}
	for _, entry := range ds.Notebooks {
		date := entry.Date()
		if date.IsZero() {
			return usage(fmt.Errorf("dataset %s, notebook %s: no submitted date to backport to", ds.Name, entry.ID))
		}
		nb, err := notebook.Read(ds.NotebookPath(entry))
		if err != nil {
			return usage(err)
		}
		dists := pydist.Distributions(nb.Imports())
		row := []string{entry.ID, entry.Submitted, eras.For(date), backport.PythonFor(date), "", fmt.Sprint(dists), ""}
		if ix != nil {
			pins, err := backport.Resolve(ctx, ix, dists, date)
			if err != nil {
				return err
			}
			key := pins.Key()
			sets[key] = pins
			row[4] = key
			var un []string
			for d, why := range pins.Unresolved {
				un = append(un, d+": "+why)
			}
			slices.Sort(un)
			row[6] = fmt.Sprint(un)
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	// One python environment per distinct pin set, however many notebooks
	// share it.
	for key, pins := range sets {
		spec := &envs.Spec{Name: "backport-" + key, Python: pins.Python, Requirements: pins.Requirements()}
		data, _ := yaml.Marshal(map[string]any{"name": spec.Name, "description": "backported pins (erosion envs backport)", "python": spec.Python, "requirements": spec.Requirements})
		if err := os.WriteFile(filepath.Join(c.Out, "pinsets", key+".yaml"), data, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(c.Out, "pinsets", key+".Dockerfile"), []byte(envs.Dockerfile(spec)), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d notebooks assigned (%s); %d distinct pin sets in %s\n", len(ds.Notebooks), filepath.Join(c.Out, "assignment.csv"), len(sets), filepath.Join(c.Out, "pinsets"))
	return nil
}
