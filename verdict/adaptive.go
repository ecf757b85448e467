package verdict

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"erosion/grading"
	"erosion/records"
)

// Determinism is what is known, before running, of a notebook's randomness.
type Determinism int

const (
	// Unknown: nothing is known; two agreeing runs are taken as determinism.
	Unknown Determinism = iota
	// Seeded: every source of randomness is seeded, equal runs are expected.
	Seeded
	// Unseeded: the notebook draws unseeded randomness (a dataset's
	// `stochastic: true`); equal scores may be chance (an accuracy on a few
	// hundred rows takes few values) and do not decide.
	Unseeded
)

// Why a confirmation stopped (records.Verdict.StopReason).
const (
	StopNotReproduced = "not-reproduced" // the first run did not reproduce: nothing to confirm
	StopSingleRun     = "single-run"     // reproduced in its only run: no confirmation asked (cap 1, an agent's last fix)
	StopDeterministic = "deterministic"  // two runs agree to Precision: every further run would too
	StopCurtailed     = "curtailed"      // the K-run verdict is predicted with flip probability < Epsilon
	StopCap           = "cap"            // all K runs made: the fixed-K t-test decided
	StopIncomplete    = "incomplete"     // fewer runs than K and undecided (an interrupted study): judged on the runs made
)

// Defaults of Rule.
const (
	// Epsilon bounds the probability that a curtailed verdict differs from
	// the one all K runs would give (see the package note adaptive.md).
	Epsilon = 0.002
	// MinScored is the fewest scored runs a curtailed verdict rests on.
	MinScored = 3
	// Draws is the number of simulated continuations per decision.
	Draws = 4000
)

// Rule is the adaptive confirmation of one notebook in one environment:
// it stops as soon as more runs cannot (or almost surely will not) change
// the verdict the fixed rule (Confirm over Cap runs) would give.
type Rule struct {
	Target      float64
	Tolerance   float64
	Cap         int // K, the most runs (first run included; below 1: 1); the study's is 10
	Determinism Determinism
	// Zero values take the package defaults.
	Epsilon   float64
	MinScored int
	Draws     int
}

// Decision is what the rule says after some runs.
type Decision struct {
	Decided bool
	// Reproducible is the verdict once decided; before, the likelier one.
	Reproducible bool
	Runs         int    // runs the decision rests on (scored or not)
	Reason       string // a Stop* constant; "" while undecided
	// Need is, while undecided, how many more runs the rule needs before it
	// can decide at all: an executor may start that many at once.
	Need int
	// Flip is the predicted probability that the K-run verdict differs from
	// Reproducible (0 for deterministic, not-reproduced and cap decisions).
	Flip float64
}

func (r Rule) withDefaults() Rule {
	if r.Epsilon <= 0 {
		r.Epsilon = Epsilon
	}
	if r.MinScored <= 0 {
		r.MinScored = MinScored
	}
	r.MinScored = max(r.MinScored, 2)
	if r.Draws <= 0 {
		r.Draws = Draws
	}
	return r
}

// Decide judges the runs made so far: scores holds one entry per run in
// attempt order, the first run first, NaN for a run without a valid score.
// An executor running confirmations concurrently passes the longest prefix
// of attempts that have all finished, so that replaying the rule over the
// recorded runs (Judge) stops where the executor stopped. The answer is a
// pure function of its inputs (the simulation is seeded by them).
func (r Rule) Decide(scores []float64) Decision {
	r = r.withDefaults()
	d := Decision{Runs: len(scores)}
	if len(scores) == 0 {
		d.Need = 1
		return d
	}
	if math.IsNaN(scores[0]) || grading.RelErr(scores[0], r.Target) > r.Tolerance {
		d.Decided, d.Reason = true, StopNotReproduced
		return d
	}
	var valid []float64
	for _, s := range scores {
		if !math.IsNaN(s) {
			valid = append(valid, s)
		}
	}
	if len(scores) >= r.Cap {
		d.Decided, d.Reproducible = true, Confirm(valid, r.Target, r.Tolerance).Reproducible
		d.Reason = StopCap
		if r.Cap <= 1 {
			d.Reason = StopSingleRun
		}
		return d
	}
	left := r.Cap - len(scores)
	if sameScores(valid) {
		// K agreeing runs are reproduced (the first run is within the
		// tolerance), so agreement decides once it shows determinism: two
		// runs, unless the notebook is known to draw unseeded randomness.
		// Then equal scores are chance (an accuracy takes few values) and
		// one differing run among the K can make the t-test reject (e.g.
		// nine runs at 0.7267 and one at 0.73 against a target of 0.73):
		// nothing short of K settles it, unless the scores start to differ
		// and curtailment can.
		if r.Determinism != Unseeded && len(valid) >= 2 {
			d.Decided, d.Reproducible, d.Reason = true, true, StopDeterministic
			return d
		}
		d.Reproducible = true
		d.Need = 1
		if r.Determinism == Unseeded {
			d.Need = min(left, max(1, r.MinScored-len(valid)))
		}
		return d
	}
	if len(valid) < r.MinScored {
		d.Need = min(left, r.MinScored-len(valid))
		d.Reproducible = Confirm(valid, r.Target, r.Tolerance).Reproducible
		return d
	}
	pRep := r.predict(scores, valid)
	d.Reproducible = pRep >= 0.5
	d.Flip = min(pRep, 1-pRep)
	if d.Flip < r.Epsilon {
		d.Decided, d.Reason = true, StopCurtailed
		return d
	}
	d.Need = 1
	return d
}

// predict is the probability that Confirm over all Cap runs says
// reproducible, given the runs so far: the posterior predictive of a normal
// model of the log1p-normalised scores under the reference prior
// p(mu, sigma^2) ~ 1/sigma^2 (sigma^2 | x ~ (n-1)s^2/chi2(n-1), mu | sigma^2, x ~
// N(mean, sigma^2/n)), with the chance that a run is scored at all from a
// Beta(1+scored, 1+unscored) posterior. It simulates the remaining runs and
// applies the fixed rule to each completed sample. Simulation stops early
// once the answer is clearly undecided, which is most calls.
func (r Rule) predict(scores, valid []float64) float64 {
	n := len(valid)
	s := summarise(valid)
	mu0 := normalise(r.Target)
	rawSum := s.rawMean * float64(n)
	// Sums of the normalised scores as deviations from their mean, for
	// numerical stability when the spread is tiny.
	ss := s.normSD * s.normSD * float64(n-1)
	left := r.Cap - len(scores)
	unscored := len(scores) - n
	tcrit := make([]float64, r.Cap) // by degrees of freedom
	for df := n - 1; df < r.Cap; df++ {
		if df >= 1 {
			tcrit[df] = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(1 - Alpha/2)
		}
	}
	rng := rand.New(rand.NewPCG(r.seed(scores)))
	chi := distuv.ChiSquared{K: float64(n - 1), Src: rng}
	beta := distuv.Beta{Alpha: float64(1 + n), Beta: float64(1 + unscored), Src: rng}
	rep := 0
	for i := 1; i <= r.Draws; i++ {
		sigma := math.Sqrt(ss / chi.Rand())
		mu := s.normMean + sigma/math.Sqrt(float64(n))*rng.NormFloat64()
		q := beta.Rand()
		N, sum, sq, raw := n, 0.0, ss, rawSum // sum: of deviations from normMean
		for range left {
			if rng.Float64() >= q {
				continue
			}
			x := mu + sigma*rng.NormFloat64()
			dev := x - s.normMean
			// Welford's update of the sum of squared deviations.
			mean := sum / float64(N)
			N++
			sum += dev
			sq += (dev - mean) * (dev - sum/float64(N))
			raw += denormalise(x)
		}
		normMean := s.normMean + sum/float64(N)
		sd := math.Sqrt(sq / float64(N-1))
		ok := grading.RelErr(raw/float64(N), r.Target) <= r.Tolerance
		if ok && sd > 0 {
			ok = math.Abs(normMean-mu0)/(sd/math.Sqrt(float64(N))) <= tcrit[N-1]
		}
		if ok {
			rep++
		}
		// Clearly undecided: the flip frequency is above Epsilon by more
		// than two standard errors (checked at powers of two).
		if i >= 128 && i&(i-1) == 0 {
			flips := float64(min(rep, i-rep))
			if flips/float64(i)-2*math.Sqrt(flips)/float64(i) > r.Epsilon {
				return float64(rep) / float64(i)
			}
		}
	}
	return float64(rep) / float64(r.Draws)
}

// seed makes the simulation a function of the rule and the scores.
func (r Rule) seed(scores []float64) (uint64, uint64) {
	h := fnv.New128a()
	var b [8]byte
	for _, x := range append([]float64{r.Target, r.Tolerance, float64(r.Cap), float64(r.Determinism), r.Epsilon, float64(r.Draws)}, scores...) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:])
}

// denormalise inverts normalise.
func denormalise(x float64) float64 {
	if x < 0 {
		return -math.Expm1(-x)
	}
	return math.Expm1(x)
}

// Scores is what Decide takes from one notebook's runs in one environment
// (any order): the scores of the longest run of consecutive attempts from
// 0 that have all finished, NaN for a run without a valid score.
// Infrastructure failures are not runs.
func Scores(runs []records.Run) []float64 {
	byAttempt := map[int32]records.Run{}
	for _, r := range runs {
		if r.Status != records.StatusInfra {
			byAttempt[r.Attempt] = r
		}
	}
	var out []float64
	for a := int32(0); ; a++ {
		r, ok := byAttempt[a]
		if !ok {
			return out
		}
		s := math.NaN()
		if r.Score != nil {
			s = *r.Score
		}
		out = append(out, s)
	}
}
