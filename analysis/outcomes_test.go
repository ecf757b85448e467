package analysis

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"erosion/records"
)

func TestWilsonHandComputed(t *testing.T) {
	// k=8, n=10, z=1.96: p=0.8; centre=(0.8+0.19208)/1.38416=0.716738;
	// half=1.96*sqrt(0.016+0.009604)/1.38416=0.226581 -> [0.490157, 0.943319].
	p, lo, hi := Wilson(8, 10, 1.96)
	for _, c := range []struct{ got, want float64 }{{p, 0.8}, {lo, 0.490157}, {hi, 0.943319}} {
		if math.Abs(c.got-c.want) > 1e-5 {
			t.Errorf("got %.6f want %.6f", c.got, c.want)
		}
	}
	// k=0: the interval starts at 0 and is not degenerate.
	_, lo, hi = Wilson(0, 5, 1.96)
	if lo != 0 || math.Abs(hi-0.434492) > 1e-5 {
		t.Errorf("k=0: [%f, %f]", lo, hi)
	}
	if p, _, _ := Wilson(0, 0, 1.96); !math.IsNaN(p) {
		t.Errorf("n=0 should be NaN, got %f", p)
	}
}

func run(env, nb string, attempt int32, status, class, fail string) records.Run {
	return records.Run{Dataset: "d", NotebookID: nb, Environment: env, Attempt: attempt, Status: status, OutcomeClass: class, FailureCategory: fail, FinishedAt: time.Unix(int64(attempt), 0)}
}

func TestOutcomesLatestAttemptAndInfra(t *testing.T) {
	runs := []records.Run{
		run("trixie", "a", 0, records.StatusError, records.ClassError, "removed-api"),
		run("trixie", "a", 1, records.StatusOK, records.ClassErrorFree, ""), // latest wins
		run("trixie", "b", 0, records.StatusTimeout, records.ClassFailed, "timeout"),
		run("trixie", "c", 0, records.StatusInfra, records.ClassFailed, "infrastructure"), // not an outcome
		run("bookworm", "a", 0, records.StatusOK, records.ClassErrorFree, ""),
	}
	got := Outcomes(runs)
	if len(got) != 2 || got[0].Environment != "bookworm" || got[1].Environment != "trixie" {
		t.Fatalf("environments: %+v", got)
	}
	tr := got[1]
	if tr.Runs != 2 || tr.Executable != 1 || tr.ByStatus[records.StatusTimeout] != 1 {
		t.Errorf("trixie: %+v", tr)
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "50.0%") || !strings.Contains(buf.String(), "100.0%") {
		t.Errorf("table:\n%s", buf.String())
	}
	f := Failures(runs)
	if len(f) != 1 || f[0].Category != "timeout" {
		t.Errorf("failures: %+v", f)
	}
}

func TestClasses(t *testing.T) {
	tg := 0.8
	vs := []records.Verdict{
		{Environment: "trixie", NotebookID: "a", OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg},
		{Environment: "trixie", NotebookID: "b", OutcomeClass: records.ClassErrorNonReproducible, TargetScore: &tg},
		{Environment: "trixie", NotebookID: "c", OutcomeClass: records.ClassErrorFree}, // no target
		{Environment: "backported", NotebookID: "a", OutcomeClass: records.ClassErrorReproducible, TargetScore: &tg},
	}
	cs := Classes(vs)
	if len(cs) != 2 || cs[1].Environment != "trixie" || cs[1].Graded != 2 || cs[1].Notebooks != 3 {
		t.Fatalf("%+v", cs)
	}
	if p, _, _ := cs[1].Reproducibility(); p != 0.5 {
		t.Errorf("trixie reproducibility %v", p)
	}
	var buf bytes.Buffer
	WriteClasses(&buf, cs)
	if !strings.Contains(buf.String(), "100.0%") || !strings.Contains(buf.String(), "50.0%") {
		t.Errorf("%s", buf.String())
	}
}
