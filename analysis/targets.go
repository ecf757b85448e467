package analysis

import (
	"cmp"
	"slices"
	"strings"

	"erosion/datasets"
	"erosion/grading"
	"erosion/records"
)

// TargetRow is reproduction in one environment measured against each of a
// notebook's two targets: the Kaggle private-leaderboard score and the
// score measured in its era environment (the targets table). A notebook
// reproduces a target when its mean graded score there is within its
// dataset's tolerance of it.
type TargetRow struct {
	Env                  string
	Kaggle, Measured     Rate // over the notebooks that have that target
	UseKaggle, UseMeasur int  // notebooks whose verdicts used each
}

// compareTargets reduces the verdicts to TargetRows (nil without a
// targets table).
func compareTargets(results string, vs []records.Verdict) ([]TargetRow, error) {
	ts, err := records.Targets.Read(results)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	byNB := map[[2]string]records.Target{}
	for _, t := range ts {
		byNB[[2]string{t.Dataset, t.NotebookID}] = t
	}
	type acc struct{ kk, kn, mk, mn, uk, um int }
	per := map[string]*acc{}
	for _, v := range vs {
		t, ok := byNB[[2]string{v.Dataset, v.NotebookID}]
		if !ok || (t.KaggleTarget == nil && t.MeasuredTarget == nil) {
			continue
		}
		env := v.Environment
		if v.Agent != "" {
			env += "+" + v.Agent
		}
		a := per[env]
		if a == nil {
			a = &acc{}
			per[env] = a
		}
		within := func(target *float64) bool {
			return v.MeanScore != nil && grading.RelErr(*v.MeanScore, *target) <= t.Tolerance
		}
		if t.KaggleTarget != nil {
			a.kn++
			if within(t.KaggleTarget) {
				a.kk++
			}
		}
		if t.MeasuredTarget != nil {
			a.mn++
			if within(t.MeasuredTarget) {
				a.mk++
			}
		}
		switch t.TargetSource {
		case datasets.TargetKaggle:
			a.uk++
		case datasets.TargetMeasured:
			a.um++
		}
	}
	var rows []TargetRow
	for env, a := range per {
		rows = append(rows, TargetRow{Env: env, Kaggle: NewRate(a.kk, a.kn), Measured: NewRate(a.mk, a.mn), UseKaggle: a.uk, UseMeasur: a.um})
	}
	slices.SortFunc(rows, func(x, y TargetRow) int { return strings.Compare(x.Env, y.Env) })
	return rows, nil
}

// TargetComparison is the study's TargetRows, in environment order.
func (s *Study) TargetComparison() []TargetRow {
	rank := map[string]int{}
	for i, e := range s.Envs {
		rank[e] = i
	}
	rows := slices.Clone(s.targetRows)
	slices.SortStableFunc(rows, func(x, y TargetRow) int { return cmp.Compare(rank[x.Env], rank[y.Env]) })
	return rows
}

// TargetsTable compares reproduction against the Kaggle target and against
// the measured one; ok is false when the results hold no targets table.
func (s *Study) TargetsTable() (Table, bool) {
	rows := s.TargetComparison()
	if len(rows) == 0 {
		return Table{}, false
	}
	t := Table{Name: "targets", Title: "Reproduction against the Kaggle target and the measured target",
		Note: "Kaggle: the private-leaderboard score of the notebook's submission (mined), on Kaggle's test set; " +
			"measured: the score the notebook got in its era environment, on the dataset's test set (for MLE-bench competitions, MLE-bench's re-split). " +
			"A notebook reproduces a target when its mean graded score in the environment is within the dataset's tolerance of it; " +
			"the rates count the notebooks that have that target. The last columns say which target the verdicts in the other tables used.",
		Columns: []Column{textCol("Environment", "environment"),
			numCol("With Kaggle target", "kaggle_notebooks"), numCol("Reproduce it", "kaggle_reproduced"), numCol("%", "kaggle_rate"), ciCol("kaggle"),
			numCol("With measured target", "measured_notebooks"), numCol("Reproduce it", "measured_reproduced"), numCol("%", "measured_rate"), ciCol("measured"),
			numCol("Verdicts on Kaggle's", "verdicts_kaggle"), numCol("Verdicts on measured", "verdicts_measured")}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []Cell{strCell(r.Env),
			intCell(r.Kaggle.N), intCell(r.Kaggle.K), pctCell(r.Kaggle.P), ciCell(r.Kaggle),
			intCell(r.Measured.N), intCell(r.Measured.K), pctCell(r.Measured.P), ciCell(r.Measured),
			intCell(r.UseKaggle), intCell(r.UseMeasur)})
	}
	return t, true
}
