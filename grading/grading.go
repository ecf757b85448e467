// Package grading scores a notebook's submission.csv against a competition's
// hidden answers, Kaggle-style: it validates the file the way a leaderboard
// would (columns, ids, values) and computes the competition's metric.
package grading

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"
)

// Metric names used in competition.yaml files.
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
)

// DefaultK is the k of map@k when Spec.K is not set.
const DefaultK = 5

// Spec is how a competition is graded (read from
// competitions/<slug>/competition.yaml by the datasets package).
type Spec struct {
	Metric         string
	HigherIsBetter bool
	IDColumn       string
	TargetColumn   string // the column graded in both files
	K              int    // for map@k; 0 means DefaultK
}

// Invalid says why a submission cannot be graded. Reason is one of the
// Reason constants; Detail says where (row, line, id, value).
type Invalid struct{ Reason, Detail string }

func (e *Invalid) Error() string {
	if e.Detail == "" {
		return "invalid submission: " + e.Reason
	}
	return "invalid submission: " + e.Reason + ": " + e.Detail
}

// Reasons a submission is invalid.
const (
	ReasonMissing     = "missing"      // file absent
	ReasonEmpty       = "empty"        // empty file, or a header and no rows
	ReasonUnreadable  = "unreadable"   // not CSV text (parse error, binary, row too short)
	ReasonColumns     = "columns"      // id or target column absent
	ReasonRowCount    = "row-count"    // more rows than the answers (fewer rows: ReasonMissingID)
	ReasonDuplicateID = "duplicate-id" // an id predicted twice
	ReasonUnknownID   = "unknown-id"   // an id not in the answers
	ReasonMissingID   = "missing-id"   // an answer id not predicted
	ReasonNotNumber   = "not-a-number" // numeric metric, value does not parse
	ReasonNonFinite   = "non-finite"   // NaN, ±Inf, or an empty cell
	ReasonOutOfRange  = "out-of-range" // negative for rmsle, <= 0 for log_rmse, outside [0,1] for log_loss
)

// ErrUndefined is wrapped by the errors of a metric that is undefined on the
// answers themselves (no rows, a single class for roc_auc): the answers, not
// the submission, are at fault.
var ErrUndefined = errors.New("metric undefined")

// Grade reads the submission CSV at submissionPath and the answers CSV,
// validates the submission and returns the score. A validation failure is an
// *Invalid (use errors.As); problems with the spec or the answers file are
// plain errors.
//
// Checks run in this order, so one file gets one well-defined reason:
// missing, empty/unreadable/columns (whole file), row-count (more rows than
// answers), then row by row unknown-id, duplicate-id and the value checks,
// and last missing-id (fewer rows than answers).
func Grade(spec Spec, submissionPath, answersPath string) (float64, error) {
	if !known(spec.Metric) {
		return 0, fmt.Errorf("grading: unknown metric %q", spec.Metric)
	}
	if spec.IDColumn == "" || spec.TargetColumn == "" {
		return 0, errors.New("grading: spec needs an id column and a target column")
	}

	answers, err := readAnswers(spec, answersPath)
	if err != nil {
		return 0, err
	}

	data, err := os.ReadFile(submissionPath)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, &Invalid{ReasonMissing, "no file at " + submissionPath}
	} else if err != nil {
		return 0, &Invalid{ReasonUnreadable, err.Error()}
	}
	sub, inv := readTable(data, spec.IDColumn, spec.TargetColumn)
	if inv != nil {
		return 0, inv
	}
	preds, inv := align(spec.Metric, answers, sub)
	if inv != nil {
		return 0, inv
	}
	return Score(spec.Metric, spec.K, answers.values, preds)
}

// table is the id and target columns of a CSV file, one entry per data row.
type table struct {
	ids    []string // trimmed
	values []string // as written
	lines  []int    // line number of each row in the file, for messages
	index  map[string]int
}

// where names data row i for messages: its 1-based row number among the
// data rows and its line in the file (they differ by the header, and by
// quoted fields that span lines).
func (t *table) where(i int) string {
	return fmt.Sprintf("row %d (line %d)", i+1, t.lines[i])
}

// readAnswers reads the hidden answers; every problem is a plain error
// because it is not the notebook's fault.
func readAnswers(spec Spec, path string) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("grading: answers: %w", err)
	}
	t, inv := readTable(data, spec.IDColumn, spec.TargetColumn)
	if inv != nil {
		return nil, fmt.Errorf("grading: answers %s: %s: %s", path, inv.Reason, inv.Detail)
	}
	t.index = make(map[string]int, len(t.ids))
	for i, id := range t.ids {
		if j, dup := t.index[id]; dup {
			return nil, fmt.Errorf("grading: answers %s: id %q at %s and %s", path, id, t.where(j), t.where(i))
		}
		t.index[id] = i
	}
	return t, nil
}

// readTable parses CSV data with a header row and returns its id and target
// columns. It tolerates a UTF-8 BOM, CRLF line ends, quoted fields, extra
// columns in any order and blank lines.
func readTable(data []byte, idCol, targetCol string) (*table, *Invalid) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Invalid{ReasonEmpty, "the file is empty"}
	}
	// A CSV written by pandas is UTF-8; anything else is most likely a
	// binary file (parquet, pickle) saved under the .csv name.
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8At(data)], []byte("\n"))
		return nil, &Invalid{ReasonUnreadable, fmt.Sprintf("line %d: not UTF-8 text (a binary file?)", line)}
	}

	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // ragged rows are fine as long as the two columns are there
	r.ReuseRecord = true   // the strings are still fresh; only the slice is reused

	header, err := r.Read()
	if err != nil {
		return nil, csvInvalid(err)
	}
	idIdx, targetIdx := -1, -1
	for i, name := range header {
		switch strings.TrimSpace(name) {
		case idCol:
			if idIdx < 0 {
				idIdx = i
			}
		case targetCol:
			if targetIdx < 0 {
				targetIdx = i
			}
		}
	}
	if idIdx < 0 || targetIdx < 0 {
		var absent []string
		if idIdx < 0 {
			absent = append(absent, fmt.Sprintf("id column %q", idCol))
		}
		if targetIdx < 0 {
			absent = append(absent, fmt.Sprintf("target column %q", targetCol))
		}
		return nil, &Invalid{ReasonColumns, fmt.Sprintf("no %s; the header is %q",
			strings.Join(absent, " and no "), header)}
	}
	need := max(idIdx, targetIdx) + 1

	t := &table{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, csvInvalid(err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) < need {
			return nil, &Invalid{ReasonUnreadable, fmt.Sprintf("row %d (line %d) has %d fields, the header has %d",
				len(t.ids)+1, line, len(rec), len(header))}
		}
		t.ids = append(t.ids, strings.TrimSpace(rec[idIdx]))
		t.values = append(t.values, rec[targetIdx])
		t.lines = append(t.lines, line)
	}
	if len(t.ids) == 0 {
		return nil, &Invalid{ReasonEmpty, fmt.Sprintf("a header %q and no rows", header)}
	}
	return t, nil
}

func csvInvalid(err error) *Invalid {
	if err == io.EOF {
		return &Invalid{ReasonEmpty, "the file is empty"}
	}
	return &Invalid{ReasonUnreadable, err.Error()} // csv.ParseError names line and column
}

// invalidUTF8At is the offset of the first byte that is not valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// align checks the submission's ids and values against the answers and
// returns the predictions in the answers' order.
func align(metric string, answers, sub *table) ([]string, *Invalid) {
	n, m := len(answers.ids), len(sub.ids)
	// With more rows than answers some id must be repeated or unknown, but
	// the count is the clearer message (a test set appended twice, say).
	if m > n {
		return nil, &Invalid{ReasonRowCount, fmt.Sprintf("%d rows, the answers have %d", m, n)}
	}
	preds := make([]string, n)
	seenAt := make([]int, n) // 1 + the submission row that predicted answer i; 0 = not yet
	for i, id := range sub.ids {
		j, ok := answers.index[id]
		if !ok {
			return nil, &Invalid{ReasonUnknownID, fmt.Sprintf("%s: id %q is not in the answers", sub.where(i), id)}
		}
		if seenAt[j] != 0 {
			return nil, &Invalid{ReasonDuplicateID, fmt.Sprintf("%s: id %q already at %s", sub.where(i), id, sub.where(seenAt[j]-1))}
		}
		seenAt[j] = i + 1
		if _, reason, why := checkPrediction(metric, sub.values[i]); reason != "" {
			return nil, &Invalid{reason, fmt.Sprintf("%s, id %q: %s", sub.where(i), id, why)}
		}
		preds[j] = sub.values[i]
	}
	if m < n {
		// The ids are distinct and known, so fewer rows means missing ids.
		for j, at := range seenAt {
			if at == 0 {
				return nil, &Invalid{ReasonMissingID, fmt.Sprintf("id %q (row %d of the answers) has no prediction; %d rows, the answers have %d",
					answers.ids[j], j+1, m, n)}
			}
		}
	}
	return preds, nil
}

// RelErr is |score - target| / |target|, or |score - target| when target is 0.
func RelErr(score, target float64) float64 {
	d := score - target
	if d < 0 {
		d = -d
	}
	if target == 0 {
		return d
	}
	if target < 0 {
		target = -target
	}
	return d / target
}
