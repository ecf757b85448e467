package agents

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"erosion/analysis"
	"erosion/atomicfile"
	"erosion/records"
	"erosion/results"
)

// Standing is one agent's line on the leaderboard. Every rate comes with
// its Wilson 95% interval (NULL when there is nothing to rate).
type Standing struct {
	Agent     string `parquet:"agent"`
	Attempted int32  `parquet:"attempted"`
	// Missing counts the attempted notebooks the agent had nothing for
	// (a predictions folder without their file); they are not restored.
	Missing              int32              `parquet:"missing"`
	RestoredReproducible int32              `parquet:"restored_reproducible"` // of those with a target
	WithTarget           int32              `parquet:"with_target"`
	ReproducibleCILow    *float64           `parquet:"restored_reproducible_ci_low,optional"`
	ReproducibleCIHigh   *float64           `parquet:"restored_reproducible_ci_high,optional"`
	RestoredExecutable   int32              `parquet:"restored_executable"` // ran to the end without an error
	ExecutableCILow      *float64           `parquet:"restored_executable_ci_low,optional"`
	ExecutableCIHigh     *float64           `parquet:"restored_executable_ci_high,optional"`
	MeanFixes            float64            `parquet:"mean_fixes"`
	TokensIn             int64              `parquet:"tokens_in"`
	TokensOut            int64              `parquet:"tokens_out"`
	CostUSD              float64            `parquet:"cost_usd"`
	WallS                float64            `parquet:"wall_s"`
	ByCategory           map[string]float64 `parquet:"restore_rate_by_category"` // start failure category -> share restored
	// RestoredByCategory and AttemptedByCategory are the counts behind
	// ByCategory (and its intervals).
	RestoredByCategory  map[string]int32 `parquet:"restored_by_category"`
	AttemptedByCategory map[string]int32 `parquet:"attempted_by_category"`
	// By rule family and by library (rule-based agents): of the notebooks
	// a fix of that family (library) was applied to, how many were restored.
	RestoredByFamily   map[string]int32 `parquet:"restored_by_rule_family"`
	AttemptedByFamily  map[string]int32 `parquet:"attempted_by_rule_family"`
	RestoredByLibrary  map[string]int32 `parquet:"restored_by_rule_library"`
	AttemptedByLibrary map[string]int32 `parquet:"attempted_by_rule_library"`
}

// ReproducibleRate is RestoredReproducible of WithTarget.
func (s Standing) ReproducibleRate() analysis.Rate {
	return analysis.NewRate(int(s.RestoredReproducible), int(s.WithTarget))
}

// ExecutableRate is RestoredExecutable of Attempted.
func (s Standing) ExecutableRate() analysis.Rate {
	return analysis.NewRate(int(s.RestoredExecutable), int(s.Attempted))
}

// CategoryRate is the restore rate of the notebooks that started with a
// failure of category c.
func (s Standing) CategoryRate(c string) analysis.Rate {
	return analysis.NewRate(int(s.RestoredByCategory[c]), int(s.AttemptedByCategory[c]))
}

// Leaderboard ranks the agents whose attempts are in the folder, by
// notebooks restored to reproducible, then executable.
func Leaderboard(attempts []records.Attempt) []Standing {
	type nbKey struct{ agent, nb string }
	final := map[nbKey]records.Attempt{}
	families := map[nbKey]map[string]bool{} // the rule families applied to a notebook, any iteration
	libraries := map[nbKey]map[string]bool{}
	tally := map[string]*Standing{}
	for _, a := range attempts {
		s := tally[a.Agent]
		if s == nil {
			s = &Standing{Agent: a.Agent, ByCategory: map[string]float64{}, RestoredByCategory: map[string]int32{}, AttemptedByCategory: map[string]int32{},
				RestoredByFamily: map[string]int32{}, AttemptedByFamily: map[string]int32{}, RestoredByLibrary: map[string]int32{}, AttemptedByLibrary: map[string]int32{}}
			tally[a.Agent] = s
		}
		s.TokensIn += a.TokensIn
		s.TokensOut += a.TokensOut
		s.CostUSD += a.CostUSD
		s.WallS += a.WallS
		k := nbKey{a.Agent, a.NotebookID}
		if a.Final {
			final[k] = a
		}
		for _, f := range a.RuleFamilies {
			if families[k] == nil {
				families[k] = map[string]bool{}
			}
			families[k][f] = true
		}
		for _, l := range a.RuleLibraries {
			if libraries[k] == nil {
				libraries[k] = map[string]bool{}
			}
			libraries[k][l] = true
		}
	}
	perCat := map[string]map[string][2]int{} // agent -> category -> {restored, total}
	fixes := map[string]int{}
	for k, a := range final {
		s := tally[k.agent]
		s.Attempted++
		fixes[k.agent] += int(a.Iteration)
		if a.StopReason == "gave-up" || a.StopReason == "agent-error" || a.StopReason == "missing" {
			fixes[k.agent]-- // the last iteration proposed no fix
		}
		if a.StopReason == "missing" {
			s.Missing++
		}
		ok := a.StopReason == "restored"
		if a.HasTarget {
			s.WithTarget++
			if ok {
				s.RestoredReproducible++
			}
		}
		if a.Status == records.StatusOK {
			s.RestoredExecutable++
		}
		if perCat[k.agent] == nil {
			perCat[k.agent] = map[string][2]int{}
		}
		c := perCat[k.agent][a.StartCategory]
		c[1]++
		if ok {
			c[0]++
		}
		perCat[k.agent][a.StartCategory] = c
		for f := range families[k] {
			s.AttemptedByFamily[f]++
			if ok {
				s.RestoredByFamily[f]++
			}
		}
		for l := range libraries[k] {
			s.AttemptedByLibrary[l]++
			if ok {
				s.RestoredByLibrary[l]++
			}
		}
	}
	out := make([]Standing, 0, len(tally))
	for name, s := range tally {
		if s.Attempted > 0 {
			s.MeanFixes = float64(fixes[name]) / float64(s.Attempted)
		}
		for cat, c := range perCat[name] {
			s.ByCategory[cat] = float64(c[0]) / float64(c[1])
			s.RestoredByCategory[cat], s.AttemptedByCategory[cat] = int32(c[0]), int32(c[1])
		}
		s.ReproducibleCILow, s.ReproducibleCIHigh = bounds(s.ReproducibleRate())
		s.ExecutableCILow, s.ExecutableCIHigh = bounds(s.ExecutableRate())
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Standing) int {
		if a.RestoredReproducible != b.RestoredReproducible {
			return int(b.RestoredReproducible - a.RestoredReproducible)
		}
		if a.RestoredExecutable != b.RestoredExecutable {
			return int(b.RestoredExecutable - a.RestoredExecutable)
		}
		return strings.Compare(a.Agent, b.Agent)
	})
	return out
}

// bounds is a rate's interval, nil when there is nothing to rate.
func bounds(r analysis.Rate) (lo, hi *float64) {
	if r.N == 0 {
		return nil, nil
	}
	return &r.Lo, &r.Hi
}

// rateText is "k / n (p%, 95% CI lo–hi%)", or "0 / 0" when n is 0.
func rateText(r analysis.Rate) string {
	if r.N == 0 {
		return "0 / 0"
	}
	return fmt.Sprintf("%d / %d (%.0f%%, 95%% CI %.0f–%.0f%%)", r.K, r.N, 100*r.P, 100*r.Lo, 100*r.Hi)
}

// WriteMarkdown renders the leaderboard: every rate with its Wilson 95%
// interval.
func WriteMarkdown(w io.Writer, ss []Standing) error {
	fmt.Fprintln(w, "| agent | attempted | missing | restored (reproducible) | restored (executable) | mean fixes | tokens in | tokens out | cost (USD) | wall (s) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range ss {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.2f | %d | %d | %.4f | %.0f |\n", s.Agent, s.Attempted, s.Missing,
			rateText(s.ReproducibleRate()), rateText(s.ExecutableRate()), s.MeanFixes, s.TokensIn, s.TokensOut, s.CostUSD, s.WallS)
	}
	cats := map[string]bool{}
	for _, s := range ss {
		for c := range s.ByCategory {
			cats[c] = true
		}
	}
	if len(cats) == 0 {
		return nil
	}
	order := slices.Sorted(maps.Keys(cats))
	fmt.Fprintf(w, "\nRestore rate by the failure category the notebook started with:\n\n| agent | %s |\n|---|%s\n", strings.Join(order, " | "), strings.Repeat("---:|", len(order)))
	for _, s := range ss {
		fmt.Fprintf(w, "| %s |", s.Agent)
		for _, c := range order {
			if s.AttemptedByCategory[c] > 0 {
				fmt.Fprintf(w, " %s |", rateText(s.CategoryRate(c)))
			} else {
				fmt.Fprint(w, " – |")
			}
		}
		fmt.Fprintln(w)
	}
	writeBy(w, ss, "rule family", func(s Standing) (map[string]int32, map[string]int32) { return s.RestoredByFamily, s.AttemptedByFamily })
	writeBy(w, ss, "library the rule is about", func(s Standing) (map[string]int32, map[string]int32) {
		return s.RestoredByLibrary, s.AttemptedByLibrary
	})
	fmt.Fprintln(w, "\nRates: restored of attempted (reproducible: of those with a target score), with Wilson 95% intervals; missing: attempted notebooks the agent had nothing for (counted as not restored). By rule family or library: of the notebooks a fix of that family (library) was applied to, how many were restored (a notebook counts under every family it needed).")
	return nil
}

// writeBy is a table of restore rates per key (rule family, library), one
// row per key, one column per agent that applied any.
func writeBy(w io.Writer, ss []Standing, what string, counts func(Standing) (restored, attempted map[string]int32)) {
	keys := map[string]bool{}
	var agents []Standing
	for _, s := range ss {
		_, att := counts(s)
		if len(att) > 0 {
			agents = append(agents, s)
		}
		for k := range att {
			keys[k] = true
		}
	}
	if len(keys) == 0 {
		return
	}
	fmt.Fprintf(w, "\nRestore rate by %s:\n\n| %s |", what, what)
	for _, s := range agents {
		fmt.Fprintf(w, " %s |", s.Agent)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|", len(agents)))
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		fmt.Fprintf(w, "| %s |", k)
		for _, s := range agents {
			res, att := counts(s)
			if att[k] > 0 {
				fmt.Fprintf(w, " %s |", rateText(analysis.NewRate(int(res[k]), int(att[k]))))
			} else {
				fmt.Fprint(w, " – |")
			}
		}
		fmt.Fprintln(w)
	}
}

// WriteLeaderboard writes leaderboard.md and leaderboard.parquet into dir.
func WriteLeaderboard(dir string, ss []Standing) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, ss); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "leaderboard.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	f, err := atomicfile.Create(filepath.Join(dir, "leaderboard.parquet"), 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := parquet.NewGenericWriter[Standing](f, parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}))
	if _, err := w.Write(ss); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Commit()
}

// PublishLeaderboard ranks the agents of the attempts in results folder
// dir, writes leaderboard.md and leaderboard.parquet there, logs a warning
// per agent that had nothing for some notebooks, and prints the board to w
// as Markdown, or as indented JSON with asJSON.
func PublishLeaderboard(w io.Writer, dir string, asJSON bool) error {
	attempts, err := results.ReadAttempts(dir)
	if err != nil {
		return err
	}
	for _, m := range MissingWarnings(attempts) {
		slog.Warn(m)
	}
	board := Leaderboard(attempts)
	if err := WriteLeaderboard(dir, board); err != nil {
		return err
	}
	if asJSON {
		data, err := json.MarshalIndent(LeaderboardJSON(board), "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	}
	fmt.Fprintf(w, "Leaderboard (%s)\n\n", filepath.Join(dir, "leaderboard.md"))
	return WriteMarkdown(w, board)
}
