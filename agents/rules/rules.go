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
	"slices"
	"strings"
	"sync"
	"time"

	"erosion/agents"
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
	Rule   string `json:"rule"` // the catalog entry's id
	Cell   int    `json:"cell"`
	Line   int    `json:"line"`
	Before string `json:"before"`
	After  string `json:"after"`
	// Meaning: this rewrite may change what the notebook computes or shows
	// (its entry says so, or this use of it does: normalize=True dropped).
	Meaning bool `json:"meaning"`
}

// Result of one fix attempt. Warnings name rules that failed on this
// notebook (a bug in a rule, reported, never fatal to the others) and
// rewrites dropped because the result no longer parsed.
type Result struct {
	Cells    []string
	Edits    []Edit
	Warnings []string
	// Unrestorable names the top-level modules the notebook imports (outside
	// a try/except ImportError) that the environment cannot find and no
	// rule rewrote away: no rewrite makes such a notebook run here.
	Unrestorable []string
}

// Rules returns the ids of the entries applied, in order, each once.
func (r *Result) Rules() []string {
	var out []string
	for _, e := range r.Edits {
		if !slices.Contains(out, e.Rule) {
			out = append(out, e.Rule)
		}
	}
	return out
}

// MeaningChanging says whether any applied rewrite may change what the
// notebook computes or shows.
func (r *Result) MeaningChanging() bool {
	for _, e := range r.Edits {
		if e.Meaning {
			return true
		}
	}
	return false
}

// ErrNoRule: no rule applies to the failure nor anywhere in the notebook.
var ErrNoRule = errors.New("no rule applies")

// DefaultTimeout bounds one rewrite when Agent.Timeout is zero. Importing
// scikit-learn, seaborn and xgboost to inspect them takes most of it.
const DefaultTimeout = 3 * time.Minute

// Agent runs the rewriter in the given environment through a harness
// driver.
type Agent struct {
	Driver  harness.Driver
	Image   string // the environment's image (Docker) or rootfs (sandbox)
	Timeout time.Duration
	// Warm keeps one rewriter alive between fixes (warm.go) instead of
	// starting a sandbox, and importing the inspected libraries, for each:
	// call Close when done with the agent.
	Warm bool

	mu       sync.Mutex
	warm     *harness.Session
	warmDir  string
	restarts int
}

type input struct {
	Cells   []string      `json:"cells"`
	Failure *inputFailure `json:"failure"`
	Catalog []wireEntry   `json:"catalog,omitempty"`
}

// wireEntry is what the rewriter needs of an entry.
type wireEntry struct {
	ID      string         `json:"id"`
	Meaning bool           `json:"meaning"`
	Message string         `json:"message"`
	Present bool           `json:"present"`
	Family  string         `json:"family"`
	Rewrite map[string]any `json:"rewrite"`
}

func wireCatalog() []wireEntry {
	out := make([]wireEntry, len(catalog))
	for i, e := range catalog {
		out[i] = wireEntry{e.ID, e.Meaning, e.Message, e.Present, e.Family, e.Rewrite}
	}
	return out
}

type inputFailure struct {
	Cell      int    `json:"cell"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Traceback string `json:"traceback"`
}

type output struct {
	Cells        []string `json:"cells"`
	Edits        []Edit   `json:"edits"`
	Warnings     []string `json:"warnings"`
	Unrestorable []string `json:"unrestorable"`
	Batch        []output `json:"batch"`
}

// Fix rewrites the cells: first with the entries the failure's message or
// traceback names, then with every entry whose old API the environment
// proves gone. It returns ErrNoRule when nothing was rewritten, and an
// *agents.UnrestorableError (with the Result) when the notebook imports a
// package the environment cannot provide.
func (a *Agent) Fix(ctx context.Context, cells []string, f Failure) (*Result, error) {
	outs, err := a.run(ctx, []Notebook{{Cells: cells, Failure: f}})
	if err != nil {
		return nil, err
	}
	return outs[0].result()
}

// Notebook is one notebook for FixAll: its cells and last failure.
type Notebook struct {
	Cells   []string
	Failure Failure
}

// FixAll rewrites many notebooks in one run of the rewriter (one container),
// each as Fix would; errs[i] is Fix's error for notebook i.
func (a *Agent) FixAll(ctx context.Context, nbs []Notebook) ([]*Result, []error, error) {
	outs, err := a.run(ctx, nbs)
	if err != nil {
		return nil, nil, err
	}
	res := make([]*Result, len(outs))
	errs := make([]error, len(outs))
	for i, o := range outs {
		res[i], errs[i] = o.result()
	}
	return res, errs, nil
}

func (o *output) result() (*Result, error) {
	res := &Result{Cells: o.Cells, Edits: o.Edits, Warnings: o.Warnings, Unrestorable: o.Unrestorable}
	switch {
	case len(res.Unrestorable) > 0:
		return res, &agents.UnrestorableError{Packages: res.Unrestorable}
	case len(res.Edits) == 0 && len(res.Warnings) > 0:
		return res, fmt.Errorf("%w (%s)", ErrNoRule, strings.Join(res.Warnings, "; "))
	case len(res.Edits) == 0:
		return res, ErrNoRule
	}
	return res, nil
}

func (a *Agent) run(ctx context.Context, nbs []Notebook) ([]*output, error) {
	if a.Driver == nil || a.Image == "" {
		return nil, errors.New("rules: Agent needs a Driver and an Image (the environment the notebook will run in)")
	}
	ins := make([]input, len(nbs))
	for i, nb := range nbs {
		ins[i] = input{Cells: nb.Cells}
		if ins[i].Cells == nil {
			ins[i].Cells = []string{}
		}
		if f := nb.Failure; !f.zero() {
			ins[i].Failure = &inputFailure{Cell: f.Cell, Type: f.ExceptionType, Message: f.Message, Traceback: f.Traceback}
		}
	}
	outs, err := a.answers(ctx, ins)
	if err != nil {
		return nil, err
	}
	if len(outs) != len(ins) {
		return nil, fmt.Errorf("rules: rewriter in %s answered for %d notebooks of %d", a.Image, len(outs), len(ins))
	}
	for i, o := range outs {
		if len(o.Cells) != len(ins[i].Cells) {
			return nil, fmt.Errorf("rules: rewriter in %s returned %d cells for %d", a.Image, len(o.Cells), len(ins[i].Cells))
		}
	}
	return outs, nil
}

// answers runs the rewriter on ins: one notebook on the warm rewriter when
// the agent keeps one, else in a sandbox of its own (many in one).
func (a *Agent) answers(ctx context.Context, ins []input) ([]*output, error) {
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limits := harness.DefaultLimits
	limits.OutputCap = 64 << 20 // the answer holds the whole notebook
	limits.MemoryBytes = 2 << 30
	var payload []byte
	var err error
	if len(ins) == 1 {
		if payload, err = json.Marshal(ins[0]); err != nil {
			return nil, err
		}
		out, ok, err := a.runWarm(ctx, payload, timeout, limits)
		if err != nil {
			return nil, fmt.Errorf("rules: rewriter in %s: %w", a.Image, err)
		}
		if ok {
			return []*output{out}, nil
		}
		ins[0].Catalog = wireCatalog()
		payload, err = json.Marshal(ins[0])
	} else {
		payload, err = json.Marshal(struct {
			Batch   []input     `json:"batch"`
			Catalog []wireEntry `json:"catalog"`
		}{ins, wireCatalog()})
	}
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "erosion-rules-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
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
	if len(ins) == 1 {
		return []*output{out}, nil
	}
	outs := make([]*output, len(out.Batch))
	for i := range out.Batch {
		outs[i] = &out.Batch[i]
	}
	return outs, nil
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
	return answer(c.Stdout, c.StdoutBytes)
}

// answer is the rewriter's JSON between its marks on stdout.
func answer(stdout string, n int64) (*output, error) {
	_, rest, ok := strings.Cut(stdout, mark)
	body, _, ok2 := strings.Cut(rest, mark)
	if !ok || !ok2 {
		return nil, fmt.Errorf("no answer on stdout (%d bytes; truncated?)", n)
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
