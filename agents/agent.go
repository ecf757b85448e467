// Package agents defines what a modernization agent is given and returns,
// and the loop that runs agents until a notebook reproduces in the current
// environment. Implementations live in sub-packages: rules (built-in AST
// rewrites), llm (OpenAI-compatible chat completions), command (any program
// speaking the JSON protocol) and predictions (notebooks modernized
// elsewhere).
package agents

import (
	"context"
	"errors"
	"strings"
)

// Fix kinds, chosen per iteration as in the study.
const (
	ErrorRepair      = "error-repair"      // a cell raised (or no submission was written)
	RuntimeReduction = "runtime-reduction" // the run exceeded the time limit
	ScoreCalibration = "score-calibration" // ran, but the score is off the target
)

// Modes: rewrite the whole notebook, or only the failing cell.
const (
	FileLevel = "file"
	CellLevel = "cell"
)

// Request is everything an agent is shown for one fix. Hidden answers are
// never part of it; whether targets and scores are shown follows the
// study and the loop's configuration.
type Request struct {
	NotebookID  string   `json:"notebook_id"`
	Competition string   `json:"competition"`
	Task        string   `json:"task"`      // the competition's description
	Kind        string   `json:"kind"`      // ErrorRepair, RuntimeReduction or ScoreCalibration
	Mode        string   `json:"mode"`      // FileLevel or CellLevel
	Iteration   int      `json:"iteration"` // 1 for the first fix
	Cells       []string `json:"cells"`     // the notebook's code cells as last run
	Failure     *Failure `json:"failure"`   // the failing cell, nil when none raised
	TimeLimitS  float64  `json:"time_limit_s"`
	DurationS   float64  `json:"duration_s"` // of the last run

	Score          *float64 `json:"score"`  // of the last run; nil when none
	Target         *float64 `json:"target"` // nil when hidden or unknown
	HigherIsBetter bool     `json:"higher_is_better"`
	Metric         string   `json:"metric"`

	Python    string    `json:"python"`     // the current environment's Python
	Packages  []Package `json:"packages"`   // its installed distributions
	DataFiles []string  `json:"data_files"` // what is under /kaggle/input
	Plans     []string  `json:"plans"`      // the agent's earlier plans for this notebook
}

// Failure is the cell that raised in the last run.
type Failure struct {
	Cell          int    `json:"cell"` // index among code cells
	ExceptionType string `json:"exception_type"`
	Message       string `json:"message"`
	Traceback     string `json:"traceback"`
}

// Package is one installed distribution of the environment.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Response is an agent's fix. Cells is the whole notebook's code cells
// after the fix (cell-level agents return the notebook with one cell
// replaced).
type Response struct {
	Cells     []string `json:"cells"`
	Plan      string   `json:"plan"`
	TokensIn  int      `json:"tokens_in"`
	TokensOut int      `json:"tokens_out"`
	CostUSD   float64  `json:"cost_usd"`
	// Rules names the catalog entries a rule-based agent applied in this
	// fix (see agents/rules and docs/rules.md); empty for other agents.
	Rules []string `json:"rules,omitempty"`
	// Families and Libraries are the catalog families and the libraries of
	// those rules (docs/rules.md), for restore rates per family and library.
	Families  []string `json:"families,omitempty"`
	Libraries []string `json:"libraries,omitempty"`
	// MeaningChanging: a rewrite in this fix may change what the notebook
	// computes or shows (a changed default restored, a drawing redone with
	// another library, a display-only call neutralised).
	MeaningChanging bool `json:"meaning_changing,omitempty"`
}

// Agent proposes fixes.
type Agent interface {
	Name() string
	Fix(ctx context.Context, req Request) (*Response, error)
}

// ErrGiveUp is returned by an agent that has no (further) fix: the loop
// stops for that notebook and records why.
var ErrGiveUp = errors.New("the agent has no fix to offer")

// UnrestorableError is an agent's answer for a notebook that needs packages
// the environment cannot provide (TensorFlow, Keras: no Debian suite has
// them): no fix can make it run here, so the loop stops at once. It is an
// ErrGiveUp (errors.Is); errors.As tells it apart.
type UnrestorableError struct {
	Packages []string // top-level modules, as the notebook imports them
}

func (e *UnrestorableError) Error() string {
	return "unrestorable in this environment: " + strings.Join(e.Packages, ", ")
}

// Is makes an UnrestorableError an ErrGiveUp.
func (e *UnrestorableError) Is(target error) bool { return target == ErrGiveUp }

// ErrMissing is returned, with ErrGiveUp, by an agent that has nothing at
// all for a notebook (a predictions folder without its file): the loop
// records the stop reason "missing", and the leaderboard counts it apart.
var ErrMissing = errors.New("missing")
