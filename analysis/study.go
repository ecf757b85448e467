package analysis

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"erosion/datasets"
	"erosion/records"
	"erosion/verdict"
)

// Unit is one notebook in one environment: the thing every statistic
// counts. Its outcome is the notebook's latest attempt there, with the
// verdict's confirmed class when the verdicts table has one.
type Unit struct {
	Env         string // environment label; modernized runs are "<env>+<agent>"
	Dataset     string
	Notebook    string
	Competition string
	Digest      string // the environment the run actually used (era env for "backported")
	Status      string // latest attempt's status
	Class       string // outcome class (confirmed, when a verdict exists)
	Failure     string // failure category of the latest attempt ("" when none)
	Graded      bool   // the notebook has a target score
	DurationS   float64
	Runs        int // attempts seen, infra failures excepted
	// Carried is set on a modernized unit ("<env>+<agent>") whose outcome
	// is the notebook's outcome in <env>, because the agent produced no run
	// of it: CarriedGaveUp or CarriedNotAttempted. Empty for a unit with
	// runs of its own.
	Carried string

	attempt  int32
	finished int64
}

// Executable is whether the notebook ran to its end without an error.
func (u Unit) Executable() bool { return u.Status == records.StatusOK }

// Reproduced is whether the graded outcome reproduced the target.
func (u Unit) Reproduced() bool { return u.Graded && verdict.Reproducible(u.Class) }

// Success is the study's criterion: reproduced when the notebook has a
// target score, executable when it has none (EDA notebooks and the like).
func (u Unit) Success() bool {
	if u.Graded {
		return u.Reproduced()
	}
	return u.Executable()
}

// Why a modernized unit carries its environment's outcome.
const (
	// CarriedGaveUp: the agent was given the notebook and stopped (gave
	// up, failed, ran out of fixes) before any of its fixes ran.
	CarriedGaveUp = "gave up"
	// CarriedNotAttempted: the notebook failed in the environment but the
	// agent has no record of it (modernize did not reach it, or was not
	// run on it).
	CarriedNotAttempted = "not attempted"
)

// Meta is what the dataset says about a notebook: when it was written and
// what it imports.
type Meta struct {
	Year      int      // 0 when unknown
	Era       string   // the era environment it was backported to
	Libraries []string // distributions its imports map to
}

// Study is a results folder reduced to one unit per notebook and
// environment, plus what the report needs to say where it came from.
type Study struct {
	Results   string
	RunRows   int64 // rows read, every attempt
	InfraRuns int64 // rows that were infrastructure failures (not outcomes)
	Envs      []string
	Units     []Unit // ordered by environment (Envs order), dataset, notebook
	Meta      map[string]Meta
	Packages  []records.Package
	Datasets  []string
	Versions  []string            // erosion versions that wrote the runs
	Backends  []string            // backends the runs used
	Digests   map[string][]string // environment label -> env digests its runs used
	First     time.Time           // earliest finish among the runs
	Last      time.Time           // latest finish among the runs
	// Modernized describes each "<env>+<agent>" environment's candidates,
	// in Envs order.
	Modernized []Modernization
	// RuleUse is the rule families the agents applied (rules.go).
	RuleUse []RuleUse

	seen        map[[2]string]bool // dataset and notebook of every run row, infrastructure failures included
	plan        plan
	byEnv       map[string][2]int // env -> [lo, hi) of its units
	transitions []Transition      // computed once: tables and figures share it
	targetRows  []TargetRow       // reproduction against each target (targets.go)
}

// Options shape a Study.
type Options struct {
	// Entries describe the notebooks of one dataset (manifest.parquet rows,
	// or datasets.Describe for a dataset without a manifest): years, eras
	// and libraries. Nil leaves those breakdowns empty.
	Entries []datasets.Entry
	// DatasetName is the dataset Entries describe; runs of other datasets
	// get no metadata.
	DatasetName string
	// Order lists environments first in this order; the rest follow in the
	// default order (see Load).
	Order []string
}

// Load reads the runs, verdicts, attempts and packages tables under
// results and reduces them to units: the one model every table, figure and
// report renders. The runs are read column by column, one row group at a
// time, so memory grows with the number of notebook-environment pairs, not
// with the number of runs. Environments are ordered current first: plain
// environments by Python version, newest first, then "backported", then
// modernized variants; Options.Order overrides.
func Load(results string, opt Options) (*Study, error) {
	s := &Study{Results: results, Meta: map[string]Meta{}, Digests: map[string][]string{}}
	agg := newAggregator()
	err := scanRuns(results, func(env string, rows []runRow) error {
		for i := range rows {
			agg.add(env, &rows[i])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.RunRows, s.InfraRuns = agg.rows, agg.infra
	s.Units = agg.units
	s.seen = agg.seen
	s.Versions = slices.Sorted(maps.Keys(agg.versions))
	s.Backends = slices.Sorted(maps.Keys(agg.backends))
	s.Datasets = slices.Sorted(maps.Keys(agg.datasets))
	for env, ds := range agg.digests {
		s.Digests[env] = slices.Sorted(maps.Keys(ds))
	}
	if agg.timed {
		s.First, s.Last = time.UnixMilli(agg.first).UTC(), time.UnixMilli(agg.last).UTC()
	}

	vs, err := records.Verdicts.Read(results)
	if err != nil {
		return nil, err
	}
	s.applyVerdicts(vs)
	if s.targetRows, err = compareTargets(results, vs); err != nil {
		return nil, err
	}
	attempts, err := records.Attempts.Read(results)
	if err != nil {
		return nil, err
	}
	s.addCandidates(attempts)
	s.RuleUse = ruleUse(attempts)
	if s.Packages, err = records.Packages.Read(results); err != nil {
		return nil, err
	}
	slices.SortFunc(s.Packages, func(a, b records.Package) int {
		return cmp.Or(strings.Compare(a.Environment, b.Environment), strings.Compare(a.EnvDigest, b.EnvDigest), strings.Compare(a.Name, b.Name))
	})
	s.Packages = slices.Compact(s.Packages)
	s.Describe(opt.DatasetName, opt.Entries)
	s.Envs = s.order(opt.Order)
	rank := map[string]int{}
	for i, e := range s.Envs {
		rank[e] = i
	}
	slices.SortFunc(s.Units, func(a, b Unit) int {
		return cmp.Or(cmp.Compare(rank[a.Env], rank[b.Env]), strings.Compare(a.Dataset, b.Dataset), strings.Compare(a.Notebook, b.Notebook))
	})
	s.byEnv = map[string][2]int{}
	for i := 0; i < len(s.Units); {
		j := i
		for j < len(s.Units) && s.Units[j].Env == s.Units[i].Env {
			j++
		}
		s.byEnv[s.Units[i].Env] = [2]int{i, j}
		i = j
	}
	slices.SortFunc(s.Modernized, func(a, b Modernization) int { return cmp.Compare(rank[a.Env], rank[b.Env]) })
	s.plan = plan{source: PlannedFromResults, notebooks: slices.SortedFunc(maps.Keys(s.seen), compareKeys)}
	return s, nil
}

// aggregator keeps the latest attempt of each notebook in each environment.
type aggregator struct {
	index    map[unitKey]int
	units    []Unit
	intern   map[string]string
	rows     int64
	infra    int64
	versions map[string]bool
	backends map[string]bool
	datasets map[string]bool
	digests  map[string]map[string]bool
	seen     map[[2]string]bool
	first    int64
	last     int64
	timed    bool
}

type unitKey struct{ env, dataset, notebook string }

func newAggregator() *aggregator {
	return &aggregator{index: map[unitKey]int{}, intern: map[string]string{}, versions: map[string]bool{},
		backends: map[string]bool{}, datasets: map[string]bool{}, digests: map[string]map[string]bool{}, seen: map[[2]string]bool{}}
}

// in returns one shared copy of a label (environment+agent), so a million
// rows do not make a million copies; the scanner interns the rest.
func (a *aggregator) in(s string) string {
	if v, ok := a.intern[s]; ok {
		return v
	}
	a.intern[s] = s
	return s
}

func (a *aggregator) add(env string, r *runRow) {
	a.rows++
	a.seen[[2]string{r.Dataset, r.NotebookID}] = true
	if r.Status == records.StatusInfra {
		a.infra++
		return
	}
	label := env
	if r.Agent != "" {
		label = env + "+" + r.Agent
	}
	label = a.in(label)
	a.versions[r.ErosionVersion] = true
	a.backends[r.Backend] = true
	a.datasets[r.Dataset] = true
	if a.digests[label] == nil {
		a.digests[label] = map[string]bool{}
	}
	a.digests[label][r.EnvDigest] = true
	fin := r.FinishedMs
	if !a.timed || fin < a.first {
		a.first = fin
	}
	if !a.timed || fin > a.last {
		a.last = fin
	}
	a.timed = true

	k := unitKey{label, r.Dataset, r.NotebookID}
	i, ok := a.index[k]
	if !ok {
		a.index[k] = len(a.units)
		a.units = append(a.units, Unit{Env: label, Dataset: k.dataset, Notebook: r.NotebookID})
		i = len(a.units) - 1
	}
	u := &a.units[i]
	u.Runs++
	// The latest attempt wins; ties (two parts holding the same attempt)
	// go to the later finish, then to the lexically larger status, so the
	// order parts are read in never changes the result.
	if ok && (r.Attempt < u.attempt || r.Attempt == u.attempt && (fin < u.finished || fin == u.finished && r.Status <= u.Status)) {
		return
	}
	u.attempt, u.finished = r.Attempt, fin
	u.Competition = r.Competition
	u.Digest = r.EnvDigest
	u.Status = r.Status
	u.Class = r.OutcomeClass
	u.Failure = r.FailureCategory
	u.Graded = r.HasTarget
	u.DurationS = r.DurationS
}

// applyVerdicts replaces run classes by the verdicts' confirmed classes.
func (s *Study) applyVerdicts(vs []records.Verdict) {
	idx := map[unitKey]int{}
	for i, u := range s.Units {
		idx[unitKey{u.Env, u.Dataset, u.Notebook}] = i
	}
	for _, v := range vs {
		env := v.Environment
		if v.Agent != "" {
			env += "+" + v.Agent
		}
		if i, ok := idx[unitKey{env, v.Dataset, v.NotebookID}]; ok && v.OutcomeClass != "" {
			s.Units[i].Class = v.OutcomeClass
			s.Units[i].Graded = v.TargetScore != nil
		}
	}
}

// Describe fills each notebook's year, era and libraries from the entries
// of dataset name (replacing what was there); a notebook's era otherwise
// comes from the environment its backported run used (by digest, through
// the packages table).
func (s *Study) Describe(name string, entries []datasets.Entry) {
	s.Meta = map[string]Meta{}
	byDigest := map[string]string{}
	for _, p := range s.Packages {
		if p.Environment != BackportedEnv {
			byDigest[p.EnvDigest] = p.Environment
		}
	}
	for _, e := range entries {
		s.Meta[name+"/"+e.NotebookID] = Meta{Year: int(e.Year), Era: e.EraEnv, Libraries: e.Distributions}
	}
	for _, u := range s.Units {
		if u.Env != BackportedEnv {
			continue
		}
		k := u.Dataset + "/" + u.Notebook
		if m := s.Meta[k]; m.Era == "" && byDigest[u.Digest] != "" {
			m.Era = byDigest[u.Digest]
			s.Meta[k] = m
		}
	}
}

// BackportedEnv is the label of runs made in each notebook's era environment.
const BackportedEnv = "backported"

// order puts the environments in reading order: the ones asked for first,
// then plain environments newest Python first, then backported, then
// modernized variants, ties by name.
func (s *Study) order(asked []string) []string {
	python := map[string]string{}
	for _, p := range s.Packages {
		python[p.Environment] = p.Python
	}
	seen := map[string]bool{}
	for _, u := range s.Units {
		seen[u.Env] = true
	}
	var out []string
	for _, e := range asked {
		if seen[e] {
			out = append(out, e)
			delete(seen, e)
		}
	}
	kind := func(e string) int {
		switch {
		case strings.Contains(e, "+"):
			return 2
		case e == BackportedEnv:
			return 1
		}
		return 0
	}
	rest := slices.Collect(maps.Keys(seen))
	slices.SortFunc(rest, func(a, b string) int {
		return cmp.Or(cmp.Compare(kind(a), kind(b)), -comparePython(python[a], python[b]), strings.Compare(a, b))
	})
	return append(out, rest...)
}

// comparePython orders "3.9.2" before "3.13.5"; unknown versions come first
// (so, negated, last).
func comparePython(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return 0
}

// UnitsOf returns the units of one environment (a view into Units: do not
// modify).
func (s *Study) UnitsOf(env string) []Unit {
	r, ok := s.byEnv[env]
	if !ok {
		return nil
	}
	return s.Units[r[0]:r[1]:r[1]]
}

// Graded is whether any notebook has a target score: then reproducibility
// is the headline; otherwise executability.
func (s *Study) Graded() bool {
	return slices.ContainsFunc(s.Units, func(u Unit) bool { return u.Graded })
}

// Notebooks counts distinct notebooks over all environments.
func (s *Study) Notebooks() int {
	set := map[[2]string]bool{}
	for _, u := range s.Units {
		set[[2]string{u.Dataset, u.Notebook}] = true
	}
	return len(set)
}

// NotebookMeta describes a dataset's notebooks: its manifest's rows, and for
// notebooks the manifest lacks (or a dataset without one), what can be read
// from the notebook itself (year, imports); their era then comes from the
// runs.
func NotebookMeta(ds *datasets.Dataset) ([]datasets.Entry, error) {
	manifest, err := ds.Manifest()
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, e := range manifest {
		have[e.NotebookID] = true
	}
	for _, nb := range ds.Notebooks {
		if have[nb.ID] {
			continue
		}
		e, err := ds.Describe(nb)
		if err != nil {
			return nil, fmt.Errorf("dataset %s, notebook %s: %w", ds.Name, nb.ID, err)
		}
		manifest = append(manifest, e)
	}
	return manifest, nil
}

// RunParts lists the runs table's part files under results.
func RunParts(results string) ([]string, error) { return records.Runs.Parts(results) }
