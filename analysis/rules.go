package analysis

import (
	"cmp"
	"slices"

	"erosion/records"
)

// RuleUse is how a rule family (docs/rules.md) served one modernized
// environment: the fixes that applied a rule of it, the notebooks they
// were applied to, and how many of those the agent restored.
type RuleUse struct {
	Env       string // "<env>+<agent>"
	Family    string
	Fixes     int
	Notebooks int
	Restored  Rate
}

// ruleUse tallies the attempts' rule families per modernized environment.
func ruleUse(attempts []records.Attempt) []RuleUse {
	type key struct{ env, family string }
	type nb = [2]string
	fixes := map[key]int{}
	applied := map[key]map[nb]bool{}
	restored := map[string]map[nb]bool{} // env label -> restored notebooks
	for _, a := range attempts {
		label := a.Environment + "+" + a.Agent
		n := nb{a.Dataset, a.NotebookID}
		if a.Final && a.StopReason == "restored" {
			if restored[label] == nil {
				restored[label] = map[nb]bool{}
			}
			restored[label][n] = true
		}
		for _, f := range a.RuleFamilies {
			k := key{label, f}
			fixes[k]++
			if applied[k] == nil {
				applied[k] = map[nb]bool{}
			}
			applied[k][n] = true
		}
	}
	var out []RuleUse
	for k, nbs := range applied {
		r := 0
		for n := range nbs {
			if restored[k.env][n] {
				r++
			}
		}
		out = append(out, RuleUse{Env: k.env, Family: k.family, Fixes: fixes[k], Notebooks: len(nbs), Restored: NewRate(r, len(nbs))})
	}
	slices.SortFunc(out, func(a, b RuleUse) int {
		return cmp.Or(cmp.Compare(a.Env, b.Env), cmp.Compare(b.Notebooks, a.Notebooks), cmp.Compare(a.Family, b.Family))
	})
	return out
}

// RuleTable is the rule families a rule-based agent used: per modernized
// environment and family, the fixes, the notebooks and how many of those
// were restored. ok is false when no attempt names a rule.
func (s *Study) RuleTable() (Table, bool) {
	if len(s.RuleUse) == 0 {
		return Table{}, false
	}
	t := Table{Name: "rule-families", Title: "Rule families the agents applied",
		Note: "Per modernized environment and rule family (docs/rules.md): the fixes that applied a rule of the family, the notebooks they were applied to, and how many of those the agent restored (a notebook counts under every family it needed).",
		Columns: []Column{textCol("Environment", "environment"), textCol("Rule family", "family"), numCol("Fixes", "fixes"),
			numCol("Notebooks", "notebooks"), numCol("Restored", "restored"), numCol("%", "restored_rate"), ciCol("restored")}}
	for _, u := range s.RuleUse {
		t.Rows = append(t.Rows, []Cell{strCell(u.Env), strCell(u.Family), intCell(u.Fixes), intCell(u.Notebooks),
			intCell(u.Restored.K), pctCell(u.Restored.P), ciCell(u.Restored)})
	}
	return t, true
}
