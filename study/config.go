package study

import (
	"bufio"
	"cmp"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"erosion/configs"
	"erosion/datasets"
	"erosion/harness/envs"
)

// Config names a study the way its command line and config file do: a
// dataset folder, environment names, a subset. Plan resolves it.
type Config struct {
	Dataset string // dataset folder
	Study   string // recorded in every row (default: the dataset's name)
	// Envs are the environments every notebook runs in: built-in specs, or
	// specs of EnvsDir, which replace built-in ones of the same name
	// (empty: every spec).
	Envs    []string
	EnvsDir string
	// Backported also runs each notebook in its era environment of the era
	// table Eras (a file or a built-in table's name; default: eras).
	Backported bool
	Eras       string
	// Notebooks and Competitions restrict the study to a subset (empty: all).
	Notebooks    []string
	Competitions []string
	Confirm      int  // most runs per reproduced notebook (0: the dataset's confirm_runs)
	ConfirmAll   bool // make all Confirm runs of every reproduced notebook
}

// Specs is every environment spec: the built-in ones with EnvsDir's laid
// over them.
func (c Config) Specs() ([]*envs.Spec, error) {
	s, err := configs.Specs(c.EnvsDir)
	return s, usage(err)
}

// Find is the spec called name.
func (c Config) Find(name string) (*envs.Spec, error) {
	specs, err := c.Specs()
	if err != nil {
		return nil, err
	}
	s, err := configs.Find(specs, name, c.EnvsDir)
	return s, usage(err)
}

// Choose is the specs called names (every spec when names is empty).
func (c Config) Choose(names []string) ([]*envs.Spec, error) {
	if len(names) == 0 {
		return c.Specs()
	}
	var out []*envs.Spec
	for _, n := range names {
		s, err := c.Find(n)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ReadNotebookList reads a --notebooks-file: one notebook id a line, blank
// lines and # comments skipped. A file that cannot be read, a line that is
// not one id and a list of no id are UsageErrors.
func ReadNotebookList(path string) ([]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, usage(fmt.Errorf("--notebooks-file %s: %w", path, err))
	}
	defer file.Close()
	var ids []string
	sc := bufio.NewScanner(file)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t,") {
			return nil, usage(fmt.Errorf("--notebooks-file %s line %d: %q is not one notebook id: write one id a line", path, n, line))
		}
		ids = append(ids, line)
	}
	if err := sc.Err(); err != nil {
		return nil, usage(fmt.Errorf("--notebooks-file %s: %w", path, err))
	}
	if len(ids) == 0 {
		return nil, usage(fmt.Errorf("--notebooks-file %s lists no notebook id", path))
	}
	return ids, nil
}

// EraTable reads an era table (a file or a built-in table's name).
func (c Config) EraTable(table string) (*envs.Eras, error) {
	specs, err := c.Specs()
	if err != nil {
		return nil, err
	}
	e, err := configs.Eras(table, specs, c.EnvsDir)
	return e, usage(err)
}

// Plan loads the dataset and plans every first run of the study. Anything
// the caller named wrong (the dataset, an environment, the subset) is a
// UsageError. Competitions without data are logged as warnings.
func (c Config) Plan() (*Plan, error) {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return nil, usage(err)
	}
	o := Options{Study: c.Study, Specs: c.Find, Confirm: c.Confirm, FixedConfirm: c.ConfirmAll,
		Notebooks: c.Notebooks, Competitions: c.Competitions}
	if len(c.Envs) == 0 {
		if o.Envs, err = c.Specs(); err != nil {
			return nil, err
		}
	}
	for _, name := range c.Envs {
		s, err := c.Find(name)
		if err != nil {
			return nil, err
		}
		o.Envs = append(o.Envs, s)
	}
	if c.Backported {
		if o.Eras, err = c.EraTable(cmp.Or(c.Eras, "eras")); err != nil {
			return nil, err
		}
	}
	if c.Confirm < 0 {
		return nil, usage(fmt.Errorf("--confirm %d: give 1 or more", c.Confirm))
	}
	return newPlan(ds, o)
}

// ModernizePlan is the plan an agent modernizes for: the study's subset in
// the one environment env, without confirmation.
func (c Config) ModernizePlan(env string) (*Plan, error) {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return nil, usage(err)
	}
	spec, err := c.Find(env)
	if err != nil {
		return nil, err
	}
	return newPlan(ds, Options{Study: c.Study, Envs: []*envs.Spec{spec}, Specs: c.Find, Confirm: 1,
		Notebooks: c.Notebooks, Competitions: c.Competitions})
}

// newPlan is NewPlan whose refusal is a UsageError, warning about the
// competitions of the plan that have no data.
func newPlan(ds *datasets.Dataset, o Options) (*Plan, error) {
	p, err := NewPlan(ds, o)
	if err != nil {
		return nil, usage(err)
	}
	WarnEmptyData(ds, p.Competitions())
	return p, nil
}

// Competitions are the competitions of the plan's notebooks, in plan order.
func (p *Plan) Competitions() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range p.Tasks {
		if !seen[t.Competition] {
			seen[t.Competition] = true
			out = append(out, t.Competition)
		}
	}
	return out
}

// WarnEmptyData warns about each competition of ds (of slugs, or all)
// whose data/ folder is missing or empty: its notebooks will find no input.
func WarnEmptyData(ds *datasets.Dataset, slugs []string) {
	for _, slug := range ds.EmptyData(slugs) {
		slog.Warn("competition has no data: its notebooks will find nothing under /kaggle/input; put the competition's files in its data/ folder, then `erosion dataset seal`",
			"competition", slug, "folder", ds.DataDir(slug))
	}
}
