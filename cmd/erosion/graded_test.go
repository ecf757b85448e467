package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/records"
	"erosion/verdict"
)

// gradedDataset builds a small graded dataset on the starter's Titanic data:
// notebooks that reproduce, erode, write nothing, write garbage, and snoop
// for the hidden answers.
func gradedDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	comp := filepath.Join(dir, "competitions", "titanic")
	for _, sub := range []string{"data", "answers"} {
		os.MkdirAll(filepath.Join(comp, sub), 0o755)
	}
	src := "../../datasets/starter/competitions/titanic-mini/"
	for from, to := range map[string]string{"data/train.csv": "data/train.csv", "data/test.csv": "data/test.csv", "answers/solution.csv": "answers/solution.csv"} {
		b, err := os.ReadFile(src + from)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(comp, to), b, 0o644)
	}
	os.WriteFile(filepath.Join(comp, "competition.yaml"), []byte("slug: titanic\ntitle: Titanic (test)\nmetric: accuracy\nhigher_is_better: true\nid_column: PassengerId\ntarget_column: Survived\n"), 0o644)
	nbs := map[string]string{
		"good-2019": `# %%
import pandas as pd
test = pd.read_csv('../input/test.csv')
# %%
pd.DataFrame({'PassengerId': test.PassengerId, 'Survived': (test.Sex == 'female').astype(int)}).to_csv('submission.csv', index=False)`,
		"eroded-2020": `# %%
import pandas as pd
train = pd.read_csv('/kaggle/input/titanic/train.csv')
test = pd.read_csv('/kaggle/input/titanic/test.csv')
# %%
both = train.append(test, ignore_index=True, sort=False)
# %%
rest = both[both.Survived.isna()]
pd.DataFrame({'PassengerId': rest.PassengerId, 'Survived': (rest.Sex == 'female').astype(int)}).to_csv('submission.csv', index=False)`,
		"nosub-2019": `# %%
import pandas as pd
print(pd.read_csv('../input/train.csv').Survived.mean())`,
		"badsub-2019": `# %%
import pandas as pd
test = pd.read_csv('../input/test.csv')
pd.DataFrame({'Id': test.PassengerId, 'Survived': 1}).to_csv('submission.csv', index=False)`,
		"snoop-2019": `# %%
import os
def labels(path):
    try:
        with open(path) as fh:
            return fh.readline().strip() == 'PassengerId,Survived'
    except OSError:
        return False
found = [os.path.join(d, f) for d, _, fs in os.walk('/', onerror=lambda e: None) if not d.startswith(('/proc', '/sys'))
         for f in fs if f == 'solution.csv' or os.path.basename(d) == 'answers' or (f.endswith('.csv') and labels(os.path.join(d, f)))]
assert not found, found`,
	}
	os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755)
	yaml := "name: graded\nversion: \"1\"\ntime_limit_s: 120\ncompetitions: [titanic]\nnotebooks:\n"
	for id, code := range nbs {
		os.WriteFile(filepath.Join(dir, "notebooks", id+".py"), []byte(code+"\n"), 0o644)
		date := "2019-06-01"
		if strings.Contains(id, "2020") {
			date = "2020-06-01"
		}
		yaml += "  - {id: " + id + ", competition: titanic, file: " + id + ".py, submitted: \"" + date + "\"}\n"
	}
	os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(yaml), 0o644)
	// A run takes only a sealed dataset.
	if code, _, errOut := erosion(t, "dataset", "seal", dir); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	return dir
}

// seal seals a dataset a test wrote (a dataset runs only once sealed).
func seal(t *testing.T, dir string) {
	t.Helper()
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Seal(); err != nil {
		t.Fatal(err)
	}
}

// From target measurement in the era environment to confirmed verdicts in
// the current and the backported environment; the answers never reach a run.
func TestGradedDatasetEndToEnd(t *testing.T) {
	needDocker(t)
	dir := gradedDataset(t)
	eras := "../../configs/eras-slim.yaml"
	code, out, errOut := erosion(t, args("dataset", "targets", "--dataset", dir, "--eras", eras, "--results", filepath.Join(dir, ".targets"), "--workers", "2")...)
	if code != 0 {
		t.Fatalf("targets: exit %d\n%s\n%s", code, out, errOut)
	}
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := ds.Manifest()
	if err != nil || len(manifest) != 5 {
		t.Fatalf("manifest: %v %d rows", err, len(manifest))
	}
	for _, e := range manifest {
		hasTarget := e.TargetScore != nil
		if want := e.NotebookID == "good-2019" || e.NotebookID == "eroded-2020"; hasTarget != want {
			t.Errorf("%s: target %v (note %q)", e.NotebookID, e.TargetScore, e.TargetNote)
		}
		if e.EraEnv != "bullseye-slim" || (hasTarget && (*e.TargetScore < 0.6 || *e.TargetScore > 0.95)) {
			t.Errorf("%s: era %s target %v", e.NotebookID, e.EraEnv, e.TargetScore)
		}
	}
	if code, _, errOut := erosion(t, args("dataset", "verify", dir)...); code != 0 {
		t.Fatalf("verify after targets: %s", errOut)
	}

	res := t.TempDir()
	code, out, errOut = erosion(t, args("run", "--dataset", dir, "--env", "trixie-slim", "--backported", "--eras", eras, "--confirm", "3", "--results", res, "--workers", "2")...)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, out, errOut)
	}
	vs, err := records.Verdicts.Read(res)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]records.Verdict{}
	for _, v := range vs {
		got[v.Environment+"/"+v.NotebookID] = v
	}
	want := map[string]string{
		"trixie-slim/good-2019":   records.ClassErrorFreeReproducible,
		"backported/good-2019":    records.ClassErrorFreeReproducible,
		"trixie-slim/eroded-2020": records.ClassErrorNonReproducible,
		"backported/eroded-2020":  records.ClassErrorFreeReproducible,
		"trixie-slim/nosub-2019":  records.ClassErrorFree, // no target: executability
		"trixie-slim/badsub-2019": records.ClassErrorFree,
		"trixie-slim/snoop-2019":  records.ClassErrorFree, // found no answers anywhere
	}
	for k, class := range want {
		if got[k].OutcomeClass != class {
			t.Errorf("%s: %s (%s), want %s", k, got[k].OutcomeClass, got[k].FailureCategory, class)
		}
	}
	// A seeded notebook's second run agrees with its first: confirmation
	// stops there, below the cap of 3.
	if v := got["trixie-slim/good-2019"]; v.Runs != 2 || v.RunsUsed != 2 || v.StopReason != verdict.StopDeterministic || v.ConfirmCap != 3 {
		t.Errorf("the reproduced notebook should be confirmed by 2 agreeing runs: %+v", v)
	}
	runs, _ := records.Runs.Read(res)
	for _, r := range runs {
		if r.NotebookID == "badsub-2019" && r.FailureCategory != "invalid-submission" {
			t.Errorf("badsub: %s %s", r.FailureCategory, r.ExceptionMsg)
		}
		if r.NotebookID == "snoop-2019" && r.Status != records.StatusOK {
			t.Errorf("snoop: %s %s", r.ExceptionType, r.ExceptionMsg)
		}
		if r.NotebookID == "nosub-2019" && r.FailureCategory != "no-submission" {
			t.Errorf("nosub: %s", r.FailureCategory)
		}
	}
	_, out, _ = erosion(t, args("analyze", "--results", res)...)
	if !strings.Contains(out, "reproducibility per environment") {
		t.Errorf("analyze output lacks the class table:\n%s", out)
	}

	// Tampering is caught, naming the file.
	os.WriteFile(filepath.Join(dir, "notebooks", "good-2019.py"), []byte("print('changed')\n"), 0o644)
	code, _, errOut = erosion(t, args("dataset", "verify", dir)...)
	if code == 0 || !strings.Contains(errOut, "notebooks/good-2019.py: changed") {
		t.Errorf("tampering not caught: exit %d %s", code, errOut)
	}
}
