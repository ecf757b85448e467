// Package grading scores a notebook's submission.csv against a competition's
// hidden answers, Kaggle-style: it validates the file the way a leaderboard
// would (columns, ids, values) and computes the competition's metric.
//
// The metrics and their validation rules are documented in METRICS.md.
package grading

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultK is the k of map@k when Spec.K is not set.
const DefaultK = 5

// AllColumns, as the only entry of Spec.TargetColumns, stands for every
// column of the answers except the id (and the columns the spec names for
// other roles): the answers file lists the classes.
const AllColumns = "*"

// Spec is how a competition is graded (read from
// competitions/<slug>/competition.yaml by the datasets package).
type Spec struct {
	Metric         string
	HigherIsBetter bool
	IDColumn       string
	TargetColumn   string   // the column graded in both files
	TargetColumns  []string // several graded columns instead of TargetColumn (see METRICS.md)
	// AnswerColumn is the answers' column when it is not named like the
	// submission's: the answers' name of TargetColumn, or, for
	// multiclass_log_loss, a label column naming each row's class column.
	AnswerColumn string
	K            int // for map@k; 0 means DefaultK

	Range           []float64 // [min, max] every numeric prediction must lie in; nil: no bound
	SumTolerance    float64   // probability rows must sum to 1 within this; 0: not checked
	RequiredColumns []string  // must be in the submission although they are not graded
	ExactColumns    bool      // the submission may have no column beyond the id, targets and required ones
	ExtraIDs        bool      // submission rows whose id is not in the answers are ignored, not invalid
	Where           *Where    // only the answers rows that match are scored
	GroupColumn     string    // answers column grouping rows, for log_mae_by_group
	HeightColumn    string    // answers columns with each mask's size, for dice/global_dice:
	WidthColumn     string    // pixels beyond height*width are dropped
}

// Where selects the answers rows that are scored: those whose Column holds
// Equals (compared like labels: trimmed, "0" equals "0.0").
type Where struct{ Column, Equals string }

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
	ReasonMissing      = "missing"       // file absent
	ReasonEmpty        = "empty"         // empty file, or a header and no rows
	ReasonUnreadable   = "unreadable"    // not CSV text (parse error, binary, row too short)
	ReasonColumns      = "columns"       // id or target column absent, or a column too many (exact_columns)
	ReasonRowCount     = "row-count"     // more rows than the answers (fewer rows: ReasonMissingID)
	ReasonDuplicateID  = "duplicate-id"  // an id predicted twice
	ReasonUnknownID    = "unknown-id"    // an id not in the answers
	ReasonMissingID    = "missing-id"    // an answer id not predicted
	ReasonNotNumber    = "not-a-number"  // numeric metric, value does not parse
	ReasonNonFinite    = "non-finite"    // NaN, ±Inf, or an empty cell
	ReasonOutOfRange   = "out-of-range"  // outside the metric's or the spec's range
	ReasonRowSum       = "row-sum"       // probabilities of a row do not sum to 1
	ReasonFormat       = "format"        // a structured value (run-length mask) is malformed
	ReasonUndefined    = "undefined"     // the metric has no value on these predictions (constant for a correlation)
	ReasonGraderReject = "grader-reject" // an external grader said the submission is invalid
)

// ErrUndefined is wrapped by the errors of a metric that is undefined on the
// answers themselves (no rows, a single class for roc_auc): the answers, not
// the submission, are at fault.
var ErrUndefined = errors.New("metric undefined")

// Grade reads the submission CSV at submissionPath and grades it with
// GradeData. A missing file is an *Invalid with ReasonMissing.
func Grade(spec Spec, submissionPath, answersPath string) (float64, error) {
	if err := spec.Check(); err != nil {
		return 0, err
	}
	data, err := os.ReadFile(submissionPath)
	if errors.Is(err, fs.ErrNotExist) {
		// Answers first: a broken dataset must not pass for a missing submission.
		if _, aerr := loadAnswers(&spec, answersPath); aerr != nil {
			return 0, aerr
		}
		return 0, &Invalid{ReasonMissing, "no file at " + submissionPath}
	} else if err != nil {
		return 0, &Invalid{ReasonUnreadable, err.Error()}
	}
	return GradeData(spec, data, answersPath)
}

// GradeData validates the submission CSV held in submission against the
// answers CSV at answersPath and returns the score. The caller reads the
// submission (bounded, without following links); the answers are trusted
// dataset files, parsed once and cached while their size and mtime hold.
//
// A validation failure is an *Invalid (use errors.As); problems with the spec
// or the answers file are plain errors.
//
// Checks run in this order, so one file gets one well-defined reason:
// empty/unreadable/columns (whole file), row-count (more rows than
// answers), then row by row unknown-id, duplicate-id and the value checks,
// and last missing-id (fewer rows than answers).
func GradeData(spec Spec, submission []byte, answersPath string) (float64, error) {
	if err := spec.Check(); err != nil {
		return 0, err
	}
	ans, err := loadAnswers(&spec, answersPath)
	if err != nil {
		return 0, err
	}
	sub, inv := readTable(submission, spec.IDColumn, ans.targets, spec.RequiredColumns)
	if inv != nil {
		return 0, inv
	}
	if spec.ExactColumns {
		if inv := exactColumns(sub, spec.IDColumn, append(slices.Clone(ans.targets), spec.RequiredColumns...)); inv != nil {
			return 0, inv
		}
	}
	preds, inv := align(&spec, ans, sub)
	if inv != nil {
		return 0, inv
	}
	return score(&spec, ans, preds)
}

// Check says whether the spec is complete and consistent.
func (s *Spec) Check() error {
	def, ok := metrics[s.Metric]
	switch {
	case !ok:
		return fmt.Errorf("grading: unknown metric %q; use one of %s", s.Metric, strings.Join(Metrics(), ", "))
	case s.IDColumn == "":
		return errors.New("grading: spec needs an id column")
	case s.TargetColumn == "" && len(s.TargetColumns) == 0:
		return errors.New("grading: spec needs a target column (or target columns)")
	case s.TargetColumn != "" && len(s.TargetColumns) > 0:
		return errors.New("grading: spec has both a target column and target columns; keep one")
	case slices.Contains(s.TargetColumns, AllColumns) && len(s.TargetColumns) > 1:
		return fmt.Errorf("grading: target columns: %q stands alone (every answers column but the id)", AllColumns)
	case s.K < 0:
		return fmt.Errorf("grading: k = %d; it must be positive", s.K)
	case len(s.Range) != 0 && (len(s.Range) != 2 || s.Range[0] > s.Range[1]):
		return fmt.Errorf("grading: range %v: give [min, max] with min <= max", s.Range)
	case s.SumTolerance < 0:
		return fmt.Errorf("grading: sum tolerance %v is negative", s.SumTolerance)
	case s.Where != nil && s.Where.Column == "":
		return errors.New("grading: where needs a column")
	case (s.HeightColumn == "") != (s.WidthColumn == ""):
		return errors.New("grading: give both the height and the width column, or neither")
	case s.HeightColumn != "" && def.kind != kindMask:
		return fmt.Errorf("grading: height/width columns are for the mask metrics, not %s", s.Metric)
	case s.GroupColumn == "" && s.Metric == LogMAEByGroup:
		return fmt.Errorf("grading: %s needs a group column", s.Metric)
	}
	if s.AnswerColumn != "" {
		switch {
		case s.Metric == MulticlassLogLoss && len(s.TargetColumns) > 0 && !slices.Contains(s.TargetColumns, AllColumns):
		case s.TargetColumn != "":
		default:
			return errors.New("grading: answer column renames the target column, or (multiclass_log_loss) names each row's class among explicit target columns")
		}
	}
	if def.columns > 0 && len(s.TargetColumns) != def.columns && !slices.Contains(s.TargetColumns, AllColumns) {
		return fmt.Errorf("grading: %s takes %d target columns, got %d", s.Metric, def.columns, len(s.TargetColumns))
	}
	return nil
}

// table is the columns of a CSV file that grading needs, one entry per data row.
type table struct {
	header []string   // trimmed
	names  []string   // the columns in cols
	ids    []string   // trimmed
	cols   [][]string // cols[c][row], as written, in the order asked
	lines  []int      // line number of each row in the file, for messages
	index  map[string]int
}

// where names data row i for messages: its 1-based row number among the
// data rows and its line in the file (they differ by the header, and by
// quoted fields that span lines).
func (t *table) where(i int) string {
	return fmt.Sprintf("row %d (line %d)", i+1, t.lines[i])
}

// readTable parses CSV data with a header row and returns its id column,
// the target columns and the other columns asked for, in that order. Targets
// of [AllColumns] are every column but the id and the others. It tolerates a UTF-8 BOM, CRLF line ends, quoted fields, extra columns
// in any order and blank lines.
func readTable(data []byte, idCol string, targets, others []string) (*table, *Invalid) {
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
	r.FieldsPerRecord = -1 // ragged rows are fine as long as the columns asked for are there
	r.ReuseRecord = true   // the strings are still fresh; only the slice is reused

	raw, err := r.Read()
	if err != nil {
		return nil, csvInvalid(err)
	}
	header := make([]string, len(raw))
	pos := map[string]int{}
	for i, name := range raw {
		header[i] = strings.TrimSpace(name)
		if _, seen := pos[header[i]]; !seen {
			pos[header[i]] = i
		}
	}
	if len(targets) == 1 && targets[0] == AllColumns {
		targets = nil
		for _, h := range header {
			if h != idCol && h != "" && !slices.Contains(others, h) && !slices.Contains(targets, h) {
				targets = append(targets, h)
			}
		}
	}
	want := append(slices.Clone(targets), others...)
	idIdx, ok := pos[idCol]
	var absent []string
	if !ok {
		absent = append(absent, fmt.Sprintf("id column %q", idCol))
	}
	idx := make([]int, len(want))
	need := idIdx + 1
	for c, name := range want {
		i, ok := pos[name]
		if !ok {
			kind := "target column"
			if c >= len(targets) {
				kind = "column"
			}
			absent = append(absent, fmt.Sprintf("%s %q", kind, name))
			continue
		}
		idx[c] = i
		need = max(need, i+1)
	}
	if len(absent) > 0 {
		if len(absent) > 3 {
			absent = append(absent[:3], fmt.Sprintf("%d more", len(absent)-3))
		}
		return nil, &Invalid{ReasonColumns, fmt.Sprintf("no %s; the header is %q",
			strings.Join(absent, " and no "), abbreviate(header))}
	}

	t := &table{header: header, names: want, cols: make([][]string, len(want))}
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
		for c, i := range idx {
			t.cols[c] = append(t.cols[c], rec[i])
		}
		t.lines = append(t.lines, line)
	}
	if len(t.ids) == 0 {
		return nil, &Invalid{ReasonEmpty, fmt.Sprintf("a header %q and no rows", abbreviate(header))}
	}
	return t, nil
}

// abbreviate keeps a long header readable in a one-line message.
func abbreviate(header []string) []string {
	if len(header) <= 12 {
		return header
	}
	return append(slices.Clip(header[:10]), "…", fmt.Sprintf("(%d columns)", len(header)))
}

// exactColumns rejects a submission with a column the spec does not name
// (MLE-bench rejects, e.g., the unnamed index column pandas writes by default).
func exactColumns(sub *table, idCol string, want []string) *Invalid {
	for _, h := range sub.header {
		if h != idCol && !slices.Contains(want, h) {
			return &Invalid{ReasonColumns, fmt.Sprintf("column %q is not allowed: the submission must have exactly %d columns (the id and %s)",
				h, len(want)+1, strings.Join(abbreviate(want), ", "))}
		}
	}
	if len(sub.header) != len(want)+1 {
		return &Invalid{ReasonColumns, fmt.Sprintf("%d columns, want %d (a column is repeated)", len(sub.header), len(want)+1)}
	}
	return nil
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
// returns the predictions in the answers' order, one slice per target column.
func align(spec *Spec, ans *answers, sub *table) ([][]string, *Invalid) {
	def := metrics[spec.Metric]
	n, m := len(ans.ids), len(sub.ids)
	// With more rows than answers some id must be repeated or unknown, but
	// the count is the clearer message (a test set appended twice, say).
	if m > n && !spec.ExtraIDs {
		return nil, &Invalid{ReasonRowCount, fmt.Sprintf("%d rows, the answers have %d", m, n)}
	}
	preds := make([][]string, len(ans.targets))
	for c := range preds {
		preds[c] = make([]string, n)
	}
	seenAt := make([]int, n) // 1 + the submission row that predicted answer i; 0 = not yet
	seen := 0
	for i, id := range sub.ids {
		j, ok := ans.index[id]
		if !ok {
			if spec.ExtraIDs {
				continue
			}
			return nil, &Invalid{ReasonUnknownID, fmt.Sprintf("%s: id %q is not in the answers", sub.where(i), id)}
		}
		if seenAt[j] != 0 {
			return nil, &Invalid{ReasonDuplicateID, fmt.Sprintf("%s: id %q already at %s", sub.where(i), id, sub.where(seenAt[j]-1))}
		}
		seenAt[j] = i + 1
		seen++
		var sum float64
		for c := range preds {
			v := sub.cols[c][i]
			x, reason, why := def.checkCell(spec, v)
			if reason != "" {
				col := ""
				if len(preds) > 1 {
					col = fmt.Sprintf(", column %q", ans.targets[c])
				}
				return nil, &Invalid{reason, fmt.Sprintf("%s, id %q%s: %s", sub.where(i), id, col, why)}
			}
			sum += x
			preds[c][j] = v
		}
		if spec.SumTolerance > 0 && !within(sum, 1, spec.SumTolerance) {
			return nil, &Invalid{ReasonRowSum, fmt.Sprintf("%s, id %q: the probabilities sum to %.9g, not 1 (tolerance %g)",
				sub.where(i), id, sum, spec.SumTolerance)}
		}
	}
	if seen < n {
		for j, at := range seenAt {
			if at == 0 {
				return nil, &Invalid{ReasonMissingID, fmt.Sprintf("id %q (row %d of the answers) has no prediction; %d rows, the answers have %d",
					ans.ids[j], j+1, seen, n)}
			}
		}
	}
	return preds, nil
}

func within(x, want, tol float64) bool { return x >= want-tol && x <= want+tol }

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
