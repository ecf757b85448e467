package notebook

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriteExecuted(t *testing.T) {
	nb, err := Read(filepath.Join("testdata", "titanic-2023.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	// Six cells, four of them code: the third code cell raised, the fourth
	// was never reached.
	outs := []Output{
		{ExecutionCount: 1, Stdout: "Successfully installed xgboost\n"},
		{ExecutionCount: 2, Stdout: "/kaggle/input/titanic/train.csv\n/kaggle/input/titanic/test.csv\n", Stderr: "warning: <deprecated>\n"},
		{ExecutionCount: 3, Error: &Error{
			Name:      "ModuleNotFoundError",
			Value:     "No module named 'xgboost'",
			Traceback: []string{"\x1b[0;31m---------------------------------------------------------------------------\x1b[0m", "ModuleNotFoundError: No module named 'xgboost'"},
		}},
	}
	var buf bytes.Buffer
	if err := WriteExecuted(&buf, nb, outs); err != nil {
		t.Fatal(err)
	}

	var doc struct {
		Nbformat      int `json:"nbformat"`
		NbformatMinor int `json:"nbformat_minor"`
		Metadata      struct {
			Kernelspec   map[string]string `json:"kernelspec"`
			LanguageInfo map[string]string `json:"language_info"`
		} `json:"metadata"`
		Cells []struct {
			CellType       string          `json:"cell_type"`
			ExecutionCount json.RawMessage `json:"execution_count"`
			Metadata       json.RawMessage `json:"metadata"`
			Outputs        []struct {
				OutputType string   `json:"output_type"`
				Name       string   `json:"name"`
				Text       []string `json:"text"`
				Ename      string   `json:"ename"`
				Evalue     string   `json:"evalue"`
				Traceback  []string `json:"traceback"`
			} `json:"outputs"`
			Source []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("written notebook is not JSON: %v", err)
	}
	if doc.Nbformat != 4 || doc.NbformatMinor != 4 {
		t.Errorf("nbformat %d.%d, want 4.4", doc.Nbformat, doc.NbformatMinor)
	}
	if doc.Metadata.Kernelspec["name"] != "python3" || doc.Metadata.LanguageInfo["name"] != "python" {
		t.Errorf("metadata = %+v", doc.Metadata)
	}
	if len(doc.Cells) != len(nb.Cells) {
		t.Fatalf("%d cells, want %d", len(doc.Cells), len(nb.Cells))
	}

	type want struct {
		cellType    string
		count       string   // raw execution_count, "" when the key must be absent
		outputTypes []string // output_type of each output
	}
	wants := []want{
		{Markdown, "", nil},
		{Code, "1", []string{"stream"}},
		{Code, "2", []string{"stream", "stream"}},
		{Code, "3", []string{"error"}},
		{Raw, "", nil},
		{Code, "null", []string{}},
	}
	for i, w := range wants {
		c := doc.Cells[i]
		if c.CellType != w.cellType || string(c.ExecutionCount) != w.count {
			t.Errorf("cell %d: type %q execution_count %q, want %q %q", i, c.CellType, c.ExecutionCount, w.cellType, w.count)
		}
		if string(c.Metadata) != "{}" {
			t.Errorf("cell %d: metadata %s, want {}", i, c.Metadata)
		}
		var types []string
		for _, o := range c.Outputs {
			types = append(types, o.OutputType)
		}
		if !slices.Equal(types, w.outputTypes) {
			t.Errorf("cell %d: output types %q, want %q", i, types, w.outputTypes)
		}
		if got := strings.Join(c.Source, ""); got != nb.Cells[i].Source {
			t.Errorf("cell %d: source %q, want %q", i, got, nb.Cells[i].Source)
		}
	}

	// Streams keep Jupyter's line lists and names; the error keeps its fields.
	streams := doc.Cells[2].Outputs
	if streams[0].Name != "stdout" || streams[1].Name != "stderr" ||
		!slices.Equal(streams[0].Text, []string{"/kaggle/input/titanic/train.csv\n", "/kaggle/input/titanic/test.csv\n"}) {
		t.Errorf("streams = %+v", streams)
	}
	e := doc.Cells[3].Outputs[0]
	if e.Ename != "ModuleNotFoundError" || e.Evalue != "No module named 'xgboost'" || len(e.Traceback) != 2 {
		t.Errorf("error output = %+v", e)
	}
	// Jupyter does not escape HTML characters.
	if !strings.Contains(buf.String(), "<deprecated>") {
		t.Error("HTML characters were escaped")
	}

	// The result reads back as the same notebook.
	back, err := Parse("executed.ipynb", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Format != FormatIpynb4 || back.Language != "python" || !slices.Equal(back.Cells, nb.Cells) {
		t.Errorf("round trip: %+v", back)
	}
}

func TestWriteExecutedEdgeCases(t *testing.T) {
	nb := &Notebook{Cells: []Cell{{Code, ""}, {"odd", "x"}, {Code, "raise E"}}}
	outs := []Output{
		{}, // not executed
		{ExecutionCount: 0, Error: &Error{Name: "E"}},
	}
	var buf bytes.Buffer
	if err := WriteExecuted(&buf, nb, outs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cells []map[string]any `json:"cells"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Cells
	if c[0]["execution_count"] != nil || len(c[0]["outputs"].([]any)) != 0 || len(c[0]["source"].([]any)) != 0 {
		t.Errorf("empty unexecuted cell = %v", c[0])
	}
	if c[1]["cell_type"] != Raw {
		t.Errorf("unknown kind written as %v", c[1]["cell_type"])
	}
	// execution_count null, but the error is kept, with a traceback list.
	out := c[2]["outputs"].([]any)
	if c[2]["execution_count"] != nil || len(out) != 1 || out[0].(map[string]any)["traceback"] == nil {
		t.Errorf("cell with error = %v", c[2])
	}

	if err := WriteExecuted(&buf, nil, nil); err == nil {
		t.Error("WriteExecuted(nil) succeeded")
	}
}

// With the run's timing, every code cell carries papermill-style metadata
// under "erosion" (status, start, end, duration, exception), cells never
// reached say "not-run", and the notebook carries the run's.
func TestWriteExecutedRunMetadata(t *testing.T) {
	nb := &Notebook{Cells: []Cell{{Markdown, "# t"}, {Code, "a = 1"}, {Code, "raise E"}, {Code, "while True: pass"}, {Code, "b = 2"}}}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	outs := []Output{
		{ExecutionCount: 1, Status: CellOK, Start: start, DurationS: 1.5},
		{ExecutionCount: 2, Status: CellError, Start: start.Add(1500 * time.Millisecond), DurationS: 0.25,
			Error: &Error{Name: "E", Value: "boom", Traceback: []string{"Traceback (most recent call last):", "E: boom"}}},
		{ExecutionCount: 3, Status: CellInterrupted, Start: start.Add(1750 * time.Millisecond), DurationS: 10},
	}
	var buf bytes.Buffer
	run := &Run{Start: start, End: start.Add(12 * time.Second), Status: "timeout"}
	if err := WriteExecutedRun(&buf, nb, outs, run); err != nil {
		t.Fatal(err)
	}
	type meta struct {
		Status    string   `json:"status"`
		StartTime string   `json:"start_time"`
		EndTime   string   `json:"end_time"`
		Duration  *float64 `json:"duration"`
		Exception bool     `json:"exception"`
	}
	var doc struct {
		Metadata struct {
			Erosion meta `json:"erosion"`
		} `json:"metadata"`
		Cells []struct {
			Metadata struct {
				Erosion *meta `json:"erosion"`
			} `json:"metadata"`
			Outputs []map[string]any `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if m := doc.Metadata.Erosion; m.Status != "timeout" || !m.Exception || *m.Duration != 12 || m.StartTime != "2026-01-02T03:04:05.000000Z" || m.EndTime != "2026-01-02T03:04:17.000000Z" {
		t.Errorf("run metadata %+v", m)
	}
	if doc.Cells[0].Metadata.Erosion != nil {
		t.Error("a Markdown cell got run metadata")
	}
	want := []meta{
		{Status: "ok", StartTime: "2026-01-02T03:04:05.000000Z", EndTime: "2026-01-02T03:04:06.500000Z"},
		{Status: "error", StartTime: "2026-01-02T03:04:06.500000Z", EndTime: "2026-01-02T03:04:06.750000Z", Exception: true},
		{Status: "interrupted", StartTime: "2026-01-02T03:04:06.750000Z", EndTime: "2026-01-02T03:04:16.750000Z", Exception: true},
		{Status: "not-run"},
	}
	for i, w := range want {
		m := doc.Cells[i+1].Metadata.Erosion
		if m == nil || m.Status != w.Status || m.StartTime != w.StartTime || m.EndTime != w.EndTime || m.Exception != w.Exception || (w.Status == "not-run") != (m.Duration == nil) {
			t.Errorf("code cell %d: %+v, want %+v", i, m, w)
		}
	}
	// The traceback is in the error output only.
	if n := strings.Count(buf.String(), "Traceback (most recent call last)"); n != 1 {
		t.Errorf("the traceback appears %d times", n)
	}
	back, err := Parse("executed.ipynb", buf.Bytes())
	if err != nil || !slices.Equal(back.Cells, nb.Cells) {
		t.Errorf("round trip: %v", err)
	}
}
