package grading

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// The label metrics: predictions are class labels compared with label().

func accuracy(x *args) (float64, error) {
	a, p := x.a[0], x.p[0]
	hits := 0
	for i := range a {
		if label(a[i]) == label(p[i]) {
			hits++
		}
	}
	return float64(hits) / float64(len(a)), nil
}

// top1Error is 1 - accuracy of each prediction's first space-separated
// label (iNaturalist 2019 lets a row list five guesses and scores the first).
func top1Error(x *args) (float64, error) {
	a, p := x.a[0], x.p[0]
	misses := 0
	for i := range a {
		first := ""
		if f := strings.Fields(p[i]); len(f) > 0 {
			first = f[0]
		}
		if label(a[i]) != label(first) {
			misses++
		}
	}
	return float64(misses) / float64(len(a)), nil
}

// macroF1 follows sklearn's f1_score(average="macro") with its default
// labels (every class in answers ∪ predictions) and zero_division=0. Per
// class F1 = 2tp / (2tp + fp + fn), which equals 2PR/(P+R) when tp > 0 and
// is 0 otherwise, exactly what zero_division=0 gives.
func macroF1(x *args) (float64, error) {
	a, p := x.a[0], x.p[0]
	type counts struct{ tp, fp, fn int }
	classes := map[string]*counts{}
	get := func(c string) *counts {
		n := classes[c]
		if n == nil {
			n = &counts{}
			classes[c] = n
		}
		return n
	}
	for i := range a {
		t, q := label(a[i]), label(p[i])
		if t == q {
			get(t).tp++
		} else {
			get(t).fn++
			get(q).fp++
		}
	}
	var sum float64
	for _, c := range classes {
		sum += 2 * float64(c.tp) / float64(2*c.tp+c.fp+c.fn)
	}
	return sum / float64(len(classes)), nil
}

// mcc is sklearn's matthews_corrcoef, multi-class form (Gorodkin's R_K):
// from the per-class true counts t_k, predicted counts p_k, the number of
// correct rows c and of rows n,
//
//	(c·n - Σ t_k p_k) / sqrt((n² - Σ p_k²)(n² - Σ t_k²))
//
// and 0 when either factor under the root is 0 (one class only).
func mcc(x *args) (float64, error) {
	a, p := x.a[0], x.p[0]
	t, q := map[string]float64{}, map[string]float64{}
	var correct float64
	for i := range a {
		ta, pa := label(a[i]), label(p[i])
		t[ta]++
		q[pa]++
		if ta == pa {
			correct++
		}
	}
	n := float64(len(a))
	var tp, pp, tt float64
	for k, v := range t {
		tp += v * q[k]
		tt += v * v
	}
	for _, v := range q {
		pp += v * v
	}
	covYP, covPP, covYY := correct*n-tp, n*n-pp, n*n-tt
	if covPP*covYY == 0 {
		return 0, nil
	}
	return covYP / math.Sqrt(covYY*covPP), nil
}

// qwk is sklearn's cohen_kappa_score(weights="quadratic"): the labels are
// the sorted distinct values of answers ∪ predictions and the weight of a
// pair is the squared distance of their positions in that list (not of the
// values). With O the confusion counts and E the outer product of its
// margins over n, kappa = 1 - Σ w·O / Σ w·E. Both sums are computed from
// the positions directly, so continuous predictions cost no n×n matrix.
func qwk(x *args) (float64, error) {
	a, err := answerNumbers(x.a[0], nil)
	if err != nil {
		return 0, err
	}
	p := numbers(x.p[0])
	values := slices.Concat(a, p)
	slices.Sort(values)
	values = slices.Compact(values)
	pos := func(v float64) float64 {
		i, _ := slices.BinarySearch(values, v)
		return float64(i)
	}
	var obs, sa, sa2, sp, sp2 float64
	for i := range a {
		ia, ip := pos(a[i]), pos(p[i])
		obs += (ia - ip) * (ia - ip)
		sa += ia
		sa2 += ia * ia
		sp += ip
		sp2 += ip * ip
	}
	n := float64(len(a))
	// Σ_ij (i-j)² r_i c_j / n with Σ r = Σ c = n.
	exp := (n*sa2 + n*sp2 - 2*sa*sp) / n
	if exp == 0 {
		return 0, fmt.Errorf("%w: every answer and prediction is the same label", ErrUndefined)
	}
	return 1 - obs/exp, nil
}

// microF1 is sklearn's f1_score(average="micro") over label sets as
// MultiLabelBinarizer builds them from space-separated labels, with the
// classes fitted on the answers: a predicted label that no answer has is
// dropped (it is not a false positive). F1 = 2tp / (2tp + fp + fn), 0 when
// there is nothing to count.
func microF1(x *args) (float64, error) {
	a, p := x.a[0], x.p[0]
	universe := map[string]bool{}
	for _, s := range a {
		for _, l := range strings.Fields(s) {
			universe[l] = true
		}
	}
	var tp, fp, fn int
	for i := range a {
		truth := set(strings.Fields(a[i]))
		guess := set(strings.Fields(p[i]))
		for l := range guess {
			switch {
			case truth[l]:
				tp++
			case universe[l]:
				fp++
			}
		}
		for l := range truth {
			if !guess[l] {
				fn++
			}
		}
	}
	if 2*tp+fp+fn == 0 {
		return 0, nil
	}
	return 2 * float64(tp) / float64(2*tp+fp+fn), nil
}

func set(items []string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
