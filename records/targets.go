package records

// Target is one row of the targets table: a notebook's two target scores
// as its dataset's manifest had them when the runs were planned — the
// Kaggle private-leaderboard score (mined) and the score measured in its
// era environment — and which one its runs are graded against.
type Target struct {
	Dataset        string   `parquet:"dataset,dict" json:"dataset"`
	NotebookID     string   `parquet:"notebook_id" json:"notebook_id"`
	Competition    string   `parquet:"competition,dict" json:"competition"`
	KaggleTarget   *float64 `parquet:"kaggle_target,optional" json:"kaggle_target"`
	MeasuredTarget *float64 `parquet:"measured_target,optional" json:"measured_target"`
	TargetSource   string   `parquet:"target_source,dict" json:"target_source"` // which one runs use ("" when none)
	Tolerance      float64  `parquet:"tolerance" json:"tolerance"`
}

// Targets is the targets table (one part per write; study.RecordTargets
// keeps one row per dataset and notebook).
var Targets = Table[Target]{Name: "targets"}
