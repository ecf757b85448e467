package records

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func TestVerdictConfirmationFieldsRoundTrip(t *testing.T) {
	root := t.TempDir()
	p := 0.4
	want := Verdict{Study: "s", Dataset: "d", NotebookID: "a", Environment: "trixie", Runs: 3, RunsUsed: 2,
		ConfirmCap: 10, StopReason: "deterministic", PValue: &p, OutcomeClass: ClassErrorFreeReproducible}
	if _, err := Verdicts.Write(root, []Verdict{want}); err != nil {
		t.Fatal(err)
	}
	got, err := Verdicts.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].RunsUsed != 2 || got[0].ConfirmCap != 10 || got[0].StopReason != "deterministic" || got[0].Runs != 3 {
		t.Errorf("%+v", got)
	}
}

// A verdicts part written before the confirmation fields existed still
// reads, the new fields zero (verdicts are rewritten from the runs anyway).
func TestVerdictWithoutConfirmationFieldsReads(t *testing.T) {
	type oldVerdict struct {
		Study        string `parquet:"study,dict"`
		NotebookID   string `parquet:"notebook_id,dict"`
		Runs         int32  `parquet:"runs"`
		OutcomeClass string `parquet:"outcome_class,dict"`
	}
	root := t.TempDir()
	dir := filepath.Join(Verdicts.Dir(root), "environment=trixie")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(filepath.Join(dir, "part-old.parquet"), []oldVerdict{{"s", "a", 3, ClassErrorFreeReproducible}}); err != nil {
		t.Fatal(err)
	}
	got, err := Verdicts.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Runs != 3 || got[0].RunsUsed != 0 || got[0].StopReason != "" || got[0].Environment != "trixie" {
		t.Errorf("%+v", got)
	}
}
