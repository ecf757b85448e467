package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/records"
)

func entry(nb string, attempt int, status string) Entry {
	return Entry{Run: records.Run{Study: "s", Dataset: "d", NotebookID: nb, Environment: "env", Attempt: int32(attempt), Status: status},
		Cells: []records.Cell{{Study: "s", Dataset: "d", NotebookID: nb, Environment: "env", Attempt: int32(attempt), Status: "ok"}}}
}

func TestSecondWriterIsRefusedNamingTheHolder(t *testing.T) {
	root := t.TempDir()
	f, err := Open(root, "erosion run")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(root, "erosion run")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || !strings.Contains(err.Error(), "erosion run") {
		t.Fatalf("second writer: %v", err)
	}
	// Readers do not wait for the lock.
	if _, err := ReadEntries(root); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, err := Open(root, "erosion run")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	g.Close()
}

func TestUnwritableOrFileResultsFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(file, "x"); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("file: %v", err)
	}
	if os.Getuid() != 0 {
		ro := t.TempDir()
		os.Chmod(ro, 0o555)
		if _, err := Open(filepath.Join(ro, "sub"), "x"); err == nil {
			t.Error("unwritable parent accepted")
		}
	}
}

func TestJournalSurvivesPoisonedLines(t *testing.T) {
	root := t.TempDir()
	f, err := Open(root, "t")
	if err != nil {
		t.Fatal(err)
	}
	huge := entry("huge", 0, records.StatusError)
	huge.Run.ExceptionType = strings.Repeat("X", 80<<20)
	huge.Traceback = strings.Repeat("tb", 1<<20)
	if err := f.Append(huge); err != nil {
		t.Fatal(err)
	}
	f.Append(entry("a", 0, records.StatusOK))
	f.Append(entry("b", 0, records.StatusInfra))
	f.Close()
	// Another writer's poisoned file: a line far over the limit, garbage,
	// then a good entry and a torn last line.
	dir := JournalDir(root)
	bad, _ := os.Create(filepath.Join(dir, "zz-other.jsonl"))
	bad.WriteString(`{"run":{"notebook_id":"` + strings.Repeat("y", MaxLine+10) + `"}}` + "\n")
	bad.WriteString("not json\n")
	bad.WriteString(`{"run":{"study":"s","dataset":"d","notebook_id":"c","environment":"env","status":"ok"}}` + "\n")
	bad.WriteString(`{"run":{"notebook_id":"torn`)
	bad.Close()

	got, err := ReadEntries(root)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]Entry{}
	for _, e := range got {
		ids[e.Run.NotebookID] = e
	}
	if len(got) != 4 || ids["c"].Run.Status != "ok" {
		t.Fatalf("entries %d: %v", len(got), len(ids))
	}
	if n := len(ids["huge"].Run.ExceptionType); n > MaxTypeLen || len(ids["huge"].Traceback) > MaxTracebackLen {
		t.Errorf("fields not bounded: type %d, traceback %d", n, len(ids["huge"].Traceback))
	}
	_, sk, _ := readJournals(dir, func(e Entry) bool { return e.Run.NotebookID != "" })
	if sk.Lines != 2 {
		t.Errorf("skipped %d lines (%s), want 2 (torn last lines are not counted)", sk.Lines, sk.First)
	}

	g, err := Open(root, "resume")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, ok := g.Finished(KeyOf(ids["a"].Run)); !ok {
		t.Error("a is finished")
	}
	if _, ok := g.Finished(Key{"s", "d", "b", "env", "", 0}); ok {
		t.Error("an infrastructure failure counts as finished")
	}
	if err := g.Export(); err != nil {
		t.Fatal(err)
	}
	if err := g.Export(); err != nil {
		t.Fatal(err)
	}
	runs, _ := records.Runs.Read(root)
	if len(runs) != 3 {
		t.Errorf("exported %d runs twice over, want 3 (infra left out, no duplicates)", len(runs))
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{"a b/c:d": "a_b_c_d", "..": "__", ".": "_", "": "_", "x.y": "x.y"} {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Clip("héllo wörld", 8); len(got) > 8 && !strings.HasSuffix(got, "erosion]") {
		t.Errorf("%q", got)
	}
}
