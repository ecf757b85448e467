package study

import (
	"erosion/datasets"
	"erosion/records"
)

// RecordTargets writes the targets table of a results folder: for every
// notebook of ds, its Kaggle target, its measured target and which one its
// runs are graded against (dataset.yaml's target:), so that analysis can
// report reproducibility against both. Rows of other datasets are kept.
func RecordTargets(root string, ds *datasets.Dataset) error {
	manifest, err := ds.Manifest()
	if err != nil || manifest == nil {
		return err
	}
	old, err := records.Targets.Read(root)
	if err != nil {
		return err
	}
	var rows []records.Target
	for _, r := range old {
		if r.Dataset != ds.Name {
			rows = append(rows, r)
		}
	}
	for _, e := range manifest {
		_, src := ds.ChooseTarget(e)
		rows = append(rows, records.Target{Dataset: ds.Name, NotebookID: e.NotebookID, Competition: e.Competition,
			KaggleTarget: e.KaggleTarget, MeasuredTarget: e.MeasuredTarget, TargetSource: src, Tolerance: ds.Tolerance})
	}
	return records.Targets.Replace(root, rows)
}
