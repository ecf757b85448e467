package grading

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// answers is a competition's parsed answers file, as a spec needs it.
type answers struct {
	*table
	targets []string   // the submission's target columns (AllColumns resolved)
	truth   [][]string // the answers' values for each target, or one label column
	where   []string   // per row, Spec.Where's column
	group   []string   // per row, Spec.GroupColumn
	height  []string   // per row, Spec.HeightColumn
	width   []string   // per row, Spec.WidthColumn
}

// The answers of a study's competitions are read for every run of every
// notebook; parsing them once per competition saves most of grading's time.
// Entries are keyed by path, size, mtime and the columns read, so an edited
// file is read again. A few entries suffice: runs are grouped by competition.
const answersCacheSize = 4

type answersKey struct {
	path    string
	size    int64
	mtime   time.Time
	columns string
}

var answersCache struct {
	sync.Mutex
	keys []answersKey // most recent last
	vals map[answersKey]*answers
}

// loadAnswers reads the hidden answers; every problem is a plain error
// because it is not the notebook's fault.
func loadAnswers(spec *Spec, path string) (*answers, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("grading: answers: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("grading: answers: %w", err)
	}
	targets, others := answerColumns(spec)
	key := answersKey{abs, info.Size(), info.ModTime(), strings.Join(append([]string{spec.IDColumn}, append(targets, others...)...), "\x00")}

	c := &answersCache
	c.Lock()
	if a, ok := c.vals[key]; ok {
		c.Unlock()
		return a, nil
	}
	c.Unlock()

	a, err := readAnswers(spec, abs, targets, others)
	if err != nil {
		return nil, err
	}
	c.Lock()
	defer c.Unlock()
	if c.vals == nil {
		c.vals = map[answersKey]*answers{}
	}
	if _, ok := c.vals[key]; !ok {
		c.keys = append(c.keys, key)
		c.vals[key] = a
		if len(c.keys) > answersCacheSize {
			delete(c.vals, c.keys[0])
			c.keys = c.keys[1:]
		}
	}
	return a, nil
}

// answerColumns names the columns read from the answers: the graded ones
// first, then the ones with other roles.
func answerColumns(spec *Spec) (targets, others []string) {
	switch {
	case spec.AnswerColumn != "":
		targets = []string{spec.AnswerColumn}
	case spec.TargetColumn != "":
		targets = []string{spec.TargetColumn}
	default:
		targets = spec.TargetColumns
	}
	if spec.Where != nil {
		others = append(others, spec.Where.Column)
	}
	for _, c := range []string{spec.GroupColumn, spec.HeightColumn, spec.WidthColumn} {
		if c != "" {
			others = append(others, c)
		}
	}
	return targets, others
}

func readAnswers(spec *Spec, path string, targets, others []string) (*answers, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("grading: answers: %w", err)
	}
	t, inv := readTable(data, spec.IDColumn, targets, others)
	if inv != nil {
		return nil, fmt.Errorf("grading: answers %s: %s: %s", path, inv.Reason, inv.Detail)
	}
	t.index = make(map[string]int, len(t.ids))
	for i, id := range t.ids {
		if j, dup := t.index[id]; dup {
			return nil, fmt.Errorf("grading: answers %s: id %q at %s and %s", path, id, t.where(j), t.where(i))
		}
		t.index[id] = i
	}
	nt := len(t.names) - len(others)
	a := &answers{table: t, truth: t.cols[:nt]}
	switch {
	case spec.AnswerColumn != "" && spec.TargetColumn != "":
		a.targets = []string{spec.TargetColumn}
	case spec.AnswerColumn != "":
		a.targets = spec.TargetColumns
	default:
		a.targets = t.names[:nt]
	}
	rest := t.cols[nt:]
	next := func() []string { v := rest[0]; rest = rest[1:]; return v }
	if spec.Where != nil {
		a.where = next()
	}
	if spec.GroupColumn != "" {
		a.group = next()
	}
	if spec.HeightColumn != "" {
		a.height, a.width = next(), next()
	}
	return a, nil
}
