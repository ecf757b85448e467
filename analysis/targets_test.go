package analysis

import (
	"testing"

	"erosion/datasets"
	"erosion/records"
)

// Each notebook is counted against each target it has; the verdicts' own
// target is reported apart.
func TestCompareTargets(t *testing.T) {
	root := t.TempDir()
	f := func(x float64) *float64 { return &x }
	if _, err := records.Targets.Write(root, []records.Target{
		{Dataset: "d", NotebookID: "a", KaggleTarget: f(1.0), MeasuredTarget: f(0.80), TargetSource: datasets.TargetMeasured, Tolerance: 0.1},
		{Dataset: "d", NotebookID: "b", KaggleTarget: f(3.4), TargetSource: datasets.TargetKaggle, Tolerance: 0.1},
		{Dataset: "d", NotebookID: "c", Tolerance: 0.1},
	}); err != nil {
		t.Fatal(err)
	}
	vs := []records.Verdict{
		{Dataset: "d", NotebookID: "a", Environment: "trixie", MeanScore: f(0.82)}, // measured yes, Kaggle no
		{Dataset: "d", NotebookID: "b", Environment: "trixie", MeanScore: f(3.5)},  // Kaggle yes
		{Dataset: "d", NotebookID: "c", Environment: "trixie", MeanScore: f(1)},    // no target: not counted
		{Dataset: "d", NotebookID: "a", Environment: "backported"},                 // no score: reproduces neither
	}
	rows, err := compareTargets(root, vs)
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	bp, tx := rows[0], rows[1]
	if tx.Env != "trixie" || tx.Kaggle.K != 1 || tx.Kaggle.N != 2 || tx.Measured.K != 1 || tx.Measured.N != 1 || tx.UseKaggle != 1 || tx.UseMeasur != 1 {
		t.Errorf("trixie: %+v", tx)
	}
	if bp.Env != "backported" || bp.Kaggle.K != 0 || bp.Kaggle.N != 1 || bp.Measured.K != 0 || bp.Measured.N != 1 {
		t.Errorf("backported: %+v", bp)
	}
	if none, err := compareTargets(t.TempDir(), vs); err != nil || none != nil {
		t.Errorf("without a targets table: %v %v", none, err)
	}
}
