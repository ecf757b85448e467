package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"erosion/records"
)

// Entry is one finished run as journalled: the run row and its cell rows.
type Entry struct {
	Run   records.Run    `json:"run"`
	Cells []records.Cell `json:"cells"`
}

// Journal is an append-only JSON-lines log of finished runs, fsynced per
// entry, so a killed harness loses at most the runs that were in flight.
// Each harness process writes its own file under <results>/journal/; all files
// are read back together.
type Journal struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// JournalDir is where journals live under a results folder.
func JournalDir(root string) string { return filepath.Join(root, "journal") }

// OpenJournal starts a new journal file for this process.
func OpenJournal(root, worker string) (*Journal, error) {
	dir := JournalDir(root)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s-%s-%d.jsonl", time.Now().UTC().Format("20060102T150405"), sanitize(worker), os.Getpid())
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &Journal{f: f, path: path}, nil
}

// Append writes one entry and syncs it to disk.
func (j *Journal) Append(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	return j.f.Sync()
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// ReadJournals returns every entry of every journal under root, in file
// order. A torn last line (the process died mid-write) is skipped: that run
// was not finished.
func ReadJournals(root string) ([]Entry, error) {
	files, err := filepath.Glob(filepath.Join(JournalDir(root), "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []Entry
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var e Entry
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Run.NotebookID != "" {
				out = append(out, e)
			}
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("journal %s: %w", p, err)
		}
	}
	return out, nil
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
