package analysis

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"erosion/records"
)

// runRow is the part of a runs row the statistics read. The scanner
// decodes only these columns, column by column, and never the exception
// messages (the widest column); its strings are interned, so a million rows
// allocate a few thousand strings, not millions. That is what keeps a
// million-row analysis in seconds and its memory flat.
type runRow struct {
	Dataset, NotebookID, Competition, EnvDigest, Agent string
	Status, OutcomeClass, FailureCategory              string
	Backend, ErosionVersion                            string
	Attempt                                            int32
	DurationS                                          float64
	HasTarget                                          bool
	FinishedMs                                         int64 // Unix milliseconds
}

// The runs columns the scanner reads, by name (records.Run's tags).
const (
	colDataset = iota
	colNotebook
	colCompetition
	colDigest
	colAgent
	colStatus
	colClass
	colFailure
	colBackend
	colVersion
	colAttempt
	colDuration
	colTarget
	colFinished
	numCols
)

var colNames = [numCols]string{"dataset", "notebook_id", "competition", "env_digest", "agent", "status", "outcome_class",
	"failure_category", "backend", "erosion_version", "attempt", "duration_s", "target_score", "finished_at"}

// required columns must be in every part; the others read as empty when a
// part predates them.
var required = map[int]bool{colNotebook: true, colStatus: true, colAttempt: true}

// interner keeps one copy of each distinct string. Looking up a []byte
// converted in the map index does not allocate.
type interner map[string]string

func (in interner) bytes(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// scanRuns calls fn with every row of the runs table under root, one row
// group at a time, the environment filled in from the part's folder name.
// The slice is reused between calls: fn must copy what it keeps (its
// strings are interned and may be kept).
func scanRuns(root string, fn func(env string, rows []runRow) error) error {
	parts, err := records.Runs.Parts(root)
	if err != nil {
		return fmt.Errorf("reading %s: %w", records.Runs.Dir(root), err)
	}
	sc := &scanner{in: interner{}, vals: make([]parquet.Value, 4096)}
	for _, p := range parts {
		env, err := partitionValue(records.Runs.Dir(root), p, "environment")
		if err != nil {
			return err
		}
		if err := sc.part(p, func(rows []runRow) error { return fn(env, rows) }); err != nil {
			return err
		}
	}
	return nil
}

type scanner struct {
	in   interner
	rows []runRow
	vals []parquet.Value
}

func (sc *scanner) part(path string, fn func([]runRow) error) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	// parquet-go panics on some damaged files; name the file instead.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: cannot be read (%v): the part may be damaged; remove it and re-run `erosion run --resume`", path, r)
		}
	}()
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: %w (the part may be damaged: remove it and re-run `erosion run --resume`)", path, err)
	}
	var idx [numCols]int
	var scale [numCols]int64 // finished_at: divisor to milliseconds
	for c, name := range colNames {
		leaf, ok := pf.Schema().Lookup(name)
		idx[c] = -1
		if ok {
			idx[c] = leaf.ColumnIndex
			if lt := leaf.Node.Type().LogicalType(); c == colFinished && lt != nil {
				if ts, ok := lt.Value.(*format.TimestampType); ok && ts.Unit.Value != nil && ts.Unit.Value.Duration() < time.Millisecond {
					scale[c] = int64(time.Millisecond / ts.Unit.Value.Duration())
				}
			}
		} else if required[c] {
			return fmt.Errorf("%s has no column %s: it is not a runs table; move it out of %s", path, name, filepath.Dir(path))
		}
	}
	for _, rg := range pf.RowGroups() {
		n := int(rg.NumRows())
		if cap(sc.rows) < n {
			sc.rows = make([]runRow, n)
		}
		rows := sc.rows[:n]
		clear(rows)
		chunks := rg.ColumnChunks()
		for c := range numCols {
			if idx[c] < 0 {
				continue
			}
			if err := sc.column(chunks[idx[c]], c, scale[c], rows); err != nil {
				return fmt.Errorf("%s, column %s: %w (the part may be damaged: remove it and re-run `erosion run --resume`)", path, colNames[c], err)
			}
		}
		if err := fn(rows); err != nil {
			return err
		}
	}
	return nil
}

// column decodes one column chunk into its field of rows.
func (sc *scanner) column(chunk parquet.ColumnChunk, c int, scale int64, rows []runRow) error {
	pages := chunk.Pages()
	defer pages.Close()
	i := 0
	for {
		page, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		vr := page.Values()
		for {
			n, err := vr.ReadValues(sc.vals)
			if i+n > len(rows) {
				parquet.Release(page)
				return fmt.Errorf("more values than rows")
			}
			for _, v := range sc.vals[:n] {
				sc.set(&rows[i], c, scale, v)
				i++
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				parquet.Release(page)
				return err
			}
		}
		parquet.Release(page)
	}
	if i != len(rows) {
		return fmt.Errorf("%d values for %d rows", i, len(rows))
	}
	return nil
}

func (sc *scanner) set(r *runRow, c int, scale int64, v parquet.Value) {
	if v.IsNull() {
		return
	}
	switch c {
	case colDataset:
		r.Dataset = sc.in.bytes(v.ByteArray())
	case colNotebook:
		r.NotebookID = sc.in.bytes(v.ByteArray())
	case colCompetition:
		r.Competition = sc.in.bytes(v.ByteArray())
	case colDigest:
		r.EnvDigest = sc.in.bytes(v.ByteArray())
	case colAgent:
		r.Agent = sc.in.bytes(v.ByteArray())
	case colStatus:
		r.Status = sc.in.bytes(v.ByteArray())
	case colClass:
		r.OutcomeClass = sc.in.bytes(v.ByteArray())
	case colFailure:
		r.FailureCategory = sc.in.bytes(v.ByteArray())
	case colBackend:
		r.Backend = sc.in.bytes(v.ByteArray())
	case colVersion:
		r.ErosionVersion = sc.in.bytes(v.ByteArray())
	case colAttempt:
		r.Attempt = v.Int32()
	case colDuration:
		r.DurationS = v.Double()
	case colTarget:
		r.HasTarget = true
	case colFinished:
		r.FinishedMs = v.Int64()
		if scale > 1 {
			r.FinishedMs /= scale
		}
	}
}

// partitionValue reads key=<value> from the folder of a part under dir.
func partitionValue(dir, path, key string) (string, error) {
	rel, err := filepath.Rel(dir, filepath.Dir(path))
	if err != nil {
		return "", err
	}
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		if k, v, ok := strings.Cut(seg, "="); ok && k == key {
			if uv, err := url.PathUnescape(v); err == nil {
				v = uv
			}
			return v, nil
		}
	}
	return "", fmt.Errorf("%s is not under a %s=<value> folder: move it there or remove it", path, key)
}
