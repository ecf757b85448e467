package results

import (
	"strconv"

	"erosion/records"
)

// Key identifies a run: the same key is never run twice in a results
// folder, and resuming skips the keys already finished.
type Key struct {
	Study, Dataset, NotebookID, Environment, Agent string
	Attempt                                        int
}

// KeyOf is the key of a run row.
func KeyOf(r records.Run) Key {
	return Key{r.Study, r.Dataset, r.NotebookID, r.Environment, r.Agent, int(r.Attempt)}
}

// CellKey is the key of the run a cell row belongs to.
func CellKey(c records.Cell) Key {
	return Key{c.Study, c.Dataset, c.NotebookID, c.Environment, c.Agent, int(c.Attempt)}
}

// First is the key of the same notebook's first attempt.
func (k Key) First() Key { k.Attempt = 0; return k }

// String is a stable text form, e.g. for sorting and logs.
func (k Key) String() string {
	return k.Study + "\x00" + k.Dataset + "\x00" + k.NotebookID + "\x00" + k.Environment + "\x00" + k.Agent + "\x00" + strconv.Itoa(k.Attempt)
}
