package datasets

// A notebook can have two target scores. The study's is the Kaggle
// private-leaderboard score of the submission the notebook made (mining
// records it), although re-execution is graded on MLE-bench's re-split test
// set, so the two are not measured on the same rows. The other is measured
// by erosion: the notebook run in its era environment and graded like every
// run (`erosion dataset targets`). The manifest keeps both; dataset.yaml's
// target: says which one verdicts use.

// Target sources, as the manifest's target_source column names them.
const (
	TargetKaggle   = "kaggle-private-leaderboard"
	TargetMeasured = "measured-in-era"
)

// Target policies (dataset.yaml's target:).
const (
	TargetPolicyAuto     = ""         // the measured one when there is one, else Kaggle's
	TargetPolicyMeasured = "measured" // only a measured target; none: executability
	TargetPolicyKaggle   = "kaggle"   // only Kaggle's; none: executability
)

func validTargetPolicy(p string) bool {
	return p == TargetPolicyAuto || p == TargetPolicyMeasured || p == TargetPolicyKaggle
}

// ChooseTarget is the target verdicts use for a manifest row under the
// dataset's policy, and where it comes from ("" when there is none).
func (d *Dataset) ChooseTarget(e Entry) (*float64, string) {
	kaggle, measured := e.KaggleTarget, e.MeasuredTarget
	switch {
	case d.Target == TargetPolicyKaggle:
		measured = nil
	case d.Target == TargetPolicyMeasured:
		kaggle = nil
	}
	switch {
	case measured != nil:
		return measured, TargetMeasured
	case kaggle != nil:
		return kaggle, TargetKaggle
	}
	return nil, ""
}

// SetTarget fills a row's target_score and target_source from its two
// targets under the dataset's policy: what the manifest says verdicts use.
func (d *Dataset) SetTarget(e *Entry) {
	e.TargetScore, e.TargetSource = d.ChooseTarget(*e)
}

// legacyTargets reads a manifest written before the two targets had columns
// of their own: its target_score was Kaggle's when target_source said so,
// and measured otherwise.
func legacyTargets(e *Entry) {
	if e.KaggleTarget != nil || e.MeasuredTarget != nil || e.TargetScore == nil {
		return
	}
	if e.TargetSource == TargetKaggle {
		e.KaggleTarget = e.TargetScore
	} else {
		e.MeasuredTarget = e.TargetScore
		e.TargetSource = TargetMeasured
	}
}
