package analysis_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/records"
)

const benchRuns = 1_000_000

// benchResults writes a million runs into dir, as part files of 50,000
// rows per writer (what many machines leave), plus the same rows' analysed
// columns as CSV for pandas.
func benchResults(dir string) error {
	f, err := os.Create(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write([]string{"environment", "dataset", "notebook_id", "competition", "agent", "attempt", "status", "outcome_class",
		"failure_category", "duration_s", "target_score", "finished_at"})
	err = analysistest.Synthetic(benchRuns, 50_000, 1, func(rows []records.Run) error {
		if _, err := records.Runs.Write(dir, rows); err != nil {
			return err
		}
		for _, r := range rows {
			target := ""
			if r.TargetScore != nil {
				target = strconv.FormatFloat(*r.TargetScore, 'g', -1, 64)
			}
			w.Write([]string{r.Environment, r.Dataset, r.NotebookID, r.Competition, r.Agent, strconv.Itoa(int(r.Attempt)), r.Status,
				r.OutcomeClass, r.FailureCategory, strconv.FormatFloat(r.DurationS, 'g', -1, 64), target, r.FinishedAt.Format(time.RFC3339)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.Flush()
	if err := bw.Flush(); err != nil {
		return err
	}
	return w.Error()
}

// peakHeap samples the live heap while fn runs.
func peakHeap(fn func()) uint64 {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
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
	}()
	fn()
	close(done)
	wg.Wait()
	return peak
}

// BenchmarkAnalyze1M reads a million runs from Parquet parts and computes
// every table (rates, breakdowns, classes, taxonomy, transitions with
// McNemar, runtimes). It reports the rate, the peak live heap, and, where
// Docker and the trixie-slim environment are there, pandas 2.2 doing the
// same aggregation inside that environment and the ratio. The environments
// have no Parquet engine (Debian packages neither pyarrow nor fastparquet),
// so pandas reads the same rows' columns from CSV; its aggregation alone
// is reported too.
func BenchmarkAnalyze1M(b *testing.B) {
	dir := b.TempDir()
	if err := benchResults(dir); err != nil {
		b.Fatal(err)
	}
	parts, _ := records.Runs.Parts(dir)
	var s *analysis.Study
	var peak uint64
	var err error
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		runtime.GC()
		peak = max(peak, peakHeap(func() {
			if s, err = analysis.Load(dir, analysis.Options{}); err != nil {
				b.Fatal(err)
			}
			s.Tables()
		}))
	}
	perOp := time.Since(start).Seconds() / float64(b.N)
	b.StopTimer()
	if s.RunRows != benchRuns {
		b.Fatalf("read %d rows, want %d", s.RunRows, benchRuns)
	}
	b.ReportMetric(float64(len(parts)), "parts")
	b.ReportMetric(float64(benchRuns)/perOp/1e6, "Mrows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(len(s.Units)), "units")

	res, ok := pandasSame(b, dir)
	if !ok {
		return
	}
	b.ReportMetric(res.Total, "pandas-s")
	b.ReportMetric(res.Agg, "pandas-agg-s")
	b.ReportMetric(res.Total/perOp, "pandas/erosion")
	// The two must agree, or the ratio means nothing.
	if res.Units != len(s.Units) {
		b.Errorf("pandas found %d notebook-environment outcomes, erosion %d", res.Units, len(s.Units))
	}
	for _, tr := range s.Transitions() {
		want := [3]int{tr.Kept, tr.Fixed, tr.Broken}
		got, ok := res.Pairs[tr.From+">"+tr.To]
		if !ok {
			rev := res.Pairs[tr.To+">"+tr.From]
			got = [3]int{rev[0], rev[2], rev[1]}
		}
		if got != want {
			b.Errorf("%s → %s: pandas kept/fixed/broken %v, erosion %v", tr.From, tr.To, got, want)
		}
	}
}

type pandasResult struct {
	Read, Agg, Total float64
	Units            int
	Pairs            map[string][3]int
}

// pandasScript is the same aggregation in pandas: latest attempt per
// notebook and environment label (infrastructure failures dropped), then
// the rates, classes, failures, per-competition rates, runtime quantiles
// and the pairwise transitions with their discordant counts.
const pandasScript = `
import json, time, pandas as pd
t0 = time.perf_counter()
df = pd.read_csv("/d/runs.csv", dtype={"agent": "string", "failure_category": "string", "target_score": "float64"}, parse_dates=["finished_at"])
t1 = time.perf_counter()
df = df[df.status != "infra"]
df["env"] = df.environment.where(df.agent.isna() | (df.agent == ""), df.environment + "+" + df.agent.fillna(""))
df = df.sort_values(["attempt", "finished_at", "status"]).drop_duplicates(["env", "dataset", "notebook_id"], keep="last")
df["graded"] = df.target_score.notna()
df["exe"] = df.status == "ok"
df["rep"] = df.graded & df.outcome_class.isin(["error-free reproducible", "error reproducible"])
df["suc"] = df.rep.where(df.graded, df.exe)
per_env = df.groupby("env").agg(n=("exe", "size"), exe=("exe", "sum"), graded=("graded", "sum"), rep=("rep", "sum"), suc=("suc", "sum"))
classes = df.groupby(["env", "outcome_class"]).size().unstack(fill_value=0)
fails = df[df.failure_category.notna()].groupby(["env", "failure_category"]).size()
comp = df.groupby(["competition", "env"]).agg(n=("exe", "size"), exe=("exe", "sum"), suc=("suc", "sum"))
rt = df.groupby("env").duration_s.quantile([0.25, 0.5, 0.75, 0.9])
wide = df.pivot_table(index=["dataset", "notebook_id"], columns="env", values="suc", aggfunc="first")
pairs = {}
cols = list(wide.columns)
for i, a in enumerate(cols):
    for b in cols[i + 1:]:
        both = wide[[a, b]].dropna().astype(bool)
        pairs[a + ">" + b] = [int((both[a] & both[b]).sum()), int((~both[a] & both[b]).sum()), int((both[a] & ~both[b]).sum())]
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "agg": t2 - t1, "total": t2 - t0, "units": int(per_env.n.sum()), "pairs": pairs}))
`

// pandasSame runs pandasScript in the trixie-slim environment; false when
// Docker or the environment is not there.
func pandasSame(b *testing.B, dir string) (res pandasResult, ok bool) {
	be, err := docker.Connect(context.Background())
	if err != nil {
		b.Logf("no pandas comparison: %v", err)
		return res, false
	}
	defer be.Close()
	spec, err := envs.Load("../configs/envs/trixie-slim.yaml")
	if err != nil {
		b.Fatal(err)
	}
	img, built, err := be.Lookup(context.Background(), spec, "")
	if err != nil || !built {
		b.Logf("no pandas comparison: trixie-slim is not built (erosion envs build trixie-slim)")
		return res, false
	}
	if err := os.WriteFile(filepath.Join(dir, "agg.py"), []byte(pandasScript), 0o644); err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command("docker", "run", "--rm", "--network", "none", "-v", dir+":/d:ro", img, "python3", "/d/agg.py").CombinedOutput()
	if err != nil {
		b.Fatalf("pandas: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		b.Fatalf("pandas output %s: %v", out, err)
	}
	b.Logf("pandas: read %.2fs, aggregate %.2fs, %d units", res.Read, res.Agg, res.Units)
	return res, true
}
