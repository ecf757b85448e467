package agents

import (
	"path/filepath"

	"erosion/jsonl"
	"erosion/records"
)

func attemptDir(results string) string { return filepath.Join(results, "journal-attempts") }

// openAttemptJournal starts this process's attempts journal (see package
// jsonl); ExportAttempts turns the journals into the attempts table.
func openAttemptJournal(results string) (*jsonl.Log, error) { return jsonl.Create(attemptDir(results)) }

// ReadAttempts returns every journalled attempt, in file order.
func ReadAttempts(results string) ([]records.Attempt, error) {
	return jsonl.ReadAll(attemptDir(results), func(a records.Attempt) bool { return a.NotebookID != "" })
}

// ExportAttempts rewrites the attempts table from the journals (one row per
// notebook, agent and iteration; the last journalled wins).
func ExportAttempts(results string) error {
	all, err := ReadAttempts(results)
	if err != nil {
		return err
	}
	type key struct {
		study, nb, env, agent string
		it                    int32
	}
	byKey := map[key]int{}
	var rows []records.Attempt
	for _, a := range all {
		k := key{a.Study, a.NotebookID, a.Environment, a.Agent, a.Iteration}
		if i, ok := byKey[k]; ok {
			rows[i] = a
			continue
		}
		byKey[k] = len(rows)
		rows = append(rows, a)
	}
	return records.Attempts.Replace(results, rows)
}
