package results

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"erosion/records"
)

// Entry is one finished run as journalled: its row, its cells' rows and the
// traceback of the failing cell (what an agent is shown next).
type Entry struct {
	Run       records.Run    `json:"run"`
	Cells     []records.Cell `json:"cells"`
	Traceback string         `json:"traceback,omitempty"`
}

// Key is the entry's run key.
func (e Entry) Key() Key { return KeyOf(e.Run) }

// Bounds on what a notebook can put into a record. Every field that comes
// from a run is cut to these before it is journalled, so no notebook can
// make a journal line (or a Parquet page, or a report) huge.
const (
	MaxTypeLen      = 256
	MaxMessageLen   = 4000
	MaxTracebackLen = 20000
	MaxCells        = 100_000
	// MaxLine is the longest journal line a reader accepts; longer lines
	// are reported and skipped, never fatal.
	MaxLine = 32 << 20
)

// Clip cuts s to at most n bytes on a rune boundary, marking the cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…[cut by erosion]"
	cut := max(0, n-len(mark))
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}

// Bound cuts every notebook-controlled field of e to the bounds above.
func (e *Entry) Bound() {
	r := &e.Run
	r.ExceptionType = Clip(r.ExceptionType, MaxTypeLen)
	r.ExceptionMsg = Clip(r.ExceptionMsg, MaxMessageLen)
	r.FailureCategory = Clip(r.FailureCategory, MaxTypeLen)
	if len(e.Cells) > MaxCells {
		e.Cells = e.Cells[:MaxCells]
	}
	for i := range e.Cells {
		c := &e.Cells[i]
		c.ExceptionType = Clip(c.ExceptionType, MaxTypeLen)
		c.ExceptionMsg = Clip(c.ExceptionMsg, MaxMessageLen)
	}
	e.Traceback = Clip(e.Traceback, MaxTracebackLen)
}

// journal appends JSON lines to one file of its own, synced per line, so a
// killed process loses at most the line it was writing (which readers
// skip as torn).
type journal struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

func createJournal(dir string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	name := fmt.Sprintf("%s-%s-%d.jsonl", time.Now().UTC().Format("20060102T150405.000"), SafeName(host), os.Getpid())
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &journal{f: f, path: path}, nil
}

func (j *journal) append(v any) error {
	line, err := json.Marshal(v)
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

func (j *journal) close() error {
	if j == nil {
		return nil
	}
	return j.f.Close()
}

// Skipped counts journal lines a reader could not use. A torn last line
// (a process killed mid-write) is expected and not counted.
type Skipped struct {
	Lines int
	First string // where and why, for the warning
}

func (s *Skipped) add(path string, line int, why string) {
	if s.Lines == 0 {
		s.First = fmt.Sprintf("%s line %d: %s", path, line, why)
	}
	s.Lines++
}

// readJournals decodes every line of every *.jsonl file in dir, files in
// name order. Lines that are too long or do not decode are skipped and
// counted: one poisoned line must not make a results folder unreadable.
func readJournals[T any](dir string, keep func(T) bool) ([]T, Skipped, error) {
	var sk Skipped
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, sk, err
	}
	slices.Sort(files)
	var out []T
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return nil, sk, err
		}
		err = eachLine(f, MaxLine, func(n int, line []byte, last, tooLong bool) {
			if tooLong {
				sk.add(p, n, fmt.Sprintf("longer than %d MiB", MaxLine>>20))
				return
			}
			var v T
			if json.Unmarshal(line, &v) != nil || (keep != nil && !keep(v)) {
				if !last { // a torn last line is a run that did not finish
					sk.add(p, n, "not a journal entry")
				}
				return
			}
			out = append(out, v)
		})
		f.Close()
		if err != nil {
			return nil, sk, fmt.Errorf("journal %s: %w", p, err)
		}
	}
	return out, sk, nil
}

// eachLine calls fn for every line of r without ever holding more than max
// bytes of one line; longer lines are reported with tooLong set.
func eachLine(r io.Reader, max int, fn func(n int, line []byte, last, tooLong bool)) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var buf []byte
	n := 0
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > max {
			tooLong = true
			buf = buf[:0]
		} else if !tooLong {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(chunk) > 0 || len(buf) > 0 || tooLong {
			n++
			last := err != nil
			fn(n, trimNL(buf), last, tooLong)
		}
		buf, tooLong = buf[:0], false
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func trimNL(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return b[:len(b)-1]
	}
	return b
}
