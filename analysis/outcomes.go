// Package analysis turns the runs table into the study's statistics.
package analysis

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"erosion/records"
)

// EnvOutcomes counts the outcomes of one environment (and agent, for
// modernized runs).
type EnvOutcomes struct {
	Environment string
	Runs        int
	ByClass     map[string]int
	ByStatus    map[string]int
	Executable  int // ran to the end without an error
}

// Rate is the executability rate with its Wilson 95% interval.
func (e EnvOutcomes) Rate() (p, lo, hi float64) {
	return Wilson(e.Executable, e.Runs, 1.959963984540054)
}

// Outcomes groups runs by environment. Only the latest attempt of each
// notebook counts, so re-runs do not weigh a notebook twice; infrastructure
// failures are not outcomes and are left out.
func Outcomes(runs []records.Run) []EnvOutcomes {
	byEnv := map[string]*EnvOutcomes{}
	for _, r := range latestRuns(runs) {
		env := envLabel(r)
		e := byEnv[env]
		if e == nil {
			e = &EnvOutcomes{Environment: env, ByClass: map[string]int{}, ByStatus: map[string]int{}}
			byEnv[env] = e
		}
		e.Runs++
		e.ByClass[r.OutcomeClass]++
		e.ByStatus[r.Status]++
		if r.Status == records.StatusOK {
			e.Executable++
		}
	}
	out := make([]EnvOutcomes, 0, len(byEnv))
	for _, e := range byEnv {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b EnvOutcomes) int { return strings.Compare(a.Environment, b.Environment) })
	return out
}

// envLabel names the environment a run counts for: modernized runs are their
// own variant of the environment.
func envLabel(r records.Run) string {
	if r.Agent != "" {
		return r.Environment + "+" + r.Agent
	}
	return r.Environment
}

// latestRuns keeps the latest attempt of each notebook in each environment
// and drops infrastructure failures, which are not outcomes.
func latestRuns(runs []records.Run) []records.Run {
	type key struct{ env, nb string }
	latest := map[key]records.Run{}
	var order []key
	for _, r := range runs {
		if r.Status == records.StatusInfra {
			continue
		}
		k := key{envLabel(r), r.Dataset + "/" + r.NotebookID}
		prev, ok := latest[k]
		if !ok {
			order = append(order, k)
		}
		if !ok || r.Attempt > prev.Attempt || (r.Attempt == prev.Attempt && r.FinishedAt.After(prev.FinishedAt)) {
			latest[k] = r
		}
	}
	out := make([]records.Run, len(order))
	for i, k := range order {
		out[i] = latest[k]
	}
	return out
}

// Wilson is the Wilson score interval for k successes in n trials.
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

// statusColumns are the table's columns, in the order a reader expects.
var statusColumns = []string{records.StatusOK, records.StatusError, records.StatusTimeout, records.StatusCrash}

// WriteTable prints the outcome table: one row per environment.
func WriteTable(w io.Writer, envs []EnvOutcomes) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "environment\tnotebooks\terror-free\terror\ttimeout\tcrash\texecutability\t95%% CI\t\n")
	for _, e := range envs {
		p, lo, hi := e.Rate()
		fmt.Fprintf(tw, "%s\t%d\t", e.Environment, e.Runs)
		for _, s := range statusColumns {
			fmt.Fprintf(tw, "%d\t", e.ByStatus[s])
		}
		fmt.Fprintf(tw, "%.1f%%\t[%.1f, %.1f]\t\n", 100*p, 100*lo, 100*hi)
	}
	return tw.Flush()
}

// FailureCount is how often a failure category occurred in an environment.
type FailureCount struct {
	Environment, Category string
	Count                 int
}

// Failures counts failure categories per environment, over the same runs as
// Outcomes (latest attempt per notebook).
func Failures(runs []records.Run) []FailureCount {
	counts := map[[2]string]int{}
	for _, r := range latestRuns(runs) {
		if r.FailureCategory == "" {
			continue
		}
		counts[[2]string{envLabel(r), r.FailureCategory}]++
	}
	out := make([]FailureCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, FailureCount{Environment: k[0], Category: k[1], Count: n})
	}
	slices.SortFunc(out, func(a, b FailureCount) int {
		if c := strings.Compare(a.Environment, b.Environment); c != 0 {
			return c
		}
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Category, b.Category)
	})
	return out
}

// WriteFailures prints the failure taxonomy table.
func WriteFailures(w io.Writer, fs []FailureCount) error {
	if len(fs) == 0 {
		_, err := fmt.Fprintln(w, "No failures.")
		return err
	}
	fmt.Fprintln(w, "Failures per environment")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "environment\tcategory\truns")
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", f.Environment, f.Category, f.Count)
	}
	return tw.Flush()
}

// classColumns are the study's outcome classes, in its order.
var classColumns = []string{records.ClassErrorFreeReproducible, records.ClassErrorReproducible,
	records.ClassErrorFreeNonReproducible, records.ClassErrorNonReproducible, records.ClassFailed}

// ClassCounts is the verdicts of one environment by outcome class.
type ClassCounts struct {
	Environment string
	Notebooks   int
	ByClass     map[string]int
	Graded      int // notebooks with a target (the others fall back to executability)
}

// Reproducibility is the share of graded notebooks that reproduced, with
// its Wilson 95% interval.
func (c ClassCounts) Reproducibility() (p, lo, hi float64) {
	return Wilson(c.ByClass[records.ClassErrorFreeReproducible]+c.ByClass[records.ClassErrorReproducible], c.Graded, 1.959963984540054)
}

// Classes counts verdicts per environment (and agent).
func Classes(vs []records.Verdict) []ClassCounts {
	by := map[string]*ClassCounts{}
	for _, v := range vs {
		env := v.Environment
		if v.Agent != "" {
			env += "+" + v.Agent
		}
		c := by[env]
		if c == nil {
			c = &ClassCounts{Environment: env, ByClass: map[string]int{}}
			by[env] = c
		}
		c.Notebooks++
		c.ByClass[v.OutcomeClass]++
		if v.TargetScore != nil {
			c.Graded++
		}
	}
	out := make([]ClassCounts, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b ClassCounts) int { return strings.Compare(a.Environment, b.Environment) })
	return out
}

// WriteClasses prints the outcome-class table.
func WriteClasses(w io.Writer, cs []ClassCounts) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "environment\tgraded\terror-free repro\terror repro\terror-free non-repro\terror non-repro\tfailed\treproducible\t95%% CI\t\n")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%d\t", c.Environment, c.Graded)
		for _, k := range classColumns {
			fmt.Fprintf(tw, "%d\t", c.ByClass[k])
		}
		p, lo, hi := c.Reproducibility()
		fmt.Fprintf(tw, "%.1f%%\t[%.1f, %.1f]\t\n", 100*p, 100*lo, 100*hi)
	}
	return tw.Flush()
}
