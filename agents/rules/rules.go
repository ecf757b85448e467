// Package rules is the built-in modernizer: deterministic, offline rewrites
// of library APIs that were removed or renamed (sklearn.cross_validation,
// DataFrame.append, np.float, sns.factorplot, ...). The rewriting is done by
// rewrite.py inside the environment the notebook will run in, so it parses
// with that Python's grammar and asks that environment's libraries whether
// an old API is really gone. Edits replace exact source spans, so comments
// and formatting around them survive.
package rules

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"erosion/harness"
)

// Source is the rewriter, run inside the target environment. It needs only
// Python 3.8+'s standard library (ast end positions).
//
//go:embed rewrite.py
var Source string

// mark brackets the rewriter's JSON answer on stdout.
const mark = "@@EROSION-RULES@@"

// Failure is what the last run said (zero value: no failing cell, static
// scan only).
type Failure struct {
	Cell                              int
	ExceptionType, Message, Traceback string
}

func (f Failure) zero() bool {
	return f.ExceptionType == "" && f.Message == "" && f.Traceback == ""
}

// Edit is one applied rewrite: the lines of a cell a rule touched, before and
// after. Line is 1-based within the cell.
type Edit struct {
	Rule   string `json:"rule"`
	Cell   int    `json:"cell"`
	Line   int    `json:"line"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Result of one fix attempt. Warnings name rules that failed on this
// notebook (a bug in a rule, reported, never fatal to the others) and
// rewrites dropped because the result no longer parsed.
type Result struct {
	Cells    []string
	Edits    []Edit
	Warnings []string
}

// ErrNoRule: no rule applies to the failure nor anywhere in the notebook.
var ErrNoRule = errors.New("no rule applies")

// DefaultTimeout bounds one rewrite when Agent.Timeout is zero. Importing
// scikit-learn, seaborn and xgboost to inspect them takes most of it.
const DefaultTimeout = 3 * time.Minute

// Agent runs the rewriter in the given environment through a harness driver.
type Agent struct {
	Driver  harness.Driver
	Image   string // the environment's image (Docker) or rootfs (sandbox)
	Timeout time.Duration
}

type input struct {
	Cells   []string      `json:"cells"`
	Failure *inputFailure `json:"failure"`
}

type inputFailure struct {
	Cell      int    `json:"cell"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Traceback string `json:"traceback"`
}

type output struct {
	Cells    []string `json:"cells"`
	Edits    []Edit   `json:"edits"`
	Warnings []string `json:"warnings"`
}

// Fix rewrites the cells: first with the rules the failure's traceback
// names, then with every rule whose old API the environment proves gone.
// It returns ErrNoRule when nothing was rewritten.
func (a *Agent) Fix(ctx context.Context, cells []string, f Failure) (*Result, error) {
	if a.Driver == nil || a.Image == "" {
		return nil, errors.New("rules: Agent needs a Driver and an Image (the environment the notebook will run in)")
	}
	in := input{Cells: cells}
	if in.Cells == nil {
		in.Cells = []string{}
	}
	if !f.zero() {
		in.Failure = &inputFailure{Cell: f.Cell, Type: f.ExceptionType, Message: f.Message, Traceback: f.Traceback}
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "erosion-rules-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limits := harness.DefaultLimits
	limits.OutputCap = 64 << 20 // the answer holds the whole notebook
	limits.MemoryBytes = 2 << 30
	job := harness.Job{
		ID:          "rules-" + randomID(),
		Image:       a.Image,
		Cells:       []string{rewriteCell(payload)},
		Dir:         dir,
		Timeout:     timeout,
		Limits:      limits,
		StopOnError: true,
	}
	ex, err := harness.Execute(ctx, a.Driver, job)
	if err != nil {
		return nil, fmt.Errorf("rules: running the rewriter in %s: %w", a.Image, err)
	}
	out, err := parse(ex)
	if err != nil {
		return nil, fmt.Errorf("rules: rewriter in %s: %w", a.Image, err)
	}
	if len(out.Cells) != len(cells) {
		return nil, fmt.Errorf("rules: rewriter in %s returned %d cells for %d", a.Image, len(out.Cells), len(cells))
	}
	res := &Result{Cells: out.Cells, Edits: out.Edits, Warnings: out.Warnings}
	if len(res.Edits) == 0 {
		if len(res.Warnings) > 0 {
			return res, fmt.Errorf("%w (%s)", ErrNoRule, strings.Join(res.Warnings, "; "))
		}
		return res, ErrNoRule
	}
	return res, nil
}

// rewriteCell is the one code cell that runs the rewriter on a JSON input.
// Both go in base64, so no quoting, magic or `!pip` line can reach
// IPython's parser.
func rewriteCell(input []byte) string {
	return "import base64 as _erosion_b64, json as _erosion_json\n" +
		"exec(compile(_erosion_b64.b64decode('" + base64.StdEncoding.EncodeToString([]byte(Source)) + "').decode('utf-8'), 'erosion-rules.py', 'exec'),\n" +
		"     {'__name__': 'erosion_rules', 'INPUT': _erosion_json.loads(_erosion_b64.b64decode('" + base64.StdEncoding.EncodeToString(input) + "').decode('utf-8'))})\n"
}

func parse(ex *harness.Execution) (*output, error) {
	switch {
	case ex.TimedOut:
		return nil, errors.New("timed out: raise Agent.Timeout")
	case ex.OOMKilled:
		return nil, errors.New("ran out of memory")
	case ex.Result == nil || len(ex.Result.Cells) == 0:
		return nil, fmt.Errorf("the runner wrote no result (exit %d): %s", ex.ExitCode, lastLine(ex.Log))
	}
	c := ex.Result.Cells[0]
	if c.Error != nil {
		return nil, fmt.Errorf("%s: %s", c.Error.Type, lastLine(c.Error.Message))
	}
	_, rest, ok := strings.Cut(c.Stdout, mark)
	body, _, ok2 := strings.Cut(rest, mark)
	if !ok || !ok2 {
		return nil, fmt.Errorf("no answer on stdout (%d bytes; truncated?)", c.StdoutBytes)
	}
	var out output
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		return nil, fmt.Errorf("answer: %w", err)
	}
	return &out, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func randomID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// RuleInfo names a rule and says what it rewrites.
type RuleInfo struct {
	Name        string
	Description string
}
