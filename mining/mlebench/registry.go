// Package mlebench makes MLE-bench's prepared competitions the competitions
// of an erosion dataset without copying their data: a Source writes, per
// competition, a competition.yaml whose data: block references the
// competition's folder in an MLE-bench data folder, the grader erosion uses
// for it (a built-in metric, or MLE-bench's grade-sample as an external
// grader), its description, and the list of referenced files with their
// sizes, modification times and sha256 (datasets.ReferencesFile).
//
// The facts come from MLE-bench's two folders: its registry,
// mlebench/competitions/<id>/config.yaml (id, name, competition_type,
// description, dataset.answers, dataset.sample_submission, grader.name,
// grader.grade_fn), and its data folder, <data>/<id>/prepared/public (what
// notebooks see) and <data>/<id>/prepared/private (the answers).
package mlebench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is a competition's config.yaml in MLE-bench's registry. Only the
// fields erosion reads are listed; others (awards_medals, prizes,
// preparer) are ignored.
type Config struct {
	ID              string `yaml:"id"`
	Name            string `yaml:"name"`
	CompetitionType string `yaml:"competition_type"`
	Description     string `yaml:"description"` // a path relative to MLE-bench's repository
	Dataset         struct {
		Answers          string `yaml:"answers"`           // relative to the data folder
		SampleSubmission string `yaml:"sample_submission"` // relative to the data folder
		GoldSubmission   string `yaml:"gold_submission"`
	} `yaml:"dataset"`
	Grader struct {
		Name    string `yaml:"name"`
		GradeFn string `yaml:"grade_fn"`
	} `yaml:"grader"`

	path string // the config file
}

// Registry is MLE-bench's competition registry on disk.
type Registry struct {
	Competitions string // the folder holding <id>/config.yaml
	Repo         string // MLE-bench's repository root, where descriptions are relative to ("" if unknown)
}

// OpenRegistry finds the registry in dir, which may be MLE-bench's
// repository (holding mlebench/competitions), its mlebench package folder
// (holding competitions) or the competitions folder itself.
func OpenRegistry(dir string) (*Registry, error) {
	for _, c := range []struct{ comps, repo string }{
		{filepath.Join(dir, "mlebench", "competitions"), dir},
		{filepath.Join(dir, "competitions"), filepath.Dir(dir)},
		{dir, filepath.Dir(filepath.Dir(dir))},
	} {
		if st, err := os.Stat(c.comps); err != nil || !st.IsDir() {
			continue
		}
		if m, _ := filepath.Glob(filepath.Join(c.comps, "*", "config.yaml")); len(m) > 0 {
			return &Registry{Competitions: c.comps, Repo: c.repo}, nil
		}
	}
	return nil, fmt.Errorf("MLE-bench registry %s: no competitions/<id>/config.yaml under it: pass MLE-bench's repository (the folder holding mlebench/competitions)", dir)
}

// IDs lists the registry's competitions, sorted.
func (r *Registry) IDs() []string {
	m, _ := filepath.Glob(filepath.Join(r.Competitions, "*", "config.yaml"))
	var ids []string
	for _, p := range m {
		ids = append(ids, filepath.Base(filepath.Dir(p)))
	}
	slices.Sort(ids)
	return ids
}

// ErrUnknown is wrapped when the registry has no such competition.
var ErrUnknown = errors.New("not in MLE-bench's registry")

// Config reads competition id's config.yaml.
func (r *Registry) Config(id string) (*Config, error) {
	p := filepath.Join(r.Competitions, id, "config.yaml")
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("competition %s: %w (%s has no %s/config.yaml)", id, ErrUnknown, r.Competitions, id)
	} else if err != nil {
		return nil, err
	}
	var c Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %s", p, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	c.path = p
	switch {
	case c.ID != id:
		return nil, fmt.Errorf("%s: id %q does not match its folder %q", p, c.ID, id)
	case c.Dataset.Answers == "":
		return nil, fmt.Errorf("%s: dataset.answers is missing", p)
	case !local(c.Dataset.Answers) || !strings.HasPrefix(path.Clean(c.Dataset.Answers), id+"/prepared/private/"):
		return nil, fmt.Errorf("%s: dataset.answers %q is not under %s/prepared/private/", p, c.Dataset.Answers, id)
	case c.Grader.Name == "":
		return nil, fmt.Errorf("%s: grader.name is missing", p)
	}
	return &c, nil
}

// DescriptionText reads the competition's description.md: where config.yaml
// says (relative to MLE-bench's repository), else beside config.yaml.
func (r *Registry) DescriptionText(c *Config) (string, error) {
	var tries []string
	if r.Repo != "" && c.Description != "" && local(c.Description) {
		tries = append(tries, filepath.Join(r.Repo, filepath.FromSlash(c.Description)))
	}
	tries = append(tries, filepath.Join(filepath.Dir(c.path), "description.md"))
	for _, p := range tries {
		if b, err := os.ReadFile(p); err == nil {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("competition %s: no description at %s", c.ID, strings.Join(tries, " or "))
}

func local(p string) bool {
	return p != "" && !strings.Contains(p, "\\") && filepath.IsLocal(filepath.FromSlash(p))
}
