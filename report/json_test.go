package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/report"
)

func fixtureStudy(t *testing.T) *analysis.Study {
	t.Helper()
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSummaryIDsAndNumbers(t *testing.T) {
	s := fixtureStudy(t)
	sum := report.Summarize(s, "0.1.0+test")
	if !sum.Complete || sum.NotebooksPlanned != 10 || sum.NotebooksDone != 10 || sum.Runs != 38 || sum.InfrastructureFailures != 1 ||
		sum.Criterion != "reproducibility-or-executability" || !slices.Equal(sum.Datasets, []string{"fixture"}) {
		t.Errorf("summary %+v", sum)
	}
	var names []string
	for _, e := range sum.Environments {
		names = append(names, e.Environment)
	}
	if !slices.Equal(names, []string{"trixie", "bullseye", "backported", "trixie+llm"}) {
		t.Fatalf("environments %v", names)
	}
	// By hand from the fixture (see analysis's tests): in trixie n03, n07
	// and n08 reproduce and n09 (no target) ran clean.
	tr := sum.Environments[0]
	if !slices.Equal(tr.ResolvedIDs, []string{"n03", "n07", "n08", "n09"}) ||
		!slices.Equal(tr.UnresolvedIDs, []string{"n01", "n02", "n04", "n05", "n06", "n10"}) ||
		tr.Resolved.Count != 4 || tr.Resolved.Total != 10 || *tr.Resolved.Rate != 0.4 || *tr.Resolved.CILow != 0.16818 ||
		tr.BaseEnvironment != nil || tr.Agent != nil {
		t.Errorf("trixie %+v", tr)
	}
	if got := tr.Failures["removed-api"]; !slices.Equal(got, []string{"n02", "n04"}) {
		t.Errorf("trixie removed-api %v", got)
	}
	// backported n08: the run reproduced, the confirmed verdict did not.
	bp := sum.Environments[2]
	if slices.Contains(bp.ResolvedIDs, "n08") || !slices.Contains(bp.Classes["error-free non-reproducible"], "n08") {
		t.Errorf("backported n08: %+v", bp)
	}
	llm := sum.Environments[3]
	if llm.BaseEnvironment == nil || *llm.BaseEnvironment != "trixie" || *llm.Agent != "llm" || llm.Notebooks != 6 ||
		!slices.Equal(llm.UnresolvedIDs, []string{"n04"}) {
		t.Errorf("trixie+llm %+v", llm)
	}

	// Stable bytes; every list present, even empty; no unknown field.
	a, err := sum.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := report.Summarize(fixtureStudy(t), "0.1.0+test").JSON()
	if !bytes.Equal(a, b) {
		t.Error("report.json differs between two builds from the same results")
	}
	if !bytes.Contains(a, []byte(`"incomplete_ids": []`)) || !bytes.Contains(a, []byte(`"agent": null`)) {
		t.Errorf("empty lists and missing values must be [] and null:\n%s", a)
	}
	dec := json.NewDecoder(bytes.NewReader(a))
	dec.DisallowUnknownFields()
	var back report.Summary
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
}

// TestSchemaDocumented keeps report-json.md in step with the JSON: every
// field written is documented.
func TestSchemaDocumented(t *testing.T) {
	doc, err := os.ReadFile("report-json.md")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := report.Summarize(fixtureStudy(t), "x").JSON()
	var v any
	json.Unmarshal(data, &v)
	seen := map[string]bool{}
	var walk func(any, bool)
	walk = func(v any, keysAreData bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if !keysAreData && !seen[k] {
					seen[k] = true
					if !bytes.Contains(doc, []byte("`"+k+"`")) {
						t.Errorf("report.json field %q is not documented in report-json.md", k)
					}
				}
				walk(c, k == "classes" || k == "failures")
			}
		case []any:
			for _, c := range x {
				walk(c, false)
			}
		}
	}
	walk(v, false)
	if !strings.Contains(string(doc), "Schema version 1") || report.SchemaVersion != 1 {
		t.Error("report-json.md documents another schema version")
	}
}

func TestIncompleteReportHasNoHeadlineRate(t *testing.T) {
	s := fixtureStudy(t)
	var ids []string
	for _, nb := range analysistest.Notebooks {
		ids = append(ids, nb.ID)
	}
	// The dataset plans 12 notebooks; the runs stopped after 10.
	s.Plan(analysis.PlannedFromDataset, "fixture", append(ids, "n11", "n12"), nil)
	r, err := report.Build(report.Input{Study: s, Tables: s.Tables(), Version: "t", FigureDir: "figures"})
	if err != nil {
		t.Fatal(err)
	}
	html, _ := r.HTML()
	page := string(html)
	top := page[strings.Index(page, "<h1>"):strings.Index(page, "<h2>")]
	if !strings.Contains(top, "Incomplete: 10 of 12 notebooks (planned: the dataset)") {
		t.Errorf("the top of the page does not say it is incomplete:\n%s", top)
	}
	if strings.Contains(page, `class="number"`) || strings.Contains(page, "<h2>Headline</h2>") {
		t.Error("an incomplete report shows a headline rate")
	}
	md := string(r.Markdown())
	if !strings.HasPrefix(md[strings.Index(md, "\n\n")+2:], "> **Incomplete: 10 of 12 notebooks") {
		t.Errorf("report.md does not start with the incompleteness:\n%s", md[:300])
	}
	if r.Summary.Complete || r.Summary.NotebooksDone != 10 || r.Summary.NotebooksPlanned != 12 ||
		!slices.Equal(r.Summary.Environments[1].IncompleteIDs, []string{"n11", "n12"}) {
		t.Errorf("summary %+v", r.Summary)
	}
	// A complete study keeps its headline numbers.
	full, _ := report.Build(report.Input{Study: fixtureStudy(t), Version: "t"})
	if full.Incomplete != "" || len(full.Headline) != 4 {
		t.Errorf("complete study: %q, %d numbers", full.Incomplete, len(full.Headline))
	}
}
