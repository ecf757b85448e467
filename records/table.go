package records

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"erosion/atomicfile"
	"erosion/buildinfo"
)

// Table is one Parquet table under a results folder, laid out as
// <root>/<name>/<key>=<value>/part-*.parquet. Partition keys are the struct
// fields tagged `part:"<key>"`; they are kept out of the files (hive style) and
// restored from the folder names on read, so DuckDB, pandas and erosion agree.
type Table[T any] struct {
	Name string
}

// The tables erosion writes.
var (
	Runs     = Table[Run]{Name: "runs"}
	Cells    = Table[Cell]{Name: "cells"}
	Packages = Table[Package]{Name: "packages"}
	Verdicts = Table[Verdict]{Name: "verdicts"}
	Attempts = Table[Attempt]{Name: "attempts"}
)

// Version is written into every file's metadata: erosion's version.
var Version = buildinfo.Version()

// Dir is the table's folder under root.
func (t Table[T]) Dir(root string) string { return filepath.Join(root, t.Name) }

// partField is a string field that partitions the table.
type partField struct {
	key   string
	index int
}

func partFields[T any]() []partField {
	rt := reflect.TypeFor[T]()
	var out []partField
	for i := range rt.NumField() {
		f := rt.Field(i)
		if k := f.Tag.Get("part"); k != "" {
			if f.Type.Kind() != reflect.String {
				panic("results: partition field " + f.Name + " must be a string")
			}
			out = append(out, partField{key: k, index: i})
		}
	}
	return out
}

// partPath is the relative folder of a row, e.g. "environment=trixie".
func partPath[T any](row *T, fields []partField) (string, error) {
	v := reflect.ValueOf(row).Elem()
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		val := v.Field(f.index).String()
		if val == "" {
			return "", fmt.Errorf("results: row has an empty partition value %q", f.key)
		}
		parts = append(parts, f.key+"="+url.PathEscape(val))
	}
	return filepath.Join(parts...), nil
}

// Write stores rows as new part files, one per partition, each written to a
// temporary name, synced and renamed so readers never see half a file.
// It returns the paths written.
func (t Table[T]) Write(root string, rows []T) ([]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	fields := partFields[T]()
	groups := map[string][]T{}
	var order []string
	for i := range rows {
		p, err := partPath(&rows[i], fields)
		if err != nil {
			return nil, err
		}
		if _, ok := groups[p]; !ok {
			order = append(order, p)
		}
		groups[p] = append(groups[p], rows[i])
	}
	var written []string
	for _, p := range order {
		dir := filepath.Join(t.Dir(root), p)
		path, err := writePart(dir, groups[p])
		if err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

func writePart[T any](dir string, rows []T) (string, error) {
	// A random name per part keeps concurrent writers (many workers, many
	// Slurm tasks) from colliding; the temporary name is hidden until the
	// whole file is synced, so readers never see half a part.
	path := filepath.Join(dir, "part-"+strconv.FormatUint(rand.Uint64(), 36)+".parquet")
	f, err := atomicfile.Create(path, 0o644)
	if err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	defer f.Abort()
	w := parquet.NewGenericWriter[T](f,
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.CreatedBy("erosion", Version, ""),
		parquet.MaxRowsPerRowGroup(128<<10))
	if _, err := w.Write(rows); err != nil {
		return "", fmt.Errorf("results: writing %s: %w", dir, err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("results: writing %s: %w", dir, err)
	}
	if err := f.Commit(); err != nil {
		return "", fmt.Errorf("results: %w", err)
	}
	return path, nil
}

// Parts lists the table's part files, in a stable order. Temporary files of
// unfinished writes are skipped.
func (t Table[T]) Parts(root string) ([]string, error) {
	var parts []string
	err := filepath.WalkDir(t.Dir(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".parquet") && !strings.HasPrefix(d.Name(), ".") {
			parts = append(parts, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	slices.Sort(parts)
	return parts, err
}

// Read returns every row of every part, partition values filled in from the
// folder names. A missing table reads as no rows.
func (t Table[T]) Read(root string) ([]T, error) {
	parts, err := t.Parts(root)
	if err != nil {
		return nil, err
	}
	var all []T
	for _, p := range parts {
		rows, err := t.readPart(root, p)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
	}
	return all, nil
}

func (t Table[T]) readPart(root, path string) (rows []T, err error) {
	// parquet-go panics on some schema conversions; turn that into an error
	// that names the file.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("results: reading %s: %v", path, r)
		}
	}()
	rows, err = parquet.ReadFile[T](path)
	if err != nil {
		return nil, fmt.Errorf("results: reading %s: %w (the file may be from another erosion version or damaged)", path, err)
	}
	rel, err := filepath.Rel(t.Dir(root), filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	vals := map[string]string{}
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		if k, v, ok := strings.Cut(seg, "="); ok {
			if uv, err := url.PathUnescape(v); err == nil {
				v = uv
			}
			vals[k] = v
		}
	}
	for _, f := range partFields[T]() {
		v, ok := vals[f.key]
		if !ok {
			return nil, fmt.Errorf("results: %s is not under a %s=<value> folder", path, f.key)
		}
		for i := range rows {
			reflect.ValueOf(&rows[i]).Elem().Field(f.index).SetString(v)
		}
	}
	return rows, nil
}

// Compact rewrites each partition's parts as one file. The new file is in
// place before the old parts are removed, so a crash in between leaves
// duplicates to compact again, never a loss. sortBy orders the rows (nil
// keeps read order).
func (t Table[T]) Compact(root string, sortBy func(a, b T) int) error {
	parts, err := t.Parts(root)
	if err != nil {
		return err
	}
	byDir := map[string][]string{}
	for _, p := range parts {
		byDir[filepath.Dir(p)] = append(byDir[filepath.Dir(p)], p)
	}
	dirs := slices.Sorted(maps.Keys(byDir))
	for _, dir := range dirs {
		old := byDir[dir]
		if len(old) < 2 {
			continue
		}
		var rows []T
		for _, p := range old {
			r, err := t.readPart(root, p)
			if err != nil {
				return err
			}
			rows = append(rows, r...)
		}
		if sortBy != nil {
			slices.SortStableFunc(rows, sortBy)
		}
		if _, err := writePart(dir, rows); err != nil {
			return err
		}
		for _, p := range old {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("results: compacted %s but could not remove %s: %w; remove it by hand to avoid duplicate rows", dir, p, err)
			}
		}
	}
	return nil
}

// Replace makes rows the table's whole content: the new parts are written
// first, then the old ones removed, so a reader never sees an empty table
// (at worst, briefly, both).
func (t Table[T]) Replace(root string, rows []T) error {
	old, err := t.Parts(root)
	if err != nil {
		return err
	}
	if _, err := t.Write(root, rows); err != nil {
		return err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("results: replaced %s but could not remove %s: %w", t.Name, p, err)
		}
	}
	return nil
}
