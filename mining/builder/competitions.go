package builder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// CompetitionSource provides the competitions a mined dataset's notebooks
// run against: their input data, their answers and how they are graded.
// Finish asks it once for each competition of the dataset's notebooks.
//
// A source may copy or link files into the dataset (PreparedFolders) or
// write a competition that refers to data kept elsewhere, e.g. an MLE-bench
// data folder too large to copy.
type CompetitionSource interface {
	// Provide makes competition slug available in the dataset folder dir,
	// under competitions/<slug>/ as the datasets package reads it, or
	// returns an error wrapping ErrNoCompetition when the source lacks it.
	Provide(dir, slug string) error
	// String names the source in messages, e.g. "prepared folders in /data".
	String() string
}

// ErrNoCompetition is wrapped by a CompetitionSource that lacks a
// competition; Finish counts it as a warning, not a failure.
var ErrNoCompetition = errors.New("competition not provided")

// PreparedFolders is a folder of competitions prepared in erosion's layout:
// <slug>/data, <slug>/answers and <slug>/competition.yaml. They are
// hard-linked into the dataset where the file system allows, else copied.
type PreparedFolders string

func (p PreparedFolders) String() string { return "prepared folders in " + string(p) }

// Provide links or copies <p>/<slug> into dir/competitions/<slug>.
func (p PreparedFolders) Provide(dir, slug string) error {
	src := filepath.Join(string(p), slug)
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return fmt.Errorf("no folder %s: %w", src, ErrNoCompetition)
	}
	return linkCompetition(dir, slug, src)
}

// linkCompetition puts the parts of a prepared competition folder into the
// dataset at dir, replacing an older copy of each.
func linkCompetition(dir, slug, from string) error {
	dst := filepath.Join(dir, "competitions", slug)
	found := false
	for _, part := range []string{"data", "answers", "competition.yaml"} {
		src := filepath.Join(from, part)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		found = true
		if err := os.RemoveAll(filepath.Join(dst, part)); err != nil {
			return err
		}
		if err := copyTree(src, filepath.Join(dst, part)); err != nil {
			return fmt.Errorf("competition %s: copying %s: %w", slug, src, err)
		}
	}
	if !found {
		return fmt.Errorf("competition folder %s has none of data/, answers/, competition.yaml: prepare it in erosion's layout (see datasets/starter)", from)
	}
	return nil
}
