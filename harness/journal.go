package harness

import (
	"path/filepath"

	"erosion/jsonl"
	"erosion/records"
)

// Entry is one finished run as journalled: the run row and its cell rows.
type Entry struct {
	Run   records.Run    `json:"run"`
	Cells []records.Cell `json:"cells"`
}

// Journal is the append-only record of finished runs (see package jsonl):
// fsynced per entry, so a killed harness loses at most the runs that were
// in flight. Each harness process writes its own file under
// <results>/journal/; all files are read back together.
type Journal = jsonl.Log

// JournalDir is where journals live under a results folder.
func JournalDir(root string) string { return filepath.Join(root, "journal") }

// OpenJournal starts a new journal file for this process.
func OpenJournal(root, _ string) (*Journal, error) { return jsonl.Create(JournalDir(root)) }

// ReadJournals returns every entry of every journal under root, in file
// order. A torn last line (the process died mid-write) is skipped: that run
// was not finished.
func ReadJournals(root string) ([]Entry, error) {
	return jsonl.ReadAll(JournalDir(root), func(e Entry) bool { return e.Run.NotebookID != "" })
}

func sanitize(s string) string { return jsonl.SafeName(s) }
