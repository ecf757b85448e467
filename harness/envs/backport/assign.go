package backport

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"erosion/datasets"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/pydist"
)

// Notebook is one notebook to backport.
type Notebook struct {
	ID            string
	Submitted     string // the date as the dataset gives it
	Date          time.Time
	Distributions []string // what it imports
}

// WriteAssignment writes out/assignment.csv, a row per notebook with its
// era environment (eraFor its date) and Python, and, with an index, its pin
// set: one python environment spec and Dockerfile per distinct pin set in
// out/pinsets, however many notebooks share it. It returns how many pin
// sets there are.
func WriteAssignment(ctx context.Context, out string, nbs []Notebook, eraFor func(time.Time) string, ix *Index) (int, error) {
	if err := os.MkdirAll(filepath.Join(out, "pinsets"), 0o755); err != nil {
		return 0, err
	}
	f, err := os.Create(filepath.Join(out, "assignment.csv"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"notebook_id", "submitted", "era_env", "python", "pin_set", "distributions", "unresolved"})
	sets := map[string]*Pins{}
	for _, nb := range nbs {
		row := []string{nb.ID, nb.Submitted, eraFor(nb.Date), PythonFor(nb.Date), "", jsonText(nb.Distributions), ""}
		if ix != nil {
			pins, err := Resolve(ctx, ix, nb.Distributions, nb.Date)
			if err != nil {
				return 0, err
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
		return 0, err
	}
	for key, pins := range sets {
		spec := &envs.Spec{Name: "backport-" + key, Python: pins.Python, Requirements: pins.Requirements()}
		data, _ := yaml.Marshal(map[string]any{"name": spec.Name, "description": "backported pins (erosion envs backport)", "python": spec.Python, "requirements": spec.Requirements})
		if err := os.WriteFile(filepath.Join(out, "pinsets", key+".yaml"), data, 0o644); err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(out, "pinsets", key+".Dockerfile"), []byte(envs.Dockerfile(spec)), 0o644); err != nil {
			return 0, err
		}
	}
	return len(sets), nil
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

// NotebooksOf are the notebooks of ds to assign, each with its date and
// the distributions it imports. A notebook without a date or that does not
// parse is an error of the dataset.
func NotebooksOf(ds *datasets.Dataset) ([]Notebook, error) {
	var nbs []Notebook
	for _, entry := range ds.Notebooks {
		date := entry.Date()
		if date.IsZero() {
			return nil, fmt.Errorf("dataset %s, notebook %s: no submitted date to backport to", ds.Name, entry.ID)
		}
		nb, err := notebook.Read(ds.NotebookPath(entry))
		if err != nil {
			return nil, err
		}
		nbs = append(nbs, Notebook{ID: entry.ID, Submitted: entry.Submitted, Date: date, Distributions: pydist.Distributions(nb.Imports())})
	}
	return nbs, nil
}
