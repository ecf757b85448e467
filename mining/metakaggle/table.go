package metakaggle

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// table streams one Meta Kaggle CSV row by row, never holding more than a
// row: KernelVersions.csv alone has ~19M rows. Columns are found by header
// name (older dumps lack some, newer ones add some, and the order is not
// guaranteed); titles hold quoted newlines and the odd stray quote, so the
// reader is lazy about quotes and accepts rows with too few or too many
// fields (a missing trailing field reads as empty).
type table struct {
	path string
	f    *os.File
	r    *csv.Reader
	cols map[string]int
}

// errNoFile is wrapped when a table's file is absent.
var errNoFile = errors.New("file not found")

// inputError marks a problem with what the user passed (a missing file or
// column, a wrong folder) as opposed to a failure while reading.
type inputError struct{ error }

func (e inputError) Unwrap() error { return e.error }

// IsInputError reports whether err is about the inputs (fix the flags or
// the dump) rather than a failure while reading them.
func IsInputError(err error) bool {
	var ie inputError
	return errors.As(err, &ie)
}

func openTable(dir, name string) (*table, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, inputError{fmt.Errorf("%s: %w", path, errNoFile)}
	} else if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, inputError{fmt.Errorf("%s is empty: it needs at least a header line; re-download the dump", path)}
		}
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	t := &table{path: path, f: f, r: r, cols: map[string]int{}}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.cols[h]; !dup {
			t.cols[h] = i
		}
	}
	return t, nil
}

// col returns the index of the first of the given names the header has,
// -1 when it has none (an older dump).
func (t *table) col(names ...string) int {
	for _, n := range names {
		if i, ok := t.cols[n]; ok {
			return i
		}
	}
	return -1
}

// need is col for a column the miner cannot do without.
func (t *table) need(names ...string) (int, error) {
	if i := t.col(names...); i >= 0 {
		return i, nil
	}
	return -1, inputError{fmt.Errorf("%s has no column %s: this does not look like a Meta Kaggle dump (pass the folder that holds its CSV files)", t.path, strings.Join(names, " or "))}
}

// next reads the next row; io.EOF at the end. With lazy quotes and a free
// field count encoding/csv reports no malformed rows: a stray quote stays
// in its field. The returned slice is reused by the following call; its
// strings may be kept.
func (t *table) next() ([]string, error) {
	rec, err := t.r.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		line, _ := t.r.FieldPos(0)
		return nil, fmt.Errorf("%s: line %d: %w", t.path, line, err)
	}
	return rec, err
}

func (t *table) close() error { return t.f.Close() }

// field is rec[i], or "" when the column is absent or the row is short.
func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// id parses an integer key; ok is false for an empty or malformed value
// (a broken reference, or a float such as "123.0" that some exports write).
func id(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int64(f)) {
		return int64(f), true
	}
	return 0, false
}
