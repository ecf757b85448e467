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
// against longest first by size model, by history (each run's duration in
// the other environment, as a second study would know it) and by the true
// durations. Ratios to the dataset order's makespan.
func TestMiniMakespan(t *testing.T) {
	ds, sizes := miniSizes(t)
	first := map[string]map[string]float64{} // label -> nb -> seconds
	for _, r := range readMiniRuns(t) {
		if r.attempt != 0 {
			continue
		}
		if first[r.label] == nil {
			first[r.label] = map[string]float64{}
		}
		first[r.label][r.nb] = r.sec
	}
	type task struct {
		label, nb string
		sec       float64
	}
	var queue []task
	for _, label := range []string{"trixie-slim", "backported"} {
		for _, e := range ds.Notebooks {
			sec, ok := first[label][e.ID]
			if !ok {
				t.Fatalf("no first run of %s in %s", e.ID, label)
			}
			queue = append(queue, task{label, e.ID, sec})
		}
	}
	other := map[string]string{"trixie-slim": "backported", "backported": "trixie-slim"}
	order := func(est func(task) float64) []float64 {
		q := slices.Clone(queue)
		Sort(q, est)
		out := make([]float64, len(q))
		for i, x := range q {
			out[i] = x.sec
		}
		return out
	}
	asIs := make([]float64, len(queue))
	for i, x := range queue {
		asIs[i] = x.sec
	}
	bySize := order(func(x task) float64 { return DefaultModel.Seconds(sizes[x.nb]) })
	byHistory := order(func(x task) float64 { return first[other[x.label]][x.nb] })
	exact := order(func(x task) float64 { return x.sec })
	var b strings.Builder
	fmt.Fprintf(&b, "%d first runs, %.0f s in all, longest %.0f s\n", len(queue), sum(asIs), slices.Max(asIs))
	fmt.Fprintf(&b, "workers  dataset order (s)  / lower bound   longest first by size, by other-env history, exact (/ dataset order)\n")
	for _, w := range []int{2, 4} {
		base := Makespan(asIs, w)
		fmt.Fprintf(&b, "%7d  %17.0f  %13.3f   %.3f  %.3f  %.3f\n", w, base, base/LowerBound(asIs, w),
			Makespan(bySize, w)/base, Makespan(byHistory, w)/base, Makespan(exact, w)/base)
	}
	t.Log("\n" + b.String())
}
