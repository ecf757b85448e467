// Package builder writes what mining finds as an erosion dataset folder:
// notebooks/, competitions/<slug>/{data,answers,competition.yaml},
// dataset.yaml, manifest.parquet (static facts of every notebook plus what
// the source knew: target score, dates, Kaggle image, accelerator, runtime),
// funnel.csv/json (how many candidates each filter kept) and the checksums.
//
// Every miner (Meta Kaggle, the Kaggle API, GitHub) adds notebooks through
// one Builder. Each added notebook is written, then appended to a journal
// (.mine/records.jsonl, fsynced) so an interrupted mine resumes without
// fetching anything twice; the hidden .mine folder is outside the checksums.
package builder

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"erosion/atomicfile"
	"erosion/datasets"
	"erosion/mining/datapaths"
	"erosion/notebook"
)

// Sources a record can come from.
const (
	SourceMetaKaggle = "metakaggle"
	SourceKaggle     = "kaggle"
	SourceGitHub     = "github"
)

// TargetKagglePrivate marks a target that is the Kaggle private-leaderboard
// score of the submission the notebook made (the study's target).
const TargetKagglePrivate = datasets.TargetKaggle

// Record is one mined notebook: what the source said about it. The static
// facts (imports, distributions, GPU/internet flags, data paths, !pip lines)
// are computed from the file when the manifest is written.
type Record struct {
	ID          string   `json:"id"`
	Competition string   `json:"competition"`
	File        string   `json:"file"` // relative to notebooks/
	Title       string   `json:"title,omitempty"`
	Author      string   `json:"author,omitempty"`
	Submitted   string   `json:"submitted,omitempty"` // YYYY-MM-DD
	KaggleImage string   `json:"kaggle_image,omitempty"`
	Accelerator string   `json:"accelerator,omitempty"`
	RuntimeS    *float64 `json:"runtime_s,omitempty"`
	TargetScore *float64 `json:"target_score,omitempty"`
	// TargetSource says where TargetScore comes from, e.g. TargetKagglePrivate.
	TargetSource string `json:"target_source,omitempty"`
	TargetNote   string `json:"target_note,omitempty"` // why there is no target
	Source       string `json:"source"`
	SourceRef    string `json:"source_ref"` // unique per source: what Has checks
	Notes        string `json:"notes,omitempty"`
}

// Builder assembles one dataset folder.
type Builder struct {
	dir     string
	journal *os.File
	records []Record
	byRef   map[string]bool
	byID    map[string]bool
}

// StateDir is the builder's and the miners' private folder inside the
// dataset: journals and paging state, never part of the dataset proper.
func StateDir(dir string) string { return filepath.Join(dir, ".mine") }

func journalPath(dir string) string { return filepath.Join(StateDir(dir), "records.jsonl") }

// Open starts a dataset in dir. Without resume, dir must not exist or be
// empty, so a mine never mixes with an unrelated folder; with resume, the
// journal of the previous mine into dir is read back.
func Open(dir string, resume bool) (*Builder, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if len(entries) > 0 && !resume {
		return nil, fmt.Errorf("output folder %s is not empty: pass --resume to continue the mine that wrote it, or choose another --out", dir)
	}
	if err := os.MkdirAll(StateDir(dir), 0o755); err != nil {
		return nil, err
	}
	b := &Builder{dir: dir, byRef: map[string]bool{}, byID: map[string]bool{}}
	if err := b.readJournal(); err != nil {
		return nil, err
	}
	b.journal, err = os.OpenFile(journalPath(dir), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// readJournal loads the records of an earlier run. A torn last line (the
// process died mid-write) is dropped: its notebook is fetched again.
func (b *Builder) readJournal() error {
	f, err := os.Open(journalPath(b.dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r Record
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.ID == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(b.dir, "notebooks", r.File)); err != nil {
			continue // journaled but the file is gone: fetch it again
		}
		if !b.byID[r.ID] {
			b.records = append(b.records, r)
		}
		b.byRef[r.SourceRef], b.byID[r.ID] = true, true
	}
	return sc.Err()
}

// Dir is the dataset folder.
func (b *Builder) Dir() string { return b.dir }

// Has reports whether a record with this source reference was added, in
// this run or an earlier one.
func (b *Builder) Has(sourceRef string) bool { return b.byRef[sourceRef] }

// Len is how many notebooks the dataset holds so far.
func (b *Builder) Len() int { return len(b.records) }

// Records returns the records added so far, sorted by ID.
func (b *Builder) Records() []Record {
	out := slices.Clone(b.records)
	slices.SortFunc(out, func(x, y Record) int { return strings.Compare(x.ID, y.ID) })
	return out
}

var idRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
var idJunk = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// CleanID turns free text (a kernel slug, a file name) into a valid
// notebook ID: letters, digits, '.', '_' and '-', at most 100 characters.
func CleanID(parts ...string) string {
	s := idJunk.ReplaceAllString(strings.Join(parts, "-"), "-")
	s = strings.Trim(s, "-._")
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-._")
	}
	return s
}

// Add parses a notebook (a file that does not parse is refused with the
// parser's error, so callers can count it), writes it to
// notebooks/<rec.File> unchanged and journals its record.
func (b *Builder) Add(rec Record, src []byte) error {
	switch {
	case !idRe.MatchString(rec.ID):
		return fmt.Errorf("notebook id %q: use letters, digits, '.', '_' or '-'", rec.ID)
	case b.byID[rec.ID]:
		return fmt.Errorf("notebook id %q is already in the dataset (source %s)", rec.ID, rec.SourceRef)
	case rec.Competition == "" || rec.File == "" || rec.SourceRef == "":
		return fmt.Errorf("notebook %s: competition, file and source reference are required", rec.ID)
	case strings.Contains(rec.File, "..") || filepath.IsAbs(rec.File):
		return fmt.Errorf("notebook %s: file %q must be a relative path inside notebooks/", rec.ID, rec.File)
	}
	if rec.Submitted != "" {
		if _, err := time.Parse(time.DateOnly, rec.Submitted); err != nil {
			return fmt.Errorf("notebook %s: submitted %q is not YYYY-MM-DD", rec.ID, rec.Submitted)
		}
	}
	if _, err := notebook.Parse(rec.File, src); err != nil {
		return err
	}
	path := filepath.Join(b.dir, "notebooks", filepath.FromSlash(rec.File))
	if err := writeAtomic(path, src); err != nil {
		return err
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := b.journal.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := b.journal.Sync(); err != nil {
		return err
	}
	b.records = append(b.records, rec)
	b.byRef[rec.SourceRef], b.byID[rec.ID] = true, true
	return nil
}

// writeAtomic writes through a temporary file and a rename, so a killed
// mine never leaves half a notebook behind.
func writeAtomic(path string, data []byte) error { return atomicfile.WriteFile(path, data, 0o644) }

// Close releases the journal.
func (b *Builder) Close() error {
	if b.journal == nil {
		return nil
	}
	err := b.journal.Close()
	b.journal = nil
	return err
}

// Meta is the dataset-level part of dataset.yaml.
type Meta struct {
	Name        string
	Version     string
	Description string
	Licence     string
	TimeLimitS  int
	// EraOf names the era environment of a date (envs.Eras.For); nil leaves
	// the manifest's era_env empty.
	EraOf func(time.Time) string
	// Competitions provides the competitions of the mined notebooks; nil
	// leaves their data folders empty.
	Competitions CompetitionSource
}

// yamlDataset mirrors datasets.Dataset with omitempty, so dataset.yaml holds
// only what is known.
type yamlDataset struct {
	Name         string         `yaml:"name"`
	Version      string         `yaml:"version,omitempty"`
	Description  string         `yaml:"description,omitempty"`
	Licence      string         `yaml:"licence,omitempty"`
	TimeLimitS   int            `yaml:"time_limit_s,omitempty"`
	Competitions []string       `yaml:"competitions"`
	Notebooks    []yamlNotebook `yaml:"notebooks"`
}

type yamlNotebook struct {
	ID          string `yaml:"id"`
	Competition string `yaml:"competition"`
	File        string `yaml:"file"`
	Title       string `yaml:"title,omitempty"`
	Author      string `yaml:"author,omitempty"`
	Submitted   string `yaml:"submitted,omitempty"`
	KaggleImage string `yaml:"kaggle_image,omitempty"`
	Notes       string `yaml:"notes,omitempty"`
}

// Finish writes dataset.yaml, the funnel, manifest.parquet and the
// checksums, and returns the dataset as datasets.Load reads it. Every
// competition of a notebook gets a data folder (empty when nothing provided
// one: the notebooks then run but find no input).
func (b *Builder) Finish(meta Meta, funnel *Funnel) (*datasets.Dataset, error) {
	recs := b.Records()
	if len(recs) == 0 {
		return nil, fmt.Errorf("no notebook survived the filters (see the funnel above): loosen the filters or check the inputs")
	}
	y := yamlDataset{Name: meta.Name, Version: meta.Version, Description: meta.Description, Licence: meta.Licence, TimeLimitS: meta.TimeLimitS}
	for _, r := range recs {
		if !slices.Contains(y.Competitions, r.Competition) {
			y.Competitions = append(y.Competitions, r.Competition)
		}
		y.Notebooks = append(y.Notebooks, yamlNotebook{ID: r.ID, Competition: r.Competition, File: r.File, Title: r.Title,
			Author: r.Author, Submitted: r.Submitted, KaggleImage: r.KaggleImage, Notes: r.Notes})
	}
	slices.Sort(y.Competitions)
	if funnel == nil {
		funnel = NewFunnel("", "")
	}
	for _, slug := range y.Competitions {
		if meta.Competitions != nil {
			err := meta.Competitions.Provide(b.dir, slug)
			switch {
			case errors.Is(err, ErrNoCompetition):
				funnel.Warn("competition %s is not in %s: its notebooks find no input", slug, meta.Competitions)
			case err != nil:
				return nil, fmt.Errorf("competition %s from %s: %w", slug, meta.Competitions, err)
			}
		}
		if _, err := os.Stat(filepath.Join(b.dir, "competitions", slug, datasets.ReferencesFile)); err == nil {
			continue // its data are referenced, not held (datasets.DataRef)
		}
		if err := os.MkdirAll(filepath.Join(b.dir, "competitions", slug, "data"), 0o755); err != nil {
			return nil, err
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "# Mined by `erosion mine` on %s. Regenerate rather than edit; after any edit run `erosion dataset seal`.\n", time.Now().UTC().Format(time.DateOnly))
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(b.dir, "dataset.yaml"), []byte(out.String())); err != nil {
		return nil, err
	}
	if funnel.Source != "" {
		if err := funnel.Write(b.dir); err != nil {
			return nil, err
		}
	}
	ds, err := datasets.Load(b.dir)
	if err != nil {
		return nil, err
	}
	byID := map[string]Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	var rows []datasets.Entry
	for _, nb := range ds.Notebooks {
		e, err := ds.Describe(nb)
		if err != nil {
			return nil, err
		}
		r := byID[nb.ID]
		parsed, err := notebook.Read(ds.NotebookPath(nb))
		if err != nil {
			return nil, err
		}
		e.DataPaths = datapaths.Read(parsed)
		// A mined score is Kaggle's: the private-leaderboard score of the
		// notebook's submission (or one its user quoted from Kaggle).
		e.KaggleTarget, e.TargetNote, e.KaggleRuntimeS = r.TargetScore, r.TargetNote, r.RuntimeS
		ds.SetTarget(&e)
		if e.TargetScore == nil && e.TargetNote == "" {
			e.TargetNote = "the source gives no score: measure one with `erosion dataset targets`"
		}
		e.Accelerator, e.Source, e.SourceRef = r.Accelerator, r.Source, r.SourceRef
		if meta.EraOf != nil && !nb.Date().IsZero() {
			e.EraEnv = meta.EraOf(nb.Date())
		}
		rows = append(rows, e)
	}
	if err := ds.WriteManifest(rows); err != nil {
		return nil, err
	}
	if err := ds.Seal(); err != nil {
		return nil, err
	}
	return ds, nil
}

// Licence is what a mined dataset says of its terms unless told otherwise.
const Licence = "each notebook under its author's terms on its source; competition data under the competition's rules"

// Publish finishes the dataset as Finish does, with meta's name defaulting
// to the folder's, its version to 1 and its licence to Licence; prints the
// funnel and where the dataset went to w (also when it fails: the funnel
// says why nothing survived), and warns about competitions without data.
func (b *Builder) Publish(w io.Writer, meta Meta, f *Funnel) (*datasets.Dataset, error) {
	if meta.Name == "" {
		meta.Name = CleanID(filepath.Base(b.dir))
	}
	if meta.Version == "" {
		meta.Version = "1"
	}
	if meta.Licence == "" {
		meta.Licence = Licence
	}
	if f == nil {
		f = NewFunnel("", "")
	}
	ds, err := b.Finish(meta, f)
	f.Print(w)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "dataset %s written to %s: %d notebooks, %d competitions; funnel in funnel.csv; run it with `erosion run --dataset %s`\n",
		ds.Name, ds.Dir, len(ds.Notebooks), len(ds.Competitions), ds.Dir)
	for _, slug := range ds.EmptyData(ds.Competitions) {
		slog.Warn("competition has no data: its notebooks will find nothing under /kaggle/input (pass --data, or mine it with `erosion mine kaggle`)", "competition", slug)
	}
	return ds, nil
}

// AddCompetition copies a prepared competition folder (erosion's layout:
// data/, answers/ and competition.yaml, any of them) into the dataset. Files
// are hard-linked where the file system allows, copied otherwise: data can
// be large. An existing copy is replaced.
func (b *Builder) AddCompetition(slug, from string) error {
	if !idRe.MatchString(slug) {
		return fmt.Errorf("competition slug %q: use letters, digits, '.', '_' or '-'", slug)
	}
	return linkCompetition(b.dir, slug, from)
}

// CompetitionDataDir is where a competition's input files go.
func (b *Builder) CompetitionDataDir(slug string) string {
	return filepath.Join(b.dir, "competitions", slug, "data")
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case e.IsDir():
			return os.MkdirAll(target, 0o755)
		case !e.Type().IsRegular():
			return nil // sockets, symlinks: not data a notebook should see
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if os.Link(p, target) == nil {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
