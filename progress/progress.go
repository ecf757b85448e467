// Package progress shows a run's progress as terminal bars: one bar with an
// ETA and a live count per status. When stderr is not a terminal (CI, Slurm,
// a pipe) mpb draws nothing.
package progress

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"erosion/records"
)

// Bars implements harness.Progress.
type Bars struct {
	p   *mpb.Progress
	bar *mpb.Bar

	mu     sync.Mutex
	counts map[string]int
	last   time.Time
}

// New draws on w until Wait.
func New(ctx context.Context, w io.Writer) *Bars {
	return &Bars{p: mpb.NewWithContext(ctx, mpb.WithOutput(w)), counts: map[string]int{}}
}

// Start implements harness.Progress.
func (b *Bars) Start(total, skipped int) {
	b.bar = b.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("runs "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(
			decor.Percentage(decor.WCSyncSpace),
			decor.Name(" ETA "), decor.EwmaETA(decor.ET_STYLE_GO, 30),
			decor.Any(func(decor.Statistics) string { return " " + b.summary() }),
		))
	b.bar.SetCurrent(int64(skipped))
	b.last = time.Now()
}

// Done implements harness.Progress.
func (b *Bars) Done(r records.Run) {
	b.mu.Lock()
	b.counts[r.Status]++
	// The time between completions, not a run's own duration: with many
	// workers that is what the remaining runs will take each.
	now := time.Now()
	gap := now.Sub(b.last)
	b.last = now
	b.mu.Unlock()
	b.bar.EwmaIncrement(gap)
}

func (b *Bars) summary() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	keys := make([]string, 0, len(b.counts))
	for k := range b.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, b.counts[k])
	}
	return strings.Join(parts, " ")
}

// Wait stops drawing.
func (b *Bars) Wait() {
	if b.bar != nil {
		b.bar.Abort(false)
	}
	b.p.Wait()
}
