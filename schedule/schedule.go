// Package schedule orders a queue of runs by expected duration so that the
// makespan on N workers is not set by one long notebook started last:
// longest first (Graham's LPT rule, within 4/3 of the optimum when the
// estimates are right), and splits a queue into shards of equal expected
// time rather than equal count. Expected durations come from an Estimator:
// previous runs of the same notebook, else its Meta Kaggle runtime, else a
// size model of its source.
//
// The package knows nothing of the harness: callers hand it durations and
// group names (a notebook's first run and its confirmations share a group,
// so they land in the same shard).
package schedule

import (
	"cmp"
	"container/heap"
	"slices"
)

// Sort orders items longest first by seconds, in place. Equal durations
// keep their order, so a queue sorts the same way every time.
func Sort[T any](items []T, seconds func(T) float64) {
	slices.SortStableFunc(items, func(a, b T) int { return cmp.Compare(seconds(b), seconds(a)) })
}

// Item is what Partition places: a run (or any unit of work) with its
// expected duration and its group.
type Item struct {
	// Group keeps items together: all items of a group go to one shard.
	// An empty Group is a group of its own.
	Group   string
	Seconds float64
}

// Partition splits items into n shards of near-equal expected time and
// returns each item's shard (0..n-1). Whole groups are placed, longest
// first, each on the shard with the least expected time so far (LPT;
// ties go to the lower shard, equal groups by name), so the same items
// always give the same shards. n < 1 counts as 1.
func Partition(items []Item, n int) []int {
	n = max(n, 1)
	type group struct {
		name    string
		seconds float64
		members []int
	}
	var groups []*group
	byName := map[string]*group{}
	for i, it := range items {
		g := byName[it.Group]
		if g == nil || it.Group == "" {
			g = &group{name: it.Group}
			groups = append(groups, g)
			if it.Group != "" {
				byName[it.Group] = g
			}
		}
		g.seconds += max(it.Seconds, 0)
		g.members = append(g.members, i)
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		if c := cmp.Compare(b.seconds, a.seconds); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	loads := make(shardHeap, n)
	for i := range loads {
		loads[i] = shardLoad{id: i}
	}
	out := make([]int, len(items))
	for _, g := range groups {
		s := &loads[0]
		for _, m := range g.members {
			out[m] = s.id
		}
		s.seconds += g.seconds
		heap.Fix(&loads, 0)
	}
	return out
}

// Loads sums the expected seconds of each of n shards, given each item's
// shard (as Partition returns).
func Loads(items []Item, shard []int, n int) []float64 {
	out := make([]float64, n)
	for i, it := range items {
		out[shard[i]] += max(it.Seconds, 0)
	}
	return out
}

type shardLoad struct {
	id      int
	seconds float64
}

// shardHeap is a min-heap of shards by load, then id.
type shardHeap []shardLoad

func (h shardHeap) Len() int { return len(h) }
func (h shardHeap) Less(i, j int) bool {
	if h[i].seconds != h[j].seconds {
		return h[i].seconds < h[j].seconds
	}
	return h[i].id < h[j].id
}
func (h shardHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *shardHeap) Push(x any)   { *h = append(*h, x.(shardLoad)) }
func (h *shardHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Makespan is when the last of durations ends if workers take them in
// the given order, each free worker the next one (a worker pool reading a
// queue). It measures an order; it does not choose one.
func Makespan(durations []float64, workers int) float64 {
	free := make(shardHeap, max(workers, 1)) // here: workers by the time they are free
	for i := range free {
		free[i] = shardLoad{id: i}
	}
	end := 0.0
	for _, d := range durations {
		w := &free[0]
		w.seconds += max(d, 0)
		end = max(end, w.seconds)
		heap.Fix(&free, 0)
	}
	return end
}

// LowerBound is no schedule's makespan can beat: the longest duration, or
// the total spread evenly over the workers.
func LowerBound(durations []float64, workers int) float64 {
	var sum, longest float64
	for _, d := range durations {
		sum += max(d, 0)
		longest = max(longest, d)
	}
	return max(longest, sum/float64(max(workers, 1)))
}
