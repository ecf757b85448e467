package study

import (
	"fmt"
	"io"
	"strings"

	"erosion/datasets"
	"erosion/mining/mlebench"
)

// VerifyDataset verifies ds (datasets.Dataset.VerifyWith), warning first
// about competitions without data: each problem is a line on problems,
// and a verified dataset a line on out. A dataset that fails is an error
// counting its problems, a UsageError when a notebook or competition is
// malformed (the author's to fix).
func VerifyDataset(out, problems io.Writer, ds *datasets.Dataset, o datasets.VerifyOptions) error {
	WarnEmptyData(ds, nil)
	found, err := ds.VerifyWith(o)
	if err != nil {
		return err
	}
	bad := false
	for _, p := range found {
		fmt.Fprintln(problems, "  "+p.Msg)
		bad = bad || p.Usage
	}
	if len(found) > 0 {
		err := fmt.Errorf("dataset %s fails verification: %d problems (listed above)", ds.Dir, len(found))
		if bad {
			return usage(err)
		}
		return err
	}
	fmt.Fprintf(out, "dataset %s (%s) verified: %d notebooks, %d competitions, %d files match their checksums\n", ds.Name, ds.Dir, len(ds.Notebooks), len(ds.CompetitionSlugs()), ds.SealedFiles())
	return nil
}

// SealDataset records the checksums of every file of ds, warning first
// about competitions without data, and says on out how many files it
// sealed.
func SealDataset(out io.Writer, ds *datasets.Dataset) error {
	WarnEmptyData(ds, nil)
	if err := ds.Seal(); err != nil {
		return err
	}
	fmt.Fprintf(out, "sealed %s: %d files\n", ds.Dir, ds.SealedFiles())
	return nil
}

// LinkMLEBench points the competitions of ds (of only, when given) at
// MLE-bench's prepared data and graders of src and seals the dataset
// (mlebench.LinkAll), then says on out which competitions reference the
// data, which MLE-bench lacks, and the grader of every competition. A
// competition's grader that cannot be described is a UsageError.
func LinkMLEBench(out io.Writer, ds *datasets.Dataset, src *mlebench.Source, only []string) error {
	ds, linked, missing, err := mlebench.LinkAll(ds, src, only)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "dataset %s: %d competitions reference %s (%s); sealed\n", ds.Dir, len(linked), src.Data, strings.Join(linked, ", "))
	if len(missing) > 0 {
		fmt.Fprintf(out, "not in MLE-bench's data or registry, left as they were: %s\n", strings.Join(missing, ", "))
	}
	rows, err := DescribeGraders(ds)
	if err != nil {
		return usage(err)
	}
	return WriteGraders(out, rows, false)
}
