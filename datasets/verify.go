package datasets

import (
	"fmt"
	"maps"
	"slices"

	"erosion/notebook"
)

// Problem is one reason a dataset fails verification. Usage problems (a
// notebook that does not parse, a broken competition spec) are the
// dataset author's to fix; the others say the dataset changed.
type Problem struct {
	Msg   string
	Usage bool
}

// Verify checks everything a run relies on: every competition spec reads,
// every notebook parses, no file changed, appeared or vanished since the
// dataset was sealed (dataset.yaml included), no symbolic link or special
// file anywhere, and the manifest covers every notebook. A run refuses a
// dataset that does not verify.
func (d *Dataset) Verify() ([]Problem, error) { return d.VerifyWith(VerifyOptions{}) }

// VerifyWith is Verify; a competition whose data is referenced (a data:
// block) is also checked against its referenced-files.tsv: no file
// changed, appeared or vanished, nothing a run would mount is a link or
// the answers.
func (d *Dataset) VerifyWith(o VerifyOptions) ([]Problem, error) {
	var problems []Problem
	for _, slug := range d.CompetitionSlugs() {
		if d.refs[slug] != nil {
			for _, p := range d.verifyReference(slug, o) {
				problems = append(problems, Problem{Msg: p})
			}
		}
	}
	for _, slug := range d.CompetitionSlugs() {
		if _, err := d.Competition(slug); err != nil {
			problems = append(problems, Problem{err.Error(), true})
		}
	}
	for _, nb := range d.Notebooks {
		if _, err := notebook.Read(d.NotebookPath(nb)); err != nil {
			problems = append(problems, Problem{err.Error(), true})
		}
	}
	sums, err := d.VerifyChecksums()
	if err != nil {
		return nil, err
	}
	for _, s := range sums {
		problems = append(problems, Problem{Msg: s})
	}
	manifest, err := d.Manifest()
	if err != nil {
		problems = append(problems, Problem{Msg: err.Error()})
	} else if manifest != nil {
		listed := map[string]bool{}
		for _, e := range manifest {
			listed[e.NotebookID] = true
		}
		for _, nb := range d.Notebooks {
			if !listed[nb.ID] {
				problems = append(problems, Problem{Msg: fmt.Sprintf("manifest.parquet has no row for notebook %s: run `erosion dataset targets`", nb.ID)})
			}
		}
	}
	return problems, nil
}

// CompetitionSlugs is every competition the dataset names, sorted.
func (d *Dataset) CompetitionSlugs() []string {
	set := map[string]bool{}
	for _, c := range d.Competitions {
		set[c] = true
	}
	for _, nb := range d.Notebooks {
		set[nb.Competition] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// UnverifiedError is a dataset that fails verification.
type UnverifiedError struct {
	Dir      string
	Problems []Problem
}

func (e *UnverifiedError) Error() string {
	first := e.Problems[0].Msg
	more := ""
	if n := len(e.Problems) - 1; n > 0 {
		more = fmt.Sprintf(" (and %d more)", n)
	}
	return fmt.Sprintf("dataset %s does not verify: %s%s: see `erosion dataset verify %s`; a changed dataset is sealed again with `erosion dataset seal`", e.Dir, first, more, e.Dir)
}

// MustVerify is Verify as an error.
func (d *Dataset) MustVerify() error {
	p, err := d.Verify()
	if err != nil {
		return err
	}
	if len(p) > 0 {
		return &UnverifiedError{Dir: d.Dir, Problems: p}
	}
	return nil
}

// SealedFiles is how many files the seal covers (dataset.yaml's own entry
// aside).
func (d *Dataset) SealedFiles() int {
	n := len(d.Checksums)
	if _, ok := d.Checksums[DescriptionKey]; ok {
		n--
	}
	return n
}
