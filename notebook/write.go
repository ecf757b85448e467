package notebook

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
)

// Output holds the outputs of one executed code cell.
type Output struct {
	ExecutionCount int // 0 = not executed
	Stdout, Stderr string
	Error          *Error // nil when the cell did not raise

	// How the cell went, for the cell's "erosion" metadata (written when
	// Status is set): Status is "ok", "error" or "interrupted" (the run
	// ended during it: a timeout, a crash); Start is when it began (zero:
	// unknown) and DurationS how long it ran.
	Status    string
	Start     time.Time
	DurationS float64
}

// Run is what is known of the whole run, for the notebook's "erosion"
// metadata: when it started and ended and how it ended (ok, error,
// timeout, crash). With a Run, cells that were never reached get the
// status "not-run".
type Run struct {
	Start, End time.Time
	Status     string
}

// Cell statuses in the executed notebook's metadata.
const (
	CellOK          = "ok"
	CellError       = "error"
	CellInterrupted = "interrupted"
	CellNotRun      = "not-run"
)

// Error is an exception raised by a cell.
type Error struct {
	Name, Value string // exception type and message
	Traceback   []string
}

// The JSON shapes below follow nbformat 4.4. Fields are declared in
// alphabetical order, as Jupyter writes them, so diffs against notebooks
// saved by Jupyter stay small.
type (
	jsonNotebook struct {
		Cells         []any        `json:"cells"`
		Metadata      jsonMetadata `json:"metadata"`
		Nbformat      int          `json:"nbformat"`
		NbformatMinor int          `json:"nbformat_minor"`
	}
	jsonMetadata struct {
		Erosion    *jsonRunMeta `json:"erosion,omitempty"`
		Kernelspec struct {
			DisplayName string `json:"display_name"`
			Language    string `json:"language"`
			Name        string `json:"name"`
		} `json:"kernelspec"`
		LanguageInfo struct {
			Name string `json:"name"`
		} `json:"language_info"`
	}
	// The run's and the cells' "erosion" metadata take papermill's field
	// names (duration in seconds, start_time and end_time in ISO 8601 UTC,
	// exception, status), under erosion's own key.
	jsonRunMeta struct {
		Duration  float64 `json:"duration"`
		EndTime   string  `json:"end_time"`
		Exception bool    `json:"exception"`
		StartTime string  `json:"start_time"`
		Status    string  `json:"status"`
	}
	jsonCellMeta struct {
		Duration  *float64 `json:"duration,omitempty"`
		EndTime   string   `json:"end_time,omitempty"`
		Exception bool     `json:"exception"`
		StartTime string   `json:"start_time,omitempty"`
		Status    string   `json:"status"`
	}
	jsonCodeMeta struct {
		Erosion *jsonCellMeta `json:"erosion,omitempty"`
	}
	jsonCodeCell struct {
		CellType       string       `json:"cell_type"`
		ExecutionCount *int         `json:"execution_count"` // null when not run
		Metadata       jsonCodeMeta `json:"metadata"`
		Outputs        []any        `json:"outputs"`
		Source         []string     `json:"source"`
	}
	jsonTextCell struct {
		CellType string   `json:"cell_type"`
		Metadata struct{} `json:"metadata"`
		Source   []string `json:"source"`
	}
	jsonStream struct {
		Name       string   `json:"name"`
		OutputType string   `json:"output_type"`
		Text       []string `json:"text"`
	}
	jsonError struct {
		Ename      string   `json:"ename"`
		Evalue     string   `json:"evalue"`
		OutputType string   `json:"output_type"`
		Traceback  []string `json:"traceback"`
	}
)

// WriteExecuted writes nb as an nbformat 4.4 notebook for a python3 kernel,
// every cell kept in order (a cell of unknown kind is written as raw). The
// i-th code cell gets its execution count and outputs from outs[i]: a
// "stdout" and a "stderr" stream output when there is text and an "error"
// output when it raised. Code cells without an entry in outs were never
// reached: execution_count null, no outputs. An entry with ExecutionCount 0
// also gets execution_count null, but keeps whatever outputs it has.
func WriteExecuted(w io.Writer, nb *Notebook, outs []Output) error {
	return WriteExecutedRun(w, nb, outs, nil)
}

// WriteExecutedRun is WriteExecuted with the run's timing and outcome in the
// notebook's metadata, as papermill records them: the notebook's
// "erosion" metadata has the run's start, end, duration and status, and
// every code cell's the cell's (outs' Status, Start and DurationS; cells
// never reached are "not-run"). run may be nil.
func WriteExecutedRun(w io.Writer, nb *Notebook, outs []Output, run *Run) error {
	if nb == nil {
		return errors.New("notebook: WriteExecuted of a nil notebook")
	}
	doc := jsonNotebook{Cells: make([]any, 0, len(nb.Cells)), Nbformat: 4, NbformatMinor: 4}
	doc.Metadata.Kernelspec.DisplayName = "Python 3"
	doc.Metadata.Kernelspec.Language = "python"
	doc.Metadata.Kernelspec.Name = "python3"
	doc.Metadata.LanguageInfo.Name = "python"

	code := 0
	for _, c := range nb.Cells {
		if c.Kind != Code {
			kind := c.Kind
			if kind != Markdown {
				kind = Raw
			}
			doc.Cells = append(doc.Cells, jsonTextCell{CellType: kind, Source: lines(c.Source)})
			continue
		}
		cell := jsonCodeCell{CellType: Code, Outputs: []any{}, Source: lines(c.Source)}
		if code < len(outs) {
			cell.ExecutionCount, cell.Outputs = outputs(outs[code])
			cell.Metadata.Erosion = cellMeta(outs[code])
		} else if run != nil {
			cell.Metadata.Erosion = &jsonCellMeta{Status: CellNotRun}
		}
		code++
		doc.Cells = append(doc.Cells, cell)
	}

	if run != nil {
		doc.Metadata.Erosion = &jsonRunMeta{StartTime: isoTime(run.Start), EndTime: isoTime(run.End),
			Duration: run.End.Sub(run.Start).Seconds(), Status: run.Status, Exception: run.Status != "" && run.Status != "ok"}
	}

	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // Jupyter does not escape <, > and &
	enc.SetIndent("", " ")   // Jupyter's indentation
	return enc.Encode(doc)
}

// cellMeta is a cell's "erosion" metadata; nil without a status.
func cellMeta(o Output) *jsonCellMeta {
	if o.Status == "" {
		return nil
	}
	m := &jsonCellMeta{Status: o.Status, Exception: o.Status == CellError || o.Status == CellInterrupted}
	d := o.DurationS
	m.Duration = &d
	if !o.Start.IsZero() {
		m.StartTime = isoTime(o.Start)
		m.EndTime = isoTime(o.Start.Add(time.Duration(o.DurationS * float64(time.Second))))
	}
	return m
}

// isoTime is t in ISO 8601, UTC, to the microsecond, as Jupyter writes
// times.
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// outputs converts one cell's results to an execution count and nbformat
// outputs.
func outputs(o Output) (*int, []any) {
	out := []any{}
	for _, s := range []struct{ name, text string }{{"stdout", o.Stdout}, {"stderr", o.Stderr}} {
		if s.text != "" {
			out = append(out, jsonStream{Name: s.name, OutputType: "stream", Text: lines(s.text)})
		}
	}
	if e := o.Error; e != nil {
		tb := e.Traceback
		if tb == nil {
			tb = []string{} // nbformat requires a list
		}
		out = append(out, jsonError{Ename: e.Name, Evalue: e.Value, OutputType: "error", Traceback: tb})
	}
	if o.ExecutionCount == 0 {
		return nil, out
	}
	n := o.ExecutionCount
	return &n, out
}

// lines splits s into a multiline string as Jupyter stores it: lines keep
// their "\n", so joining them gives s back.
func lines(s string) []string {
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}
