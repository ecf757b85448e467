package results

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"erosion/records"
)

// Cache finds finished runs by what determines them (records.Run.RunHash)
// in other results folders, so that a run already made — same notebook
// source, environment digest, data, grading, limits and runner — is reused
// instead of executed again. It only reads: the folders may be in use.
type Cache struct {
	byHash map[string]cached
}

type cached struct {
	entry Entry
	from  string
}

// LoadCache indexes the finished runs of every results folder in dirs.
func LoadCache(dirs []string) (*Cache, error) {
	c := &Cache{byHash: map[string]cached{}}
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--cache %s: not a results folder", d)
		}
		abs, _ := filepath.Abs(d)
		done, err := Finished(d)
		if err != nil {
			return nil, fmt.Errorf("--cache %s: %w", d, err)
		}
		for _, e := range done {
			if h := e.Run.RunHash; h != "" {
				if _, seen := c.byHash[h]; !seen {
					c.byHash[h] = cached{e, abs}
				}
			}
		}
	}
	return c, nil
}

// Len is how many runs the cache holds.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	return len(c.byHash)
}

// Reuse returns the cached entry of a run with this hash, relabelled as
// the run of key k, with its provenance in ReusedFrom; ok is false when the
// cache has none.
func (c *Cache) Reuse(hash string, k Key) (Entry, bool) {
	if c == nil || hash == "" {
		return Entry{}, false
	}
	hit, ok := c.byHash[hash]
	if !ok {
		return Entry{}, false
	}
	e := hit.entry
	from := KeyOf(e.Run)
	e.Run.ReusedFrom = fmt.Sprintf("%s: %s/%s/%s@%s attempt %d, run %s on %s", hit.from, from.Study, from.NotebookID,
		cmpOr(from.Agent, "original"), from.Environment, from.Attempt, e.Run.StartedAt.UTC().Format(time.RFC3339), e.Run.Worker)
	e.Run.Study, e.Run.Dataset, e.Run.NotebookID, e.Run.Environment, e.Run.Agent, e.Run.Attempt =
		k.Study, k.Dataset, k.NotebookID, k.Environment, k.Agent, int32(k.Attempt)
	cells := make([]records.Cell, len(e.Cells))
	for i, cl := range e.Cells {
		cl.Study, cl.Dataset, cl.NotebookID, cl.Environment, cl.Agent, cl.Attempt = k.Study, k.Dataset, k.NotebookID, k.Environment, k.Agent, int32(k.Attempt)
		cells[i] = cl
	}
	e.Cells = cells
	return e, true
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
