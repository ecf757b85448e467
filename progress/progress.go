// Package progress shows how a pass of runs advances: in a terminal, a bar
// labelled with the pass ("runs", "confirmations"), its ETA and a live
// count per status; elsewhere (CI, Slurm logs, a pipe), one line every 30
// seconds and one at the end:
//
//	runs 14/48 ok=3 error=4 timeout=1 crash=0 eta=3m10s skipped=6
//
// N/M counts the runs finished, those of earlier sessions (skipped) among
// them; the status counts are this session's. The ETA appears once a run
// has finished: before, nothing is known.
package progress

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"erosion/records"
)

// Mode chooses how progress is shown.
type Mode int

const (
	Auto  Mode = iota // bars in a terminal, lines otherwise
	Bars              // a terminal bar
	Lines             // periodic one-line reports
)

// Options configure a Progress.
type Options struct {
	Label string        // the pass, e.g. "runs" (default) or "confirmations"
	Mode  Mode          // Auto: by whether the writer is a terminal
	Every time.Duration // between lines (default 30s)
}

// Progress implements harness.Progress for one pass of runs.
type Progress struct {
	w     io.Writer
	o     Options
	ctx   context.Context
	bars  *mpb.Progress
	bar   *mpb.Bar
	stop  chan struct{}
	ended sync.WaitGroup

	mu               sync.Mutex
	total, skipped   int
	ran              int
	counts           map[string]int
	start            time.Time
	started, stopped bool
}

// New shows progress on w until Wait.
func New(ctx context.Context, w io.Writer, o Options) *Progress {
	if o.Label == "" {
		o.Label = "runs"
	}
	if o.Every <= 0 {
		o.Every = 30 * time.Second
	}
	if o.Mode == Auto {
		// A terminal of unknown size (a pty nobody sized) gets lines: bars
		// could not be drawn on it.
		o.Mode = Lines
		cw := cupwriter.New(w, false)
		if width, _, err := cw.GetTermSize(); cw.IsTerminal() && err == nil && width > 0 {
			o.Mode = Bars
		}
	}
	p := &Progress{w: w, o: o, ctx: ctx, counts: map[string]int{}, stop: make(chan struct{})}
	if o.Mode == Bars {
		p.bars = mpb.NewWithContext(ctx, mpb.WithOutput(w))
	}
	return p
}

// Start implements harness.Progress.
func (p *Progress) Start(total, skipped int) {
	p.mu.Lock()
	p.total, p.skipped, p.start, p.started = total, skipped, time.Now(), true
	p.mu.Unlock()
	if p.o.Mode == Bars {
		p.bar = p.bars.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name(p.o.Label+" "), decor.CountersNoUnit("%d/%d")),
			mpb.AppendDecorators(
				decor.Percentage(decor.WCSyncSpace),
				decor.Any(func(decor.Statistics) string { return " " + p.counters(" ETA ") }),
			))
		p.bar.SetCurrent(int64(skipped))
		return
	}
	fmt.Fprintln(p.w, p.Line())
	p.ended.Add(1)
	go func() {
		defer p.ended.Done()
		t := time.NewTicker(p.o.Every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fmt.Fprintln(p.w, p.Line())
			case <-p.stop:
				return
			case <-p.ctx.Done():
				return
			}
		}
	}()
}

// Done implements harness.Progress.
func (p *Progress) Done(r records.Run) {
	p.mu.Lock()
	p.counts[r.Status]++
	p.ran++
	p.mu.Unlock()
	if p.bar != nil {
		p.bar.Increment()
	}
}

// Line is the one-line report: label, finished/total, this session's
// counts per status, the ETA once known, and the runs of earlier sessions.
func (p *Progress) Line() string {
	p.mu.Lock()
	done, total := p.skipped+p.ran, p.total
	p.mu.Unlock()
	return fmt.Sprintf("%s %d/%d %s", p.o.Label, done, total, p.counters(" eta="))
}

// counters is "ok=… error=… timeout=… crash=…", then the ETA (eta is its
// label), infrastructure failures and skipped runs when there are any.
func (p *Progress) counters(eta string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for i, s := range []string{records.StatusOK, records.StatusError, records.StatusTimeout, records.StatusCrash} {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%d", s, p.counts[s])
	}
	left := p.total - p.skipped - p.ran
	switch {
	case left <= 0 && p.started:
		fmt.Fprintf(&b, " took=%s", time.Since(p.start).Round(time.Second))
	case p.ran > 0:
		per := time.Since(p.start) / time.Duration(p.ran)
		fmt.Fprintf(&b, "%s%s", eta, (per * time.Duration(left)).Round(time.Second))
	}
	if n := p.counts[records.StatusInfra]; n > 0 {
		fmt.Fprintf(&b, " infra=%d", n)
	}
	if p.skipped > 0 {
		fmt.Fprintf(&b, " skipped=%d", p.skipped)
	}
	return b.String()
}

// Wait ends the display: the bar stays as it last was; in line mode a last
// line is printed.
func (p *Progress) Wait() {
	p.mu.Lock()
	started, stopped := p.started, p.stopped
	p.stopped = true
	p.mu.Unlock()
	if stopped {
		return
	}
	if p.bars != nil {
		if p.bar != nil {
			p.bar.Abort(false)
		}
		p.bars.Wait()
		return
	}
	close(p.stop)
	p.ended.Wait()
	if started {
		fmt.Fprintln(p.w, p.Line())
	}
}
