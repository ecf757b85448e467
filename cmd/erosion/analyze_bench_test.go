package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"erosion/analysis/analysistest"
	"erosion/records"
)

// BenchmarkAnalyzeCommand1M runs `erosion analyze` (the printed tables,
// the tables under tables/ and report.json) on a million runs in 20 part
// files, and reports the peak live heap: nothing in analyze may load the
// runs whole. Measured on a loaded 2-core machine, before the one-model
// change (records.Runs.Read for the printed tables, then analysis.Load for
// the written ones) and after it (one columnar analysis.Load):
//
//	before  17.1 s/op     1,623–1,749 MiB peak heap
//	after   2.6–3.1 s/op  269–278 MiB peak heap
func BenchmarkAnalyzeCommand1M(b *testing.B) {
	dir := b.TempDir()
	err := analysistest.Synthetic(1_000_000, 50_000, 1, func(rows []records.Run) error {
		_, err := records.Runs.Write(dir, rows)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	stdout = io.Discard
	defer func() { stdout = os.Stdout }()
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))
	var peak uint64
	b.ResetTimer()
	for b.Loop() {
		runtime.GC()
		peak = max(peak, peakHeap(func() {
			if err := (&AnalyzeCmd{StudyFlags: StudyFlags{Results: dir}}).Run(context.Background(), &Globals{}); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// peakHeap samples the live heap while fn runs.
func peakHeap(fn func()) uint64 {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return peak
}
