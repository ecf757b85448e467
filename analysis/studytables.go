package analysis

import (
	"fmt"
	"slices"
	"strings"
)

// rateNote defines the rates the tables show.
func (s *Study) rateNote() string {
	graded, mixed := s.gradedMix()
	note := "Executable: ran to the end without an error. "
	switch {
	case !graded:
		note += "No notebook has a target score, so none is graded for reproducibility. "
	default:
		note += "Reproducible: the graded score is within tolerance of the target, confirmed where confirmation ran (notebooks with a target only). "
	}
	if mixed {
		note += CriterionMixed + ": reproducible for notebooks with a target, executable (error-free) for the others. "
	}
	note += "Percentages with Wilson 95% intervals; one outcome per notebook and environment (its latest attempt)."
	if len(s.Modernized) > 0 {
		note += " " + modernizedNote
	}
	return note
}

// CriterionMixed names the study's criterion when some notebooks have a
// target score and some do not.
const CriterionMixed = "Reproducible or error-free"

// modernizedNote says what a modernized environment's rates count.
const modernizedNote = "An environment modernized by an agent (environment+agent) counts every notebook the agent was to fix " +
	"(every notebook that did not meet the criterion in the environment); where the agent produced no run of a notebook " +
	"(it gave up before a fix ran, or never reached it) the notebook keeps its outcome in the environment."

// CriterionName names what Unit.Success measures in this study.
func (s *Study) CriterionName() string {
	switch graded, mixed := s.gradedMix(); {
	case mixed:
		return "reproducibility (error-free without a target)"
	case graded:
		return "reproducibility"
	}
	return "executability"
}

// CriterionLabel is the criterion as a short label for axes and headers:
// "Reproducible", "Executable" or CriterionMixed.
func (s *Study) CriterionLabel() string {
	switch graded, mixed := s.gradedMix(); {
	case mixed:
		return CriterionMixed
	case graded:
		return "Reproducible"
	}
	return "Executable"
}

// Tables are the study's tables, in reading order. Breakdowns the data
// cannot support (no years without a dataset, no transitions with one
// environment) are left out.
func (s *Study) Tables() []Table {
	ts := []Table{s.EnvironmentsTable(), s.ClassTable(), s.FailureTable()}
	if t, ok := s.TargetsTable(); ok {
		ts = append(ts, t)
	}
	for _, dim := range []string{ByCompetition, ByYear, ByEra, ByLibrary} {
		if t, ok := s.BreakdownTable(dim); ok {
			ts = append(ts, t)
		}
	}
	if len(s.Envs) > 1 {
		ts = append(ts, s.TransitionTable(), s.ClassTransitionTable())
	}
	if t, ok := s.RuleTable(); ok {
		ts = append(ts, t)
	}
	ts = append(ts, s.RuntimeTable())
	if len(s.Packages) > 0 {
		ts = append(ts, s.InventoryTable())
	}
	return ts
}

// EnvironmentsTable is the headline: rates per environment. Columns that
// cannot say anything are left out: reproducibility when no notebook has a
// target, the criterion unless some notebooks have one and some do not.
func (s *Study) EnvironmentsTable() Table {
	graded, mixed := s.gradedMix()
	title := "Executability per environment"
	if graded {
		title = "Executability and reproducibility per environment"
	}
	t := Table{Name: "environments", Title: title, Note: s.rateNote(),
		Columns: []Column{textCol("Environment", "environment"), numCol("Notebooks", "notebooks"),
			numCol("Executable", "executable"), numCol("%", "executable_rate"), ciCol("executable")}}
	if graded {
		t.Columns = append(t.Columns, numCol("Graded", "graded"), numCol("Reproducible", "reproducible"), numCol("%", "reproducible_rate"), ciCol("reproducible"))
	}
	if mixed {
		t.Columns = append(t.Columns, numCol(CriterionMixed+" %", "criterion_rate"), ciCol("criterion"))
	}
	notAttempted := slices.ContainsFunc(s.Modernized, func(m Modernization) bool { return m.NotAttempted > 0 })
	if len(s.Modernized) > 0 {
		t.Columns = append(t.Columns, numCol("Gave up", "gave_up"))
		if notAttempted {
			t.Columns = append(t.Columns, numCol("Not attempted", "not_attempted"))
		}
	}
	for _, r := range s.Rates() {
		row := []Cell{strCell(r.Env), intCell(r.Notebooks), intCell(r.Executable.K), pctCell(r.Executable.P), ciCell(r.Executable)}
		if graded {
			row = append(row, intCell(r.Reproducible.N), intCell(r.Reproducible.K), pctCell(r.Reproducible.P), ciCell(r.Reproducible))
		}
		if mixed {
			row = append(row, pctCell(r.Success.P), ciCell(r.Success))
		}
		if len(s.Modernized) > 0 {
			m, ok := s.ModernizationOf(r.Env)
			row = append(row, optIntCell(m.GaveUp, ok))
			if notAttempted {
				row = append(row, optIntCell(m.NotAttempted, ok))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// optIntCell is n, or a dash (empty in the CSV) where it does not apply.
func optIntCell(n int, applies bool) Cell {
	if !applies {
		return Cell{Text: "–", CSV: []string{""}}
	}
	return intCell(n)
}

// gradedMix says whether any notebook has a target, and whether some have
// one and some do not (then the criterion differs from both rates).
func (s *Study) gradedMix() (graded, mixed bool) {
	var with, without bool
	for _, u := range s.Units {
		if u.Graded {
			with = true
		} else {
			without = true
		}
	}
	return with, with && without
}

// ClassLabel is a class as a column head: short enough for a table.
func ClassLabel(c string) string {
	r := strings.NewReplacer("error-free", "clean", "non-reproducible", "non-repro.", "reproducible", "repro.")
	switch c {
	case "error-free":
		return "clean (no target)"
	case "error":
		return "error (no target)"
	}
	return r.Replace(c)
}

// ClassTable is the outcome-class distribution per environment.
func (s *Study) ClassTable() Table {
	rows := s.ClassDistribution()
	classes := ClassesPresent(rows)
	t := Table{Name: "outcome-classes", Title: "Outcome classes per environment",
		Note: "Notebooks per outcome class (share of the environment's notebooks). Classes without a target fall back to executability: clean or error. " +
			"Confirmed classes (verdicts) where confirmation ran.",
		Columns: []Column{textCol("Environment", "environment"), numCol("Notebooks", "notebooks")}}
	for _, c := range classes {
		t.Columns = append(t.Columns, numCol(ClassLabel(c), strings.ReplaceAll(c, " ", "_")))
	}
	for _, r := range rows {
		row := []Cell{strCell(r.Env), intCell(r.Notebooks)}
		for _, c := range classes {
			row = append(row, countShareCell(r.Counts[c], r.Notebooks))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// FailureTable is the failure taxonomy: categories by environment.
func (s *Study) FailureTable() Table {
	tx := s.FailureTaxonomy()
	note := "Notebooks whose latest run failed, by the category of the failure (share of the environment's notebooks)."
	if len(s.Modernized) > 0 {
		note += " In environment+agent, a notebook the agent produced no run of keeps its failure in the environment."
	}
	t := Table{Name: "failures", Title: "Failure taxonomy per environment", Note: note,
		Columns: []Column{textCol("Failure", "category")}}
	for _, env := range tx.Envs {
		t.Columns = append(t.Columns, numCol(env, env))
	}
	for _, c := range tx.Categories {
		row := []Cell{strCell(c)}
		for _, env := range tx.Envs {
			row = append(row, countShareCell(tx.Counts[env][c], tx.Notebooks[env]))
		}
		t.Rows = append(t.Rows, row)
	}
	total := []Cell{strCell("any failure")}
	for _, env := range tx.Envs {
		n := 0
		for _, k := range tx.Counts[env] {
			n += k
		}
		total = append(total, countShareCell(n, tx.Notebooks[env]))
	}
	t.Rows = append(t.Rows, total)
	return t
}

var dimTitles = map[string]string{
	ByCompetition: "competition", ByYear: "notebook year", ByEra: "notebook era", ByLibrary: "library used",
}

// BreakdownTable is the rates by one dimension; false when no notebook has
// a value for it.
func (s *Study) BreakdownTable(dim string) (Table, bool) {
	rows := s.RatesBy(dim)
	if len(rows) == 0 {
		return Table{}, false
	}
	note := s.rateNote()
	switch dim {
	case ByLibrary:
		note = fmt.Sprintf("The %d distributions the most notebooks import; a notebook counts under each library it imports. ", maxLibraries) + note
	case ByEra:
		note = "Era: the environment nearest the notebook's date, where it ran backported. " + note
	}
	head := strings.ToUpper(dimTitles[dim][:1]) + dimTitles[dim][1:]
	graded, mixed := s.gradedMix()
	t := Table{Name: "by-" + dim, Title: "Rates by " + dimTitles[dim], Note: note,
		Columns: []Column{textCol(head, dim), textCol("Environment", "environment"), numCol("Notebooks", "notebooks"),
			numCol("Executable %", "executable_rate"), ciCol("executable")}}
	if graded {
		t.Columns = append(t.Columns, numCol("Graded", "graded"), numCol("Reproducible %", "reproducible_rate"), ciCol("reproducible"))
	}
	if mixed {
		t.Columns = append(t.Columns, numCol(CriterionMixed+" %", "criterion_rate"), ciCol("criterion"))
	}
	for _, r := range rows {
		row := []Cell{strCell(r.Group), strCell(r.Env), intCell(r.Notebooks), pctCell(r.Executable.P), ciCell(r.Executable)}
		if graded {
			row = append(row, intCell(r.Reproducible.N), pctCell(r.Reproducible.P), ciCell(r.Reproducible))
		}
		if mixed {
			row = append(row, pctCell(r.Success.P), ciCell(r.Success))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, true
}

// TransitionTable compares environments pairwise on the same notebooks.
func (s *Study) TransitionTable() Table {
	t := Table{Name: "transitions", Title: "Transitions between environments on the same notebooks",
		Note: "Per pair of environments, the notebooks both ran, by " + s.CriterionName() + ": " +
			"kept (met it in both), fixed (only in the second), broken (only in the first), neither. p: McNemar's exact test of fixed against broken (two-sided).",
		Columns: []Column{textCol("From", "from"), textCol("To", "to"), numCol("Paired", "paired"), numCol("Kept", "kept"),
			numCol("Fixed", "fixed"), numCol("Broken", "broken"), numCol("Neither", "neither"), numCol("p", "mcnemar_p")}}
	for _, tr := range s.Transitions() {
		t.Rows = append(t.Rows, []Cell{strCell(tr.From), strCell(tr.To), intCell(tr.Paired), intCell(tr.Kept),
			intCell(tr.Fixed), intCell(tr.Broken), intCell(tr.Neither), pValueCell(tr.P)})
	}
	return t
}

// ClassTransitionTable is the outcome-class transition matrix of each pair
// of environments, in long form (pairs of classes that occur).
func (s *Study) ClassTransitionTable() Table {
	t := Table{Name: "class-transitions", Title: "Outcome-class transitions between environments",
		Note: "Notebooks by their outcome class in the first and in the second environment.",
		Columns: []Column{textCol("From", "from"), textCol("To", "to"), textCol("Class in from", "from_class"),
			textCol("Class in to", "to_class"), numCol("Notebooks", "notebooks")}}
	rank := map[string]int{}
	for i, c := range append(slices.Clone(ClassOrder), "other") {
		rank[c] = i
	}
	rk := func(c string) int {
		if r, ok := rank[c]; ok {
			return r
		}
		return len(rank)
	}
	for _, tr := range s.Transitions() {
		keys := make([][2]string, 0, len(tr.Classes))
		for k := range tr.Classes {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int {
			if d := rk(a[0]) - rk(b[0]); d != 0 {
				return d
			}
			if d := rk(a[1]) - rk(b[1]); d != 0 {
				return d
			}
			return strings.Compare(a[0]+a[1], b[0]+b[1])
		})
		for _, k := range keys {
			t.Rows = append(t.Rows, []Cell{strCell(tr.From), strCell(tr.To), strCell(k[0]), strCell(k[1]), intCell(tr.Classes[k])})
		}
	}
	return t
}

// RuntimeTable summarises durations per environment.
func (s *Study) RuntimeTable() Table {
	t := Table{Name: "runtimes", Title: "Run durations per environment (seconds)",
		Note: "Latest attempt per notebook, every outcome (a timeout counts at the limit); in environment+agent, only the notebooks the agent ran. Empirical quantiles.",
		Columns: []Column{textCol("Environment", "environment"), numCol("Runs", "runs"), numCol("Mean", "mean_s"),
			numCol("Min", "min_s"), numCol("25%", "q25_s"), numCol("Median", "median_s"), numCol("75%", "q75_s"),
			numCol("90%", "q90_s"), numCol("Max", "max_s")}}
	for _, r := range s.Runtimes() {
		t.Rows = append(t.Rows, []Cell{strCell(r.Env), intCell(r.N), secCell(r.Mean), secCell(r.Min), secCell(r.Q25),
			secCell(r.Median), secCell(r.Q75), secCell(r.Q90), secCell(r.Max)})
	}
	return t
}

// KeyDistributions are the libraries whose versions characterise an
// environment in the method section.
var KeyDistributions = []string{"pandas", "numpy", "scikit-learn", "matplotlib", "seaborn", "xgboost"}

// Inventory is one built environment as the packages table records it.
type Inventory struct {
	Env, Digest, Kind, Python string
	Packages                  int
	Versions                  map[string]string // distribution -> version
}

// Inventories lists the environments of the packages table, in the study's
// order where they ran under their own name, the others (era environments
// used by "backported") after them by name.
func (s *Study) Inventories() []Inventory {
	by := map[[2]string]*Inventory{}
	var keys [][2]string
	for _, p := range s.Packages {
		k := [2]string{p.Environment, p.EnvDigest}
		inv := by[k]
		if inv == nil {
			inv = &Inventory{Env: p.Environment, Digest: p.EnvDigest, Kind: p.Kind, Python: p.Python, Versions: map[string]string{}}
			by[k] = inv
			keys = append(keys, k)
		}
		inv.Packages++
		inv.Versions[strings.ToLower(p.Name)] = p.Version
	}
	rank := map[string]int{}
	for i, e := range s.Envs {
		rank[e] = i + 1
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		ra, rb := rank[a[0]], rank[b[0]]
		if ra == 0 {
			ra = len(rank) + 1
		}
		if rb == 0 {
			rb = len(rank) + 1
		}
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(a[0]+a[1], b[0]+b[1])
	})
	out := make([]Inventory, len(keys))
	for i, k := range keys {
		out[i] = *by[k]
	}
	return out
}

// ShortDigest shortens "sha256:abcdef…" to 12 hex digits.
func ShortDigest(d string) string {
	d = strings.TrimPrefix(d, "sha256:")
	return d[:min(12, len(d))]
}

// InventoryTable lists the environments with their key versions.
func (s *Study) InventoryTable() Table {
	t := Table{Name: "inventories", Title: "Environments and their key package versions",
		Note: "From the packages table: every distribution installed, as read inside each environment. Digest: the environment's content hash.",
		Columns: []Column{textCol("Environment", "environment"), textCol("Kind", "kind"), textCol("Digest", "env_digest"),
			textCol("Python", "python"), numCol("Packages", "packages")}}
	for _, d := range KeyDistributions {
		t.Columns = append(t.Columns, textCol(d, d))
	}
	for _, inv := range s.Inventories() {
		row := []Cell{strCell(inv.Env), strCell(inv.Kind), {Text: ShortDigest(inv.Digest), CSV: []string{inv.Digest}},
			strCell(inv.Python), intCell(inv.Packages)}
		for _, d := range KeyDistributions {
			v := inv.Versions[d]
			if v == "" {
				row = append(row, Cell{Text: "–", CSV: []string{""}})
			} else {
				row = append(row, strCell(v))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Headline is the study in one sentence per environment, for the report.
func (s *Study) Headline() []string {
	var out []string
	for _, r := range s.Rates() {
		of := "notebooks"
		m, modernized := s.ModernizationOf(r.Env)
		if modernized {
			of = fmt.Sprintf("candidates (every notebook that failed in %s)", m.Base)
		}
		line := fmt.Sprintf("%s: %d of %d %s ran without an error (%.1f%%, 95%% CI %.1f–%.1f)",
			r.Env, r.Executable.K, r.Notebooks, of, 100*r.Executable.P, 100*r.Executable.Lo, 100*r.Executable.Hi)
		if r.Reproducible.N > 0 {
			line += fmt.Sprintf("; %d of %d graded reproduced (%.1f%%, 95%% CI %.1f–%.1f)",
				r.Reproducible.K, r.Reproducible.N, 100*r.Reproducible.P, 100*r.Reproducible.Lo, 100*r.Reproducible.Hi)
		}
		if modernized {
			line += fmt.Sprintf("; the agent gave up on %d before any fix ran", m.GaveUp)
			if m.NotAttempted > 0 {
				line += fmt.Sprintf(" and did not attempt %d", m.NotAttempted)
			}
			line += fmt.Sprintf(" (these keep their outcome in %s)", m.Base)
		}
		out = append(out, line+".")
	}
	return out
}
