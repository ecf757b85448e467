package grading

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Metric names used in competition.yaml files (METRICS.md defines each).
const (
	Accuracy = "accuracy" // fraction of exact matches (labels compared as trimmed strings; "1" and "1.0" equal)
	MacroF1  = "macro_f1" // unweighted mean of per-class F1 over the classes in answers ∪ predictions
	ROCAUC   = "roc_auc"  // binary answers, predictions are scores; ties get average ranks
	LogLoss  = "log_loss" // binary, predictions are P(positive), clipped to [1e-15, 1-1e-15]
	RMSE     = "rmse"
	LogRMSE  = "log_rmse" // RMSE between natural logs (House Prices); values must be > 0
	RMSLE    = "rmsle"    // sqrt(mean((log1p(p) - log1p(a))^2)); values must be >= 0
	MAE      = "mae"
	MAPK     = "map@k" // mean average precision at k over space-separated labels

	QWK               = "qwk"                 // quadratic weighted kappa over numeric labels
	MCC               = "mcc"                 // Matthews correlation coefficient (multi-class)
	MicroF1           = "micro_f1"            // micro-averaged F1 over space-separated label sets
	Top1Error         = "top1_error"          // 1 - accuracy of each prediction's first label
	MulticlassLogLoss = "multiclass_log_loss" // cross-entropy over class probability columns
	KLDivergence      = "kl_divergence"       // mean KL(answers ‖ predictions) over probability rows
	LWLRAP            = "lwlrap"              // label-weighted label-ranking average precision
	R2                = "r2"                  // coefficient of determination
	Pearson           = "pearson"             // Pearson correlation
	Spearman          = "spearman"            // Spearman rank correlation
	MeanAngularError  = "mean_angular_error"  // mean angle between directions (azimuth, zenith)
	LogMAEByGroup     = "log_mae_by_group"    // mean over groups of log(MAE)
	Levenshtein       = "levenshtein"         // mean character edit distance
	WER               = "wer"                 // word error rate: token edit distance / reference tokens
	WordJaccard       = "word_jaccard"        // mean Jaccard similarity of lower-cased word sets
	Dice              = "dice"                // mean per-row Dice of run-length masks
	GlobalDice        = "global_dice"         // Dice of all rows' run-length masks pooled
)

// cellKind is what one prediction cell holds.
type cellKind int

const (
	kindLabel  cellKind = iota // a non-empty label
	kindText                   // any text, empty included
	kindNumber                 // a finite number
	kindMask                   // a run-length encoded mask
)

// metricDef is one metric: how its cells are checked and how it scores.
type metricDef struct {
	kind   cellKind
	higher bool // a higher score is better
	// matrix metrics score the target columns together; the others score
	// each target column and average the scores (column-wise mean).
	matrix  bool
	columns int // target columns a matrix metric takes; 0: any number
	// bound rejects a number outside the metric's domain (probabilities, logs).
	bound func(v float64, s string) (reason, why string)
	fn    func(x *args) (float64, error)
}

// args are the aligned rows a metric scores: a[c][i] is the answer and
// p[c][i] the prediction of column c, row i. A column-wise metric sees one
// column at a time.
type args struct {
	spec          *Spec
	a, p          [][]string
	group         []string
	height, width []string
}

var metrics = map[string]metricDef{
	Accuracy:          {kind: kindLabel, higher: true, fn: accuracy},
	MacroF1:           {kind: kindLabel, higher: true, fn: macroF1},
	ROCAUC:            {kind: kindNumber, higher: true, fn: rocAUCMetric},
	LogLoss:           {kind: kindNumber, bound: probability, fn: logLoss},
	RMSE:              {kind: kindNumber, fn: rmseOf(ident, nil)},
	LogRMSE:           {kind: kindNumber, bound: positive, fn: rmseOf(math.Log, answerPositive)},
	RMSLE:             {kind: kindNumber, bound: nonNegative, fn: rmseOf(math.Log1p, notNegative)},
	MAE:               {kind: kindNumber, fn: mae},
	MAPK:              {kind: kindText, higher: true, fn: mapK},
	QWK:               {kind: kindNumber, higher: true, bound: wholeNumber, fn: qwk},
	MCC:               {kind: kindLabel, higher: true, fn: mcc},
	MicroF1:           {kind: kindText, higher: true, fn: microF1},
	Top1Error:         {kind: kindLabel, fn: top1Error},
	MulticlassLogLoss: {kind: kindNumber, matrix: true, bound: probability, fn: multiclassLogLoss},
	KLDivergence:      {kind: kindNumber, matrix: true, bound: probability, fn: klDivergence},
	LWLRAP:            {kind: kindNumber, higher: true, matrix: true, fn: lwlrap},
	R2:                {kind: kindNumber, higher: true, fn: r2},
	Pearson:           {kind: kindNumber, higher: true, fn: pearson},
	Spearman:          {kind: kindNumber, higher: true, fn: spearman},
	MeanAngularError:  {kind: kindNumber, matrix: true, columns: 2, fn: meanAngularError},
	LogMAEByGroup:     {kind: kindNumber, fn: logMAEByGroup},
	Levenshtein:       {kind: kindText, fn: levenshteinMean},
	WER:               {kind: kindText, fn: wer},
	WordJaccard:       {kind: kindText, higher: true, fn: wordJaccard},
	Dice:              {kind: kindMask, higher: true, fn: dice},
	GlobalDice:        {kind: kindMask, higher: true, fn: globalDice},
}

// Metrics lists the metric names a competition may use, sorted.
func Metrics() []string {
	names := make([]string, 0, len(metrics))
	for name := range metrics {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Known says whether metric is one of Metrics.
func Known(metric string) bool {
	_, ok := metrics[metric]
	return ok
}

// HigherIsBetter is the direction of a metric's scores: true when a higher
// score is better. Unknown metrics answer false.
func HigherIsBetter(metric string) bool { return metrics[metric].higher }

// Score computes a single-column metric over aligned answers and
// predictions. k is used by map@k only (k <= 0 means DefaultK). An invalid
// prediction is an *Invalid whose Detail names its 0-based index; problems
// with the answers are plain errors, wrapping ErrUndefined when the metric
// has no value on them. Metrics that score several columns together need a
// Spec: use GradeData.
func Score(metric string, k int, answers, predictions []string) (float64, error) {
	def, ok := metrics[metric]
	if !ok {
		return 0, fmt.Errorf("grading: unknown metric %q", metric)
	}
	if def.matrix || metric == LogMAEByGroup {
		return 0, fmt.Errorf("grading: %s scores target columns together; grade it with GradeData", metric)
	}
	if len(answers) != len(predictions) {
		return 0, fmt.Errorf("grading: %d answers but %d predictions", len(answers), len(predictions))
	}
	spec := &Spec{Metric: metric, K: k}
	for i, s := range predictions {
		if _, reason, why := def.checkCell(spec, s); reason != "" {
			return 0, &Invalid{reason, fmt.Sprintf("prediction %d: %s", i, why)}
		}
	}
	return scoreRows(spec, &args{spec: spec, a: [][]string{answers}, p: [][]string{predictions}}, []string{""})
}

// score computes the spec's metric over the aligned predictions.
func score(spec *Spec, ans *answers, preds [][]string) (float64, error) {
	x := &args{spec: spec, a: ans.truth, p: preds, group: ans.group, height: ans.height, width: ans.width}
	if spec.Where != nil {
		x = x.subset(spec.Where, ans.where)
	}
	names := ans.targets
	if len(names) == 1 {
		names = []string{""}
	}
	return scoreRows(spec, x, names)
}

// scoreRows runs the metric: once for a matrix metric, else once per
// column, averaging.
func scoreRows(spec *Spec, x *args, names []string) (float64, error) {
	def := metrics[spec.Metric]
	if len(x.p) == 0 || len(x.p[0]) == 0 {
		return 0, fmt.Errorf("grading: %s: %w: no rows", spec.Metric, ErrUndefined)
	}
	if def.matrix {
		v, err := def.fn(x)
		return v, wrapMetric(spec.Metric, "", err)
	}
	var sum float64
	for c := range x.p {
		col := *x
		col.a, col.p = [][]string{x.a[c]}, [][]string{x.p[c]}
		v, err := def.fn(&col)
		if err != nil {
			return 0, wrapMetric(spec.Metric, names[c], err)
		}
		sum += v
	}
	return sum / float64(len(x.p)), nil
}

// wrapMetric names the metric (and the column) in a plain error; an
// *Invalid gets the column in its detail.
func wrapMetric(metric, col string, err error) error {
	if err == nil {
		return nil
	}
	if inv, ok := errors.AsType[*Invalid](err); ok {
		if col != "" {
			return &Invalid{inv.Reason, fmt.Sprintf("column %q: %s", col, inv.Detail)}
		}
		return inv
	}
	if col != "" {
		return fmt.Errorf("grading: %s: column %q: %w", metric, col, err)
	}
	return fmt.Errorf("grading: %s: %w", metric, err)
}

// subset keeps the rows whose where column matches w.
func (x *args) subset(w *Where, col []string) *args {
	want := label(w.Equals)
	var keep []int
	for i, v := range col {
		if label(v) == want {
			keep = append(keep, i)
		}
	}
	pick := func(s []string) []string {
		if s == nil {
			return nil
		}
		out := make([]string, len(keep))
		for j, i := range keep {
			out[j] = s[i]
		}
		return out
	}
	pickAll := func(m [][]string) [][]string {
		out := make([][]string, len(m))
		for c := range m {
			out[c] = pick(m[c])
		}
		return out
	}
	return &args{spec: x.spec, a: pickAll(x.a), p: pickAll(x.p), group: pick(x.group), height: pick(x.height), width: pick(x.width)}
}

// checkCell validates one prediction cell and, for numeric metrics, parses
// it. A non-empty reason means the cell is invalid; why says how, quoting
// the value.
func (def metricDef) checkCell(spec *Spec, s string) (v float64, reason, why string) {
	switch def.kind {
	case kindText:
		return 0, "", ""
	case kindLabel:
		if strings.TrimSpace(s) == "" {
			return 0, ReasonNonFinite, "empty cell"
		}
		return 0, "", ""
	case kindMask:
		if _, err := parseRLE(s); err != nil {
			return 0, ReasonFormat, fmt.Sprintf("%q is not a run-length mask: %v", abbrev(s), err)
		}
		return 0, "", ""
	}
	v, reason, why = parseNumber(s)
	if reason != "" {
		return 0, reason, why
	}
	if def.bound != nil {
		if reason, why := def.bound(v, s); reason != "" {
			return 0, reason, why
		}
	}
	if r := spec.Range; len(r) == 2 && (v < r[0] || v > r[1]) {
		return 0, ReasonOutOfRange, fmt.Sprintf("%q is outside [%g, %g]", s, r[0], r[1])
	}
	return v, "", ""
}

func probability(v float64, s string) (string, string) {
	if v < 0 || v > 1 {
		return ReasonOutOfRange, fmt.Sprintf("%q is not a probability in [0, 1]", s)
	}
	return "", ""
}

// wholeNumber: scikit-learn's classification metrics take "2.0" as the
// label 2 but refuse 2.5 (a continuous target).
func wholeNumber(v float64, s string) (string, string) {
	if v != math.Trunc(v) {
		return ReasonFormat, fmt.Sprintf("%q is not a whole number (the labels are integers)", s)
	}
	return "", ""
}

func positive(v float64, s string) (string, string) {
	if v <= 0 {
		return ReasonOutOfRange, fmt.Sprintf("%q is not positive (log_rmse takes its log)", s)
	}
	return "", ""
}

func nonNegative(v float64, s string) (string, string) {
	if v < 0 {
		return ReasonOutOfRange, fmt.Sprintf("%q is negative (rmsle needs values >= 0)", s)
	}
	return "", ""
}

// abbrev shortens a long value for a message.
func abbrev(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
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

// numbers parses a column already checked by checkCell.
func numbers(col []string) []float64 {
	out := make([]float64, len(col))
	for i, s := range col {
		out[i], _, _ = parseNumber(s)
	}
	return out
}

// answerNumbers parses a column of answers; check may reject a value.
func answerNumbers(col []string, check func(v float64, s string) error) ([]float64, error) {
	out := make([]float64, len(col))
	for i, s := range col {
		v, _, why := parseNumber(s)
		if why != "" {
			return nil, fmt.Errorf("answer %d: %s", i, why)
		}
		if check != nil {
			if err := check(v, s); err != nil {
				return nil, fmt.Errorf("answer %d: %w", i, err)
			}
		}
		out[i] = v
	}
	return out, nil
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

func binaryAnswers(col []string) ([]float64, error) {
	out := make([]float64, len(col))
	for i, s := range col {
		v, err := parseBinary(s)
		if err != nil {
			return nil, fmt.Errorf("answer %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
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
