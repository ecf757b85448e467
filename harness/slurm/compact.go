package slurm

import (
	"erosion/records"
	"erosion/results"
	"erosion/verdict"
)

// Compact merges a results folder's part files into one file per
// partition: a local folder under its writer lock (held elsewhere: a
// UsageError), a Slurm run's folder with its shards merged and its
// verdicts judged again from the merged runs (what the merge job does).
// It returns the runs recorded and the files they are in.
func Compact(resultsDir string) (runs, files int, err error) {
	p, err := LoadPlan(resultsDir)
	if err != nil {
		return 0, 0, err
	}
	if p == nil {
		l, err := results.Acquire(resultsDir, "erosion results compact", false)
		if err != nil {
			return 0, 0, &UsageError{err}
		}
		defer l.Release()
		if err := results.Compact(resultsDir); err != nil {
			return 0, 0, err
		}
	} else if err := Merge(resultsDir, func() error {
		runs, err := records.Runs.Read(resultsDir)
		if err != nil {
			return err
		}
		return records.Verdicts.Replace(resultsDir, verdict.Judge(runs, verdict.Options{Tolerance: p.Tolerance, Cap: p.Confirm}))
	}); err != nil {
		return 0, 0, err
	}
	all, err := records.Runs.Read(resultsDir)
	if err != nil {
		return 0, 0, err
	}
	parts, err := records.Runs.Parts(resultsDir)
	return len(all), len(parts), err
}
