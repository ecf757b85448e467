package study

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"erosion/records"
	"erosion/results"
	"erosion/verdict"
)

// WriteDryRun writes what a run of plan would do in the results folder
// dir: per environment the runs planned, those already finished there and
// those left. It reads the journals without taking the folder's lock.
func WriteDryRun(w io.Writer, plan *Plan, dir string, resume bool) error {
	done, err := results.Finished(dir)
	if err != nil {
		return err
	}
	type row struct {
		planned, done int
		specs         map[string]int // era environments of backported runs
	}
	rows := map[string]*row{}
	var order []string
	for _, t := range plan.Tasks {
		r := rows[t.Env.Name]
		if r == nil {
			r = &row{specs: map[string]int{}}
			rows[t.Env.Name] = r
			order = append(order, t.Env.Name)
		}
		r.planned++
		if _, ok := done[t.Key()]; ok {
			r.done++
		}
		r.specs[t.Spec.Name]++
	}
	notebooks := map[string]bool{}
	for _, t := range plan.Tasks {
		notebooks[t.NotebookID] = true
	}
	fmt.Fprintf(w, "plan: dataset %s, %s, %s; results folder %s\n\n", plan.Dataset.Name, count(len(notebooks), "notebook"), count(len(order), "environment"), dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "environment\truns\tdone\tto run")
	var planned, finished int
	for _, env := range order {
		r := rows[env]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d", env, r.planned, r.done, r.planned-r.done)
		if env == BackportedEnv {
			var parts []string
			for _, s := range slices.Sorted(maps.Keys(r.specs)) {
				parts = append(parts, fmt.Sprintf("%s %d", s, r.specs[s]))
			}
			fmt.Fprintf(tw, "  (in %s)", strings.Join(parts, ", "))
		}
		fmt.Fprintln(tw)
		planned += r.planned
		finished += r.done
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\n", planned, finished, planned-finished)
	tw.Flush()
	fmt.Fprintln(w)
	if plan.Confirm > 1 {
		fmt.Fprintf(w, "then %d more runs of each notebook that reproduces (confirmation), as many as the first runs show\n", plan.Confirm-1)
	}
	if len(done) > 0 && !resume {
		fmt.Fprintf(w, "%s already holds %d runs: the run needs --resume to continue it\n", dir, len(done))
	}
	fmt.Fprintln(w, "dry run: nothing was run")
	return nil
}

// WriteSummary ends a run with one line per environment of the plan: its
// notebooks' first runs by status and how many of those with a target
// reproduce it (confirmed verdicts).
func WriteSummary(w io.Writer, plan *Plan, runs []records.Run, dir string) {
	planned := map[[2]string]bool{}
	var envs []string
	for _, t := range plan.Tasks {
		planned[[2]string{t.NotebookID, t.Env.Name}] = true
		if !slices.Contains(envs, t.Env.Name) {
			envs = append(envs, t.Env.Name)
		}
	}
	var mine []records.Run
	for _, r := range runs {
		if r.Agent == "" && planned[[2]string{r.NotebookID, r.Environment}] {
			mine = append(mine, r)
		}
	}
	type tally struct {
		status          map[string]int
		graded, matched int
	}
	per := map[string]*tally{}
	for _, e := range envs {
		per[e] = &tally{status: map[string]int{}}
	}
	for _, v := range verdict.FromRuns(mine, plan.Tolerance) {
		t := per[v.Environment]
		if t == nil {
			continue
		}
		t.status[v.Status]++
		if v.TargetScore != nil {
			t.graded++
			if verdict.Reproducible(v.OutcomeClass) {
				t.matched++
			}
		}
	}
	fmt.Fprintf(w, "\nSummary (%s; per notebook: its first run, and the confirmed verdict)\n\n", dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "environment\tnotebooks\tok\terror\ttimeout\tcrash\treproduced")
	for _, e := range envs {
		t := per[e]
		n := 0
		for _, k := range t.status {
			n += k
		}
		repro := "-"
		if t.graded > 0 {
			repro = fmt.Sprintf("%d of %d", t.matched, t.graded)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", e, n, t.status[records.StatusOK], t.status[records.StatusError],
			t.status[records.StatusTimeout], t.status[records.StatusCrash], repro)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n(reproduced: of the notebooks with a target score; `erosion analyze --results %s` for rates and failures)\n", dir)
}

// count is "1 notebook", "2 notebooks".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
