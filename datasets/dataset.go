// Package datasets reads the dataset format: datasets/<name>/dataset.yaml,
// competitions/<slug>/data (what notebooks see) and notebooks/.
package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Dataset is a fixed set of notebooks with the competition data they read.
type Dataset struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	Description string `yaml:"description"`
	Licence     string `yaml:"licence"`
	TimeLimitS  int    `yaml:"time_limit_s"` // per-run wall-clock limit; 0 = the harness default
	// Tolerance is the relative score error still counted as reproduced
	// (default 0.10, the study's 10%).
	Tolerance float64 `yaml:"tolerance"`
	// ConfirmRuns is how many runs confirm a reproduction (default 1: none).
	ConfirmRuns  int               `yaml:"confirm_runs"`
	Competitions []string          `yaml:"competitions"`
	Notebooks    []Notebook        `yaml:"notebooks"`
	Checksums    map[string]string `yaml:"checksums"` // path under the dataset folder -> sha256
	// Target is which target score verdicts use (targets.go): "measured"
	// (in the notebook's era), "kaggle" (the private leaderboard's), or
	// empty: the measured one where there is one, else Kaggle's.
	Target string `yaml:"target,omitempty"` // omitempty: the seal of datasets without it stays valid

	Dir  string              `yaml:"-"`
	refs map[string]*DataRef // competitions whose data is referenced (reference.go)
}

// Notebook is one entry of the dataset.
type Notebook struct {
	ID          string `yaml:"id"`
	Competition string `yaml:"competition"`
	File        string `yaml:"file"` // relative to notebooks/
	Title       string `yaml:"title"`
	Author      string `yaml:"author"`
	Submitted   string `yaml:"submitted"` // YYYY-MM-DD
	KaggleImage string `yaml:"kaggle_image"`
	Stochastic  bool   `yaml:"stochastic"`   // unseeded: its score varies run to run
	ExpectToday string `yaml:"expect_today"` // ok | error: what its author saw in the current environment
	Notes       string `yaml:"notes"`
}

// Date is when the notebook was submitted (zero when unknown).
func (nb Notebook) Date() time.Time {
	t, _ := time.Parse(time.DateOnly, nb.Submitted)
	return t
}

var idRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Load reads and checks a dataset folder (the one holding dataset.yaml).
func Load(dir string) (*Dataset, error) {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("dataset folder %s does not exist: pass --dataset with a folder holding dataset.yaml (e.g. datasets/starter)", dir)
		}
		return nil, fmt.Errorf("dataset %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("dataset %s is not a folder: pass the folder that holds dataset.yaml", dir)
	}
	path := filepath.Join(dir, "dataset.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dataset %s has no dataset.yaml: pass the folder that holds it (e.g. datasets/starter)", dir)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var d Dataset
	if err := dec.Decode(&d); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %s", path, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	d.Dir = dir
	if err := d.loadRefs(); err != nil {
		return nil, err
	}
	if err := d.validate(path); err != nil {
		return nil, err
	}
	return &d, nil
}

func (d *Dataset) validate(path string) error {
	if d.Name == "" {
		return fmt.Errorf("%s: field name is missing", path)
	}
	if d.TimeLimitS < 0 {
		return fmt.Errorf("%s: field time_limit_s must be positive (seconds)", path)
	}
	if d.Tolerance < 0 || d.Tolerance >= 1 {
		return fmt.Errorf("%s: field tolerance %v must be a fraction such as 0.10", path, d.Tolerance)
	}
	if d.Tolerance == 0 {
		d.Tolerance = 0.10
	}
	if d.ConfirmRuns < 0 || d.ConfirmRuns > 100 {
		return fmt.Errorf("%s: field confirm_runs %d must be between 1 and 100", path, d.ConfirmRuns)
	}
	if d.ConfirmRuns == 0 {
		d.ConfirmRuns = 1
	}
	if !validTargetPolicy(d.Target) {
		return fmt.Errorf("%s: field target %q: use measured, kaggle, or leave it out (the measured target where there is one, else Kaggle's)", path, d.Target)
	}
	if len(d.Notebooks) == 0 {
		return fmt.Errorf("%s: field notebooks is empty: list the dataset's notebooks", path)
	}
	for i, c := range d.Competitions {
		if !idRe.MatchString(c) {
			return fmt.Errorf("%s: competitions[%d] %q: a slug is letters, digits, '.', '_' or '-' (no folders, no '..')", path, i, c)
		}
	}
	seen := map[string]bool{}
	for i, nb := range d.Notebooks {
		where := fmt.Sprintf("%s: notebooks[%d]", path, i)
		switch {
		case !idRe.MatchString(nb.ID):
			return fmt.Errorf("%s: field id %q: use letters, digits, '.', '_' or '-'", where, nb.ID)
		case seen[nb.ID]:
			return fmt.Errorf("%s: id %q appears twice", where, nb.ID)
		case nb.File == "":
			return fmt.Errorf("%s (%s): field file is missing", where, nb.ID)
		case nb.Competition == "":
			return fmt.Errorf("%s (%s): field competition is missing", where, nb.ID)
		case !idRe.MatchString(nb.Competition):
			return fmt.Errorf("%s (%s): competition %q: a slug is letters, digits, '.', '_' or '-' (no folders, no '..')", where, nb.ID, nb.Competition)
		case !localPath(nb.File):
			return fmt.Errorf("%s (%s): field file %q must be a path inside notebooks/ (relative, no '..')", where, nb.ID, nb.File)
		}
		seen[nb.ID] = true
		if nb.Submitted != "" {
			if _, err := time.Parse(time.DateOnly, nb.Submitted); err != nil {
				return fmt.Errorf("%s (%s): field submitted %q is not a date (YYYY-MM-DD)", where, nb.ID, nb.Submitted)
			}
		}
		if nb.ExpectToday != "" && nb.ExpectToday != "ok" && nb.ExpectToday != "error" {
			return fmt.Errorf("%s (%s): field expect_today %q: use ok or error", where, nb.ID, nb.ExpectToday)
		}
		if len(d.Competitions) > 0 && !slices.Contains(d.Competitions, nb.Competition) {
			return fmt.Errorf("%s (%s): competition %q is not in the dataset's competitions list", where, nb.ID, nb.Competition)
		}
		if st, err := os.Lstat(d.NotebookPath(nb)); err != nil || !st.Mode().IsRegular() {
			return fmt.Errorf("%s (%s): notebook file %s is missing (or not a regular file)", where, nb.ID, d.NotebookPath(nb))
		}
		if st, err := os.Lstat(d.DataDir(nb.Competition)); (err != nil || !st.IsDir()) && d.refs[nb.Competition] != nil {
			r := d.refs[nb.Competition]
			return fmt.Errorf("%s (%s): competition %q references MLE-bench's %s, which is missing or a symbolic link: prepare it with `mlebench prepare -c %s --data-dir %s`", where, nb.ID, nb.Competition, d.DataDir(nb.Competition), r.ID, r.Root())
		} else if err != nil || !st.IsDir() {
			return fmt.Errorf("%s (%s): competition %q has no data folder %s (a symbolic link is not accepted)", where, nb.ID, nb.Competition, d.DataDir(nb.Competition))
		}
	}
	return nil
}

// localPath: a relative, slash-separated path that stays inside its folder.
func localPath(p string) bool {
	return p != "" && !strings.Contains(p, "\\") && filepath.IsLocal(filepath.FromSlash(p))
}

// NotebookPath is where a notebook's source file is.
func (d *Dataset) NotebookPath(nb Notebook) string {
	return filepath.Join(d.Dir, "notebooks", nb.File)
}

// DataDir is the folder mounted at /kaggle/input/<slug>: the
// competition's data/ folder, or the public folder its data: block
// references.
func (d *Dataset) DataDir(slug string) string {
	if r := d.refs[slug]; r != nil {
		return r.Public()
	}
	return filepath.Join(d.Dir, "competitions", slug, "data")
}
