// Package verdict decides whether a notebook reproduced: the study's outcome
// classes from one run, and the confirmation over repeated runs (a
// one-sample t-test of the reproduced scores against the target).
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
// the mean is within tol and p >= Alpha. With identical scores the test is
// undefined and the tolerance alone decides.
func Confirm(scores []float64, target, tol float64) Confirmation {
	c := Confirmation{Runs: len(scores), P: math.NaN()}
	if len(scores) == 0 {
		return c
	}
	c.Mean, c.SD = stat.MeanStdDev(scores, nil)
	if len(scores) == 1 {
		c.SD = 0
	}
	within := grading.RelErr(c.Mean, target) <= tol
	norm := make([]float64, len(scores))
	for i, s := range scores {
		norm[i] = normalise(s)
	}
	mu0 := normalise(target)
	m, sd := stat.MeanStdDev(norm, nil)
	if len(scores) < 2 || sd == 0 || math.IsNaN(sd) {
		if m == mu0 {
			c.P = 1
		}
		c.Reproducible = within
		return c
	}
	t := (m - mu0) / (sd / math.Sqrt(float64(len(norm))))
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(norm) - 1)}
	c.P = 2 * dist.CDF(-math.Abs(t))
	c.Reproducible = within && c.P >= Alpha
	return c
}

// normalise maps a score to the log1p scale (sign kept for the rare
// negative score, e.g. an R² below zero).
func normalise(s float64) float64 {
	if s < 0 {
		return -math.Log1p(-s)
	}
	return math.Log1p(s)
}

// FromRuns judges every (notebook, environment, agent) over its runs: the
// first attempt's class, confirmed by the t-test when there are further
// scored attempts. Infrastructure failures are not runs.
func FromRuns(runs []records.Run, tol float64) []records.Verdict {
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
			// An agent's attempts are successive fixes, not confirmations:
			// the verdict is on the notebook it ended with.
			rs = rs[len(rs)-1:]
		}
		first := rs[0]
		v := records.Verdict{Study: k.study, Dataset: k.dataset, NotebookID: k.nb, Competition: first.Competition,
			Environment: k.env, EnvDigest: first.EnvDigest, Agent: k.agent, Runs: int32(len(rs)),
			TargetScore: first.TargetScore, FirstClass: first.OutcomeClass, OutcomeClass: first.OutcomeClass,
			Status: first.Status, FailureCategory: first.FailureCategory}
		var scores []float64
		for _, r := range rs {
			if r.Score != nil {
				scores = append(scores, *r.Score)
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
		if first.TargetScore != nil && len(rs) > 1 && Reproducible(first.OutcomeClass) {
			c := Confirm(scores, *first.TargetScore, tol)
			if !math.IsNaN(c.P) {
				p := c.P
				v.PValue = &p
			}
			if !c.Reproducible {
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
