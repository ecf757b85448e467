// Package verdict decides whether a notebook reproduced: the study's outcome
// classes from one run, and the confirmation over repeated runs (a
// one-sample t-test of the reproduced scores against the target).
//
// # Adaptive confirmation
//
// The study confirms a reproduced notebook over K runs (K = 10): Confirm
// over all of them is the fixed-K verdict. Rule.Decide reaches the same
// verdict with fewer runs, deciding after each run (in attempt order):
//
//   - not-reproduced: the first run missed the target; nothing to confirm.
//   - deterministic: 2 scored runs so far, all agreeing to Precision, of a
//     notebook not known to be unseeded (where equal scores can be chance
//     and only differing scores or K runs decide). K agreeing runs are
//     reproduced, so this is the fixed-K verdict whenever the notebook is
//     deterministic.
//   - curtailed (stochastic curtailment): with at least MinScored = 3
//     differing scores, the rule simulates the remaining runs from the
//     posterior predictive of a normal model of the log1p-normalised scores
//     (reference prior; a run is scored with a Beta-posterior rate), applies
//     the fixed-K rule to each completed sample, and stops when the
//     predicted verdict flips in less than Epsilon = 0.002 of them.
//   - cap: K runs made; Confirm decides, exactly as the fixed rule.
//
// Error bound: when the rule curtails, the probability (under the model)
// that the fixed-K verdict differs is below Epsilon, so over a study the
// expected share of curtailed verdicts that differ from fixed-K is below
// Epsilon; deterministic and cap stops add no error for deterministic
// notebooks. Outside the model, simulated score streams (adaptive_test.go;
// numbers in adaptive.md) agree with the fixed-K verdict in 99.7% of
// streams over realistic families (noisy, biased, heavy-tailed, near the
// tolerance or the t-test's boundary, discrete accuracies, failing runs),
// using 0.2 of K runs for deterministic notebooks and 0.6-0.9 of K for
// noisy ones. No rule that stops before K can foresee a rare mode the
// first runs have not shown: a run that diverges one time in ten (93%
// agreement), or chance ties of an unseeded notebook passed as Unknown
// (74%).
//
// Judge replays the rule over recorded runs, so a verdict records the runs
// it used (RunsUsed) and why it stopped (StopReason).
package verdict

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"erosion/grading"
	"erosion/records"
)

// DefaultTolerance is the study's 10% relative error.
const DefaultTolerance = 0.10

// Alpha is the t-test's level: reproducible when p >= Alpha.
const Alpha = 0.05

// Class is the outcome class of one run. status is the run's status;
// score is nil when the run wrote no valid submission; target is nil when
// the notebook has none (then the class falls back to executability).
func Class(status string, score, target *float64, tol float64) string {
	switch status {
	case records.StatusOK, records.StatusError:
	default:
		return records.ClassFailed
	}
	clean := status == records.StatusOK
	if target == nil {
		if clean {
			return records.ClassErrorFree
		}
		return records.ClassError
	}
	if score != nil && grading.RelErr(*score, *target) <= tol {
		if clean {
			return records.ClassErrorFreeReproducible
		}
		return records.ClassErrorReproducible
	}
	if clean {
		return records.ClassErrorFreeNonReproducible
	}
	return records.ClassErrorNonReproducible
}

// Reproducible reports whether a class counts as reproduced.
func Reproducible(class string) bool {
	return class == records.ClassErrorFreeReproducible || class == records.ClassErrorReproducible
}

// Confirmation is the verdict over repeated runs of one notebook.
type Confirmation struct {
	Runs         int     // runs with a valid score
	Mean, SD     float64 // of the raw scores
	P            float64 // two-sided one-sample t-test on normalised scores; 1 when all scores are equal
	Reproducible bool
}

// Confirm tests the reproduced scores against the target, as the study
// does: scores are normalised with log1p (so competitions on different
// scales are comparable; any further affine min-max scaling or sign flip
// leaves the t statistic unchanged), then a one-sample t-test asks whether
// they come from a distribution centred on the target. Reproducible when
// the mean is within tol and p >= Alpha. With identical scores (equal to
// Precision) the test is undefined and the tolerance alone decides.
func Confirm(scores []float64, target, tol float64) Confirmation {
	c := Confirmation{Runs: len(scores), P: math.NaN()}
	if len(scores) == 0 {
		return c
	}
	c.Mean, c.SD = stat.MeanStdDev(scores, nil)
	if len(scores) == 1 {
		c.SD = 0
	}
	s := summarise(scores)
	mu0 := normalise(target)
	if s.n < 2 || s.same {
		if grading.RelErr(c.Mean, target) <= Precision {
			c.P = 1
		}
	} else {
		t := (s.normMean - mu0) / (s.normSD / math.Sqrt(float64(s.n)))
		dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(s.n - 1)}
		c.P = 2 * dist.CDF(-math.Abs(t))
	}
	c.Reproducible = grading.RelErr(c.Mean, target) <= tol && (s.n < 2 || s.same || c.P >= Alpha)
	return c
}

// Precision is the relative difference under which two scores count as the
// same score. Graders compute in float64 and runs of a seeded notebook can
// differ in the last bits (summation order in threaded BLAS): such a
// difference is no evidence of randomness, and a t-test on it would turn a
// score 1% off the target into p = 0.
const Precision = 1e-9

// sample is what the fixed-K rule needs of a set of scores.
type sample struct {
	n                int
	rawMean          float64
	normMean, normSD float64 // of the log1p-normalised scores
	same             bool    // all equal to Precision
}

func summarise(scores []float64) sample {
	s := sample{n: len(scores), same: sameScores(scores)}
	norm := make([]float64, len(scores))
	for i, x := range scores {
		norm[i] = normalise(x)
		s.rawMean += x
	}
	s.rawMean /= float64(len(scores))
	s.normMean, s.normSD = stat.MeanStdDev(norm, nil)
	if s.n < 2 || math.IsNaN(s.normSD) {
		s.normSD = 0
	}
	return s
}

// sameScores: every score equals the others to Precision.
func sameScores(scores []float64) bool {
	if len(scores) == 0 {
		return true
	}
	lo, hi := slices.Min(scores), slices.Max(scores)
	return hi-lo <= Precision*max(math.Abs(lo), math.Abs(hi))
}

// normalise maps a score to the log1p scale (sign kept for the rare
// negative score, e.g. an R² below zero).
func normalise(s float64) float64 {
	if s < 0 {
		return -math.Log1p(-s)
	}
	return math.Log1p(s)
}

// Options of Judge.
type Options struct {
	Tolerance float64
	// Cap is the confirmation cap K of an adaptive study (--confirm): each
	// notebook's verdict is where Rule.Decide first decided over its runs in
	// attempt order. 0 judges the runs made as a fixed-K confirmation.
	Cap int
	// Determinism tells what is known of a notebook's randomness; nil: Unknown.
	Determinism func(notebookID string) Determinism
}

// FromRuns judges every (notebook, environment, agent) over all its runs,
// as a fixed-K confirmation: Judge with Options{Tolerance: tol}.
func FromRuns(runs []records.Run, tol float64) []records.Verdict {
	return Judge(runs, Options{Tolerance: tol})
}

// Judge judges every (notebook, environment, agent) over its runs: the
// first attempt's class, confirmed when it reproduced and there are further
// attempts. Infrastructure failures are not runs. An agent's attempts are
// successive fixes: its verdict is on its last one, unconfirmed.
func Judge(runs []records.Run, o Options) []records.Verdict {
	type key struct{ study, dataset, nb, env, agent string }
	groups := map[key][]records.Run{}
	var order []key
	for _, r := range runs {
		if r.Status == records.StatusInfra {
			continue
		}
		k := key{r.Study, r.Dataset, r.NotebookID, r.Environment, r.Agent}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	out := make([]records.Verdict, 0, len(order))
	for _, k := range order {
		rs := groups[k]
		slices.SortFunc(rs, func(a, b records.Run) int { return int(a.Attempt - b.Attempt) })
		if k.agent != "" {
			rs = rs[len(rs)-1:]
		}
		first := rs[0]
		v := records.Verdict{Study: k.study, Dataset: k.dataset, NotebookID: k.nb, Competition: first.Competition,
			Environment: k.env, EnvDigest: first.EnvDigest, Agent: k.agent, Runs: int32(len(rs)),
			TargetScore: first.TargetScore, FirstClass: first.OutcomeClass, OutcomeClass: first.OutcomeClass,
			Status: first.Status, FailureCategory: first.FailureCategory,
			ConfirmCap: int32(o.Cap), RunsUsed: 1, StopReason: StopNotReproduced}
		var scores []float64
		all := make([]float64, len(rs)) // per run, NaN when unscored
		for i, r := range rs {
			all[i] = math.NaN()
			if r.Score != nil {
				scores = append(scores, *r.Score)
				all[i] = *r.Score
			}
		}
		v.ScoredRuns = int32(len(scores))
		if len(scores) > 0 {
			m, sd := stat.MeanStdDev(scores, nil)
			if len(scores) == 1 {
				sd = 0
			}
			v.MeanScore, v.SDScore = &m, &sd
		}
		if first.TargetScore != nil && Reproducible(first.OutcomeClass) {
			used, reason, reproducible := confirmRuns(all, *first.TargetScore, k.nb, o)
			v.RunsUsed, v.StopReason = int32(used), reason
			var usedScores []float64
			for _, s := range all[:used] {
				if !math.IsNaN(s) {
					usedScores = append(usedScores, s)
				}
			}
			if used > 1 {
				if c := Confirm(usedScores, *first.TargetScore, o.Tolerance); !math.IsNaN(c.P) {
					p := c.P
					v.PValue = &p
				}
			}
			if !reproducible {
				v.OutcomeClass = records.ClassErrorNonReproducible
				if first.Status == records.StatusOK {
					v.OutcomeClass = records.ClassErrorFreeNonReproducible
				}
				v.FailureCategory = "not-confirmed"
			}
		}
		out = append(out, v)
	}
	return out
}

// confirmRuns replays the confirmation of a notebook whose first run
// reproduced over its runs' scores (NaN: unscored): how many runs the
// verdict rests on, why it stopped there, and the verdict.
func confirmRuns(all []float64, target float64, nb string, o Options) (int, string, bool) {
	rule := Rule{Target: target, Tolerance: o.Tolerance, Cap: o.Cap}
	if o.Determinism != nil {
		rule.Determinism = o.Determinism(nb)
	}
	if o.Cap <= 0 {
		// Fixed K: every run made counts.
		rule.Cap = len(all)
		d := rule.Decide(all)
		return len(all), d.Reason, d.Reproducible
	}
	for m := 1; m <= len(all); m++ {
		if d := rule.Decide(all[:m]); d.Decided {
			return m, d.Reason, d.Reproducible
		}
	}
	var valid []float64
	for _, s := range all {
		if !math.IsNaN(s) {
			valid = append(valid, s)
		}
	}
	return len(all), StopIncomplete, Confirm(valid, target, o.Tolerance).Reproducible
}
