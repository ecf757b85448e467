package mlebench

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"erosion/grading"
	"erosion/grading/external"
)

func TestRegistry(t *testing.T) {
	if !slices.IsSortedFunc(graders, func(a, b Grader) int { return strings.Compare(a.ID, b.ID) }) {
		t.Fatal("graders are not sorted by id")
	}
	for i, g := range graders {
		if i > 0 && graders[i-1].ID == g.ID {
			t.Errorf("%s listed twice", g.ID)
		}
		if g.Name == "" || g.Answers == "" {
			t.Errorf("%s: grader name or answers file missing", g.ID)
		}
		if g.Spec == nil {
			if g.Note == "" {
				t.Errorf("%s: external without a reason", g.ID)
			}
		} else if err := g.Spec.Check(); err != nil {
			t.Errorf("%s: %v", g.ID, err)
		}
		ext := g.External("mlebench")
		if err := ext.Check(); err != nil {
			t.Errorf("%s: external spec: %v", g.ID, err)
		}
		if got := ext.Argv(g.ID, "/x")[2:4]; !slices.Equal(got, []string{external.SubmissionPath, g.ID}) {
			t.Errorf("%s: grade-sample arguments %q", g.ID, got)
		}
	}
	for _, id := range Split75 {
		if _, ok := Lookup(id); !ok {
			t.Errorf("split75 competition %s has no grader", id)
		}
	}
	if _, ok := Lookup("titanic"); ok {
		t.Error("Lookup found a competition MLE-bench does not have")
	}
}

// TestTable prints the grader of every competition of the study; the
// expectations pin a few of each kind.
func TestTable(t *testing.T) {
	rows := Table(append(slices.Clone(Split75), "spaceship-titanic", "titanic"))
	builtin := 0
	for _, r := range rows {
		if r.Grader == "builtin" {
			builtin++
		}
		t.Logf("%-58s %-9s %s", r.Competition, r.Grader, r.Detail)
	}
	t.Logf("%d of %d competitions graded by a built-in metric", builtin, len(rows))
	want := map[string]string{
		"aptos2019-blindness-detection": "builtin qwk (higher is better), id_code → diagnosis",
		"AI4Code":                       "external mlebench grade-sample: Kendall tau over cell orders",
		"titanic":                       "unknown not in MLE-bench's registry",
		"jigsaw-toxic-comment-classification-challenge": "builtin mean column-wise roc_auc (higher is better), id → toxic, severe_toxic, obscene, … (6 columns)",
		"stanford-covid-vaccine":                        "builtin mean column-wise rmse (lower is better), id_seqpos → reactivity, deg_Mg_pH10, deg_Mg_50C; scored where keep = True; also requires deg_pH10, deg_50C; MCRMSE despite its grader name",
		"h-and-m-personalized-fashion-recommendations":  "builtin map@12 (higher is better), customer_id → prediction; no other columns; extra ids ignored",
	}
	for _, r := range rows {
		if w, ok := want[r.Competition]; ok && r.Grader+" "+r.Detail != w {
			t.Errorf("%s:\n got %s %s\nwant %s", r.Competition, r.Grader, r.Detail, w)
		}
	}
	if builtin < 55 {
		t.Errorf("only %d built-in graders", builtin)
	}
}

// TestPerfectSubmissions grades, for every built-in grader, a submission
// that copies small answers written with the competition's real columns:
// the spec's columns and roles fit together, and the score is the metric's
// best.
func TestPerfectSubmissions(t *testing.T) {
	for _, g := range graders {
		if !g.Builtin() {
			continue
		}
		t.Run(g.ID, func(t *testing.T) {
			s := *g.Spec
			answers, sub := perfect(s)
			path := filepath.Join(t.TempDir(), g.Answers)
			if err := os.WriteFile(path, []byte(answers), 0o644); err != nil {
				t.Fatal(err)
			}
			score, err := grading.GradeData(s, []byte(sub), path)
			if err != nil {
				t.Fatalf("%v\nanswers:\n%s\nsubmission:\n%s", err, answers, sub)
			}
			tol := 1e-9
			if s.Metric == grading.MeanAngularError {
				tol = 1e-7 // arccos near 1 turns rounding of the dot product into ~1e-8 rad
			}
			if want := best(s.Metric); math.Abs(score-want) > tol {
				t.Errorf("a perfect submission scores %v, want %v", score, want)
			}
		})
	}
}

func best(metric string) float64 {
	switch metric {
	case grading.RMSE, grading.MAE, grading.RMSLE, grading.Levenshtein, grading.WER, grading.KLDivergence,
		grading.MeanAngularError, grading.Top1Error, grading.MulticlassLogLoss:
		return 0
	case grading.LogMAEByGroup:
		return math.Log(1e-9)
	}
	return 1
}

// perfect writes three answers rows with the spec's columns and a
// submission predicting them exactly (plus an unknown id where allowed).
func perfect(s grading.Spec) (answers, sub string) {
	targets := s.TargetColumns
	if s.TargetColumn != "" {
		targets = []string{s.TargetColumn}
	}
	if slices.Equal(targets, []string{grading.AllColumns}) {
		targets = []string{"class_a", "class_b", "class_c"}
	}
	const rows = 3
	value := func(row, col int) string {
		switch s.Metric {
		case grading.ROCAUC, grading.LWLRAP:
			return fmt.Sprint((row + col) % 2)
		case grading.MulticlassLogLoss, grading.KLDivergence:
			if len(targets) == 1 {
				return fmt.Sprint(row % 2)
			}
			if row%len(targets) == col {
				return "1"
			}
			return "0"
		case grading.Dice, grading.GlobalDice:
			return fmt.Sprintf("%d 2", 1+row*3)
		case grading.MeanAngularError:
			return fmt.Sprintf("%.1f", 0.5+float64(row+col)/2)
		case grading.MAPK, grading.MicroF1:
			return fmt.Sprintf("l%d l%d", row, row+1)
		case grading.Levenshtein, grading.WordJaccard:
			return fmt.Sprintf("Some text %d", row)
		case grading.WER:
			return fmt.Sprintf("%d 4 %d", row, row+2)
		case grading.Accuracy, grading.MacroF1, grading.MCC, grading.QWK, grading.Top1Error:
			return fmt.Sprint(row % 2)
		}
		return fmt.Sprintf("%d.5", 1+row*7+col) // numbers in every range
	}
	ansCols := targets
	if s.AnswerColumn != "" {
		ansCols = []string{s.AnswerColumn}
	}
	extra := []string{}
	if s.Where != nil {
		extra = append(extra, s.Where.Column)
	}
	if s.GroupColumn != "" {
		extra = append(extra, s.GroupColumn)
	}
	if s.HeightColumn != "" {
		extra = append(extra, s.HeightColumn, s.WidthColumn)
	}
	var a, b strings.Builder
	csvRow := func(w *strings.Builder, cells []string) {
		for i, c := range cells {
			if strings.ContainsAny(c, ", ") && !strings.HasPrefix(c, `"`) {
				c = `"` + c + `"`
			}
			cells[i] = c
		}
		w.WriteString(strings.Join(cells, ",") + "\n")
	}
	csvRow(&a, slices.Concat([]string{s.IDColumn}, ansCols, extra))
	csvRow(&b, slices.Concat([]string{s.IDColumn}, targets, s.RequiredColumns))
	for r := range rows + 1 {
		id := fmt.Sprintf("id%d", r)
		var av, pv []string
		for c := range targets {
			pv = append(pv, value(r, c))
		}
		av = slices.Clone(pv)
		if r == rows && s.Where != nil { // unscored: a wrong prediction must not count
			for i := range pv {
				pv[i] = "99.5"
			}
		}
		if s.AnswerColumn != "" && s.Metric == grading.MulticlassLogLoss {
			av = []string{targets[r%len(targets)]}
		} else if s.AnswerColumn != "" {
			av = pv[:1]
		}
		var ev []string
		if s.Where != nil {
			keep := s.Where.Equals
			if r == rows { // one row the metric does not score
				keep = "not-" + keep
			}
			ev = append(ev, keep)
		}
		if s.GroupColumn != "" {
			ev = append(ev, fmt.Sprint("g", r%2))
		}
		if s.HeightColumn != "" {
			ev = append(ev, "4", "5")
		}
		if r < rows || s.Where != nil {
			csvRow(&a, slices.Concat([]string{id}, av, ev))
		}
		if r < rows || s.Where != nil || s.ExtraIDs {
			if r == rows && s.ExtraIDs && s.Where == nil {
				id = "not-in-the-answers"
			}
			req := make([]string, len(s.RequiredColumns))
			for i := range req {
				req[i] = "0"
			}
			csvRow(&b, slices.Concat([]string{id}, pv, req))
		}
	}
	return a.String(), b.String()
}
