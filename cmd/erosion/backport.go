package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

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
	DatasetFlag
	SpecsFlag
	Eras  string `type:"erastable" default:"eras" placeholder:"FILE|NAME" help:"Era table: the era environments and their dates; a file, or a built-in table (eras, eras-slim)."`
	Index string `placeholder:"URL" help:"Package index URL (PEP 691 simple index or a JSON API) (default: $PIP_INDEX_URL). Without one, only the era assignment is written."`
	Out   string `default:"out/backport" type:"path" placeholder:"DIR" help:"Folder to write assignment.csv and pinsets/ into."`
}

func (c *EnvsBackportCmd) Help() string {
	return `assignment.csv has one row per notebook: notebook_id, submitted, era_env, python, pin_set, and
distributions and unresolved as JSON (a list of names; an object name -> why it could not be pinned).
Each pin set is a python environment spec (pinsets/<key>.yaml, usable with --envs-dir) and its
Dockerfile.

Examples:

    erosion envs backport --dataset datasets/mini --out out/backport
    erosion envs backport --dataset datasets/mini --index http://127.0.0.1:3141/simple/`
}

func (c *EnvsBackportCmd) Run(ctx context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	eras, err := c.eras(c.Eras)
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
		row := []string{entry.ID, entry.Submitted, eras.For(date), backport.PythonFor(date), "", jsonText(dists), ""}
		if ix != nil {
			pins, err := backport.Resolve(ctx, ix, dists, date)
			if err != nil {
				return err
			}
			key := pins.Key()
			sets[key] = pins
			row[4] = key
			row[6] = jsonText(pins.Unresolved)
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

// jsonText is v as compact JSON, for a list or map in one CSV cell (a nil
// list is []).
func jsonText(v any) string {
	switch x := v.(type) {
	case []string:
		if x == nil {
			v = []string{}
		}
	case map[string]string:
		if x == nil {
			v = map[string]string{}
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}
