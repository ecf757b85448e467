package analysis

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"erosion/datasets"
)

// Where the planned notebooks come from, most to least certain.
const (
	PlannedFromDataset = "dataset"    // every notebook of the dataset
	PlannedFromSlurm   = "slurm plan" // the runs a Slurm submission planned
	PlannedFromResults = "results"    // every notebook with a run row (infrastructure failures included)
)

type plan struct {
	source    string
	notebooks [][2]string // dataset, notebook; sorted
	envs      []string    // environments planned besides those with outcomes
}

// Plan says which notebooks the study was to run, and where that is known
// from (PlannedFromDataset, PlannedFromSlurm); envs names environments the
// plan knows of (a Slurm plan does) even if no run there has an outcome
// yet. Without it the plan is every notebook the runs table has a row of,
// in the environments with outcomes, which cannot tell that a run stopped
// before reaching some notebooks in every environment.
func (s *Study) Plan(source, dataset string, notebooks, envs []string) {
	set := map[[2]string]bool{}
	for _, nb := range notebooks {
		set[[2]string{dataset, nb}] = true
	}
	s.plan = plan{source: source, notebooks: slices.SortedFunc(maps.Keys(set), compareKeys), envs: slices.Clone(envs)}
}

// Progress is how much of the plan has an outcome.
type Progress struct {
	Source  string // PlannedFrom*
	Planned int    // notebooks planned
	// Done: planned notebooks with an outcome in every environment run
	// without an agent (plain environments and "backported"); modernized
	// environments count every candidate (see Modernization) and do not
	// make a notebook pending.
	Done int
	// Pending lists, per environment, the planned notebooks without an
	// outcome there (dataset, notebook), sorted.
	Pending map[string][][2]string
}

// Complete is whether every planned notebook has its outcomes.
func (p Progress) Complete() bool { return p.Done == p.Planned }

// Progress compares the plan with the outcomes.
func (s *Study) Progress() Progress {
	p := Progress{Source: s.plan.source, Planned: len(s.plan.notebooks), Pending: map[string][][2]string{}}
	var plain []string
	for _, env := range append(slices.Clone(s.Envs), s.plan.envs...) {
		if !strings.Contains(env, "+") && !slices.Contains(plain, env) {
			plain = append(plain, env)
		}
	}
	have := map[string]map[[2]string]bool{}
	for _, env := range plain {
		have[env] = map[[2]string]bool{}
		for _, u := range s.UnitsOf(env) {
			have[env][[2]string{u.Dataset, u.Notebook}] = true
		}
	}
	for _, k := range s.plan.notebooks {
		done := true
		for _, env := range plain {
			if !have[env][k] {
				done = false
				p.Pending[env] = append(p.Pending[env], k)
			}
		}
		if done {
			p.Done++
		}
	}
	return p
}

func compareKeys(a, b [2]string) int {
	return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
}

func sortedKeys[V any](m map[[2]string]V) [][2]string {
	return slices.SortedFunc(maps.Keys(m), compareKeys)
}

// NotebookRef names a notebook in lists of ids: its id, or
// "<dataset>/<id>" when the results hold runs of several datasets.
func (s *Study) NotebookRef(dataset, notebook string) string {
	if len(s.Datasets) > 1 {
		return dataset + "/" + notebook
	}
	return notebook
}

// UseDataset describes the study's notebooks from the dataset they came
// from (years, eras, libraries) and plans every notebook of it.
func (s *Study) UseDataset(ds *datasets.Dataset) error {
	entries, err := NotebookMeta(ds)
	if err != nil {
		return err
	}
	s.Describe(ds.Name, entries)
	ids := make([]string, len(ds.Notebooks))
	for i, nb := range ds.Notebooks {
		ids[i] = nb.ID
	}
	s.Plan(PlannedFromDataset, ds.Name, ids, nil)
	return nil
}
