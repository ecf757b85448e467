package schedule

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"erosion/datasets"
	"erosion/notebook"
)

// miniRun is one row of testdata/mini-durations.csv: the runs of
// `erosion run --dataset datasets/mini --env trixie-slim --backported
// configs/eras-slim.yaml --confirm 10 --workers 1` on a shared 2-core
// machine: env is the environment the run used, label the one it is
// recorded under (trixie-slim, or backported for each notebook's era).
type miniRun struct {
	env, label, nb string
	attempt        int
	status         string
	sec            float64
}

func readMiniRuns(t *testing.T) []miniRun {
	f, err := os.Open("testdata/mini-durations.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []miniRun
	for _, r := range rows[1:] {
		a, err1 := strconv.Atoi(r[3])
		s, err2 := strconv.ParseFloat(r[5], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("testdata/mini-durations.csv: bad row %v", r)
		}
		out = append(out, miniRun{r[0], r[1], r[2], a, r[4], s})
	}
	return out
}

func miniSizes(t *testing.T) (*datasets.Dataset, map[string]Size) {
	ds, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]Size{}
	for _, e := range ds.Notebooks {
		nb, err := notebook.Read(ds.NotebookPath(e))
		if err != nil {
			t.Fatal(err)
		}
		sizes[e.ID] = SizeOf(nb)
	}
	return ds, sizes
}

func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j) / 2
		}
		i = j + 1
	}
	return r
}

func spearman(a, b []float64) float64 { return stat.Correlation(ranks(a), ranks(b), nil) }

// TestMiniSizeModel calibrates the size model on the real run times of
// datasets/mini: each (environment, notebook) whose first run ran to the
// end is one point, its run time against its source's size. It reports the
// least-squares fit and how well each predictor ranks the run times, and
// holds DefaultModel to the fit.
func TestMiniSizeModel(t *testing.T) {
	_, sizes := miniSizes(t)
	type key struct{ env, nb string }
	ok := map[key][]float64{}
	for _, r := range readMiniRuns(t) {
		// First runs only: they ran in one pass under a steady load, the
		// confirmations later under a load that tripled some run times.
		if r.status == "ok" && r.attempt == 0 {
			k := key{r.env, r.nb}
			ok[k] = append(ok[k], r.sec)
		}
	}
	keys := slices.SortedFunc(func(yield func(key) bool) {
		for k := range ok {
			if !yield(k) {
				return
			}
		}
	}, func(a, b key) int { return cmp.Or(cmp.Compare(a.env, b.env), cmp.Compare(a.nb, b.nb)) })
	n := len(keys)
	y := make([]float64, n)
	lines, cells, est, model := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	x := mat.NewDense(n, 3, nil)
	for i, k := range keys {
		s := sizes[k.nb]
		y[i] = median(ok[k])
		lines[i], cells[i], est[i] = float64(s.Lines), float64(s.CodeCells), float64(s.Estimators)
		model[i] = DefaultModel.Seconds(s)
		x.Set(i, 0, 1)
		x.Set(i, 1, lines[i])
		x.Set(i, 2, est[i])
	}
	var fit mat.VecDense
	if err := fit.SolveVec(x, mat.NewVecDense(n, y)); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d (environment, notebook) points that ran to the end; run time median %.1f s, max %.1f s\n", n, median(y), slices.Max(y))
	fmt.Fprintf(&b, "least squares: seconds = %.2f + %.3f * lines + %.2f * estimators\n", fit.AtVec(0), fit.AtVec(1), fit.AtVec(2))
	fmt.Fprintf(&b, "Spearman with run time: lines %.2f, cells %.2f, estimators %.2f, DefaultModel %.2f\n",
		spearman(lines, y), spearman(cells, y), spearman(est, y), spearman(model, y))
	t.Log("\n" + b.String())
	if r := spearman(model, y); r < 0.4 {
		t.Errorf("DefaultModel ranks the mini run times at Spearman %.2f", r)
	}
	for i, c := range []float64{DefaultModel.Base, DefaultModel.PerLine, DefaultModel.PerEstimator} {
		if f := fit.AtVec(i); c < f-0.5*max(f, 0.1) || c > f+0.5*max(f, 0.1) {
			t.Errorf("DefaultModel coefficient %d is %v, the fit on mini gives %.3f: recalibrate", i, c, f)
		}
	}
}

// TestMiniMakespan replays the recorded run times of datasets/mini's first
// runs (the current environment, then each notebook's era, as `erosion
// run` queues them) on simulated pools of 2 and 4 workers: dataset order
// against longest first as the Estimator orders it knowing nothing (the
// size model), knowing the runs in the other environment label (first
// runs and confirmations), knowing also earlier runs in the same label
// (the confirmations stand for them: a re-run of the study), and with the
// true durations. Ratios to the dataset order's makespan.
func TestMiniMakespan(t *testing.T) {
	ds, sizes := miniSizes(t)
	runs := readMiniRuns(t)
	type task struct {
		label, nb string
		sec       float64
	}
	first := map[string]task{}
	for _, r := range runs {
		if r.attempt == 0 {
			first[r.label+"/"+r.nb] = task{r.label, r.nb, r.sec}
		}
	}
	var queue []task
	for _, label := range []string{"trixie-slim", "backported"} {
		for _, e := range ds.Notebooks {
			x, ok := first[label+"/"+e.ID]
			if !ok {
				t.Fatalf("no first run of %s in %s", e.ID, label)
			}
			queue = append(queue, x)
		}
	}
	asIs := make([]float64, len(queue))
	for i, x := range queue {
		asIs[i] = x.sec
	}
	// ordered sorts the queue longest first by an Estimator that has
	// observed the runs seen(r) admits, and counts where estimates came from.
	sources := map[string]map[string]int{}
	ordered := func(name string, seen func(r miniRun, x task) bool) []float64 {
		sources[name] = map[string]int{}
		est := map[task]float64{}
		for _, x := range queue {
			var e Estimator
			for _, r := range runs {
				if seen(r, x) {
					e.Observe(r.nb, r.label, r.sec, r.status == "ok")
				}
			}
			s, from := e.Estimate(Notebook{Key: x.nb, Env: x.label, Size: sizes[x.nb]})
			est[x] = s
			sources[name][from]++
		}
		q := slices.Clone(queue)
		Sort(q, func(x task) float64 { return est[x] })
		out := make([]float64, len(q))
		for i, x := range q {
			out[i] = x.sec
		}
		return out
	}
	none := ordered("size", func(miniRun, task) bool { return false })
	otherEnv := ordered("other env", func(r miniRun, x task) bool { return r.label != x.label })
	sameEnv := ordered("same env too", func(r miniRun, x task) bool { return r.label != x.label || r.attempt > 0 })
	exact := slices.Clone(asIs)
	Sort(exact, func(s float64) float64 { return s })
	var b strings.Builder
	fmt.Fprintf(&b, "%d first runs, %.0f s in all, longest %.0f s; estimates from %v\n", len(queue), sum(asIs), slices.Max(asIs), sources)
	fmt.Fprintf(&b, "workers  dataset order (s)  / lower bound   longest first, estimated from: size, other env, same env too, exact (/ dataset order)\n")
	for _, w := range []int{2, 4} {
		base := Makespan(asIs, w)
		fmt.Fprintf(&b, "%7d  %17.0f  %13.3f   %.3f  %.3f  %.3f  %.3f\n", w, base, base/LowerBound(asIs, w),
			Makespan(none, w)/base, Makespan(otherEnv, w)/base, Makespan(sameEnv, w)/base, Makespan(exact, w)/base)
	}
	t.Log("\n" + b.String())
}
