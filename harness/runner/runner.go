// Package runner is the small Python program erosion runs inside an
// environment, shipped in the binary, and the result it writes.
package runner

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Source is runner.py. It needs only the standard library of Python 3.6+.
//
//go:embed runner.py
var Source []byte

// Result is what the runner reports.
type Result struct {
	Format     int      `json:"format"`
	Python     string   `json:"python"`
	Engine     string   `json:"engine"`
	Started    float64  `json:"started"`
	Running    *int     `json:"-"` // the cell executing when the runner stopped
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

// Read collects what the runner wrote into dir: result.json (only when it
// finished), cells.jsonl (one line per finished cell) and running (the cell
// in progress when it stopped). It returns nil when the runner never got as
// far as its first cell.
func Read(dir string) (*Result, error) {
	var r Result
	data, err := os.ReadFile(filepath.Join(dir, "result.json"))
	switch {
	case err == nil:
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("runner result %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, "cells.jsonl"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		var c Cell
		if json.Unmarshal(sc.Bytes(), &c) != nil {
			break // a line torn by a kill: the cell did not finish
		}
		r.Cells = append(r.Cells, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("runner result %s: %w", dir, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "running")); err == nil {
		if i, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			r.Running = &i
		}
	}
	return &r, nil
}
