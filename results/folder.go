package results

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"erosion/records"
)

// Folder is a results folder opened for writing: it holds the writer lock,
// knows every finished run (read once, at open), and appends to this
// process's journals.
type Folder struct {
	Root string
	lock *Lock

	mu       sync.Mutex
	done     map[Key]Entry // finished runs (not infra failures)
	runs     *journal
	attempts *journal
}

// Open takes the writer lock of root (creating it) and reads its journals.
// A second writer gets a *LockedError naming the holder.
func Open(root, command string) (*Folder, error) {
	l, err := Acquire(root, command, false)
	if err != nil {
		return nil, err
	}
	f := &Folder{Root: root, lock: l}
	entries, err := ReadEntries(root)
	if err != nil {
		l.Release()
		return nil, err
	}
	f.done = finished(entries)
	return f, nil
}

// Close closes the journals and releases the lock.
func (f *Folder) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.runs.close()
	if aerr := f.attempts.close(); err == nil {
		err = aerr
	}
	f.runs, f.attempts = nil, nil
	f.lock.Release()
	return err
}

// Finished is the entry of a finished run (infrastructure failures do not
// count: a resumed run tries them again).
func (f *Folder) Finished(k Key) (Entry, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.done[k]
	return e, ok
}

// Count is how many runs are finished.
func (f *Folder) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.done)
}

// Append bounds e and journals it (synced before it returns).
func (f *Folder) Append(e Entry) error {
	e.Bound()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.runs == nil {
		j, err := createJournal(JournalDir(f.Root))
		if err != nil {
			return err
		}
		f.runs = j
	}
	if err := f.runs.append(e); err != nil {
		return err
	}
	if e.Run.Status != records.StatusInfra {
		f.done[e.Key()] = e
	} else {
		delete(f.done, e.Key())
	}
	return nil
}

// AppendAttempt journals one agent iteration.
func (f *Folder) AppendAttempt(a records.Attempt) error {
	a.Plan = Clip(a.Plan, 64<<10)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.attempts == nil {
		j, err := createJournal(AttemptJournalDir(f.Root))
		if err != nil {
			return err
		}
		f.attempts = j
	}
	return f.attempts.append(a)
}

// Export writes the journalled runs not yet in the Parquet tables as new
// part files, and the attempts table from the attempt journals.
func (f *Folder) Export() error {
	f.mu.Lock()
	entries := make([]Entry, 0, len(f.done))
	for _, e := range f.done {
		entries = append(entries, e)
	}
	f.mu.Unlock()
	if err := exportRuns(f.Root, entries); err != nil {
		return err
	}
	return ExportAttempts(f.Root)
}

// ReadEntries is every journalled run entry under root, in file order.
// Unusable lines are skipped with a warning that names the first.
func ReadEntries(root string) ([]Entry, error) {
	entries, sk, err := readJournals(JournalDir(root), func(e Entry) bool { return e.Run.NotebookID != "" })
	if sk.Lines > 0 {
		slog.Warn(fmt.Sprintf("skipped %d unusable journal lines", sk.Lines), "first", sk.First)
	}
	return entries, err
}

// ReadAttempts is every journalled attempt under root, in file order.
func ReadAttempts(root string) ([]records.Attempt, error) {
	all, sk, err := readJournals(AttemptJournalDir(root), func(a records.Attempt) bool { return a.NotebookID != "" })
	if sk.Lines > 0 {
		slog.Warn(fmt.Sprintf("skipped %d unusable attempt journal lines", sk.Lines), "first", sk.First)
	}
	return all, err
}

// Finished is the finished runs under root by key, for readers that do not
// write (status reports, Slurm merges of idle shards).
func Finished(root string) (map[Key]Entry, error) {
	entries, err := ReadEntries(root)
	if err != nil {
		return nil, err
	}
	return finished(entries), nil
}

func finished(entries []Entry) map[Key]Entry {
	done := map[Key]Entry{}
	for _, e := range entries {
		if e.Run.Status != records.StatusInfra {
			done[e.Key()] = e
		} else {
			delete(done, e.Key())
		}
	}
	return done
}

// Runs is the row of every finished run (infrastructure failures left out).
func (f *Folder) Runs() []records.Run {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]records.Run, 0, len(f.done))
	for _, e := range f.done {
		out = append(out, e.Run)
	}
	slices.SortFunc(out, func(a, b records.Run) int { return strings.Compare(KeyOf(a).String(), KeyOf(b).String()) })
	return out
}
