package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"erosion/agents"
	"erosion/agents/rules"
	"erosion/datasets"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/results"
	"erosion/study"
)

// BenchmarkSnapshots modernizes a dataset (EROSION_BENCH_DATASET, else
// datasets/mini) with the rules agent in trixie-slim twice, with whole
// re-runs and with snapshot sessions (agents.Loop.Snapshots), and reports
// the agent's wall time (attempts.wall_s: fixes and runs) per restored
// notebook in each mode and their ratio. It fails when the final verdicts
// differ (the final attempt's stop reason, the verdict's status and
// outcome class). EROSION_BENCH_NOTEBOOKS narrows the dataset to a
// comma-separated list of notebook ids. One pass is the measurement: run it with -benchtime 1x.
//
//	go test -run '^$' -bench Snapshots -benchtime 1x -timeout 3h ./agents/rules/
func BenchmarkSnapshots(b *testing.B) {
	dir := os.Getenv("EROSION_BENCH_DATASET")
	if dir == "" {
		dir = "../../datasets/mini"
	}
	ds, err := datasets.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	be, err := backends.Open(b.Context(), os.Getenv("EROSION_BENCH_BACKEND"))
	if err != nil {
		b.Skip(err)
	}
	defer backends.Close(be)
	spec, err := envs.Find("../../configs/envs", "trixie-slim")
	if err != nil {
		b.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	type mode struct {
		wall                float64
		restored, attempted int
		probes, rows        int
		verdicts            map[string]string
	}
	var subset []string
	if only := os.Getenv("EROSION_BENCH_NOTEBOOKS"); only != "" {
		subset = strings.Split(only, ",")
	}
	plan, err := study.NewPlan(ds, study.Options{Envs: []*envs.Spec{spec}, Confirm: 1, Notebooks: subset})
	if err != nil {
		b.Fatal(err)
	}
	// The original runs are made once (EROSION_BENCH_BASE keeps them
	// across benchmarks) and each mode starts from a copy of them: they are
	// not the agent's time.
	base := os.Getenv("EROSION_BENCH_BASE")
	if base == "" {
		base = filepath.Join(b.TempDir(), "base")
	}
	{
		res, err := results.Open(base, "bench")
		if err != nil {
			b.Fatal(err)
		}
		x := &study.Executor{Backend: be, Results: res, CacheDir: filepath.Join(cache, "erosion"), Workers: 1}
		_, err = x.Run(b.Context(), plan)
		res.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	// Both modes modernize one notebook after the other, alternating which
	// goes first, so that a change in the machine's load falls on both.
	open := func(snapshots bool) (*results.Folder, *study.Executor) {
		root := filepath.Join(b.TempDir(), "results")
		if err := copyOriginals(base, root); err != nil {
			b.Fatal(err)
		}
		res, err := results.Open(root, "bench")
		if err != nil {
			b.Fatal(err)
		}
		return res, &study.Executor{Backend: be, Results: res, CacheDir: filepath.Join(cache, "erosion"), Workers: 1}
	}
	newAgent := func(inv *envs.Inventory) (agents.Agent, error) {
		return rules.LoopAgent{Agent: &rules.Agent{Driver: be, Image: inv.Ref, Warm: true}}, nil
	}
	wholeRes, wholeX := open(false)
	snapRes, snapX := open(true)
	for i, t := range plan.Tasks {
		one, err := study.NewPlan(ds, study.Options{Envs: []*envs.Spec{spec}, Confirm: 1, Notebooks: []string{t.NotebookID}})
		if err != nil {
			b.Fatal(err)
		}
		order := []bool{false, true}
		if i%2 == 1 {
			order = []bool{true, false}
		}
		for _, snapshots := range order {
			x := wholeX
			if snapshots {
				x = snapX
			}
			if _, err := x.Modernize(b.Context(), one, newAgent, study.ModernizeOptions{Snapshots: snapshots}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := wholeX.WriteVerdicts(plan); err != nil {
		b.Fatal(err)
	}
	if err := snapX.WriteVerdicts(plan); err != nil {
		b.Fatal(err)
	}
	measure := func(res *results.Folder) mode {
		defer res.Close()
		atts, err := results.ReadAttempts(res.Root)
		if err != nil {
			b.Fatal(err)
		}
		m := mode{verdicts: map[string]string{}}
		for _, a := range atts {
			m.wall += a.WallS
			m.rows++
			if a.Probe {
				m.probes++
			}
			if a.Final {
				m.attempted++
				if a.StopReason == "restored" {
					m.restored++
				}
				m.verdicts[a.NotebookID] = a.StopReason
			}
		}
		vs, err := records.Verdicts.Read(res.Root)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range vs {
			if v.Agent == "rules" {
				m.verdicts[v.NotebookID] += " | " + v.Status + " " + v.OutcomeClass
			}
		}
		return m
	}
	for b.Loop() {
		whole := measure(wholeRes)
		snap := measure(snapRes)
		b.Logf("whole runs: %d notebooks attempted, %d restored, %d fixes, %.0f s agent wall time (%.1f s per restored)",
			whole.attempted, whole.restored, whole.rows, whole.wall, whole.wall/float64(max(1, whole.restored)))
		b.Logf("snapshots:  %d notebooks attempted, %d restored, %d fixes (%d judged on snapshots), %.0f s agent wall time (%.1f s per restored)",
			snap.attempted, snap.restored, snap.rows, snap.probes, snap.wall, snap.wall/float64(max(1, snap.restored)))
		var ids []string
		for id := range whole.verdicts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		same := len(whole.verdicts) == len(snap.verdicts)
		for _, id := range ids {
			if whole.verdicts[id] != snap.verdicts[id] {
				same = false
				b.Errorf("%s: whole %q, snapshots %q", id, whole.verdicts[id], snap.verdicts[id])
			}
		}
		per := func(m mode) float64 { return m.wall / float64(max(1, m.restored)) }
		b.ReportMetric(per(whole), "s/restored-whole")
		b.ReportMetric(per(snap), "s/restored-snapshots")
		b.ReportMetric(per(snap)/per(whole), "ratio")
		b.Logf("ratio %.2f; same final verdicts: %v", per(snap)/per(whole), same)
		fmt.Fprintln(os.Stderr) // keep the log apart from the result line
	}
}

// copyOriginals starts results folder dst with the original runs (no
// agent) of folder src's journal.
func copyOriginals(src, dst string) error {
	files, err := filepath.Glob(filepath.Join(src, "journal", "*.jsonl"))
	if err != nil {
		return err
	}
	var out []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			var e struct {
				Run struct {
					Agent string `json:"agent"`
				} `json:"run"`
			}
			if json.Unmarshal(line, &e) == nil && e.Run.Agent == "" {
				out = append(append(out, line...), '\n')
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dst, "journal"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "journal", "originals.jsonl"), out, 0o644)
}
