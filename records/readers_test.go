package records

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleFolder writes one row of every table, with NULLs where "none".
func sampleFolder(t *testing.T) string {
	root := t.TempDir()
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	score, target := 0.8, 0.82
	must := func(_ []string, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Runs.Write(root, []Run{
		{Study: "s", Dataset: "d", NotebookID: "a", Competition: "c", Environment: "trixie-slim", EnvDigest: "sha256:1", Status: StatusOK,
			OutcomeClass: ClassErrorFreeReproducible, CellsTotal: 3, CellsOK: 3, DurationS: 1.5, Score: &score, TargetScore: &target,
			StartedAt: t0, FinishedAt: t0.Add(1500 * time.Millisecond), RanIn: "trixie-slim", RunHash: "h1"},
		{Study: "s", Dataset: "d", NotebookID: "b", Competition: "c", Environment: "backported", EnvDigest: "sha256:2", Agent: "rules", Attempt: 2,
			Status: StatusError, OutcomeClass: ClassError, FailureCategory: "removed-api", FailureSubject: "sklearn.cross_validation",
			ExceptionType: "ModuleNotFoundError", ExceptionMsg: "No module named 'sklearn.cross_validation'", FailingCell: Cell32(1),
			CellsTotal: 3, CellsOK: 1, StartedAt: t0, FinishedAt: t0, RanIn: "bullseye-slim", RunHash: "h2"},
	}))
	must(Cells.Write(root, []Cell{{Study: "s", Dataset: "d", NotebookID: "a", Environment: "trixie-slim", Index: 0, Status: "ok", DurationS: 0.5, StdoutBytes: 12}}))
	must(Packages.Write(root, []Package{{Environment: "trixie-slim", EnvDigest: "sha256:1", Kind: "debian", Python: "3.13.5", Name: "pandas", Version: "2.2.3"}}))
	must(Verdicts.Write(root, []Verdict{{Study: "s", Dataset: "d", NotebookID: "a", Competition: "c", Environment: "trixie-slim", Runs: 2, ScoredRuns: 2,
		MeanScore: &score, TargetScore: &target, FirstClass: ClassErrorFreeReproducible, OutcomeClass: ClassErrorFreeReproducible, Status: StatusOK,
		ConfirmCap: 10, RunsUsed: 2, StopReason: "deterministic"}}))
	must(Attempts.Write(root, []Attempt{{Study: "s", Dataset: "d", NotebookID: "b", Competition: "c", Environment: "trixie-slim", Agent: "rules",
		Iteration: 1, FixKind: "error-repair", Mode: "file", Rules: []string{"sklearn-cross-validation", "pandas-ix"}, MeaningChanging: true, Probe: true,
		Status: StatusOK, OutcomeClass: ClassErrorFree, Final: true, StopReason: "restored"}}))
	return root
}

// What a researcher reads: every table through pandas with pyarrow and with
// fastparquet (Debian sid's, in a built environment) and through DuckDB,
// the same rows, the same NULLs, hive partitions restored.
func TestTablesReadInPandasAndDuckDB(t *testing.T) {
	img := sidParquet(t)
	root := sampleFolder(t)
	tables := []string{"runs", "cells", "packages", "verdicts", "attempts"}
	script := `import json, sys, math, pandas as pd
out = {}
for engine in ("pyarrow", "fastparquet"):
    try:
        __import__(engine)
    except Exception as e:
        out["unavailable/" + engine] = [{"error": "%s: %s" % (type(e).__name__, e)}]
        continue
    for table in sys.argv[1:]:
        df = pd.read_parquet("/r/" + table, engine=engine)
        rows = []
        for rec in df.sort_values(list(df.columns[:3])).to_dict("records"):
            row = {}
            for k, v in rec.items():
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    v = None
                elif hasattr(v, "tolist"):
                    v = v.tolist()
                elif not isinstance(v, (str, int, float, bool, list)):
                    v = str(v)
                row[k] = v
            rows.append(row)
        out[engine + "/" + table] = rows
print(json.dumps(out))
`
	os.WriteFile(filepath.Join(root, "read.py"), []byte(script), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "docker", append([]string{"run", "--rm", "--network", "none", "-v", root + ":/r:ro", img,
		"python3", "/r/read.py"}, tables...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, out)
	}
	var pd map[string][]map[string]any
	if err := json.Unmarshal(out, &pd); err != nil {
		t.Fatalf("pandas output: %v\n%s", err, out)
	}
	duck := duckdbRows(t, root, tables)
	for _, table := range tables {
		for _, engine := range []string{"pyarrow", "fastparquet"} {
			if u, ok := pd["unavailable/"+engine]; ok {
				// pyarrow must read; an engine the suite's packages cannot
				// import is reported, not a failure of erosion's files.
				if engine == "pyarrow" {
					t.Fatalf("pandas' pyarrow engine cannot be imported: %v", u)
				}
				t.Logf("%s is not importable in sid-parquet (%v): not checked", engine, u[0]["error"])
				continue
			}
			rows := pd[engine+"/"+table]
			byKey(rows)
			byKey(duck[table])
			if len(rows) != len(duck[table]) || len(rows) == 0 {
				t.Errorf("%s %s: %d rows, DuckDB %d", engine, table, len(rows), len(duck[table]))
				continue
			}
			// Every column DuckDB has, pandas has, with the same nullness.
			for i := range rows {
				for col, dv := range duck[table][i] {
					pv, ok := rows[i][col]
					if !ok {
						t.Errorf("%s %s: no column %s", engine, table, col)
						continue
					}
					if (pv == nil) != (dv == nil) {
						t.Errorf("%s %s.%s row %d: pandas %v, DuckDB %v", engine, table, col, i, pv, dv)
					}
				}
			}
		}
	}
	// The NULLs the schema promises: no agent, no failure, no failing cell.
	r := duck["runs"]
	for _, row := range r {
		if row["notebook_id"] == "a" && (row["agent"] != nil || row["failure_category"] != nil || row["failing_cell"] != nil || row["exception_type"] != nil) {
			t.Errorf("a clean original run has non-NULL 'none' fields: %v", row)
		}
		if row["notebook_id"] == "b" && (row["agent"] != "rules" || row["failing_cell"] == nil || row["environment"] != "backported" || row["ran_in"] != "bullseye-slim") {
			t.Errorf("run b read back as %v", row)
		}
	}
	if a := duck["attempts"]; len(a) != 1 || fmt.Sprint(a[0]["rules"]) != "[sklearn-cross-validation pandas-ix]" {
		t.Errorf("attempts' rule list: %v", a)
	}
}

// byKey orders rows by notebook (or package name), as both readers see them.
func byKey(rows []map[string]any) {
	key := func(r map[string]any) string { return fmt.Sprint(r["notebook_id"], r["name"]) }
	slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(key(a), key(b)) })
}

// sidParquet is the image of the sid-parquet environment (make test
// builds it).
func sidParquet(t *testing.T) string {
	t.Helper()
	if exec.Command("docker", "version").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must provide a Docker daemon")
		}
		t.Skip("no Docker daemon")
	}
	out, _ := exec.Command("docker", "images", "--filter", "label=org.erosion.env=sid-parquet", "--format", "{{.Repository}}:{{.Tag}}").Output()
	f := strings.Fields(string(out))
	if len(f) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("the sid-parquet environment is not built (make test builds it)")
		}
		t.Skip("the sid-parquet environment is not built: erosion envs build sid-parquet")
	}
	return f[0]
}

// duckdbRows reads each table with DuckDB (hive partitions on).
func duckdbRows(t *testing.T, root string, tables []string) map[string][]map[string]any {
	t.Helper()
	cache, _ := os.UserCacheDir()
	dir := filepath.Join(cache, "erosion", "duckdb")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide DuckDB (.ci/setup-host installs it): %v", err)
		}
		t.Skip("DuckDB for node not installed; run .ci/setup-host")
	}
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const out = {};
for (const table of process.argv.slice(3)) {
  const r = await c.runAndReadAll("SELECT * FROM read_parquet('" + process.argv[2] + "/" + table + "/**/*.parquet', hive_partitioning = true)");
  out[table] = r.getRowObjectsJson();
}
console.log(JSON.stringify(out));
`
	sp := filepath.Join(dir, fmt.Sprintf("read-%d.mjs", time.Now().UnixNano()))
	if err := os.WriteFile(sp, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(sp)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "node", append([]string{sp, root}, tables...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	var rows map[string][]map[string]any
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("duckdb output: %v\n%s", err, out)
	}
	return rows
}
