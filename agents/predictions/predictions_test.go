package predictions

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/agents"
)

const ipynb = `{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Titanic, modernized"]},
  {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
   "source": ["import pandas as pd\n", "train = pd.read_csv('/kaggle/input/titanic/train.csv')"]},
  {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
   "source": ["X = train.loc[:, ['Pclass', 'Fare']]"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5
}`

const percent = `# %% [markdown]
# House prices, modernized

# %%
import pandas as pd
df = pd.read_csv('/kaggle/input/house-prices/train.csv')

# %%
X = df.select_dtypes('number').to_numpy()
`

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPredictions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team-x")
	write(t, filepath.Join(dir, "titanic-ix-2017.ipynb"), ipynb)
	write(t, filepath.Join(dir, "house-prices", "house-prices-2018.py"), percent) // per-competition layout
	write(t, filepath.Join(dir, "both-2019.ipynb"), ipynb)
	write(t, filepath.Join(dir, "both-2019.py"), percent)
	write(t, filepath.Join(dir, "empty-2020.py"), "# %% [markdown]\n# only prose\n")

	a, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != "predictions:team-x" {
		t.Errorf("Name = %q", a.Name())
	}
	ctx := context.Background()
	req := agents.Request{NotebookID: "titanic-ix-2017", Competition: "titanic", Iteration: 1, Cells: []string{"old"}}
	resp, err := a.Fix(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"import pandas as pd\ntrain = pd.read_csv('/kaggle/input/titanic/train.csv')", "X = train.loc[:, ['Pclass', 'Fare']]"}
	if strings.Join(resp.Cells, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("cells = %q", resp.Cells)
	}
	if resp.Plan != "prediction titanic-ix-2017.ipynb" || resp.TokensIn != 0 || resp.CostUSD != 0 {
		t.Errorf("resp = %+v", resp)
	}

	resp, err = a.Fix(ctx, agents.Request{NotebookID: "house-prices-2018", Competition: "house-prices", Iteration: 1})
	if err != nil || len(resp.Cells) != 2 || !strings.HasPrefix(resp.Cells[1], "X = df.select_dtypes") {
		t.Errorf("percent prediction: %+v, %v", resp, err)
	}

	// Evaluated as given: no second fix.
	req.Iteration = 2
	if _, err := a.Fix(ctx, req); !errors.Is(err, agents.ErrGiveUp) || !strings.Contains(err.Error(), "evaluated as given") {
		t.Errorf("iteration 2: %v", err)
	}
	// No prediction: a give-up with the reason.
	_, err = a.Fix(ctx, agents.Request{NotebookID: "missing-2021", Competition: "titanic", Iteration: 1})
	if !errors.Is(err, agents.ErrGiveUp) || !errors.Is(err, agents.ErrMissing) || !strings.Contains(err.Error(), "no prediction for missing-2021") {
		t.Errorf("missing: %v", err)
	}
	// Broken predictions are errors, not give-ups.
	for id, want := range map[string]string{"both-2019": "2 predictions", "empty-2020": "no code cells", "../etc/passwd": "cannot name a file"} {
		_, err := a.Fix(ctx, agents.Request{NotebookID: id, Iteration: 1})
		if err == nil || errors.Is(err, agents.ErrGiveUp) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", id, err, want)
		}
	}
	if _, err := New(filepath.Join(dir, "titanic-ix-2017.ipynb")); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("New(file) = %v", err)
	}
}
