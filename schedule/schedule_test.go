package schedule

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestSortIsLongestFirstAndStable(t *testing.T) {
	type run struct {
		name string
		sec  float64
	}
	q := []run{{"a", 5}, {"b", 60}, {"c", 5}, {"d", 600}, {"e", 0}}
	Sort(q, func(r run) float64 { return r.sec })
	var got []string
	for _, r := range q {
		got = append(got, r.name)
	}
	if want := []string{"d", "b", "a", "c", "e"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestMakespanHandComputed(t *testing.T) {
	// Two workers: 3 and 3 start at 0; 2 goes to the first free (3), ends
	// at 5; 2 goes to the other, ends at 5; the 4 starts at 5: 9.
	if got := Makespan([]float64{3, 3, 2, 2, 4}, 2); got != 9 {
		t.Errorf("makespan %v, want 9", got)
	}
	// Longest first: 4 | 3; the second 3 at 3 -> 6; 2 at 4 -> 6; 2 at 6
	// -> 8. (The optimum, 4+3 | 3+2+2, is 7: LPT is within 4/3 of it.)
	if got := Makespan([]float64{4, 3, 3, 2, 2}, 2); got != 8 {
		t.Errorf("LPT makespan %v, want 8", got)
	}
	if got := LowerBound([]float64{4, 3, 3, 2, 2}, 2); got != 7 {
		t.Errorf("lower bound %v, want 7", got)
	}
	if got := Makespan(nil, 3); got != 0 {
		t.Errorf("empty queue: %v", got)
	}
}

func TestPartitionKeepsGroupsAndBalancesTime(t *testing.T) {
	items := []Item{
		{"nb1@trixie", 100}, {"nb1@trixie", 100}, {"nb1@trixie", 100}, // a first run and two confirmations
		{"nb2@trixie", 250}, {"nb3@trixie", 50}, {"nb4@trixie", 40}, {"nb5@trixie", 10}, {"", 30}, {"", 30},
	}
	shard := Partition(items, 2)
	if shard[0] != shard[1] || shard[1] != shard[2] {
		t.Errorf("a notebook's runs were split: %v", shard)
	}
	// Groups longest first onto the lighter shard: nb1 300 | nb2 250;
	// nb3 -> 300|300; nb4 -> 340|300; 30 -> 340|330; 30 -> 340|360; nb5 -> 350|360.
	if loads := Loads(items, shard, 2); loads[0] != 350 || loads[1] != 360 {
		t.Errorf("loads %v, want 350 and 360", loads)
	}
	if !slices.Equal(shard, Partition(items, 2)) {
		t.Error("the same items gave other shards")
	}
	// More shards than groups: the extra ones stay empty, none fails.
	shard = Partition(items[:3], 4)
	if shard[0] != 0 || shard[2] != 0 {
		t.Errorf("one group on four shards: %v", shard)
	}
}

// durations draws a queue the way a study's looks: Kaggle runtimes are
// log-normal (median about a minute, a long tail) and capped at the time
// limit, which some notebooks hit; a dataset lists notebooks competition by
// competition, and a competition's data size scales all its notebooks.
func durations(rng *rand.Rand, n int, limit float64) []float64 {
	out := make([]float64, 0, n)
	for len(out) < n {
		comp := math.Exp(0.8 * rng.NormFloat64())
		for range 5 + rng.IntN(40) {
			d := 60 * comp * math.Exp(1.1*rng.NormFloat64())
			if rng.Float64() < 0.03 {
				d = limit // a timeout
			}
			out = append(out, min(d, limit))
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// estimated is what an estimator would say of true durations: right up to
// a log-normal error of spread sigma (0: exact).
func estimated(rng *rand.Rand, d []float64, sigma float64) []float64 {
	out := make([]float64, len(d))
	for i, x := range d {
		out[i] = x * math.Exp(sigma*rng.NormFloat64())
	}
	return out
}

// lpt orders the true durations by the estimates, longest first.
func lpt(d, est []float64) []float64 {
	idx := make([]int, len(d))
	for i := range idx {
		idx[i] = i
	}
	Sort(idx, func(i int) float64 { return est[i] })
	out := make([]float64, len(d))
	for i, j := range idx {
		out[i] = d[j]
	}
	return out
}

// TestLongestFirstShortensTheMakespan simulates worker pools on queues of
// realistic durations and reports the makespan of longest-first (with
// exact, history-grade and size-model-grade estimates) relative to the
// dataset's order and to the lower bound. Ratios, not times.
func TestLongestFirstShortensTheMakespan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 16))
	const trials = 200
	var report strings.Builder
	fmt.Fprintf(&report, "%-22s %8s  %s\n", "queue", "workers", "mean makespan / dataset order's (and / lower bound): dataset order, LPT exact, LPT history-grade (σ 0.3), LPT size-grade (σ 1.0)")
	for _, c := range []struct {
		tasks, workers int
	}{{144, 2}, {144, 8}, {1000, 8}, {1000, 32}, {5000, 128}} {
		var sum [4]float64
		var lb [4]float64
		for range trials {
			d := durations(rng, c.tasks, 600)
			orders := [][]float64{d, lpt(d, d), lpt(d, estimated(rng, d, 0.3)), lpt(d, estimated(rng, d, 1.0))}
			base := Makespan(d, c.workers)
			low := LowerBound(d, c.workers)
			for i, o := range orders {
				m := Makespan(o, c.workers)
				sum[i] += m / base
				lb[i] += m / low
			}
		}
		name := fmt.Sprintf("%d runs", c.tasks)
		fmt.Fprintf(&report, "%-22s %8d  %.3f (%.3f)  %.3f (%.3f)  %.3f (%.3f)  %.3f (%.3f)\n", name, c.workers,
			sum[0]/trials, lb[0]/trials, sum[1]/trials, lb[1]/trials, sum[2]/trials, lb[2]/trials, sum[3]/trials, lb[3]/trials)
		// Exact longest-first is never worse than the dataset's order on
		// average, and within 4/3 of the optimum (Graham), so within 4/3
		// of the lower bound's average here.
		if sum[1] > sum[0] || lb[1]/trials > 4.0/3 {
			t.Errorf("%s on %d workers: LPT %.3f of the dataset order's, %.3f of the lower bound", name, c.workers, sum[1]/trials, lb[1]/trials)
		}
	}
	t.Log("\n" + report.String())
}

// TestPartitionBalancesShardsByTime compares shards made by Partition with
// shards made by hashing labels (equal counts on average, what the Slurm
// plan does today), on queues of realistic durations, with the shards
// planned on exact, history-grade and size-model-grade estimates and run
// with the true durations. It reports the largest shard's time over the
// mean shard's, and the job's makespan (its slowest shard, each shard a
// pool of 4 workers) over the lower bound.
func TestPartitionBalancesShardsByTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	var report strings.Builder
	fmt.Fprintf(&report, "%-7s %6s %-11s  %-27s  %s\n", "runs", "shards", "estimates", "largest/mean: hash, Partition", "job/lower bound: hash+dataset order, Partition+longest first")
	for _, c := range []struct{ tasks, shards int }{{144, 4}, {1000, 16}, {12720 * 3, 64}} {
		d := durations(rng, c.tasks, 600)
		truth := make([]Item, len(d))
		hashed := make([]int, len(d))
		for i, x := range d {
			truth[i] = Item{Group: fmt.Sprintf("nb%05d@env", i), Seconds: x}
			h := fnv.New64a()
			h.Write([]byte(truth[i].Group))
			hashed[i] = int(h.Sum64() % uint64(c.shards))
		}
		balance := func(s []int) float64 {
			l := Loads(truth, s, c.shards)
			return slices.Max(l) / (sum(l) / float64(c.shards))
		}
		// A Slurm job ends with its slowest shard; each shard is a pool of
		// workers reading its queue in the given order.
		job := func(s []int, est []float64) float64 {
			per := make([][]int, c.shards)
			for i := range d {
				per[s[i]] = append(per[s[i]], i)
			}
			end := 0.0
			for _, q := range per {
				if est != nil {
					Sort(q, func(i int) float64 { return est[i] })
				}
				run := make([]float64, len(q))
				for j, i := range q {
					run[j] = d[i]
				}
				end = max(end, Makespan(run, 4))
			}
			return end
		}
		low := LowerBound(d, 4*c.shards)
		for _, e := range []struct {
			name  string
			sigma float64
		}{{"exact", 0}, {"history σ.3", 0.3}, {"size σ1", 1}} {
			est := estimated(rng, d, e.sigma)
			items := make([]Item, len(d))
			for i := range d {
				items[i] = Item{Group: truth[i].Group, Seconds: est[i]}
			}
			part := Partition(items, c.shards)
			fmt.Fprintf(&report, "%-7d %6d %-11s  %5.3f  %5.3f                %5.3f  %5.3f\n", c.tasks, c.shards, e.name,
				balance(hashed), balance(part), job(hashed, nil)/low, job(part, est)/low)
			if e.sigma == 0 {
				// LPT's guarantee: the largest shard exceeds the mean by at
				// most the largest group.
				l := Loads(truth, part, c.shards)
				if slices.Max(l) > sum(l)/float64(c.shards)+slices.Max(d)+1e-9 {
					t.Errorf("%d runs on %d shards: largest %.0f, mean %.0f, longest run %.0f", c.tasks, c.shards, slices.Max(l), sum(l)/float64(c.shards), slices.Max(d))
				}
			}
		}
	}
	t.Log("\n" + report.String())
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
