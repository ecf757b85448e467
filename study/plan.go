// Package study is erosion as a library: a Plan crosses a dataset with
// environments (and agents) into the runs to make, and an Executor runs it
// on a backend into a results folder — first runs, confirmations, verdicts,
// modernization. Config names a study as the command line does (paths and
// environment names) and plans it; Setup opens executors and runs plans
// here or hands them to Slurm; Pipeline is a whole `erosion study`. The
// command line is flag parsing around these.
//
//	plan, _ := study.Config{Dataset: "datasets/mini", Envs: []string{"trixie-slim"}}.Plan()
//	sum, err := study.Setup{Results: "results/mini", Workers: 2, Out: os.Stdout}.Run(ctx, plan, true)
//
// or, a step lower (the package example):
//
//	ds, _ := datasets.Load("datasets/mini")
//	plan, _ := study.NewPlan(ds, study.Options{Envs: []*envs.Spec{current}})
//	be, _ := backends.Open(ctx, "auto")
//	res, _ := results.Open("results/mini", "my study")
//	x := &study.Executor{Backend: be, Results: res, CacheDir: cache, Workers: 2}
//	sum, err := x.Run(ctx, plan)
package study

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/records"
	"erosion/schedule"
	"erosion/verdict"
)

// BackportedEnv labels the runs made in each notebook's era environment.
const BackportedEnv = "backported"

// Task is one planned run and the environment spec it runs in (a
// backported run is labelled "backported" but runs in its era's spec).
type Task struct {
	harness.Task
	Spec *envs.Spec
}

// Plan is every first run of a study; confirmations are planned from what
// the first runs give.
type Plan struct {
	Dataset   *datasets.Dataset
	Study     string
	Tasks     []Task
	Confirm   int     // the most runs per reproduced notebook (1: no confirmation)
	Tolerance float64 // relative error still counted as reproduced
	// FixedConfirm makes every reproduced notebook run Confirm times (the
	// study's rule) instead of stopping once the verdict is decided.
	FixedConfirm bool
	// Graders are the environments external graders run in, by name
	// (graders.go).
	Graders map[string]*envs.Spec
}

// rule is the adaptive confirmation rule of task t.
func (p *Plan) rule(t harness.Task) verdict.Rule {
	return verdict.Rule{Target: *t.Grading.Target, Tolerance: p.Tolerance, Cap: p.Confirm, Determinism: p.determinism(t.NotebookID)}
}

// determinism is what the dataset says of a notebook's randomness.
func (p *Plan) determinism(id string) verdict.Determinism {
	if p.Dataset != nil {
		for _, nb := range p.Dataset.Notebooks {
			if nb.ID == id && nb.Stochastic {
				return verdict.Unseeded
			}
		}
	}
	return verdict.Unknown
}

// JudgeOptions replay the plan's confirmation when verdicts are written.
func (p *Plan) JudgeOptions() verdict.Options {
	o := verdict.Options{Tolerance: p.Tolerance, Determinism: p.determinism}
	if !p.FixedConfirm && p.Confirm > 1 {
		o.Cap = p.Confirm
	}
	return o
}

// Options choose what a plan crosses.
type Options struct {
	Study string       // recorded in every row (default: the dataset's name)
	Envs  []*envs.Spec // every notebook runs in each
	// Eras, when set, also runs each notebook in its era environment, found
	// by name with Specs, recorded as environment "backported".
	Eras  *envs.Eras
	Specs func(name string) (*envs.Spec, error)
	// EraLabels records era runs under the era environment's own name
	// instead of "backported" (target measurement).
	EraLabels bool
	Confirm   int // the most runs per reproduced notebook; 0: the dataset's confirm_runs
	// FixedConfirm runs all Confirm runs of every reproduced notebook.
	FixedConfirm bool
	// Notebooks and Competitions restrict the plan to a subset (empty: all).
	Notebooks    []string
	Competitions []string
	// Unverified skips the dataset verification (tests of hostile datasets
	// only: a run never uses it).
	Unverified bool
}

// NewPlan checks the dataset (it must verify: nothing changed since it was
// sealed, no links), parses every notebook, and crosses them with the
// environments. A malformed notebook stops the plan before anything runs.
func NewPlan(ds *datasets.Dataset, o Options) (*Plan, error) {
	if !o.Unverified {
		if err := ds.MustVerify(); err != nil {
			return nil, err
		}
	}
	p := &Plan{Dataset: ds, Study: o.Study, Confirm: o.Confirm, Tolerance: ds.Tolerance, FixedConfirm: o.FixedConfirm}
	if p.Study == "" {
		p.Study = ds.Name
	}
	if p.Confirm == 0 {
		p.Confirm = ds.ConfirmRuns
	}
	if p.Confirm < 1 || p.Confirm > 100 {
		return nil, fmt.Errorf("confirmation runs %d: give 1 to 100", p.Confirm)
	}
	if len(o.Envs) == 0 && o.Eras == nil {
		return nil, fmt.Errorf("no environment to run in: name at least one")
	}
	if o.Eras != nil && o.Specs == nil {
		return nil, fmt.Errorf("study: Options.Specs is needed to find the era environments")
	}
	grades, err := Gradings(ds)
	if err != nil {
		return nil, err
	}
	entries, err := subset(ds, o.Notebooks, o.Competitions)
	if err != nil {
		return nil, err
	}
	eraSpecs := map[string]*envs.Spec{}
	for _, entry := range entries {
		nb, err := notebook.Read(ds.NotebookPath(entry))
		if err != nil {
			return nil, fmt.Errorf("dataset %s, notebook %s: %w", ds.Name, entry.ID, err)
		}
		dataDir, err := filepath.Abs(ds.DataDir(entry.Competition))
		if err != nil {
			return nil, err
		}
		add := func(s *envs.Spec, label string) {
			p.Tasks = append(p.Tasks, Task{harness.Task{
				Study: p.Study, Dataset: ds.Name, NotebookID: entry.ID, Competition: entry.Competition,
				Notebook:     nb,
				Inputs:       []harness.Input{{Slug: entry.Competition, Dir: dataDir}},
				Env:          harness.Env{Name: label},
				NeedsGPU:     nb.NeedsGPU(),
				Grading:      grades[entry.ID],
				InputsDigest: SealDigest(ds, "competitions/"+entry.Competition+"/"),
			}, s})
		}
		for _, s := range o.Envs {
			add(s, s.Name)
		}
		if o.Eras != nil {
			if entry.Date().IsZero() {
				return nil, fmt.Errorf("dataset %s, notebook %s: no submitted date to backport to", ds.Name, entry.ID)
			}
			name := o.Eras.For(entry.Date())
			s, ok := eraSpecs[name]
			if !ok {
				if s, err = o.Specs(name); err != nil {
					return nil, err
				}
				eraSpecs[name] = s
			}
			label := BackportedEnv
			if o.EraLabels {
				label = s.Name
			}
			add(s, label)
		}
	}
	return p, p.resolveGraders(o.Specs)
}

func subset(ds *datasets.Dataset, ids, comps []string) ([]datasets.Notebook, error) {
	known := map[string]bool{}
	for _, nb := range ds.Notebooks {
		known[nb.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return nil, fmt.Errorf("notebook %q is not in dataset %s", id, ds.Name)
		}
	}
	for _, c := range comps {
		if !slices.Contains(ds.CompetitionSlugs(), c) {
			return nil, fmt.Errorf("competition %q is not in dataset %s (it has %v)", c, ds.Name, ds.CompetitionSlugs())
		}
	}
	var out []datasets.Notebook
	for _, nb := range ds.Notebooks {
		if (len(ids) == 0 || slices.Contains(ids, nb.ID)) && (len(comps) == 0 || slices.Contains(comps, nb.Competition)) {
			out = append(out, nb)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the subset selects no notebook of dataset %s", ds.Name)
	}
	return out, nil
}

// Gradings is each notebook's grading: its competition's metric and hidden
// answers, and its target from manifest.parquet (nil target: executability).
// Notebooks of ungraded competitions (no competition.yaml) have none.
func Gradings(ds *datasets.Dataset) (map[string]*harness.Grading, error) {
	manifest, err := ds.Manifest()
	if err != nil {
		return nil, err
	}
	targets := map[string]*float64{}
	for _, e := range manifest {
		targets[e.NotebookID], _ = ds.ChooseTarget(e) // dataset.yaml's target: (Kaggle's or the measured one)
	}
	comps := map[string]*harness.Grading{}
	out := map[string]*harness.Grading{}
	for _, entry := range ds.Notebooks {
		g, ok := comps[entry.Competition]
		if !ok {
			if g, _, err = CompetitionGrading(ds, entry.Competition); err != nil {
				return nil, err
			}
			comps[entry.Competition] = g
		}
		if g == nil {
			continue
		}
		nb := *g
		nb.Target = targets[entry.ID]
		nb.AnswersDigest = SealDigest(ds, "competitions/"+entry.Competition+"/")
		out[entry.ID] = &nb
	}
	return out, nil
}

// Specs are the distinct environment specs the plan runs in.
func (p *Plan) Specs() []*envs.Spec {
	var out []*envs.Spec
	seen := map[string]bool{}
	for _, t := range p.Tasks {
		if !seen[t.Spec.Name] {
			seen[t.Spec.Name] = true
			out = append(out, t.Spec)
		}
	}
	return out
}

// SealDigest is the digest of the sealed checksums of every dataset file
// under prefix (slash-separated, relative to the dataset): what a run's
// data or answers are, for the run cache. "" when the dataset is not sealed
// or holds no such file.
func SealDigest(ds *datasets.Dataset, prefix string) string {
	var names []string
	for name := range ds.Checksums {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %s\n", strings.TrimPrefix(n, prefix), ds.Checksums[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Expected is each task's expected duration in seconds (aligned with
// Tasks): the median of the notebook's earlier runs in history (same
// environment first), else its Kaggle runtime, else an estimate from its
// size; never above limit.
func (p *Plan) Expected(history []records.Run, limit time.Duration) []float64 {
	est := &schedule.Estimator{Limit: limit.Seconds()}
	for _, r := range history {
		if r.ReusedFrom == "" {
			est.Observe(r.Dataset+"/"+r.NotebookID, cmp.Or(r.RanIn, r.Environment), r.DurationS, r.Status == records.StatusOK)
		}
	}
	kaggle := map[string]float64{}
	if p.Dataset != nil {
		if m, err := p.Dataset.Manifest(); err == nil {
			for _, e := range m {
				if e.KaggleRuntimeS != nil {
					kaggle[e.NotebookID] = *e.KaggleRuntimeS
				}
			}
		}
	}
	out := make([]float64, len(p.Tasks))
	for i, t := range p.Tasks {
		out[i], _ = est.Estimate(schedule.Notebook{Key: t.Dataset + "/" + t.NotebookID, Env: t.Spec.Name,
			KaggleSeconds: kaggle[t.NotebookID], Size: schedule.SizeOf(t.Notebook)})
	}
	return out
}
