package verdict

import (
	"math"
	"testing"

	"erosion/records"
)

func f(x float64) *float64 { return &x }

func TestClass(t *testing.T) {
	cases := []struct {
		status        string
		score, target *float64
		want          string
	}{
		{records.StatusOK, f(0.80), f(0.78), records.ClassErrorFreeReproducible},
		{records.StatusError, f(0.80), f(0.78), records.ClassErrorReproducible},
		{records.StatusOK, f(0.60), f(0.78), records.ClassErrorFreeNonReproducible},
		{records.StatusError, nil, f(0.78), records.ClassErrorNonReproducible},
		{records.StatusOK, nil, nil, records.ClassErrorFree},
		{records.StatusError, nil, nil, records.ClassError},
		{records.StatusTimeout, f(0.78), f(0.78), records.ClassFailed},
		{records.StatusCrash, nil, f(0.78), records.ClassFailed},
		// the boundary: exactly 10% off still reproduces
		{records.StatusOK, f(0.11), f(0.10), records.ClassErrorFreeReproducible},
	}
	for _, c := range cases {
		if got := Class(c.status, c.score, c.target, DefaultTolerance); got != c.want {
			t.Errorf("Class(%s, %v, %v) = %s, want %s", c.status, c.score, c.target, got, c.want)
		}
	}
}

func TestConfirmHandComputed(t *testing.T) {
	// scores 0.78, 0.80, 0.82, target 0.80: log1p -> 0.576613, 0.587787,
	// 0.598837; mean 0.587746, sd 0.011112, mu0 0.587787:
	// t = (0.587746-0.587787)/(0.011112/sqrt 3) = -0.00638, df 2 -> p = 0.9955.
	c := Confirm([]float64{0.78, 0.80, 0.82}, 0.80, DefaultTolerance)
	if math.Abs(c.P-0.9955) > 1e-3 || !c.Reproducible || math.Abs(c.Mean-0.80) > 1e-12 {
		t.Errorf("%+v", c)
	}
	// Consistently 8% above the target: within 10%, but the runs clearly do
	// not centre on it -> not reproducible (the study's test).
	c = Confirm([]float64{0.864, 0.8641, 0.8642, 0.8639, 0.8640}, 0.80, DefaultTolerance)
	if c.Reproducible || c.P >= Alpha {
		t.Errorf("shifted distribution: %+v", c)
	}
	// Deterministic and equal to the target.
	c = Confirm([]float64{0.5, 0.5, 0.5}, 0.5, DefaultTolerance)
	if !c.Reproducible || c.P != 1 {
		t.Errorf("deterministic: %+v", c)
	}
	// Deterministic, 5% off: the tolerance decides.
	c = Confirm([]float64{0.525, 0.525}, 0.5, DefaultTolerance)
	if !c.Reproducible {
		t.Errorf("deterministic within tolerance: %+v", c)
	}
	if c := Confirm(nil, 0.5, DefaultTolerance); c.Reproducible || c.Runs != 0 {
		t.Errorf("no scores: %+v", c)
	}
}

func TestFromRunsJudgesAnAgentsLastFix(t *testing.T) {
	tg := 0.8
	runs := []records.Run{
		{NotebookID: "a", Environment: "trixie", Agent: "rules", Attempt: 1, Status: records.StatusError, OutcomeClass: records.ClassErrorNonReproducible, TargetScore: &tg},
		{NotebookID: "a", Environment: "trixie", Agent: "rules", Attempt: 2, Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg, Score: f(0.8)},
		{NotebookID: "a", Environment: "trixie", Attempt: 0, Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg, Score: f(0.8)},
		{NotebookID: "a", Environment: "trixie", Attempt: 1, Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg, Score: f(0.8)},
	}
	vs := FromRuns(runs, DefaultTolerance)
	if len(vs) != 2 {
		t.Fatalf("%+v", vs)
	}
	for _, v := range vs {
		if v.OutcomeClass != records.ClassErrorFreeReproducible {
			t.Errorf("%s: %s", v.Agent, v.OutcomeClass)
		}
		if v.Agent == "rules" && v.Runs != 1 {
			t.Errorf("agent verdict over %d runs, want the last fix only", v.Runs)
		}
		if v.Agent == "" && v.Runs != 2 {
			t.Errorf("confirmation runs: %d", v.Runs)
		}
	}
}
