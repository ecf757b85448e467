// Package predictions is the "agent" that evaluates notebooks modernized
// elsewhere, as agent benchmarks evaluate submitted predictions: a folder
// holds one modernized notebook per dataset notebook, and the loop runs and
// grades each once, as given.
package predictions

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"erosion/agents"
	"erosion/notebook"
)

// Extensions a prediction may have: a notebook, or a Jupytext percent
// script ("# %%" cell markers).
var exts = []string{".ipynb", ".py"}

// Agent serves the notebooks of one folder.
type Agent struct {
	dir  string
	name string
}

// New opens a folder of predictions: <dir>/<notebook_id>.ipynb (or .py),
// optionally under a folder per competition as in a dataset's notebooks/
// (<dir>/<competition>/<notebook_id>.ipynb).
func New(dir string) (*Agent, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("predictions agent: %s is not a folder: pass --agent predictions:<folder holding <notebook_id>.ipynb files>", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("predictions agent: %s: %v", dir, err)
	}
	return &Agent{dir: abs, name: "predictions:" + filepath.Base(abs)}, nil
}

// Name is "predictions:<folder name>".
func (a *Agent) Name() string { return a.name }

// Fix returns the prediction's code cells on the first iteration; a
// prediction is evaluated as given, so later iterations give up, as does a
// notebook the folder has no prediction for.
func (a *Agent) Fix(ctx context.Context, req agents.Request) (*agents.Response, error) {
	if req.Iteration > 1 {
		return nil, fmt.Errorf("%w: predictions are evaluated as given", agents.ErrGiveUp)
	}
	path, err := a.find(req)
	if err != nil {
		return nil, err
	}
	nb, err := notebook.Read(path)
	if err != nil {
		return nil, fmt.Errorf("predictions agent: %w", err)
	}
	var cells []string
	for _, c := range nb.CodeCells() {
		cells = append(cells, c.Source)
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("predictions agent: %s has no code cells: write the modernized notebook's code there", path)
	}
	rel, _ := filepath.Rel(a.dir, path)
	return &agents.Response{Cells: cells, Plan: "prediction " + rel}, nil
}

// find locates the notebook's prediction; more than one is an error, since
// which one counts would be a guess.
func (a *Agent) find(req agents.Request) (string, error) {
	id := req.NotebookID
	// Ids come from the dataset, but a path must not leave the folder.
	if id == "" || !filepath.IsLocal(id) || strings.ContainsAny(id, `/\`) {
		return "", fmt.Errorf("predictions agent: notebook id %q cannot name a file in %s", id, a.dir)
	}
	bases := []string{a.dir}
	if c := req.Competition; c != "" && filepath.IsLocal(c) && !strings.ContainsAny(c, `/\`) {
		if st, err := os.Stat(filepath.Join(a.dir, c)); err == nil && st.IsDir() {
			bases = append(bases, filepath.Join(a.dir, c))
		}
	}
	var found []string
	for _, base := range bases {
		for _, ext := range exts {
			p := filepath.Join(base, id+ext)
			st, err := os.Stat(p)
			switch {
			case err == nil && st.Mode().IsRegular():
				found = append(found, p)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", fmt.Errorf("predictions agent: %v", err)
			}
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w (%w): no prediction for %s in %s (looked for %s.ipynb and %s.py)", agents.ErrGiveUp, agents.ErrMissing, id, a.dir, id, id)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("predictions agent: %d predictions for %s (%s): keep one", len(found), id, strings.Join(found, ", "))
}
