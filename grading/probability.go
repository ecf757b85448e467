package grading

import (
	"fmt"
	"math"
	"slices"
)

// rocAUCMetric scores binary answers against scores. An answer of -1 marks
// a row that is not scored (Kaggle's Jigsaw test labels); it is skipped.
func rocAUCMetric(x *args) (float64, error) {
	var y, s []float64
	p := numbers(x.p[0])
	for i, v := range x.a[0] {
		if label(v) == "-1" {
			continue
		}
		b, err := parseBinary(v)
		if err != nil {
			return 0, fmt.Errorf("answer %d: %w", i, err)
		}
		y = append(y, b)
		s = append(s, p[i])
	}
	return rocAUC(y, s)
}

// rocAUC is the Mann–Whitney U statistic normalized by the number of
// positive–negative pairs: ties between scores get the average of the ranks
// they span, so a tied pair counts one half.
func rocAUC(y, score []float64) (float64, error) {
	var pos int
	for _, v := range y {
		if v == 1 {
			pos++
		}
	}
	neg := len(y) - pos
	if pos == 0 || neg == 0 {
		return 0, fmt.Errorf("%w: the answers hold only one class (%d positive, %d negative)", ErrUndefined, pos, neg)
	}
	r := ranks(score)
	var rankSum float64 // sum of the (1-based, tie-averaged) ranks of the positives
	for i, v := range y {
		if v == 1 {
			rankSum += r[i]
		}
	}
	p, n := float64(pos), float64(neg)
	return (rankSum - p*(p+1)/2) / (p * n), nil
}

// ranks are the 1-based ranks of v, ties given the mean of the ranks they
// span (scipy's rankdata "average").
func ranks(v []float64) []float64 {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compareFloat(v[i], v[j]) })
	r := make([]float64, len(v))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && v[order[hi]] == v[order[lo]] {
			hi++
		}
		avg := float64(lo+1+hi) / 2 // mean of ranks lo+1 .. hi
		for _, i := range order[lo:hi] {
			r[i] = avg
		}
		lo = hi
	}
	return r
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// logLoss is binary cross-entropy; probabilities are clipped so a confident
// wrong answer costs -log(1e-15) ≈ 34.5 rather than +Inf (Kaggle's and
// scikit-learn's clip before 1.2).
func logLoss(x *args) (float64, error) {
	y, err := binaryAnswers(x.a[0])
	if err != nil {
		return 0, err
	}
	p := numbers(x.p[0])
	const eps = 1e-15
	var sum float64
	for i := range y {
		q := min(max(p[i], eps), 1-eps)
		sum += y[i]*math.Log(q) + (1-y[i])*math.Log(1-q)
	}
	return -sum / float64(len(y)), nil
}

// float64Eps is numpy's finfo(float64).eps, scikit-learn's clip since 1.2.
const float64Eps = 0x1p-52

// multiclassLogLoss is scikit-learn's log_loss: each probability is clipped
// to [eps, 1-eps] (eps = 2⁻⁵²), each row divided by its sum, and the loss is
// the mean over rows of -Σ_k y_k·ln q_k. The answers are
//   - the same class columns, one-hot (or any non-negative weights), or
//   - one label column (Spec.AnswerColumn) naming each row's class column, or
//   - with a single target column, binary labels and P(positive) predictions.
func multiclassLogLoss(x *args) (float64, error) {
	n := len(x.p[0])
	k := len(x.p)
	truth, err := classTruth(x)
	if err != nil {
		return 0, err
	}
	preds := make([][]float64, len(x.p))
	for c := range x.p {
		preds[c] = numbers(x.p[c])
	}
	if k == 1 { // binary: the columns are P(negative), P(positive)
		preds = [][]float64{make([]float64, n), preds[0]}
		for i := range n {
			preds[0][i] = 1 - preds[1][i]
		}
		k = 2
	}
	var total float64
	q := make([]float64, k)
	for i := range n {
		var sum float64
		for c := range k {
			q[c] = min(max(preds[c][i], float64Eps), 1-float64Eps)
			sum += q[c]
		}
		for c := range k {
			if w := truth(i, c); w != 0 {
				total -= w * math.Log(q[c]/sum)
			}
		}
	}
	return total / float64(n), nil
}

// classTruth returns y(i, c), the weight of class c in answer row i.
func classTruth(x *args) (func(i, c int) float64, error) {
	switch {
	case len(x.p) == 1: // binary
		y, err := binaryAnswers(x.a[0])
		if err != nil {
			return nil, err
		}
		return func(i, c int) float64 {
			if c == 1 {
				return y[i]
			}
			return 1 - y[i]
		}, nil
	case len(x.a) == 1: // a label column naming the class column
		cols := map[string]int{}
		for c, name := range x.spec.TargetColumns {
			cols[label(name)] = c
		}
		idx := make([]int, len(x.a[0]))
		for i, s := range x.a[0] {
			c, ok := cols[label(s)]
			if !ok {
				return nil, fmt.Errorf("answer %d: class %q is not one of the %d target columns", i, s, len(cols))
			}
			idx[i] = c
		}
		return func(i, c int) float64 {
			if idx[i] == c {
				return 1
			}
			return 0
		}, nil
	}
	w := make([][]float64, len(x.a))
	for c := range x.a {
		var err error
		if w[c], err = answerNumbers(x.a[c], notNegative); err != nil {
			return nil, err
		}
	}
	return func(i, c int) float64 { return w[c][i] }, nil
}

func notNegative(v float64, s string) error {
	if v < 0 {
		return fmt.Errorf("%q is negative", s)
	}
	return nil
}

// klDivergence is Kaggle's kullback_leibler_divergence metric as MLE-bench
// grades HMS: each answers row (vote counts) is divided by its sum,
// predictions are clipped to [1e-15, 1-1e-15] (not renormalised), and the
// score is the mean over rows of Σ_{y>0} y·ln(y/p).
func klDivergence(x *args) (float64, error) {
	n, k := len(x.p[0]), len(x.p)
	y := make([][]float64, k)
	p := make([][]float64, k)
	for c := range k {
		var err error
		if y[c], err = answerNumbers(x.a[c], notNegative); err != nil {
			return 0, err
		}
		p[c] = numbers(x.p[c])
	}
	const eps = 1e-15
	var total float64
	for i := range n {
		var sum float64
		for c := range k {
			sum += y[c][i]
		}
		if sum == 0 {
			return 0, fmt.Errorf("answer %d: every column is 0; the row has no distribution", i)
		}
		for c := range k {
			if t := y[c][i] / sum; t != 0 {
				total += t * math.Log(t/min(max(p[c][i], eps), 1-eps))
			}
		}
	}
	return total / float64(n), nil
}

// lwlrap is label-weighted label-ranking average precision (Freesound
// Audio Tagging 2019), i.e. scikit-learn's label_ranking_average_precision_score
// weighted by each row's number of true labels, rows without a true label
// left out. For a true label j of a row, precision = (true labels scored
// >= s_j) / (labels scored >= s_j); a row whose every label is true scores 1.
func lwlrap(x *args) (float64, error) {
	n, k := len(x.p[0]), len(x.p)
	truth := make([][]float64, k)
	score := make([][]float64, k)
	for c := range k {
		var err error
		if truth[c], err = answerNumbers(x.a[c], nil); err != nil {
			return 0, err
		}
		score[c] = numbers(x.p[c])
	}
	var sum, weight float64
	s := make([]float64, k)
	var rel []int
	for i := range n {
		rel = rel[:0]
		for c := range k {
			s[c] = score[c][i]
			if truth[c][i] > 0 {
				rel = append(rel, c)
			}
		}
		if len(rel) == 0 {
			continue
		}
		weight += float64(len(rel))
		if len(rel) == k {
			sum += float64(len(rel))
			continue
		}
		for _, j := range rel {
			var rank, hits float64
			for c := range k {
				if s[c] >= s[j] {
					rank++
					if truth[c][i] > 0 {
						hits++
					}
				}
			}
			sum += hits / rank
		}
	}
	if weight == 0 {
		return 0, fmt.Errorf("%w: no answer row has a true label", ErrUndefined)
	}
	return sum / weight, nil
}
