package grading

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

func ident(x float64) float64 { return x }

// rmseOf is sqrt(mean((f(p) - f(a))^2)); domain rejects answers outside f's domain.
func rmseOf(f func(float64) float64, domain func(v float64, s string) error) func(x *args) (float64, error) {
	return func(x *args) (float64, error) {
		a, err := answerNumbers(x.a[0], domain)
		if err != nil {
			return 0, err
		}
		p := numbers(x.p[0])
		var sum float64
		for i := range a {
			d := f(p[i]) - f(a[i])
			sum += d * d
		}
		return math.Sqrt(sum / float64(len(a))), nil
	}
}

func answerPositive(v float64, s string) error {
	if v <= 0 {
		return fmt.Errorf("%q is not positive", s)
	}
	return nil
}

func mae(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	p := numbers(x.p[0])
	var sum float64
	for i := range a {
		sum += math.Abs(p[i] - a[i])
	}
	return sum / float64(len(a)), nil
}

// r2 is scikit-learn's r2_score: 1 - Σ(a-p)² / Σ(a-ā)², and, when the
// answers are constant, 1 for a perfect prediction and 0 otherwise.
func r2(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	p := numbers(x.p[0])
	mean := stat.Mean(a, nil)
	var res, tot float64
	for i := range a {
		res += (a[i] - p[i]) * (a[i] - p[i])
		tot += (a[i] - mean) * (a[i] - mean)
	}
	switch {
	case tot != 0:
		return 1 - res/tot, nil
	case res == 0:
		return 1, nil
	}
	return 0, nil
}

// pearson is the Pearson correlation of answers and predictions; constant
// predictions leave it undefined (the submission's fault), constant
// answers too (the answers').
func pearson(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	return correlation(a, numbers(x.p[0]), "pearson")
}

// spearman is the Pearson correlation of the tie-averaged ranks (scipy's
// spearmanr).
func spearman(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	return correlation(ranks(a), ranks(numbers(x.p[0])), "spearman")
}

func correlation(a, p []float64, name string) (float64, error) {
	switch {
	case constant(a):
		return 0, fmt.Errorf("%w: the answers are constant; %s correlation is undefined", ErrUndefined, name)
	case constant(p):
		return 0, &Invalid{ReasonUndefined, fmt.Sprintf("every prediction is %v; %s correlation is undefined for constant predictions", p[0], name)}
	}
	// Rounding can push |r| a hair past 1; scipy clips too.
	return max(-1, min(1, stat.Correlation(a, p, nil))), nil
}

func constant(v []float64) bool {
	for _, x := range v[1:] {
		if x != v[0] {
			return false
		}
	}
	return true
}

// meanAngularError is IceCube's metric: the two target columns are azimuth
// and zenith in radians; each row's error is the angle between the true and
// the predicted direction, arccos of their unit vectors' dot product
// (clipped to [-1, 1]); the score is the mean.
func meanAngularError(x *args) (float64, error) {
	az, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	zen, err := answerNumbers(x.a[1], nil)
	if err != nil {
		return 0, err
	}
	paz, pzen := numbers(x.p[0]), numbers(x.p[1])
	var sum float64
	for i := range az {
		sa1, ca1 := math.Sincos(az[i])
		sz1, cz1 := math.Sincos(zen[i])
		sa2, ca2 := math.Sincos(paz[i])
		sz2, cz2 := math.Sincos(pzen[i])
		dot := sz1*sz2*(ca1*ca2+sa1*sa2) + cz1*cz2
		sum += math.Acos(max(-1, min(1, dot)))
	}
	return sum / float64(len(az)), nil
}

// logMAEFloor keeps a perfect group from scoring -Inf (Kaggle's CHAMPS
// metric floors the MAE at 1e-9; MLE-bench does not, see METRICS.md).
const logMAEFloor = 1e-9

// logMAEByGroup is CHAMPS' metric: the rows are grouped by the answers'
// group column; each group scores ln(MAE) and the score is the mean over
// groups, so a 1% better MAE counts the same in every group.
func logMAEByGroup(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	p := numbers(x.p[0])
	type acc struct {
		sum float64
		n   int
	}
	groups := map[string]*acc{}
	for i := range a {
		g := groups[label(x.group[i])]
		if g == nil {
			g = &acc{}
			groups[label(x.group[i])] = g
		}
		g.sum += math.Abs(p[i] - a[i])
		g.n++
	}
	var sum float64
	for _, g := range groups {
		sum += math.Log(max(g.sum/float64(g.n), logMAEFloor))
	}
	return sum / float64(len(groups)), nil
}
