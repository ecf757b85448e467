// Package jsonl is an append-only log of JSON lines, synced after every
// line, one file per writing process: what erosion's journals are made of.
// A process killed mid-write leaves at most one torn last line, which
// readers skip.
package jsonl

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
)

// Log appends values to one file.
type Log struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// Create starts a new log file in dir, named after the time, host and
// process so that concurrent writers (workers, Slurm tasks) never share one.
func Create(dir string) (*Log, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	name := fmt.Sprintf("%s-%s-%d.jsonl", time.Now().UTC().Format("20060102T150405"), SafeName(host), os.Getpid())
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &Log{f: f, path: path}, nil
}

// Append writes v as one line and syncs it to disk.
func (l *Log) Append(v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("journal %s: %w", l.path, err)
	}
	return l.f.Sync()
}

// Close closes the file.
func (l *Log) Close() error { return l.f.Close() }

// ReadAll decodes every line of every *.jsonl file in dir, files in name
// order. Lines that do not decode, or that keep returns false for, are
// skipped (a torn last line is not an entry).
func ReadAll[T any](dir string, keep func(T) bool) ([]T, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []T
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var v T
			if json.Unmarshal(sc.Bytes(), &v) == nil && (keep == nil || keep(v)) {
				out = append(out, v)
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

// SafeName maps s to a string usable in file and container names.
func SafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
