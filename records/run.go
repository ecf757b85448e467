// Package records defines the records erosion produces and stores them as
// hive-partitioned, zstd-compressed Parquet tables under a results folder.
package records

import (
	"strconv"
	"time"
)

// Status of one run, as the harness saw it.
const (
	StatusOK      = "ok"      // every cell ran without raising
	StatusError   = "error"   // the run finished but at least one cell raised
	StatusTimeout = "timeout" // killed at the wall-clock limit
	StatusCrash   = "crash"   // the runner died (OOM kill, segfault, no result)
	StatusInfra   = "infra"   // erosion could not run it (image missing, daemon error)
)

// Outcome classes of the study (see DESIGN.md). Without a graded score the
// classes fall back to executability: error-free vs error.
const (
	ClassErrorFreeReproducible    = "error-free reproducible"
	ClassErrorReproducible        = "error reproducible"
	ClassErrorFreeNonReproducible = "error-free non-reproducible"
	ClassErrorNonReproducible     = "error non-reproducible"
	ClassErrorFree                = "error-free" // ran clean; no target to grade against
	ClassError                    = "error"      // some cell raised; no target to grade against
	ClassFailed                   = "failed"
)

// Run is one row of the runs table: one execution of one notebook in one
// environment. Environment is the partition key: it lives in the folder name
// (environment=<name>), not in the file, as hive partitioning expects.
type Run struct {
	Study           string `parquet:"study,dict" json:"study"`
	Dataset         string `parquet:"dataset,dict" json:"dataset"`
	NotebookID      string `parquet:"notebook_id,dict" json:"notebook_id"`
	Competition     string `parquet:"competition,dict" json:"competition"`
	Environment     string `parquet:"-" part:"environment" json:"environment"`
	EnvDigest       string `parquet:"env_digest,dict" json:"env_digest"`
	Attempt         int32  `parquet:"attempt" json:"attempt"`
	Agent           string `parquet:"agent,dict,optional" json:"agent"` // NULL for an original notebook
	Status          string `parquet:"status,dict" json:"status"`
	OutcomeClass    string `parquet:"outcome_class,dict" json:"outcome_class"`
	FailureCategory string `parquet:"failure_category,dict,optional" json:"failure_category"` // NULL when nothing failed
	// FailureSubject names what the category is about: the missing
	// distribution, the removed module, the missing data resource.
	FailureSubject string    `parquet:"failure_subject,dict,optional" json:"failure_subject"`
	ExceptionType  string    `parquet:"exception_type,dict,optional" json:"exception_type"`
	ExceptionMsg   string    `parquet:"exception_message,optional" json:"exception_message"`
	FailingCell    *int32    `parquet:"failing_cell,optional" json:"failing_cell"` // index among code cells; NULL when none failed
	CellsTotal     int32     `parquet:"cells_total" json:"cells_total"`
	CellsOK        int32     `parquet:"cells_ok" json:"cells_ok"`
	DurationS      float64   `parquet:"duration_s" json:"duration_s"`
	PeakRSSBytes   int64     `parquet:"peak_rss_bytes" json:"peak_rss_bytes"`
	Score          *float64  `parquet:"score,optional" json:"score"`
	TargetScore    *float64  `parquet:"target_score,optional" json:"target_score"`
	ScoreRelErr    *float64  `parquet:"score_rel_err,optional" json:"score_rel_err"`
	StartedAt      time.Time `parquet:"started_at,timestamp(millisecond)" json:"started_at"`
	FinishedAt     time.Time `parquet:"finished_at,timestamp(millisecond)" json:"finished_at"`
	Backend        string    `parquet:"backend,dict" json:"backend"`
	Worker         string    `parquet:"worker,dict" json:"worker"`
	ErosionVersion string    `parquet:"erosion_version,dict" json:"erosion_version"`
	// RanIn is the environment the run really ran in: for a "backported"
	// run, the era environment of its notebook.
	RanIn string `parquet:"ran_in,dict" json:"ran_in"`
	// What the runner did with the notebook: its engine (ipython or exec),
	// the notebook's format, and how many `!pip install` lines it removed.
	RunnerEngine    string `parquet:"runner_engine,dict,optional" json:"runner_engine"`
	NotebookFormat  string `parquet:"notebook_format,dict,optional" json:"notebook_format"`
	PipLinesRemoved int32  `parquet:"pip_lines_removed" json:"pip_lines_removed"`
	// RunHash is the hash of what determines the run (notebook source,
	// environment digest, data and answers checksums, grading, limits,
	// runner, attempt): two runs with one hash are interchangeable.
	RunHash string `parquet:"run_hash" json:"run_hash"`
	// ReusedFrom, for a run taken from a cache instead of executed, says
	// where and when it really ran; NULL for a run executed here.
	ReusedFrom string `parquet:"reused_from,optional" json:"reused_from"`
}

// Failing is the failing cell's index, or -1 when none failed.
func (r Run) Failing() int {
	if r.FailingCell == nil {
		return -1
	}
	return int(*r.FailingCell)
}

// Cell32 is a cell index as the runs table stores it.
func Cell32(i int) *int32 { v := int32(i); return &v }

// Key identifies a run for resumption: the same key is never run twice.
func (r Run) Key() string {
	return r.Study + "\x00" + r.Dataset + "\x00" + r.NotebookID + "\x00" + r.Environment + "\x00" + r.Agent + "\x00" + strconv.Itoa(int(r.Attempt))
}

// Cell is one row of the cells table: one code cell of one run.
type Cell struct {
	Study         string  `parquet:"study,dict" json:"study"`
	Dataset       string  `parquet:"dataset,dict" json:"dataset"`
	NotebookID    string  `parquet:"notebook_id,dict" json:"notebook_id"`
	Environment   string  `parquet:"-" part:"environment" json:"environment"`
	Attempt       int32   `parquet:"attempt" json:"attempt"`
	Agent         string  `parquet:"agent,dict,optional" json:"agent"`
	Index         int32   `parquet:"cell_index" json:"cell_index"`
	Status        string  `parquet:"status,dict" json:"status"`
	DurationS     float64 `parquet:"duration_s" json:"duration_s"`
	ExceptionType string  `parquet:"exception_type,dict,optional" json:"exception_type"`
	ExceptionMsg  string  `parquet:"exception_message,optional" json:"exception_message"`
	StdoutBytes   int64   `parquet:"stdout_bytes" json:"stdout_bytes"`
	StderrBytes   int64   `parquet:"stderr_bytes" json:"stderr_bytes"`
}

// RunKey is the Key of the run this cell belongs to.
func (c Cell) RunKey() string {
	return Run{Study: c.Study, Dataset: c.Dataset, NotebookID: c.NotebookID, Environment: c.Environment, Agent: c.Agent, Attempt: c.Attempt}.Key()
}

// Package is one row of the packages table: one distribution installed in
// an environment, as read inside it.
type Package struct {
	Environment string `parquet:"-" part:"environment" json:"environment"`
	EnvDigest   string `parquet:"env_digest,dict" json:"env_digest"`
	Kind        string `parquet:"kind,dict" json:"kind"`
	Python      string `parquet:"python,dict" json:"python"`
	Name        string `parquet:"name,dict" json:"name"`
	Version     string `parquet:"version,dict" json:"version"`
}

// Verdict is one row of the verdicts table: the judgement on one notebook
// in one environment over all its runs (first run plus confirmations).
type Verdict struct {
	Study           string   `parquet:"study,dict" json:"study"`
	Dataset         string   `parquet:"dataset,dict" json:"dataset"`
	NotebookID      string   `parquet:"notebook_id,dict" json:"notebook_id"`
	Competition     string   `parquet:"competition,dict" json:"competition"`
	Environment     string   `parquet:"-" part:"environment" json:"environment"`
	EnvDigest       string   `parquet:"env_digest,dict" json:"env_digest"`
	Agent           string   `parquet:"agent,dict,optional" json:"agent"`
	Runs            int32    `parquet:"runs" json:"runs"`
	ScoredRuns      int32    `parquet:"scored_runs" json:"scored_runs"`
	MeanScore       *float64 `parquet:"mean_score,optional" json:"mean_score"`
	SDScore         *float64 `parquet:"sd_score,optional" json:"sd_score"`
	TargetScore     *float64 `parquet:"target_score,optional" json:"target_score"`
	PValue          *float64 `parquet:"p_value,optional" json:"p_value"`
	FirstClass      string   `parquet:"first_class,dict" json:"first_class"`     // the first run's class
	OutcomeClass    string   `parquet:"outcome_class,dict" json:"outcome_class"` // after confirmation
	Status          string   `parquet:"status,dict" json:"status"`               // the first run's status
	FailureCategory string   `parquet:"failure_category,dict,optional" json:"failure_category"`
	// How the confirmation went (see package verdict): its cap K (0: fixed,
	// every run made counts), the runs the verdict rests on (at most Runs:
	// runs still in flight when it decided are made but not used), and why
	// it stopped (not-reproduced, single-run, deterministic, curtailed, cap,
	// incomplete).
	ConfirmCap int32  `parquet:"confirm_cap" json:"confirm_cap"`
	RunsUsed   int32  `parquet:"runs_used" json:"runs_used"`
	StopReason string `parquet:"stop_reason,dict" json:"stop_reason"`
}

// Attempt is one row of the attempts table: one fix of one notebook by one
// agent, and what the run after it gave.
type Attempt struct {
	Study           string  `parquet:"study,dict" json:"study"`
	Dataset         string  `parquet:"dataset,dict" json:"dataset"`
	NotebookID      string  `parquet:"notebook_id,dict" json:"notebook_id"`
	Competition     string  `parquet:"competition,dict" json:"competition"`
	Environment     string  `parquet:"-" part:"environment" json:"environment"`
	Agent           string  `parquet:"agent,dict" json:"agent"`
	Iteration       int32   `parquet:"iteration" json:"iteration"`
	FixKind         string  `parquet:"fix_kind,dict" json:"fix_kind"`
	Mode            string  `parquet:"mode,dict" json:"mode"`
	StartCategory   string  `parquet:"start_category,dict" json:"start_category"` // failure category before any fix
	HasTarget       bool    `parquet:"has_target" json:"has_target"`              // graded against a target (else: executability)
	DiffLines       int32   `parquet:"diff_lines" json:"diff_lines"`
	TokensIn        int64   `parquet:"tokens_in" json:"tokens_in"`
	TokensOut       int64   `parquet:"tokens_out" json:"tokens_out"`
	CostUSD         float64 `parquet:"cost_usd" json:"cost_usd"`
	WallS           float64 `parquet:"wall_s" json:"wall_s"` // agent and run
	Status          string  `parquet:"status,dict" json:"status"`
	OutcomeClass    string  `parquet:"outcome_class,dict" json:"outcome_class"`
	FailureCategory string  `parquet:"failure_category,dict,optional" json:"failure_category"`
	Final           bool    `parquet:"final" json:"final"`
	StopReason      string  `parquet:"stop_reason,dict" json:"stop_reason"` // restored | max-fixes | gave-up | missing | agent-error (final rows)
	Plan            string  `parquet:"plan" json:"plan"`
	// Rules: the catalog entries a rule-based agent applied in this fix
	// (agents/rules), for restore rates per rule and family.
	Rules []string `parquet:"rules,list" json:"rules"`
	// RuleFamilies and RuleLibraries are the catalog families and libraries
	// of those rules (docs/rules.md).
	RuleFamilies  []string `parquet:"rule_families,list" json:"rule_families"`
	RuleLibraries []string `parquet:"rule_libraries,list" json:"rule_libraries"`
	// MeaningChanging: a rewrite in this fix may change what the notebook
	// computes or shows.
	MeaningChanging bool `parquet:"meaning_changing" json:"meaning_changing"`
	// Probe: the fix was judged on a snapshot session (agents.Loop
	// Snapshots), from the state before the cells it changed, not by a
	// run: Status and FailureCategory are the probe's, and the runs table
	// has no run of this iteration.
	Probe bool `parquet:"probe" json:"probe"`
}
