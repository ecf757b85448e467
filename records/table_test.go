package records

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleRuns() []Run {
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	score := 0.78
	return []Run{
		{Study: "s", Dataset: "d", NotebookID: "a", Environment: "trixie", Status: StatusOK, OutcomeClass: ClassErrorFree, CellsTotal: 5, CellsOK: 5, DurationS: 3.5, StartedAt: t0, FinishedAt: t0.Add(3500 * time.Millisecond), Score: &score},
		{Study: "s", Dataset: "d", NotebookID: "b", Environment: "trixie", Status: StatusError, ExceptionType: "AttributeError", FailingCell: Cell32(2), StartedAt: t0, FinishedAt: t0},
		{Study: "s", Dataset: "d", NotebookID: "a", Environment: "bookworm 2023", Status: StatusTimeout, FailingCell: Cell32(1), StartedAt: t0, FinishedAt: t0},
	}
}

func TestWriteReadPartitions(t *testing.T) {
	root := t.TempDir()
	paths, err := Runs.Write(root, sampleRuns())
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Fatalf("want one part per environment, got %v", paths)
	}
	for _, p := range paths {
		dir := filepath.Base(filepath.Dir(p))
		if dir != "environment=trixie" && dir != "environment=bookworm%202023" {
			t.Errorf("part %s not under a hive partition folder", p)
		}
	}
	got, err := Runs.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("read %d rows, want 3", len(got))
	}
	byKey := map[string]Run{}
	for _, r := range got {
		byKey[r.Key()] = r
	}
	for _, want := range sampleRuns() {
		r, ok := byKey[want.Key()]
		if !ok {
			t.Fatalf("row %q lost (environment restored from the folder?)", want.Key())
		}
		if r.Status != want.Status || r.Failing() != want.Failing() || !r.StartedAt.Equal(want.StartedAt) {
			t.Errorf("row %q: got %+v want %+v", want.Key(), r, want)
		}
		if (want.Score == nil) != (r.Score == nil) || (want.Score != nil && *want.Score != *r.Score) {
			t.Errorf("row %q: score %v want %v", want.Key(), r.Score, want.Score)
		}
	}
}

func TestWriteLeavesNoTempFiles(t *testing.T) {
	root := t.TempDir()
	if _, err := Runs.Write(root, sampleRuns()); err != nil {
		t.Fatal(err)
	}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if strings.HasPrefix(info.Name(), ".") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func TestReadSkipsUnfinishedParts(t *testing.T) {
	root := t.TempDir()
	if _, err := Runs.Write(root, sampleRuns()[:1]); err != nil {
		t.Fatal(err)
	}
	// A writer killed mid-file leaves a temp name, which readers ignore.
	junk := filepath.Join(root, "runs", "environment=trixie", ".part-123.tmp")
	if err := os.WriteFile(junk, []byte("PAR1 half a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Runs.Read(root)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d rows, err %v", len(got), err)
	}
}

func TestReadDamagedPartNamesFile(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "runs", "environment=x")
	os.MkdirAll(dir, 0o755)
	bad := filepath.Join(dir, "part-bad.parquet")
	os.WriteFile(bad, []byte("not parquet at all"), 0o644)
	_, err := Runs.Read(root)
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("want an error naming %s, got %v", bad, err)
	}
}

func TestMissingTableReadsEmpty(t *testing.T) {
	got, err := Runs.Read(t.TempDir())
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestCompact(t *testing.T) {
	root := t.TempDir()
	rows := sampleRuns()
	for i := range 5 {
		r := rows[0]
		r.NotebookID = string(rune('e' - i))
		if _, err := Runs.Write(root, []Run{r}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Runs.Write(root, rows[2:]); err != nil {
		t.Fatal(err)
	}
	if err := Runs.Compact(root, func(a, b Run) int { return strings.Compare(a.NotebookID, b.NotebookID) }); err != nil {
		t.Fatal(err)
	}
	parts, _ := Runs.Parts(root)
	if len(parts) != 2 {
		t.Fatalf("want one part per partition after compaction, got %v", parts)
	}
	got, _ := Runs.Read(root)
	if len(got) != 6 {
		t.Fatalf("compaction changed the row count: %d", len(got))
	}
	var trixie []string
	for _, r := range got {
		if r.Environment == "trixie" {
			trixie = append(trixie, r.NotebookID)
		}
	}
	if strings.Join(trixie, "") != "abcde" {
		t.Errorf("rows not sorted by notebook: %v", trixie)
	}
}

func TestEmptyPartitionValueIsAnError(t *testing.T) {
	_, err := Runs.Write(t.TempDir(), []Run{{NotebookID: "x"}})
	if err == nil || !strings.Contains(err.Error(), "environment") {
		t.Fatalf("want an error about the empty environment, got %v", err)
	}
}

func BenchmarkWriteRead10k(b *testing.B) {
	rows := make([]Run, 10000)
	base := sampleRuns()[0]
	for i := range rows {
		rows[i] = base
		rows[i].NotebookID = "nb" + string(rune('a'+i%26))
		rows[i].Attempt = int32(i)
	}
	for b.Loop() {
		root := b.TempDir()
		if _, err := Runs.Write(root, rows); err != nil {
			b.Fatal(err)
		}
		if _, err := Runs.Read(root); err != nil {
			b.Fatal(err)
		}
	}
}
