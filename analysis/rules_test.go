package analysis

import (
	"testing"

	"erosion/records"
)

func TestRuleUseCountsNotebooksPerFamily(t *testing.T) {
	atts := []records.Attempt{
		{Dataset: "d", NotebookID: "a", Environment: "trixie", Agent: "rules", Iteration: 1, RuleFamilies: []string{"name-moved", "module-moved"}},
		{Dataset: "d", NotebookID: "a", Environment: "trixie", Agent: "rules", Iteration: 2, RuleFamilies: []string{"name-moved"}, Final: true, StopReason: "restored"},
		{Dataset: "d", NotebookID: "b", Environment: "trixie", Agent: "rules", Iteration: 1, RuleFamilies: []string{"name-moved"}, Final: true, StopReason: "max-fixes"},
		{Dataset: "d", NotebookID: "c", Environment: "trixie", Agent: "llm", Iteration: 1, Final: true, StopReason: "restored"},
	}
	s := &Study{RuleUse: ruleUse(atts)}
	tb, ok := s.RuleTable()
	if !ok || len(s.RuleUse) != 2 {
		t.Fatalf("%+v", s.RuleUse)
	}
	u := s.RuleUse[0]
	if u.Env != "trixie+rules" || u.Family != "name-moved" || u.Fixes != 3 || u.Notebooks != 2 || u.Restored.K != 1 {
		t.Errorf("%+v", u)
	}
	if len(tb.Rows) != 2 {
		t.Errorf("%d rows", len(tb.Rows))
	}
}
