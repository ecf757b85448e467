package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"

	"erosion/analysis"
)

// JSONFile is the machine-readable report of a results folder, written by
// analyze (into the results folder) and report (beside report.html). Its
// format is documented in report/report-json.md.
const JSONFile = "report.json"

// SchemaVersion is report.json's format. New fields may appear within a
// version; a field that changes meaning or goes away bumps it.
const SchemaVersion = 1

// Summary is report.json: the headline numbers and, per environment, which
// notebooks met the study's criterion and which did not (in the manner of
// SWE-bench's final report and its resolved/unresolved id lists).
type Summary struct {
	SchemaVersion  int      `json:"schema_version"`
	ErosionVersion string   `json:"erosion_version"`
	Datasets       []string `json:"datasets"`
	// Criterion is what "resolved" means: "reproducibility" (every
	// notebook has a target score), "executability" (none has) or
	// "reproducibility-or-executability" (reproducible with a target,
	// error-free without).
	Criterion string `json:"criterion"`
	// Complete is false while some planned notebook lacks an outcome in
	// some environment: the rates are then partial.
	Complete         bool   `json:"complete"`
	NotebooksPlanned int    `json:"notebooks_planned"`
	NotebooksDone    int    `json:"notebooks_done"`
	PlannedFrom      string `json:"planned_from"` // "dataset", "slurm plan" or "results"
	// Runs counts every row of the runs table (confirmations and re-runs
	// included); infrastructure failures are not outcomes.
	Runs                   int64         `json:"runs"`
	InfrastructureFailures int64         `json:"infrastructure_failures"`
	Environments           []Environment `json:"environments"`
}

// Environment is one environment's (or modernized variant's) numbers and
// notebook ids.
type Environment struct {
	Environment string `json:"environment"`
	// BaseEnvironment and Agent are set for "<env>+<agent>"; null for
	// environments without an agent.
	BaseEnvironment *string `json:"base_environment"`
	Agent           *string `json:"agent"`
	// Notebooks is the denominator: the notebooks with an outcome here;
	// for a modernized environment, every candidate.
	Notebooks    int  `json:"notebooks"`
	Executable   Rate `json:"executable"`
	Reproducible Rate `json:"reproducible"` // over the notebooks with a target
	Resolved     Rate `json:"resolved"`     // the criterion
	// ResolvedIDs met the criterion; UnresolvedIDs have an outcome that
	// did not. Together they are the Notebooks.
	ResolvedIDs   []string `json:"resolved_ids"`
	UnresolvedIDs []string `json:"unresolved_ids"`
	// IncompleteIDs were planned but have no outcome here yet (empty for
	// modernized environments, whose missing notebooks are NotAttemptedIDs).
	IncompleteIDs []string `json:"incomplete_ids"`
	// GaveUpIDs and NotAttemptedIDs are the candidates of a modernized
	// environment without a run of the agent's (counted, with their
	// outcome in the base environment, among the unresolved or resolved).
	GaveUpIDs       []string `json:"gave_up_ids"`
	NotAttemptedIDs []string `json:"not_attempted_ids"`
	// Classes and Failures list the notebooks by outcome class and by the
	// failure category of their latest run.
	Classes  map[string][]string `json:"classes"`
	Failures map[string][]string `json:"failures"`
}

// Rate is count of total with its Wilson 95% interval, rounded to six
// decimals; rate and interval are null when total is 0.
type Rate struct {
	Count  int      `json:"count"`
	Total  int      `json:"total"`
	Rate   *float64 `json:"rate"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

func rateOf(r analysis.Rate) Rate {
	num := func(x float64) *float64 {
		if math.IsNaN(x) {
			return nil
		}
		x = math.Round(x*1e6) / 1e6 // as the tables' CSV
		return &x
	}
	return Rate{Count: r.K, Total: r.N, Rate: num(r.P), CILow: num(r.Lo), CIHigh: num(r.Hi)}
}

// Summarize is report.json's content for a study; version is the erosion
// writing it.
func Summarize(s *analysis.Study, version string) Summary {
	p := s.Progress()
	out := Summary{SchemaVersion: SchemaVersion, ErosionVersion: version, Datasets: nonNil(s.Datasets), Criterion: criterion(s),
		Complete: p.Complete(), NotebooksPlanned: p.Planned, NotebooksDone: p.Done, PlannedFrom: p.Source,
		Runs: s.RunRows, InfrastructureFailures: s.InfraRuns, Environments: []Environment{}}
	for _, r := range s.Rates() {
		e := Environment{Environment: r.Env, Notebooks: r.Notebooks, Executable: rateOf(r.Executable),
			Reproducible: rateOf(r.Reproducible), Resolved: rateOf(r.Success),
			ResolvedIDs: []string{}, UnresolvedIDs: []string{}, IncompleteIDs: []string{}, GaveUpIDs: []string{}, NotAttemptedIDs: []string{},
			Classes: map[string][]string{}, Failures: map[string][]string{}}
		if m, ok := s.ModernizationOf(r.Env); ok {
			e.BaseEnvironment, e.Agent = &m.Base, &m.Agent
		}
		for _, u := range s.UnitsOf(r.Env) {
			id := s.NotebookRef(u.Dataset, u.Notebook)
			if u.Success() {
				e.ResolvedIDs = append(e.ResolvedIDs, id)
			} else {
				e.UnresolvedIDs = append(e.UnresolvedIDs, id)
			}
			switch u.Carried {
			case analysis.CarriedGaveUp:
				e.GaveUpIDs = append(e.GaveUpIDs, id)
			case analysis.CarriedNotAttempted:
				e.NotAttemptedIDs = append(e.NotAttemptedIDs, id)
			}
			e.Classes[u.Class] = append(e.Classes[u.Class], id)
			if u.Failure != "" {
				e.Failures[u.Failure] = append(e.Failures[u.Failure], id)
			}
		}
		for _, k := range p.Pending[r.Env] {
			e.IncompleteIDs = append(e.IncompleteIDs, s.NotebookRef(k[0], k[1]))
		}
		out.Environments = append(out.Environments, e)
	}
	return out
}

func criterion(s *analysis.Study) string {
	switch s.CriterionLabel() {
	case "Reproducible":
		return "reproducibility"
	case "Executable":
		return "executability"
	}
	return "reproducibility-or-executability"
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// JSON is the summary as indented JSON, the same bytes for the same
// results.
func (s Summary) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteJSON writes the summary as dir/report.json and returns its path.
func (s Summary) WriteJSON(dir string) (string, error) {
	data, err := s.JSON()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, JSONFile)
	return p, analysis.WriteFileAtomic(p, data)
}

// Incomplete says how much of the plan has run: "incomplete: N of M
// notebooks" (and where M comes from), or "" when every planned notebook
// has its outcomes.
func Incomplete(p analysis.Progress) string {
	if p.Complete() {
		return ""
	}
	from := map[string]string{analysis.PlannedFromDataset: "the dataset", analysis.PlannedFromSlurm: "the Slurm plan",
		analysis.PlannedFromResults: "the notebooks the runs table names"}[p.Source]
	return fmt.Sprintf("incomplete: %d of %d notebooks (planned: %s) have an outcome in every environment", p.Done, p.Planned, from)
}
