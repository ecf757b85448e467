package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/analysis/analysistest"
	"erosion/harness/slurm"
	"erosion/report"
)

// fixtureResults is a results folder holding analysistest's study.
func fixtureResults(t *testing.T) string {
	t.Helper()
	res := t.TempDir()
	analysistest.Write(t, res)
	return res
}

// fixtureDatasetOf writes a dataset named like the fixture's runs, with
// extra notebooks the runs never reached.
func fixtureDatasetOf(t *testing.T, extra int) string {
	t.Helper()
	dir := t.TempDir()
	yaml := "name: fixture\nversion: \"1\"\nnotebooks:\n"
	ids := []string{}
	for _, nb := range analysistest.Notebooks {
		ids = append(ids, nb.ID)
	}
	for i := range extra {
		ids = append(ids, fmt.Sprintf("x%02d", i+1))
	}
	for i, id := range ids {
		yaml += fmt.Sprintf("  - {id: %s, competition: titanic, file: %s.py, submitted: \"%d-06-01\"}\n", id, id, 2017+i%6)
		if err := os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "notebooks", id+".py"), []byte("import pandas as pd\n"), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "competitions", "titanic", "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "competitions", "titanic", "data", "train.csv"), []byte("id,y\n1,0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(yaml), 0o644)
	return dir
}

func TestAnalyzeChecksFlagsBeforePrinting(t *testing.T) {
	res := fixtureResults(t)
	code, out, errOut := erosion(t, "analyze", "--results", res, "--dataset", filepath.Join(t.TempDir(), "nope"))
	if code != 2 || out != "" || !strings.Contains(errOut, "does not exist") {
		t.Errorf("--dataset nope: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = erosion(t, "analyze", "--results", res, "--order", "trixie,foo")
	if code != 2 || out != "" || !strings.Contains(errOut, "--order") || !strings.Contains(errOut, `"foo"`) ||
		!strings.Contains(errOut, "choose from trixie, bullseye, backported, trixie+llm") {
		t.Errorf("--order foo: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// figures and report take the same flags and refuse the same way.
	for _, cmd := range []string{"figures", "report"} {
		if code, out, _ := erosion(t, cmd, "--results", res, "--order", "foo"); code != 2 || out != "" {
			t.Errorf("%s --order foo: exit %d, stdout %q", cmd, code, out)
		}
	}
	if code, out, errOut := erosion(t, "analyze", "--results", res, "--order", "trixie+llm,bullseye"); code != 0 ||
		!strings.Contains(out, "Environment  Notebooks") || strings.Index(out, "trixie+llm   ") > strings.Index(out, "bullseye     ") {
		t.Errorf("--order trixie+llm,bullseye: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestAnalyzeWarnsWhatItLeavesOut(t *testing.T) {
	res := fixtureResults(t)
	code, _, errOut := erosion(t, "analyze", "--results", res)
	if code != 0 || !strings.Contains(errOut, "no --dataset: left out the tables by-year, by-library, which need the notebooks' years") {
		t.Errorf("analyze without a dataset: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = erosion(t, "figures", "--results", res)
	if code != 0 || !strings.Contains(errOut, "no --dataset: left out the figure rate-by-year") {
		t.Errorf("figures without a dataset: exit %d, stderr %q", code, errOut)
	}
	// With the dataset nothing is left out, and nothing is said.
	code, _, errOut = erosion(t, "analyze", "--results", res, "--dataset", fixtureDatasetOf(t, 0))
	if code != 0 || strings.Contains(errOut, "left out") {
		t.Errorf("analyze with the dataset: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(res, "tables", "by-year.csv")); err != nil {
		t.Error(err)
	}
}

func TestAnalyzeJSON(t *testing.T) {
	res := fixtureResults(t)
	code, out, errOut := erosion(t, "analyze", "--results", res, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sum report.Summary
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sum); err != nil {
		t.Fatalf("stdout is not report.json: %v\n%s", err, out)
	}
	if dec.More() {
		t.Error("stdout holds more than the JSON document")
	}
	if len(sum.Environments) != 4 || sum.Environments[0].Environment != "trixie" || sum.Environments[0].Resolved.Count != 4 {
		t.Errorf("summary %+v", sum)
	}
	// The same document is the results folder's report.json.
	saved, err := os.ReadFile(filepath.Join(res, report.JSONFile))
	if err != nil || string(saved) != out {
		t.Errorf("report.json differs from analyze --json (%v)", err)
	}
}

func TestIncompleteResultsSayHowMuchRan(t *testing.T) {
	// Against the dataset: 10 of its 12 notebooks ran.
	res := fixtureResults(t)
	ds := fixtureDatasetOf(t, 2)
	code, out, errOut := erosion(t, "analyze", "--results", res, "--dataset", ds)
	if code != 0 || !strings.HasPrefix(out, "incomplete: 10 of 12 notebooks (planned: the dataset)") {
		t.Errorf("analyze: exit %d\n%s\n%s", code, out, errOut)
	}
	site := t.TempDir()
	if code, _, errOut := erosion(t, "report", "--results", res, "--dataset", ds, "--out", site); code != 0 {
		t.Fatalf("report: exit %d %s", code, errOut)
	}
	html, _ := os.ReadFile(filepath.Join(site, "report.html"))
	if !strings.Contains(string(html), "Incomplete: 10 of 12 notebooks") || strings.Contains(string(html), `class="number"`) {
		t.Error("report.html shows a headline rate for an incomplete study")
	}
	var sum report.Summary
	data, _ := os.ReadFile(filepath.Join(site, report.JSONFile))
	if err := json.Unmarshal(data, &sum); err != nil || sum.Complete || sum.NotebooksPlanned != 12 || sum.NotebooksDone != 10 {
		t.Errorf("report.json: %v %+v", err, sum)
	}

	// Without the dataset, a Slurm plan says what was planned.
	res = fixtureResults(t)
	var runs []slurm.Run
	for _, nb := range append([]string{"n01", "n02", "n03", "n04", "n05", "n06", "n07", "n08", "n09", "n10"}, "n11") {
		for _, env := range []string{"trixie", "bullseye", "backported"} {
			runs = append(runs, slurm.Run{Label: nb + "@" + env})
		}
		runs = append(runs, slurm.Run{Label: nb + "@trixie~llm"})
	}
	p := slurm.NewPlan(runs, 2, 0)
	p.Results = res
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	code, out, _ = erosion(t, "analyze", "--results", res)
	if code != 0 || !strings.HasPrefix(out, "incomplete: 10 of 11 notebooks (planned: the Slurm plan)") {
		t.Errorf("analyze with a Slurm plan: exit %d\n%s", code, out)
	}
}
