package grading

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

func known(metric string) bool {
	switch metric {
	case Accuracy, MacroF1, ROCAUC, LogLoss, RMSE, LogRMSE, RMSLE, MAE, MAPK:
		return true
	}
	return false
}

// Score computes metric over aligned answers and predictions. k is used by
// map@k only (k <= 0 means DefaultK). An invalid prediction is an *Invalid
// whose Detail names its 0-based index; problems with the answers are plain
// errors, wrapping ErrUndefined when the metric has no value on them.
func Score(metric string, k int, answers, predictions []string) (float64, error) {
	if !known(metric) {
		return 0, fmt.Errorf("grading: unknown metric %q", metric)
	}
	if len(answers) != len(predictions) {
		return 0, fmt.Errorf("grading: %d answers but %d predictions", len(answers), len(predictions))
	}
	if len(answers) == 0 {
		return 0, fmt.Errorf("grading: %s: %w: no rows", metric, ErrUndefined)
	}
	p := make([]float64, len(predictions)) // unused by the label metrics
	for i, s := range predictions {
		v, reason, why := checkPrediction(metric, s)
		if reason != "" {
			return 0, &Invalid{reason, fmt.Sprintf("prediction %d: %s", i, why)}
		}
		p[i] = v
	}

	switch metric {
	case Accuracy:
		return accuracy(answers, predictions), nil
	case MacroF1:
		return macroF1(answers, predictions), nil
	case MAPK:
		if k <= 0 {
			k = DefaultK
		}
		return mapK(k, answers, predictions), nil
	}

	// The numeric metrics.
	a := make([]float64, len(answers))
	for i, s := range answers {
		v, err := parseAnswer(metric, s)
		if err != nil {
			return 0, fmt.Errorf("grading: %s: answer %d: %w", metric, i, err)
		}
		a[i] = v
	}
	switch metric {
	case ROCAUC:
		return rocAUC(a, p)
	case LogLoss:
		return logLoss(a, p), nil
	case RMSE:
		return rmse(a, p, ident), nil
	case LogRMSE:
		return rmse(a, p, math.Log), nil
	case RMSLE:
		return rmse(a, p, math.Log1p), nil
	default: // MAE
		var sum float64
		for i := range a {
			sum += math.Abs(p[i] - a[i])
		}
		return sum / float64(len(a)), nil
	}
}

// checkPrediction validates one prediction cell for metric and, for numeric
// metrics, parses it. A non-empty reason means the cell is invalid; why says
// how, quoting the value.
func checkPrediction(metric, s string) (v float64, reason, why string) {
	switch metric {
	case MAPK:
		return 0, "", "" // an empty list of guesses is allowed; it scores 0
	case Accuracy, MacroF1:
		if strings.TrimSpace(s) == "" {
			return 0, ReasonNonFinite, "empty cell"
		}
		return 0, "", ""
	}
	v, reason, why = parseNumber(s)
	if reason != "" {
		return 0, reason, why
	}
	switch {
	case metric == LogLoss && (v < 0 || v > 1):
		return 0, ReasonOutOfRange, fmt.Sprintf("%q is not a probability in [0, 1]", s)
	case metric == LogRMSE && v <= 0:
		return 0, ReasonOutOfRange, fmt.Sprintf("%q is not positive (log_rmse takes its log)", s)
	case metric == RMSLE && v < 0:
		return 0, ReasonOutOfRange, fmt.Sprintf("%q is negative (rmsle needs values >= 0)", s)
	}
	return v, "", ""
}

// parseNumber parses a finite float, or says why s is not one.
func parseNumber(s string) (float64, string, string) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, ReasonNonFinite, "empty cell" // how pandas writes NaN
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, ReasonNotNumber, fmt.Sprintf("%q is not a number", s)
	}
	// ErrRange is overflow to ±Inf (caught here) or underflow to 0 (fine).
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ReasonNonFinite, fmt.Sprintf("%q is not finite", s)
	}
	return v, "", ""
}

// parseAnswer parses an answer of a numeric metric.
func parseAnswer(metric, s string) (float64, error) {
	if metric == ROCAUC || metric == LogLoss {
		return parseBinary(s)
	}
	v, _, why := parseNumber(s)
	switch {
	case why != "":
		return 0, errors.New(why)
	case metric == LogRMSE && v <= 0:
		return 0, fmt.Errorf("%q is not positive", s)
	case metric == RMSLE && v < 0:
		return 0, fmt.Errorf("%q is negative", s)
	}
	return v, nil
}

// parseBinary reads a binary label: 0/1 (also "0.0"/"1.0"), yes/no, true/false.
func parseBinary(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "1", "yes", "true":
		return 1, nil
	case "0", "no", "false":
		return 0, nil
	}
	if v, err := strconv.ParseFloat(t, 64); err == nil && (v == 0 || v == 1) {
		return v, nil
	}
	return 0, fmt.Errorf("%q is not a binary label (0/1, yes/no, true/false)", s)
}

// label normalizes a class label: trimmed, and numbers in a canonical form
// so that a label written as a float ("1.0") equals its integer ("1").
func label(s string) string {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return t
	}
	if v == 0 {
		v = 0 // -0 and 0 are one label
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func accuracy(answers, preds []string) float64 {
	hits := 0
	for i := range answers {
		if label(answers[i]) == label(preds[i]) {
			hits++
		}
	}
	return float64(hits) / float64(len(answers))
}

// macroF1 follows sklearn's f1_score(average="macro") with its default
// labels (every class in answers ∪ predictions) and zero_division=0. Per
// class F1 = 2tp / (2tp + fp + fn), which equals 2PR/(P+R) when tp > 0 and
// is 0 otherwise, exactly what zero_division=0 gives.
func macroF1(answers, preds []string) float64 {
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
	for i := range answers {
		a, p := label(answers[i]), label(preds[i])
		if a == p {
			get(a).tp++
		} else {
			get(a).fn++
			get(p).fp++
		}
	}
	var sum float64
	for _, c := range classes {
		sum += 2 * float64(c.tp) / float64(2*c.tp+c.fp+c.fn)
	}
	return sum / float64(len(classes))
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
		return 0, fmt.Errorf("grading: roc_auc: %w: the answers hold only one class (%d positive, %d negative)", ErrUndefined, pos, neg)
	}
	order := make([]int, len(score))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compareFloat(score[i], score[j]) })
	var rankSum float64 // sum of the (1-based, tie-averaged) ranks of the positives
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && score[order[hi]] == score[order[lo]] {
			hi++
		}
		avg := float64(lo+1+hi) / 2 // mean of ranks lo+1 .. hi
		for _, i := range order[lo:hi] {
			if y[i] == 1 {
				rankSum += avg
			}
		}
		lo = hi
	}
	p, n := float64(pos), float64(neg)
	return (rankSum - p*(p+1)/2) / (p * n), nil
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
// wrong answer costs -log(1e-15) ≈ 34.5 rather than +Inf.
func logLoss(y, p []float64) float64 {
	const eps = 1e-15
	var sum float64
	for i := range y {
		q := min(max(p[i], eps), 1-eps)
		sum += y[i]*math.Log(q) + (1-y[i])*math.Log(1-q)
	}
	return -sum / float64(len(y))
}

func ident(x float64) float64 { return x }

// rmse is sqrt(mean((f(p) - f(a))^2)).
func rmse(a, p []float64, f func(float64) float64) float64 {
	var sum float64
	for i := range a {
		d := f(p[i]) - f(a[i])
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(a)))
}

// mapK is the mean over rows of average precision at k, as in Kaggle's
// ml_metrics.apk: a guess counts at its first occurrence only, and each row
// is divided by min(relevant, k); a row with no relevant labels scores 0.
// Labels are compared as exact tokens.
func mapK(k int, answers, preds []string) float64 {
	var sum float64
	for i := range answers {
		relevant := strings.Fields(answers[i])
		if len(relevant) == 0 {
			continue
		}
		guesses := strings.Fields(preds[i])
		if len(guesses) > k {
			guesses = guesses[:k]
		}
		var hits, ap float64
		for j, g := range guesses {
			if slices.Contains(relevant, g) && !slices.Contains(guesses[:j], g) {
				hits++
				ap += hits / float64(j+1)
			}
		}
		sum += ap / float64(min(len(relevant), k))
	}
	return sum / float64(len(answers))
}
