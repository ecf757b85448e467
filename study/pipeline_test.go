package study_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/analysis/analysistest"
	"erosion/datasets"
	"erosion/harness/envs"
	"erosion/study"
)

// fixtureStudy is a results folder holding analysistest's runs and a
// sealed dataset of the same notebooks.
func fixtureStudy(t *testing.T) (results, dataset string) {
	t.Helper()
	results = t.TempDir()
	analysistest.Write(t, results)
	dataset = t.TempDir()
	yaml := "name: fixture\nversion: \"1\"\nnotebooks:\n"
	for _, nb := range analysistest.Notebooks {
		yaml += fmt.Sprintf("  - {id: %s, competition: %s, file: %s.py, submitted: \"%d-06-01\"}\n", nb.ID, nb.Competition, nb.ID, nb.Year)
	}
	for _, dir := range []string{"notebooks", "competitions/titanic/data", "competitions/house-prices/data"} {
		if err := os.MkdirAll(filepath.Join(dataset, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, nb := range analysistest.Notebooks {
		os.WriteFile(filepath.Join(dataset, "notebooks", nb.ID+".py"), []byte("import pandas as pd\n"), 0o644)
	}
	for _, c := range []string{"titanic", "house-prices"} {
		os.WriteFile(filepath.Join(dataset, "competitions", c, "data", "train.csv"), []byte("id,y\n1,0\n"), 0o644)
	}
	os.WriteFile(filepath.Join(dataset, "dataset.yaml"), []byte(yaml), 0o644)
	ds, err := datasets.Load(dataset)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Seal(); err != nil {
		t.Fatal(err)
	}
	return results, dataset
}

func isUsage(err error) bool {
	var ue *study.UsageError
	return errors.As(err, &ue)
}

// The rendering stages of a pipeline write the tables, the figures and the
// report of one analysis of the results folder, and say where.
func TestPipelineRenders(t *testing.T) {
	res, ds := fixtureStudy(t)
	var out strings.Builder
	p := study.Pipeline{
		Config: study.Config{Dataset: ds, Envs: []string{"trixie-slim"}},
		Setup:  study.Setup{Results: res, CacheDir: t.TempDir(), Out: &out, Version: "test"},
		Stages: []string{"analyze", "figures", "report"},
	}
	if err := p.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tables (Markdown, CSV, LaTeX) in", "figures (", "report: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output says nothing of %q:\n%s", want, out.String())
		}
	}
	for _, f := range []string{"report.json", "report.html", "report.md", "tables", "figures"} {
		if _, err := os.Stat(filepath.Join(res, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Everything the stages need is checked before the first one starts, and a
// wrong input is a UsageError.
func TestPipelineChecksBeforeStarting(t *testing.T) {
	res, ds := fixtureStudy(t)
	base := study.Pipeline{
		Config: study.Config{Dataset: ds, Envs: []string{"trixie-slim"}},
		Setup:  study.Setup{Results: res, CacheDir: t.TempDir()},
	}
	cases := map[string]func(p *study.Pipeline){
		"stages out of order": func(p *study.Pipeline) { p.Stages = []string{"analyze", "run"} },
		"unknown stage":       func(p *study.Pipeline) { p.Stages = []string{"run", "publish"} },
		"unknown agent":       func(p *study.Pipeline) { p.Stages, p.Agent = []string{"modernize"}, "oracle" },
		"unknown environment": func(p *study.Pipeline) { p.Envs = []string{"no-such-env"} },
		"no dataset":          func(p *study.Pipeline) { p.Dataset = filepath.Join(t.TempDir(), "none") },
		"unwritable results":  func(p *study.Pipeline) { p.Setup.Results = filepath.Join(ds, "dataset.yaml", "out") },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			p := base
			p.Stages = []string{"analyze"}
			change(&p)
			var out strings.Builder
			p.Setup.Out = &out
			err := p.Run(t.Context())
			if !isUsage(err) {
				t.Fatalf("err %v, want a UsageError", err)
			}
			if out.Len() > 0 {
				t.Errorf("a stage ran before the check: %s", out.String())
			}
		})
	}
}

// A configuration plans the named environments (and the era ones with
// Backported); what it names wrong is a UsageError.
func TestConfigPlan(t *testing.T) {
	c := study.Config{Dataset: "../datasets/starter", Envs: []string{"trixie-slim"}, Notebooks: []string{"titanic-ix-logreg-2017"}}
	p, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Tasks) != 1 || p.Tasks[0].Env.Name != "trixie-slim" || p.Study != "starter" {
		t.Fatalf("plan %+v", p.Tasks)
	}
	c.Backported, c.Eras = true, "eras-slim"
	if p, err = c.Plan(); err != nil || len(p.Tasks) != 2 || p.Tasks[1].Env.Name != study.BackportedEnv || p.Tasks[1].Spec.Name == "trixie-slim" {
		t.Fatalf("backported plan %+v: %v", p, err)
	}
	if m, err := c.ModernizePlan("trixie-slim"); err != nil || len(m.Tasks) != 1 || m.Confirm != 1 {
		t.Errorf("modernize plan %+v: %v", m, err)
	}
	for name, bad := range map[string]study.Config{
		"no dataset":       {Dataset: "../datasets/none", Envs: []string{"trixie-slim"}},
		"no such env":      {Dataset: "../datasets/starter", Envs: []string{"no-such-env"}},
		"no such notebook": {Dataset: "../datasets/starter", Envs: []string{"trixie-slim"}, Notebooks: []string{"nope"}},
		"negative confirm": {Dataset: "../datasets/starter", Envs: []string{"trixie-slim"}, Confirm: -1},
		"no such era file": {Dataset: "../datasets/starter", Envs: []string{"trixie-slim"}, Backported: true, Eras: "none.yaml"},
	} {
		if _, err := bad.Plan(); !isUsage(err) {
			t.Errorf("%s: %v, want a UsageError", name, err)
		}
	}
}

// Reading a results folder refuses what does not match it.
func TestLoadResults(t *testing.T) {
	res, ds := fixtureStudy(t)
	s, d, err := study.LoadResults(res, ds, nil)
	if err != nil || d == nil || d.Name != "fixture" || len(s.Units) == 0 {
		t.Fatalf("%v, %v", d, err)
	}
	other, _ := filepath.Abs("../datasets/starter")
	for name, call := range map[string]func() error{
		"no folder":     func() error { _, _, err := study.LoadResults(filepath.Join(res, "none"), "", nil); return err },
		"unknown order": func() error { _, _, err := study.LoadResults(res, ds, []string{"nowhere"}); return err },
		"other dataset": func() error { _, _, err := study.LoadResults(res, other, nil); return err },
	} {
		if err := call(); !isUsage(err) {
			t.Errorf("%s: %v, want a UsageError", name, err)
		}
	}
}

// Requests Slurm cannot meet, a shard of another folder's plan and an
// unknown agent are refused before anything is opened or submitted.
func TestRefusalsBeforeAnythingRuns(t *testing.T) {
	plan, err := study.Config{Dataset: "../datasets/starter", Envs: []string{"trixie-slim"}}.Plan()
	if err != nil {
		t.Fatal(err)
	}
	res := t.TempDir()
	s := study.Setup{Results: res, Backend: "no-such-backend"}
	gpus := s
	gpus.GPUs = []string{"0"}
	for name, err := range map[string]error{
		"local GPUs":   gpus.Submit(t.Context(), plan, study.SlurmOptions{}),
		"tiny shard":   s.Submit(t.Context(), plan, study.SlurmOptions{Mem: "1MiB"}),
		"another plan": s.RunShard(t.Context(), plan, filepath.Join(t.TempDir(), "slurm", "plan.json"), 0),
		"unknown agent": func() error {
			_, err := s.ModernizeWith(t.Context(), plan, []string{"oracle"}, study.AgentOptions{})
			return err
		}(),
		"negative fixes": func() error {
			_, err := s.ModernizeWith(t.Context(), plan, []string{"rules"}, study.AgentOptions{ModernizeOptions: study.ModernizeOptions{MaxFixes: -1}})
			return err
		}(),
	} {
		if !isUsage(err) {
			t.Errorf("%s: %v, want a UsageError", name, err)
		}
	}
	if entries, _ := os.ReadDir(res); len(entries) > 0 {
		t.Errorf("the results folder was written: %v", entries)
	}
}

// A study builds its environments, its graders' and its eras', each once.
func TestEnvsToBuild(t *testing.T) {
	find := func(name string) (*envs.Spec, error) {
		if name == "nope" {
			return nil, errors.New("no spec nope")
		}
		return &envs.Spec{Name: name}, nil
	}
	eras := &envs.Eras{Eras: []envs.Era{{Env: "bullseye-slim"}, {Env: "trixie-slim"}}}
	got, err := study.EnvsToBuild([]*envs.Spec{{Name: "trixie-slim"}}, eras, []string{"mlebench"}, find)
	var names []string
	for _, s := range got {
		names = append(names, s.Name)
	}
	if err != nil || strings.Join(names, " ") != "trixie-slim mlebench bullseye-slim" {
		t.Errorf("got %v, %v", names, err)
	}
	if _, err := study.EnvsToBuild(nil, nil, []string{"nope"}, find); err == nil {
		t.Error("an unknown grader environment is accepted")
	}
}
