package verdict

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"erosion/records"
)

var nan = math.NaN()

func TestDecideStopsAtOnceWhenItCan(t *testing.T) {
	r := Rule{Target: 0.80, Tolerance: DefaultTolerance, Cap: 10}
	cases := []struct {
		name   string
		rule   Rule
		scores []float64
		want   Decision
	}{
		{"nothing yet", r, nil, Decision{Need: 1}},
		{"first run off target", r, []float64{0.6}, Decision{Decided: true, Runs: 1, Reason: StopNotReproduced}},
		{"first run unscored", r, []float64{nan}, Decision{Decided: true, Runs: 1, Reason: StopNotReproduced}},
		{"one reproduced run", r, []float64{0.82}, Decision{Reproducible: true, Runs: 1, Need: 1}},
		{"two equal runs", r, []float64{0.82, 0.82}, Decision{Decided: true, Reproducible: true, Runs: 2, Reason: StopDeterministic}},
		{"equal to the grader's precision", r, []float64{0.82, 0.82 * (1 + 1e-12)}, Decision{Decided: true, Reproducible: true, Runs: 2, Reason: StopDeterministic}},
		{"an unscored run does not break agreement", r, []float64{0.82, nan, 0.82}, Decision{Decided: true, Reproducible: true, Runs: 3, Reason: StopDeterministic}},
		{"unseeded: two equal runs may be chance", Rule{Target: 0.80, Tolerance: 0.1, Cap: 10, Determinism: Unseeded}, []float64{0.82, 0.82}, Decision{Reproducible: true, Runs: 2, Need: 1}},
		{"unseeded, one run: two more may already decide", Rule{Target: 0.80, Tolerance: 0.1, Cap: 10, Determinism: Unseeded}, []float64{0.82}, Decision{Reproducible: true, Runs: 1, Need: 2}},
		{"unseeded: equal runs never decide before the cap", Rule{Target: 0.80, Tolerance: 0.1, Cap: 10, Determinism: Unseeded}, []float64{0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82, 0.82}, Decision{Reproducible: true, Runs: 9, Need: 1}},
		{"unseeded: all K equal", Rule{Target: 0.80, Tolerance: 0.1, Cap: 4, Determinism: Unseeded}, []float64{0.82, 0.82, 0.82, 0.82}, Decision{Decided: true, Reproducible: true, Runs: 4, Reason: StopCap}},
		{"two different runs: a third is needed", r, []float64{0.82, 0.81}, Decision{Reproducible: true, Runs: 2, Need: 1}},
		{"cap 1", Rule{Target: 0.80, Tolerance: 0.1, Cap: 1}, []float64{0.82}, Decision{Decided: true, Reproducible: true, Runs: 1, Reason: StopSingleRun}},
		{"the cap: the fixed rule decides", Rule{Target: 0.80, Tolerance: 0.1, Cap: 3}, []float64{0.864, 0.8641, 0.8642}, Decision{Decided: true, Runs: 3, Reason: StopCap}},
		{"the need never passes the cap", Rule{Target: 0.80, Tolerance: 0.1, Cap: 5, Determinism: Unseeded}, []float64{0.82, nan, nan, 0.82}, Decision{Reproducible: true, Runs: 4, Need: 1}},
		{"unseeded, a run unscored", Rule{Target: 0.80, Tolerance: 0.1, Cap: 10, Determinism: Unseeded}, []float64{0.82, nan}, Decision{Reproducible: true, Runs: 2, Need: 2}},
	}
	for _, c := range cases {
		if got := c.rule.Decide(c.scores); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestDecideCurtails(t *testing.T) {
	r := Rule{Target: 0.80, Tolerance: DefaultTolerance, Cap: 10}
	// Tightly around 0.86, 7.5% above the target: within the tolerance, but
	// ten such runs give |t| far above 2.26. Decided long before ten.
	d := r.Decide([]float64{0.860, 0.861, 0.859, 0.8605})
	if !d.Decided || d.Reproducible || d.Reason != StopCurtailed || d.Flip >= Epsilon {
		t.Errorf("clearly biased: %+v", d)
	}
	// Spread around the target: five runs leave a 1% chance that ten
	// reject it, six settle it.
	if d = r.Decide([]float64{0.80, 0.77, 0.83, 0.79, 0.81}); d.Decided || d.Flip < Epsilon {
		t.Errorf("centred, five runs: %+v", d)
	}
	d = r.Decide([]float64{0.80, 0.77, 0.83, 0.79, 0.81, 0.80})
	if !d.Decided || !d.Reproducible || d.Reason != StopCurtailed {
		t.Errorf("centred: %+v", d)
	}
	// On the edge of the t-test: the rule waits for more runs.
	d = r.Decide([]float64{0.80, 0.82, 0.81})
	if d.Decided || d.Need != 1 || d.Flip < Epsilon {
		t.Errorf("edge: %+v", d)
	}
	// A pure function of its input: the simulation is seeded by it.
	s := []float64{0.80, 0.815, 0.805, 0.812}
	if a, b := r.Decide(s), r.Decide(s); a != b {
		t.Errorf("not reproducible: %+v vs %+v", a, b)
	}
}

// A stream generator: one notebook's K scores (NaN: unscored run), its
// target and what is known of its randomness.
type scenario struct {
	name string
	// adversarial: a rare mode that the first runs need not show (a run that
	// diverges; exact repeats broken now and then, with no hint that the
	// notebook is unseeded); no rule that stops before K can predict it, so
	// these are reported, not held to 99%.
	adversarial bool
	gen         func(rng *rand.Rand, k int) (scores []float64, target float64, hint Determinism)
}

func uniform(rng *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }

// studentT draws from a Student t with df degrees of freedom.
func studentT(rng *rand.Rand, df float64) float64 {
	chi := 0.0
	for range int(df) {
		z := rng.NormFloat64()
		chi += z * z
	}
	return rng.NormFloat64() / math.Sqrt(chi/df)
}

func binomial(rng *rand.Rand, n int, p float64) int {
	k := 0
	for range n {
		if rng.Float64() < p {
			k++
		}
	}
	return k
}

// continuous draws k scores around target*(1+bias) with relative spread
// sd, noise from draw; a run is unscored with probability fail.
func continuous(rng *rand.Rand, k int, target, bias, sd, fail float64, draw func() float64) []float64 {
	out := make([]float64, k)
	for i := range out {
		if i > 0 && rng.Float64() < fail {
			out[i] = nan
			continue
		}
		out[i] = target * (1 + bias + sd*draw())
	}
	return out
}

var scenarios = []scenario{
	{"seeded, identical runs", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		s := tg * (1 + uniform(rng, -0.12, 0.12))
		return continuous(rng, k, s, 0, 0, 0, rng.NormFloat64), tg, Seeded
	}},
	{"float jitter (unknown)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.1, 5)
		return continuous(rng, k, tg, uniform(rng, -0.09, 0.09), 1e-13, 0, rng.NormFloat64), tg, Unknown
	}},
	{"noisy, centred", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		return continuous(rng, k, tg, 0, uniform(rng, 0.005, 0.05), 0, rng.NormFloat64), tg, Unseeded
	}},
	{"noisy, biased", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		return continuous(rng, k, tg, uniform(rng, -0.09, 0.09), uniform(rng, 0.002, 0.04), 0, rng.NormFloat64), tg, Unseeded
	}},
	{"t-test boundary (|t| near 2.26 at K)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		sd := uniform(rng, 0.005, 0.03)
		// mean (in relative units) so that the expected t over k runs is 1.5..3.
		b := uniform(rng, 1.5, 3) * sd / math.Sqrt(float64(k))
		if rng.IntN(2) == 0 {
			b = -b
		}
		return continuous(rng, k, tg, b, sd, 0, rng.NormFloat64), tg, Unseeded
	}},
	{"tolerance boundary (mean 8.5-11.5% off)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		b := uniform(rng, 0.085, 0.115)
		if rng.IntN(2) == 0 {
			b = -b
		}
		return continuous(rng, k, tg, b, uniform(rng, 0.005, 0.05), 0, rng.NormFloat64), tg, Unseeded
	}},
	{"heavy-tailed (t, 2 df)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		return continuous(rng, k, tg, uniform(rng, -0.06, 0.06), uniform(rng, 0.003, 0.03), 0, func() float64 { return studentT(rng, 2) }), tg, Unseeded
	}},
	{"contaminated (10% diverged runs)", true, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		b, drop := uniform(rng, -0.06, 0.06), uniform(rng, 0.1, 0.5)
		out := continuous(rng, k, tg, b, uniform(rng, 0.003, 0.03), 0, rng.NormFloat64)
		for i := range out {
			if rng.Float64() < 0.1 {
				out[i] = tg * (1 + b) * (1 - drop)
			}
		}
		return out, tg, Unseeded
	}},
	{"bimodal (exact repeats, a rare other value), unseeded", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		s, tg := bimodal(rng, k)
		return s, tg, Unseeded
	}},
	{"bimodal, hint unknown", true, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		s, tg := bimodal(rng, k)
		return s, tg, Unknown
	}},
	{"discrete accuracy, unseeded", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		return accuracy(rng, k), 0, Unseeded
	}},
	{"discrete accuracy, unknown", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		return accuracy(rng, k), 0, Unknown
	}},
	{"20% of runs unscored", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.5, 0.95)
		return continuous(rng, k, tg, uniform(rng, -0.09, 0.09), uniform(rng, 0.002, 0.04), 0.2, rng.NormFloat64), tg, Unseeded
	}},
	{"large errors (MAE ~ 1200)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 1000, 1400)
		return continuous(rng, k, tg, uniform(rng, -0.09, 0.09), uniform(rng, 0.002, 0.03), 0, rng.NormFloat64), tg, Unseeded
	}},
	{"small scores (0.01-0.2)", false, func(rng *rand.Rand, k int) ([]float64, float64, Determinism) {
		tg := uniform(rng, 0.01, 0.2)
		return continuous(rng, k, tg, uniform(rng, -0.09, 0.09), uniform(rng, 0.01, 0.1), 0, rng.NormFloat64), tg, Unseeded
	}},
}

// bimodal: most runs give exactly one score, the others another (a model
// that converges or not; a vote that a coin breaks now and then).
func bimodal(rng *rand.Rand, k int) ([]float64, float64) {
	tg := uniform(rng, 0.5, 0.95)
	good, bad, p := tg*(1+uniform(rng, -0.05, 0.05)), tg*(1-uniform(rng, 0.002, 0.3)), uniform(rng, 0.05, 0.5)
	out := make([]float64, k)
	for i := range out {
		out[i] = good
		if rng.Float64() < p {
			out[i] = bad
		}
	}
	return out, tg
}

// accuracy is an unseeded classifier's accuracy on a small test set: few
// distinct values, so runs often tie. The target is put back in the first
// slot's place by the caller's convention: here the first element is the
// target, then the k scores.
func accuracy(rng *rand.Rand, k int) []float64 {
	rows := 100 + rng.IntN(400)
	p := uniform(rng, 0.6, 0.9)
	sd := uniform(rng, 0.002, 0.02) // model-to-model spread of the true accuracy
	out := make([]float64, k+1)
	out[0] = p * (1 + uniform(rng, -0.05, 0.05))
	for i := 1; i <= k; i++ {
		q := min(1, max(0, p+sd*rng.NormFloat64()))
		out[i] = float64(binomial(rng, rows, q)) / float64(rows)
	}
	return out
}

// fixedK is the verdict of the study's rule over all k runs.
func fixedK(scores []float64, target float64) bool {
	return Rule{Target: target, Tolerance: DefaultTolerance, Cap: len(scores)}.Decide(scores).Reproducible
}

// TestAdaptiveAgreesWithFixedK replays the adaptive rule over simulated
// score streams and compares it with the fixed-K verdict on the same
// streams. Only streams whose first run reproduced are counted: the others
// are decided by their first run either way.
var (
	streamsFlag = flag.Int("streams", 400, "simulated score streams per scenario in TestAdaptiveAgreesWithFixedK")
	epsFlag     = flag.Float64("epsilon", 0, "Rule.Epsilon in TestAdaptiveAgreesWithFixedK (0: the default)")
)

func TestAdaptiveAgreesWithFixedK(t *testing.T) {
	const k = 10
	streams := *streamsFlag
	if testing.Short() {
		streams = 60
	}
	rng := rand.New(rand.NewPCG(16, 1))
	var report strings.Builder
	fmt.Fprintf(&report, "%-56s %7s %9s %9s %s\n", "scenario", "streams", "agree", "runs/K", "stops")
	var total, agree, runs int
	for _, sc := range scenarios {
		var n, ok, used int
		stops := map[string]int{}
		for n < streams {
			scores, target, hint := sc.gen(rng, k)
			if target == 0 { // accuracy: target first
				target, scores = scores[0], scores[1:]
			}
			rule := Rule{Target: target, Tolerance: DefaultTolerance, Cap: k, Determinism: hint, Epsilon: *epsFlag}
			if rule.Decide(scores[:1]).Decided {
				continue
			}
			want := fixedK(scores, target)
			var d Decision
			for m := 1; m <= k; m++ {
				if d = rule.Decide(scores[:m]); d.Decided {
					break
				}
			}
			n++
			used += d.Runs
			stops[d.Reason]++
			if d.Reproducible == want {
				ok++
			} else if testing.Verbose() {
				t.Logf("%s: disagrees (%s at %d, fixed says %v): target %.6g scores %.6g", sc.name, d.Reason, d.Runs, want, target, scores)
			}
		}
		if !sc.adversarial {
			total += n
			agree += ok
			runs += used
		}
		mark := ""
		if sc.adversarial {
			mark = " (adversarial)"
		}
		fmt.Fprintf(&report, "%-56s %7d %8.2f%% %9.2f %v\n", sc.name+mark, n, 100*float64(ok)/float64(n), float64(used)/float64(n)/k, stops)
		floor := 0.97
		if sc.adversarial {
			floor = 0.7
		}
		// A family's share is only meaningful over enough streams (-short
		// runs 60: one disagreement is 1.7%).
		if n >= 200 && float64(ok) < floor*float64(n) {
			t.Errorf("%s: the adaptive verdict agrees with the fixed-K one on %d of %d streams", sc.name, ok, n)
		}
	}
	fmt.Fprintf(&report, "%-56s %7d %8.2f%% %9.2f\n", "all but the adversarial", total, 100*float64(agree)/float64(total), float64(runs)/float64(total)/k)
	t.Log("\n" + report.String())
	if float64(agree) < 0.99*float64(total) {
		t.Errorf("the adaptive verdict agrees with the fixed-K one on %d of %d streams (< 99%%)", agree, total)
	}
}

func TestJudgeReplaysTheAdaptiveRule(t *testing.T) {
	tg := 0.8
	run := func(nb string, attempt int32, score float64) records.Run {
		r := records.Run{Study: "s", NotebookID: nb, Environment: "trixie", Attempt: attempt, Status: records.StatusOK,
			OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg}
		if !math.IsNaN(score) {
			r.Score = &score
		}
		return r
	}
	var runs []records.Run
	// Deterministic: decided at 2; a third run was in flight and is kept
	// (Runs) but not used.
	runs = append(runs, run("det", 0, 0.82), run("det", 1, 0.82), run("det", 2, 0.82))
	// Biased, low spread: curtailed as not reproducible.
	for i, s := range []float64{0.860, 0.861, 0.859, 0.8605, 0.8601} {
		runs = append(runs, run("biased", int32(i), s))
	}
	// Interrupted: two different scores, then nothing.
	runs = append(runs, run("cut", 0, 0.80), run("cut", 1, 0.81))
	vs := Judge(runs, Options{Tolerance: DefaultTolerance, Cap: 10})
	got := map[string]records.Verdict{}
	for _, v := range vs {
		got[v.NotebookID] = v
	}
	if v := got["det"]; v.StopReason != StopDeterministic || v.RunsUsed != 2 || v.Runs != 3 || v.ConfirmCap != 10 || v.OutcomeClass != records.ClassErrorFreeReproducible {
		t.Errorf("det: %+v", v)
	}
	if v := got["biased"]; v.StopReason != StopCurtailed || v.RunsUsed >= 5 || v.OutcomeClass != records.ClassErrorFreeNonReproducible || v.FailureCategory != "not-confirmed" {
		t.Errorf("biased: %+v", v)
	}
	if v := got["cut"]; v.StopReason != StopIncomplete || v.RunsUsed != 2 {
		t.Errorf("cut: %+v", v)
	}
	// The same runs judged as a fixed-K confirmation use every run.
	for _, v := range FromRuns(runs, DefaultTolerance) {
		if v.StopReason != StopCap || v.RunsUsed != v.Runs || v.ConfirmCap != 0 {
			t.Errorf("fixed %s: %+v", v.NotebookID, v)
		}
	}
	// Unseeded: two equal runs do not decide.
	vs = Judge(runs[:2], Options{Tolerance: DefaultTolerance, Cap: 10, Determinism: func(string) Determinism { return Unseeded }})
	if v := vs[0]; v.StopReason != StopIncomplete {
		t.Errorf("unseeded: %+v", v)
	}
}

func TestScoresIsTheFinishedPrefix(t *testing.T) {
	s := func(x float64) *float64 { return &x }
	runs := []records.Run{
		{Attempt: 3, Score: s(0.9)}, // finished before 2: not part of the prefix yet
		{Attempt: 1},                // no valid score
		{Attempt: 0, Score: s(0.8)},
		{Attempt: 2, Status: records.StatusInfra}, // the backend failed: not a run
	}
	got := Scores(runs)
	if len(got) != 2 || got[0] != 0.8 || !math.IsNaN(got[1]) {
		t.Errorf("%v", got)
	}
}
