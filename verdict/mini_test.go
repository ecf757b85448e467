package verdict

import (
	"encoding/csv"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"erosion/records"
)

// readMini reads testdata/mini-confirm10.csv: every run of
// `erosion run --dataset datasets/mini --env trixie-slim --backported
// configs/eras-slim.yaml --confirm 10` (real runs, fixed K = 10), with each
// notebook's `stochastic:` flag from dataset.yaml.
func readMini(t *testing.T) (runs []records.Run, stochastic map[string]bool) {
	f, err := os.Open("testdata/mini-confirm10.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(s string) *float64 {
		if s == "" {
			return nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("testdata/mini-confirm10.csv: %v", err)
		}
		return &x
	}
	stochastic = map[string]bool{}
	for _, r := range rows[1:] {
		a, _ := strconv.Atoi(r[col["attempt"]])
		run := records.Run{Study: "mini", Dataset: "mini", NotebookID: r[col["notebook_id"]], Environment: r[col["environment"]],
			Attempt: int32(a), Status: r[col["status"]], OutcomeClass: r[col["outcome_class"]],
			Score: num(r[col["score"]]), TargetScore: num(r[col["target_score"]]), DurationS: *num(r[col["duration_s"]])}
		runs = append(runs, run)
		stochastic[run.NotebookID] = r[col["stochastic"]] == "true"
	}
	return runs, stochastic
}

// TestMiniAdaptiveMatchesFixedK replays the adaptive rule over the real
// runs of datasets/mini confirmed with K = 10 in trixie-slim and in each
// notebook's era, and compares every verdict with the fixed-K one. It
// reports the runs (and the run time) the adaptive rule would have spent.
func TestMiniAdaptiveMatchesFixedK(t *testing.T) {
	runs, stochastic := readMini(t)
	fixed := Judge(runs, Options{Tolerance: DefaultTolerance})
	adaptive := Judge(runs, Options{Tolerance: DefaultTolerance, Cap: 10, Determinism: func(nb string) Determinism {
		if stochastic[nb] {
			return Unseeded
		}
		return Seeded
	}})
	type key struct{ env, nb string }
	secs := map[key][]float64{} // run time by attempt
	for _, r := range runs {
		k := key{r.Environment, r.NotebookID}
		for len(secs[k]) <= int(r.Attempt) {
			secs[k] = append(secs[k], 0)
		}
		secs[k][r.Attempt] = r.DurationS
	}
	byKey := map[key]records.Verdict{}
	for _, v := range fixed {
		byKey[key{v.Environment, v.NotebookID}] = v
	}
	var runsFixed, runsAdaptive, confirmedFixed, confirmedAdaptive int
	var secFixed, secAdaptive float64
	stops := map[string]int{}
	used := map[string]int{} // runs used, by stop
	for _, a := range adaptive {
		k := key{a.Environment, a.NotebookID}
		f := byKey[k]
		if a.OutcomeClass != f.OutcomeClass {
			t.Errorf("%s in %s: adaptive %s (%s after %d runs), fixed K %s", k.nb, k.env, a.OutcomeClass, a.StopReason, a.RunsUsed, f.OutcomeClass)
		}
		if Reproducible(f.FirstClass) && f.TargetScore != nil && f.Runs != 10 {
			t.Errorf("%s in %s: %d runs recorded, a reproduced notebook has 10", k.nb, k.env, f.Runs)
		}
		runsFixed += int(f.Runs)
		runsAdaptive += int(a.RunsUsed)
		if f.Runs > 1 {
			confirmedFixed += int(f.Runs)
			confirmedAdaptive += int(a.RunsUsed)
		}
		// Each run costs its notebook's median run time: the confirmations
		// ran under a machine load that varied threefold, which says nothing
		// about the rule.
		d := median(secs[k])
		secFixed += float64(f.Runs) * d
		secAdaptive += float64(a.RunsUsed) * d
		stop := fmt.Sprintf("%s/%s", a.StopReason, map[bool]string{true: "stochastic", false: "seeded"}[stochastic[k.nb]])
		stops[stop]++
		used[stop] += int(a.RunsUsed)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "verdicts: %d, identical: %v\n", len(adaptive), !t.Failed())
	fmt.Fprintf(&b, "runs: adaptive %d of fixed %d (%.1f%%); of the confirmed notebooks' runs: %d of %d (%.1f%%)\n",
		runsAdaptive, runsFixed, 100*float64(runsAdaptive)/float64(runsFixed), confirmedAdaptive, confirmedFixed, 100*float64(confirmedAdaptive)/float64(confirmedFixed))
	fmt.Fprintf(&b, "run time (each run at its notebook's median): adaptive %.0f s of fixed %.0f s (%.1f%%)\n", secAdaptive, secFixed, 100*secAdaptive/secFixed)
	fmt.Fprintf(&b, "stops (notebooks, runs used): ")
	for _, stop := range slices.Sorted(maps.Keys(stops)) {
		fmt.Fprintf(&b, "%s %d, %d; ", stop, stops[stop], used[stop])
	}
	b.WriteString("\n")
	// Without the dataset's stochastic flags every notebook is Unknown: a
	// chance tie of an unseeded notebook then counts as determinism.
	var blind []string
	for _, v := range Judge(runs, Options{Tolerance: DefaultTolerance, Cap: 10}) {
		if f := byKey[key{v.Environment, v.NotebookID}]; v.OutcomeClass != f.OutcomeClass {
			blind = append(blind, fmt.Sprintf("%s in %s (%s after %d runs)", v.NotebookID, v.Environment, v.StopReason, v.RunsUsed))
		}
	}
	fmt.Fprintf(&b, "without determinism hints, verdicts that differ from fixed K: %d %v\n", len(blind), blind)
	t.Log("\n" + b.String())
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
