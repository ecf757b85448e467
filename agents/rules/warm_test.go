package rules

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"erosion/harness"
	"erosion/harness/sandbox/sandboxtest"
)

var warmCases = []struct {
	cells []string
	f     Failure
	fixed bool // the rewriter must answer with a fix
}{
	{cells: []string{"import numpy as np\nimport pandas as pd\nfrom sklearn.cross_validation import train_test_split",
		"df = pd.DataFrame({'a': [1.0, 2.0]})\ndf = df.append(df)\nx = df.a.astype(np.float)"}},
	{cells: []string{"import numpy as np\nn = np.int(3.7)"}, f: Failure{Cell: 0, ExceptionType: "AttributeError",
		Message:   "module 'numpy' has no attribute 'int'.",
		Traceback: "Traceback (most recent call last):\n  File \"<ipython-input-1-aa>\", line 2, in <module>\n    n = np.int(3.7)\nAttributeError: module 'numpy' has no attribute 'int'.\n"}},
	{cells: []string{"import pandas as pd\nprint(pd.DataFrame({'a': [1]}).a.mean())"}},
	// A notebook that spells the answer's mark must not end the answer early.
	{cells: []string{"import numpy as np\n# " + mark + " @@\nx = np.float(1)  # " + mark}, fixed: true},
}

// A warm agent answers every request exactly as a cold one, reuses one
// session for all of them, and falls back to cold rewrites when the session
// dies under it.
func TestWarmRewriterSameAnswers(t *testing.T) {
	t.Run("docker", func(t *testing.T) {
		b := testBackend(t)
		warmSameAnswers(t, b, envImage(t, b, "trixie-slim"))
	})
	t.Run("sandbox", func(t *testing.T) {
		b, _, rootfs := sandboxtest.Env(t, "../../configs/envs/trixie-slim.yaml")
		warmSameAnswers(t, b, rootfs)
	})
}

func warmSameAnswers(t *testing.T, b harness.Driver, img string) {
	cold := &Agent{Driver: b, Image: img, Timeout: 10 * time.Minute}
	warm := &Agent{Driver: b, Image: img, Timeout: 10 * time.Minute, Warm: true}
	t.Cleanup(func() { warm.Close() })
	same := func(tag string) {
		t.Helper()
		for i, c := range warmCases {
			want, werr := cold.Fix(t.Context(), c.cells, c.f)
			got, gerr := warm.Fix(t.Context(), c.cells, c.f)
			if c.fixed && (werr != nil || gerr != nil) {
				t.Fatalf("%s case %d: cold %v, warm %v; want a fix", tag, i, werr, gerr)
			}
			if !errors.Is(gerr, ErrNoRule) != !errors.Is(werr, ErrNoRule) || (gerr == nil) != (werr == nil) {
				t.Fatalf("%s case %d: warm error %v, cold error %v", tag, i, gerr, werr)
			}
			if werr == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("%s case %d: warm answer\n%+v\ncold answer\n%+v", tag, i, got, want)
			}
		}
	}
	same("first")
	if warm.warm == nil {
		t.Fatal("the warm agent has no session after its fixes")
	}
	s := warm.warm
	same("again")
	if warm.warm != s {
		t.Error("the warm agent started another session though the first was alive")
	}
	// The session dies behind the agent's back: the next fix is answered
	// cold, then a new session takes over.
	s.Close()
	same("after the session died")
	if warm.restarts != 1 {
		t.Errorf("restarts = %d after one dead session, want 1", warm.restarts)
	}
	warm.Close()
	if warm.warm != nil || warm.warmDir != "" {
		t.Error("Close left the session or its folder")
	}
	if c := warmCases[0]; true {
		if _, err := warm.Fix(t.Context(), c.cells, c.f); err != nil {
			t.Errorf("a closed agent must still fix (starting another session): %v", err)
		}
	}
}

// BenchmarkWarmRewriter reports one fix's wall time on a cold agent (a
// sandbox per fix) and on a warm one (its session already started), and
// their ratio.
//
//	go test -run '^$' -bench WarmRewriter -benchtime 1x ./agents/rules/
func BenchmarkWarmRewriter(b *testing.B) {
	d := testBackend(b)
	img := envImage(b, d, "trixie-slim")
	cold := &Agent{Driver: d, Image: img, Timeout: 10 * time.Minute}
	warm := &Agent{Driver: d, Image: img, Timeout: 10 * time.Minute, Warm: true}
	defer warm.Close()
	c := warmCases[0]
	start := time.Now()
	if _, err := warm.Fix(b.Context(), c.cells, c.f); err != nil { // starts the session
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "warm-start-s")
	var coldT, warmT time.Duration
	b.ResetTimer()
	for range b.N {
		for _, c := range warmCases {
			t0 := time.Now()
			cold.Fix(b.Context(), c.cells, c.f)
			t1 := time.Now()
			warm.Fix(b.Context(), c.cells, c.f)
			coldT += t1.Sub(t0)
			warmT += time.Since(t1)
		}
	}
	n := float64(b.N * len(warmCases))
	b.ReportMetric(coldT.Seconds()/n, "cold-s/fix")
	b.ReportMetric(warmT.Seconds()/n, "warm-s/fix")
	b.ReportMetric(warmT.Seconds()/coldT.Seconds(), "warm/cold")
}
