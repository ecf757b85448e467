package agents

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"erosion/records"
)

// attemptJournal appends attempts as JSON lines, synced per line, like the
// run journal; ExportAttempts turns them into the attempts table.
type attemptJournal struct {
	mu sync.Mutex
	f  *os.File
}

func attemptDir(results string) string { return filepath.Join(results, "journal-attempts") }

func openAttemptJournal(results string) (*attemptJournal, error) {
	if err := os.MkdirAll(attemptDir(results), 0o755); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	name := fmt.Sprintf("%s-%s-%d.jsonl", time.Now().UTC().Format("20060102T150405"), sanitize(host), os.Getpid())
	f, err := os.OpenFile(filepath.Join(attemptDir(results), name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &attemptJournal{f: f}, nil
}

func (a *attemptJournal) Append(att records.Attempt) error {
	line, err := json.Marshal(att)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.f.Write(append(line, '\n')); err != nil {
		return err
	}
	return a.f.Sync()
}

func (a *attemptJournal) Close() error { return a.f.Close() }

// ReadAttempts returns every journalled attempt, in file order.
func ReadAttempts(results string) ([]records.Attempt, error) {
	files, _ := filepath.Glob(filepath.Join(attemptDir(results), "*.jsonl"))
	slices.Sort(files)
	var out []records.Attempt
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var a records.Attempt
			if json.Unmarshal(sc.Bytes(), &a) == nil && a.NotebookID != "" {
				out = append(out, a)
			}
		}
		f.Close()
	}
	return out, nil
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
