package external

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"erosion/grading"
)

// Report is a grader's verdict. Its fields are those of MLE-bench's
// CompetitionReport (grade-sample logs it as JSON); an erosion-format
// report fills CompetitionID, Score, ValidSubmission and Reason only.
type Report struct {
	CompetitionID    string   `json:"competition_id"`
	Score            *float64 `json:"score"` // null when the submission is invalid
	GoldThreshold    float64  `json:"gold_threshold"`
	SilverThreshold  float64  `json:"silver_threshold"`
	BronzeThreshold  float64  `json:"bronze_threshold"`
	MedianThreshold  float64  `json:"median_threshold"`
	AnyMedal         bool     `json:"any_medal"`
	GoldMedal        bool     `json:"gold_medal"`
	SilverMedal      bool     `json:"silver_medal"`
	BronzeMedal      bool     `json:"bronze_medal"`
	AboveMedian      bool     `json:"above_median"`
	SubmissionExists bool     `json:"submission_exists"`
	ValidSubmission  bool     `json:"valid_submission"`
	IsLowerBetter    bool     `json:"is_lower_better"`
	CreatedAt        string   `json:"created_at"`
	SubmissionPath   string   `json:"submission_path"`

	// Reason says why the submission is invalid: an erosion report's
	// "reason", or the message MLE-bench logged before its report.
	Reason string `json:"-"`
}

// mleRequired are the report fields the adapter needs from grade-sample.
var mleRequired = []string{"competition_id", "score", "valid_submission", "submission_exists", "is_lower_better"}

// Bounds on the search for the report in a grader's output: how many '{'
// are tried, from the end, and how far each decode may read.
const (
	maxCandidates = 1000
	maxReportSize = 64 << 10
)

// interpret turns a grader's output into a score or a verdict.
func interpret(kind, competition string, out Output, limit int) (float64, *Report, error) {
	stdout, stderr := tail(out.Stdout, limit), tail(out.Stderr, limit)
	if out.ExitCode != 0 {
		return 0, nil, fmt.Errorf("%w: exit code %d%s", ErrGrader, out.ExitCode, lastLines(stderr, stdout))
	}
	marker := "competition_id"
	if kind == ReportErosion {
		marker = "valid"
	}
	raw := findReport(stdout, marker)
	if raw == nil {
		raw = findReport(stderr, marker)
	}
	if raw == nil {
		what := "no JSON report"
		if out.Truncated {
			what += fmt.Sprintf(" in the last %d bytes of its output", limit)
		}
		return 0, nil, fmt.Errorf("%w: %s with a %q field%s", ErrGrader, what, marker, lastLines(stderr, stdout))
	}
	var rep *Report
	var err error
	if kind == ReportErosion {
		rep, err = erosionReport(raw, competition)
	} else {
		rep, err = mleReport(raw, competition)
		if err == nil && !rep.ValidSubmission {
			rep.Reason = mleReason(stderr, stdout)
		}
	}
	if err != nil {
		return 0, nil, err
	}
	switch {
	case !rep.ValidSubmission:
		reason := rep.Reason
		if reason == "" {
			reason = "the grader gave no reason"
		}
		return 0, rep, &grading.Invalid{Reason: grading.ReasonGraderReject, Detail: reason}
	case rep.Score == nil:
		return 0, rep, &grading.Invalid{Reason: grading.ReasonUndefined, Detail: "the grader's score is not a finite number"}
	}
	return *rep.Score, rep, nil
}

// tail keeps the last limit bytes: a sandbox that kept more is not trusted
// to have bounded its read.
func tail(b []byte, limit int) []byte {
	if limit > 0 && len(b) > limit {
		return b[len(b)-limit:]
	}
	return b
}

// nonFinite are the tokens Python's json.dumps writes for NaN and ±Inf,
// which JSON has no spelling for; a score so written is no score.
var nonFinite = regexp.MustCompile(`(:\s*)(NaN|-?Infinity)\b`)

// findReport returns the last JSON object in out that has the marker key,
// with Python's non-finite numbers turned into null.
func findReport(out []byte, marker string) map[string]json.RawMessage {
	tried := 0
	for end := len(out); end > 0 && tried < maxCandidates; {
		i := bytes.LastIndexByte(out[:end], '{')
		if i < 0 {
			break
		}
		end, tried = i, tried+1
		window := out[i:min(len(out), i+maxReportSize)]
		if !bytes.Contains(window, []byte(`"`+marker+`"`)) {
			continue
		}
		window = nonFinite.ReplaceAll(window, []byte("${1}null"))
		var obj map[string]json.RawMessage
		if json.NewDecoder(bytes.NewReader(window)).Decode(&obj) == nil {
			if _, ok := obj[marker]; ok {
				return obj
			}
		}
	}
	return nil
}

func mleReport(raw map[string]json.RawMessage, competition string) (*Report, error) {
	var missing []string
	for _, k := range mleRequired {
		if _, ok := raw[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the report lacks %s", ErrGrader, strings.Join(missing, ", "))
	}
	data, _ := json.Marshal(raw)
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%w: malformed report: %v", ErrGrader, err)
	}
	if rep.CompetitionID != competition {
		return nil, fmt.Errorf("%w: the report is for competition %q, not %q", ErrGrader, rep.CompetitionID, competition)
	}
	if !rep.SubmissionExists {
		// The wrapper always hands the grader a file: not seeing it is the
		// grader's (or its configuration's) fault.
		return nil, fmt.Errorf("%w: the grader did not find the submission at %s", ErrGrader, SubmissionPath)
	}
	if rep.ValidSubmission && rep.Score != nil && (math.IsNaN(*rep.Score) || math.IsInf(*rep.Score, 0)) {
		rep.Score = nil
	}
	return &rep, nil
}

func erosionReport(raw map[string]json.RawMessage, competition string) (*Report, error) {
	var r struct {
		Score  *float64 `json:"score"`
		Valid  *bool    `json:"valid"`
		Reason string   `json:"reason"`
	}
	data, _ := json.Marshal(raw)
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%w: malformed report: %v", ErrGrader, err)
	}
	if r.Valid == nil {
		return nil, fmt.Errorf("%w: the report's valid is null", ErrGrader)
	}
	if _, ok := raw["score"]; *r.Valid && !ok {
		return nil, fmt.Errorf("%w: the report says valid but has no score", ErrGrader)
	}
	return &Report{CompetitionID: competition, Score: r.Score, ValidSubmission: *r.Valid, SubmissionExists: true, Reason: r.Reason}, nil
}

// mleLogPrefix is the "[time] [file.py:line] " MLE-bench's logger writes.
var mleLogPrefix = regexp.MustCompile(`^\[[^\]]*\] \[[^\]]*\] `)

// mleReason finds why MLE-bench rejected a submission: grade-sample logs
// "Invalid submission: …" (an InvalidSubmissionError) or "Unexpected error
// during grading: …" before the report. The last such line wins.
func mleReason(outs ...[]byte) string {
	for _, out := range outs {
		lines := strings.Split(string(out), "\n")
		for _, line := range slices.Backward(lines) {
			line = strings.TrimSpace(mleLogPrefix.ReplaceAllString(strings.TrimSpace(line), ""))
			for _, p := range []string{"Invalid submission: ", "Invalid submission file: "} {
				if _, msg, ok := strings.Cut(line, p); ok {
					return abbreviate(strings.TrimSpace(msg), 300)
				}
			}
			// An exception in the grade function: MLE-bench counts the
			// submission invalid; the reason keeps saying so.
			if i := strings.Index(line, "Unexpected error during grading: "); i >= 0 {
				return abbreviate(line[i:], 300)
			}
		}
	}
	return ""
}

// lastLines quotes the end of a failed grader's output for the error.
func lastLines(outs ...[]byte) string {
	for _, out := range outs {
		s := strings.TrimSpace(string(out))
		if s == "" {
			continue
		}
		lines := strings.Split(s, "\n")
		lines = lines[max(0, len(lines)-3):]
		return "; it wrote: " + abbreviate(strings.Join(lines, " | "), 400)
	}
	return ""
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
