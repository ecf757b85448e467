package analysis

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"erosion/records"
)

// z95 is the standard normal quantile of a two-sided 95% interval.
var z95 = distuv.UnitNormal.Quantile(0.975)

// Wilson is the Wilson score interval for k successes in n trials at the
// normal quantile z (NaN for n = 0).
func Wilson(k, n int, z float64) (p, lo, hi float64) {
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	nf := float64(n)
	p = float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	return p, max(0, centre-half), min(1, centre+half)
}

// Rate is a proportion k/n with its Wilson 95% interval.
type Rate struct {
	K, N      int
	P, Lo, Hi float64 // NaN when N is 0
}

// NewRate is k of n with its Wilson 95% interval.
func NewRate(k, n int) Rate {
	p, lo, hi := Wilson(k, n, z95)
	return Rate{K: k, N: n, P: p, Lo: lo, Hi: hi}
}

// EnvRate is one environment's (or one group's) rates.
type EnvRate struct {
	Env       string
	Notebooks int
	// Executable: ran to the end without an error, over all notebooks.
	Executable Rate
	// Reproducible: score within tolerance of the target, over the
	// notebooks that have a target.
	Reproducible Rate
	// Success: the study's criterion per notebook (reproducible when it
	// has a target, executable otherwise), over all notebooks.
	Success Rate
}

func rateOf(env string, us []Unit) EnvRate {
	var exe, graded, rep, ok int
	for _, u := range us {
		if u.Executable() {
			exe++
		}
		if u.Graded {
			graded++
			if u.Reproduced() {
				rep++
			}
		}
		if u.Success() {
			ok++
		}
	}
	return EnvRate{Env: env, Notebooks: len(us), Executable: NewRate(exe, len(us)),
		Reproducible: NewRate(rep, graded), Success: NewRate(ok, len(us))}
}

// Rates are the headline rates per environment, in the study's order.
func (s *Study) Rates() []EnvRate {
	out := make([]EnvRate, 0, len(s.Envs))
	for _, env := range s.Envs {
		out = append(out, rateOf(env, s.UnitsOf(env)))
	}
	return out
}

// GroupRate is the rates of one group (a competition, a year, an era, a
// library) in one environment.
type GroupRate struct {
	Group string
	EnvRate
}

// Dimensions the rates break down by.
const (
	ByCompetition = "competition"
	ByYear        = "year"
	ByEra         = "era"
	ByLibrary     = "library"
)

// maxLibraries caps the library breakdown at the most used distributions:
// a library few notebooks import has an interval too wide to say anything.
const maxLibraries = 15

// RatesBy breaks the rates down by a dimension: groups in natural order
// (competitions and eras by name, years ascending, libraries by how many
// notebooks use them), environments in the study's order within each.
// Notebooks without a value for the dimension are left out; a notebook
// counts for every library it imports.
func (s *Study) RatesBy(dim string) []GroupRate {
	groups := map[string][]Unit{}
	for _, u := range s.Units {
		for _, g := range s.groupsOf(dim, u) {
			groups[g] = append(groups[g], u)
		}
	}
	names := slices.Collect(maps.Keys(groups))
	switch dim {
	case ByYear:
		slices.SortFunc(names, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return cmp.Compare(x, y) })
	case ByLibrary:
		users := map[string]int{}
		for g, us := range groups {
			nb := map[[2]string]bool{}
			for _, u := range us {
				nb[[2]string{u.Dataset, u.Notebook}] = true
			}
			users[g] = len(nb)
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(users[b], users[a]), strings.Compare(a, b)) })
		names = names[:min(len(names), maxLibraries)]
	default:
		slices.Sort(names)
	}
	var out []GroupRate
	for _, g := range names {
		byEnv := map[string][]Unit{}
		for _, u := range groups[g] {
			byEnv[u.Env] = append(byEnv[u.Env], u)
		}
		for _, env := range s.Envs {
			if us := byEnv[env]; len(us) > 0 {
				out = append(out, GroupRate{Group: g, EnvRate: rateOf(env, us)})
			}
		}
	}
	return out
}

func (s *Study) groupsOf(dim string, u Unit) []string {
	m := s.Meta[u.Dataset+"/"+u.Notebook]
	switch dim {
	case ByCompetition:
		if u.Competition != "" {
			return []string{u.Competition}
		}
	case ByYear:
		if m.Year > 0 {
			return []string{strconv.Itoa(m.Year)}
		}
	case ByEra:
		if m.Era != "" {
			return []string{m.Era}
		}
	case ByLibrary:
		return m.Libraries
	}
	return nil
}

// ClassOrder is the outcome classes in the study's order: the five graded
// classes, then the two executability classes of notebooks without a target.
var ClassOrder = []string{records.ClassErrorFreeReproducible, records.ClassErrorReproducible,
	records.ClassErrorFreeNonReproducible, records.ClassErrorNonReproducible, records.ClassFailed,
	records.ClassErrorFree, records.ClassError}

// ClassRow is one environment's outcome-class distribution.
type ClassRow struct {
	Env       string
	Notebooks int
	Counts    map[string]int // by class; classes outside ClassOrder are under "other"
}

// ClassDistribution counts outcome classes per environment.
func (s *Study) ClassDistribution() []ClassRow {
	var out []ClassRow
	for _, env := range s.Envs {
		r := ClassRow{Env: env, Counts: map[string]int{}}
		for _, u := range s.UnitsOf(env) {
			r.Notebooks++
			c := u.Class
			if !slices.Contains(ClassOrder, c) {
				c = "other"
			}
			r.Counts[c]++
		}
		out = append(out, r)
	}
	return out
}

// ClassesPresent are the classes that occur, in ClassOrder order ("other"
// last).
func ClassesPresent(rows []ClassRow) []string {
	var out []string
	for _, c := range append(slices.Clone(ClassOrder), "other") {
		if slices.ContainsFunc(rows, func(r ClassRow) bool { return r.Counts[c] > 0 }) {
			out = append(out, c)
		}
	}
	return out
}

// Taxonomy is the failure categories per environment: Counts[env][category]
// over the environment's notebooks whose latest run failed.
type Taxonomy struct {
	Envs       []string
	Categories []string // most frequent overall first
	Notebooks  map[string]int
	Counts     map[string]map[string]int
}

// FailureTaxonomy counts failure categories per environment.
func (s *Study) FailureTaxonomy() Taxonomy {
	t := Taxonomy{Envs: s.Envs, Notebooks: map[string]int{}, Counts: map[string]map[string]int{}}
	total := map[string]int{}
	for _, u := range s.Units {
		t.Notebooks[u.Env]++
		if u.Failure == "" {
			continue
		}
		if t.Counts[u.Env] == nil {
			t.Counts[u.Env] = map[string]int{}
		}
		t.Counts[u.Env][u.Failure]++
		total[u.Failure]++
	}
	t.Categories = slices.Collect(maps.Keys(total))
	slices.SortFunc(t.Categories, func(a, b string) int { return cmp.Or(cmp.Compare(total[b], total[a]), strings.Compare(a, b)) })
	return t
}

// Transition compares two environments on the notebooks both ran, by the
// study's criterion (Unit.Success).
type Transition struct {
	From, To string
	Paired   int
	Kept     int // success in both
	Fixed    int // failure in From, success in To
	Broken   int // success in From, failure in To
	Neither  int // failure in both
	// Classes counts the notebooks by their outcome class in From and in To.
	Classes map[[2]string]int
	// P is McNemar's exact test of Fixed against Broken (NaN when the
	// environments never disagree).
	P float64
}

// Transitions compares every pair of environments, earlier (in the study's
// order) to later: for current → backported → modernized, what each step
// fixed, broke and left unchanged.
func (s *Study) Transitions() []Transition {
	if s.transitions == nil {
		s.transitions = s.transitionsOf()
	}
	return s.transitions
}

func (s *Study) transitionsOf() []Transition {
	out := []Transition{}
	for i, from := range s.Envs {
		for _, to := range s.Envs[i+1:] {
			t := Transition{From: from, To: to, Classes: map[[2]string]int{}}
			// Units are sorted by dataset and notebook within an
			// environment: a merge join pairs them without a map.
			as, bs := s.UnitsOf(from), s.UnitsOf(to)
			for x, y := 0, 0; x < len(as) && y < len(bs); {
				a, b := &as[x], &bs[y]
				if c := cmp.Or(strings.Compare(a.Dataset, b.Dataset), strings.Compare(a.Notebook, b.Notebook)); c != 0 {
					if c < 0 {
						x++
					} else {
						y++
					}
					continue
				}
				x, y = x+1, y+1
				t.Paired++
				t.Classes[[2]string{a.Class, b.Class}]++
				switch sa, sb := a.Success(), b.Success(); {
				case sa && sb:
					t.Kept++
				case sb:
					t.Fixed++
				case sa:
					t.Broken++
				default:
					t.Neither++
				}
			}
			t.P = McNemarExact(t.Fixed, t.Broken)
			out = append(out, t)
		}
	}
	return out
}

// McNemarExact is the two-sided exact McNemar test on paired binary
// outcomes: under no difference the b+c discordant pairs split like a fair
// coin, so p = 2·P(X ≤ min(b, c)) for X ~ Binomial(b+c, ½), capped at 1.
// NaN when there are no discordant pairs.
func McNemarExact(b, c int) float64 {
	n := b + c
	if n == 0 {
		return math.NaN()
	}
	d := distuv.Binomial{N: float64(n), P: 0.5}
	return min(1, 2*d.CDF(float64(min(b, c))))
}

// Runtime summarises one environment's run durations (latest attempt per
// notebook, every status: a timeout counts at the limit it was stopped at;
// a modernized environment's candidates without a run of the agent are
// left out).
type Runtime struct {
	Env    string
	N      int
	Mean   float64
	Min    float64
	Q25    float64
	Median float64
	Q75    float64
	Q90    float64
	Max    float64
	Sorted []float64 // the durations, ascending: the empirical CDF
}

// Runtimes summarises durations per environment. Quantiles are empirical:
// the smallest observed duration with at least the fraction p of runs at or
// below it.
func (s *Study) Runtimes() []Runtime {
	var out []Runtime
	for _, env := range s.Envs {
		var xs []float64
		for _, u := range s.UnitsOf(env) {
			if u.Carried == "" { // no run of its own to time
				xs = append(xs, u.DurationS)
			}
		}
		if len(xs) == 0 {
			continue
		}
		out = append(out, Summarise(env, xs))
	}
	return out
}

// Summarise is the runtime summary of durations xs (which it sorts).
func Summarise(env string, xs []float64) Runtime {
	slices.Sort(xs)
	q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, xs, nil) }
	return Runtime{Env: env, N: len(xs), Mean: stat.Mean(xs, nil), Min: xs[0], Max: xs[len(xs)-1],
		Q25: q(0.25), Median: q(0.5), Q75: q(0.75), Q90: q(0.9), Sorted: xs}
}
