package envs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Eras is the backporting policy (configs/eras.yaml): the era environments
// with the date each stands for, and the current environment.
type Eras struct {
	Current string `yaml:"current"`
	Eras    []Era  `yaml:"eras"`

	Path string `yaml:"-"`
}

// Era is one era environment and the date its stack was current.
type Era struct {
	Env  string `yaml:"env"`
	Date string `yaml:"date"` // YYYY-MM-DD

	at time.Time
}

// LoadEras reads and checks an era table; every environment it names must
// have a spec in envsDir.
func LoadEras(path, envsDir string) (*Eras, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("era table %s: %w", path, err)
	}
	specs, err := LoadDir(envsDir)
	if err != nil {
		return nil, err
	}
	return ParseEras(data, path, specs, envsDir)
}

// ParseEras reads and checks an era table (path names it in messages);
// every environment it names must be one of specs, which come from where.
func ParseEras(data []byte, path string, specs []*Spec, where string) (*Eras, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var e Eras
	if err := dec.Decode(&e); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("era table %s: %s (fields are current, eras: [{env, date}])", path, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	e.Path = path
	if len(e.Eras) == 0 {
		return nil, fmt.Errorf("era table %s: field eras is empty: list the era environments with their dates", path)
	}
	known := func(name string) bool {
		return slices.ContainsFunc(specs, func(s *Spec) bool { return s.Name == name })
	}
	if e.Current != "" && !known(e.Current) {
		return nil, fmt.Errorf("era table %s: field current %q has no spec in %s", path, e.Current, where)
	}
	for i := range e.Eras {
		era := &e.Eras[i]
		if !known(era.Env) {
			return nil, fmt.Errorf("era table %s: eras[%d].env %q has no spec in %s", path, i, era.Env, where)
		}
		var err error
		if era.at, err = time.Parse(time.DateOnly, era.Date); err != nil {
			return nil, fmt.Errorf("era table %s: eras[%d].date %q is not a date (YYYY-MM-DD)", path, i, era.Date)
		}
	}
	slices.SortFunc(e.Eras, func(a, b Era) int { return a.at.Compare(b.at) })
	return &e, nil
}

// For maps a notebook's date to the era environment nearest to it; on a tie
// the older era wins (the notebook's libraries were older still).
func (e *Eras) For(date time.Time) string {
	best, bestGap := "", time.Duration(1<<63-1)
	for _, era := range e.Eras {
		gap := date.Sub(era.at)
		if gap < 0 {
			gap = -gap
		}
		if gap < bestGap {
			best, bestGap = era.Env, gap
		}
	}
	return best
}
