// Package runner is the small Python program erosion runs inside an
// environment, shipped in the binary, and the result it writes.
package runner

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
)

// Source is runner.py. It needs only the standard library of Python 3.6+.
//
//go:embed runner.py
var Source []byte

// Result is the JSON the runner writes, rewritten after every cell.
type Result struct {
	Format     int      `json:"format"`
	Python     string   `json:"python"`
	Engine     string   `json:"engine"`
	Started    float64  `json:"started"`
	Running    *int     `json:"running"` // the cell executing when the file was written
	Finished   bool     `json:"finished"`
	PipRemoved []string `json:"pip_removed"`
	Cells      []Cell   `json:"cells"`
	PeakRSS    int64    `json:"peak_rss_bytes"`
}

// Cell is one executed code cell.
type Cell struct {
	Index       int     `json:"index"`
	Status      string  `json:"status"` // ok | error
	DurationS   float64 `json:"duration_s"`
	Stdout      string  `json:"stdout"`
	Stderr      string  `json:"stderr"`
	StdoutBytes int64   `json:"stdout_bytes"`
	StderrBytes int64   `json:"stderr_bytes"`
	Error       *Error  `json:"error,omitempty"`
}

// Error is the exception a cell raised.
type Error struct {
	Type      string `json:"type"`
	Module    string `json:"module"`
	Message   string `json:"message"`
	Traceback string `json:"traceback"`
}

// Input is what the runner reads: the code cells' sources, in order.
type Input struct {
	Cells []string `json:"cells"`
}

// ReadResult reads a result file. A missing file means the runner never got
// as far as its first cell.
func ReadResult(path string) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("runner result %s: %w", path, err)
	}
	return &r, nil
}
