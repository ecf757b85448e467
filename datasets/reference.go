package datasets

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"erosion/atomicfile"
)

// DataRef is a competition.yaml data: block. The competition's data stays
// where MLE-bench prepared it, often tens to hundreds of GB, and is
// referenced by path instead of copied:
//
//	data:
//	  mlebench: /data/mle-bench            # MLE-bench's data folder (absolute, or relative to the dataset)
//	  id: spooky-author-identification     # the competition's id there (default: the slug)
//	  answers: spooky-author-identification/prepared/private/test.csv  # config.yaml's dataset.answers
//
// Notebooks see <mlebench>/<id>/prepared/public at /kaggle/input/<slug>
// (and flattened under /kaggle/input); the answers, which MLE-bench keeps
// under <id>/prepared/private, are read by the grader on the host and never
// mounted. The referenced files are listed with their sizes, modification
// times and sha256 in competitions/<slug>/referenced-files.tsv, which the
// dataset's own checksums cover.
type DataRef struct {
	MLEBench string `yaml:"mlebench"`
	ID       string `yaml:"id"`
	Answers  string `yaml:"answers"`

	root string // MLEBench resolved: absolute, symbolic links in it followed
}

// ReferencesFile lists the referenced files of a competition with a data:
// block, in its competition folder.
const ReferencesFile = "referenced-files.tsv"

// Where a referenced competition's parts are, under <mlebench>/<id>.
const (
	PublicDir  = "prepared/public"
	PrivateDir = "prepared/private"
)

// Root is the MLE-bench data folder, resolved.
func (r *DataRef) Root() string { return r.root }

// Public is the folder notebooks see.
func (r *DataRef) Public() string { return filepath.Join(r.root, r.ID, filepath.FromSlash(PublicDir)) }

// AnswersFile is the hidden answers file.
func (r *DataRef) AnswersFile() string { return filepath.Join(r.root, filepath.FromSlash(r.Answers)) }

// check validates the block and resolves the data folder (relative paths
// are relative to the dataset folder).
func (r *DataRef) check(where, slug, datasetDir string) error {
	if r.MLEBench == "" {
		return fmt.Errorf("%s: data: field mlebench is missing: give the MLE-bench data folder (the one holding <id>/prepared/public)", where)
	}
	if r.ID == "" {
		r.ID = slug
	}
	if !idRe.MatchString(r.ID) {
		return fmt.Errorf("%s: data: id %q: a competition id is letters, digits, '.', '_' or '-'", where, r.ID)
	}
	if r.Answers == "" {
		r.Answers = r.ID + "/" + PrivateDir + "/test.csv"
	}
	clean := path.Clean(r.Answers)
	if !localPath(r.Answers) || !strings.HasPrefix(clean, r.ID+"/"+PrivateDir+"/") {
		return fmt.Errorf("%s: data: answers %q must be a file under %s/%s/ (relative to the data folder), where MLE-bench keeps the answers apart from what notebooks see", where, r.Answers, r.ID, PrivateDir)
	}
	r.Answers = clean
	root := filepath.FromSlash(r.MLEBench)
	if !filepath.IsAbs(root) {
		root = filepath.Join(datasetDir, root)
	}
	// The data folder itself may be a link (a cache folder on another disk);
	// it is resolved once, so what is mounted is a path without links.
	resolved, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("%s: data: MLE-bench data folder %s: %v: prepare the competition with `mlebench prepare -c %s` or fix data.mlebench (then `erosion dataset seal`)", where, root, errors.Unwrap(err), r.ID)
	}
	if r.root, err = filepath.Abs(resolved); err != nil {
		return err
	}
	return nil
}

// NewDataRef is a reference to competition id in the MLE-bench data folder
// root (absolute, or relative to the working directory); answers is
// relative to root, as config.yaml's dataset.answers ("" for
// <id>/prepared/private/test.csv).
func NewDataRef(root, id, answers string) (*DataRef, error) {
	r := &DataRef{MLEBench: root, ID: id, Answers: answers}
	return r, r.check("MLE-bench competition "+id, id, "")
}

// loadRefs reads the data: block of every competition that has one.
func (d *Dataset) loadRefs() error {
	d.refs = map[string]*DataRef{}
	for _, slug := range d.CompetitionSlugs() {
		if !idRe.MatchString(slug) {
			continue // validate names it
		}
		p := d.CompetitionPath(slug)
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		var c struct {
			Data *DataRef `yaml:"data"`
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("%s: %s", p, strings.ReplaceAll(err.Error(), "\n", "; "))
		}
		if c.Data == nil {
			continue
		}
		if err := c.Data.check(p, slug, d.Dir); err != nil {
			return err
		}
		d.refs[slug] = c.Data
	}
	return nil
}

// Reference is the data: block of a competition, nil when its data is in
// the dataset.
func (d *Dataset) Reference(slug string) *DataRef { return d.refs[slug] }

// RefFile is one referenced file: its path relative to <mlebench>/<id>
// ("prepared/public/train.csv", "prepared/private/test.csv") and what it
// was when the reference was written.
type RefFile struct {
	Path    string
	Size    int64
	ModTime time.Time
	SHA256  string
}

const refsHeader = "path\tsize\tmtime\tsha256"

// ScanReference lists what a reference points at: every file of the public
// folder and the answers, each hashed. A link or special file anywhere in
// the public folder, a public folder or answers that are not real folders
// and files, answers inside what is mounted, or a public file that is the
// answers file under another name (a hard link) is an error: notebooks
// would see through it.
func ScanReference(r *DataRef) ([]RefFile, error) {
	files, problems := scanRef(r, true)
	if len(problems) > 0 {
		return nil, errors.New(problems[0])
	}
	return files, nil
}

// WriteReferences writes the listing into competition folder dir.
func WriteReferences(dir string, files []RefFile) error {
	var b bytes.Buffer
	b.WriteString("# The files this competition references outside the dataset (competition.yaml's data: block),\n")
	b.WriteString("# relative to <mlebench>/<id>. Written by erosion; `erosion dataset verify` compares sizes and\n")
	b.WriteString("# modification times, `erosion dataset verify --full` the sha256 too.\n")
	b.WriteString(refsHeader + "\n")
	for _, f := range files {
		fmt.Fprintf(&b, "%s\t%d\t%s\t%s\n", f.Path, f.Size, f.ModTime.UTC().Format(time.RFC3339Nano), f.SHA256)
	}
	return atomicfile.WriteFile(filepath.Join(dir, ReferencesFile), b.Bytes(), 0o644)
}

// ReadReferences reads a competition folder's listing.
func ReadReferences(dir string) ([]RefFile, error) {
	p := filepath.Join(dir, ReferencesFile)
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []RefFile
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n, header := 0, false
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			if line != refsHeader {
				return nil, fmt.Errorf("%s:%d: expected the header %q", p, n, refsHeader)
			}
			header = true
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			return nil, fmt.Errorf("%s:%d: want 4 tab-separated columns (%s)", p, n, refsHeader)
		}
		size, err1 := strconv.ParseInt(cols[1], 10, 64)
		mt, err2 := time.Parse(time.RFC3339Nano, cols[2])
		if err1 != nil || err2 != nil || !localPath(cols[0]) || len(cols[3]) != 64 {
			return nil, fmt.Errorf("%s:%d: malformed line %q", p, n, line)
		}
		out = append(out, RefFile{Path: cols[0], Size: size, ModTime: mt, SHA256: cols[3]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if !header {
		return nil, fmt.Errorf("%s: no header line %q", p, refsHeader)
	}
	return out, nil
}

// VerifyOptions choose how thoroughly Verify checks.
type VerifyOptions struct {
	// Full hashes every referenced file instead of comparing sizes and
	// modification times (referenced data can be hundreds of GB).
	Full bool
}

// verifyReference checks one referenced competition against its listing.
func (d *Dataset) verifyReference(slug string, o VerifyOptions) []string {
	r := d.refs[slug]
	dir := filepath.Dir(d.CompetitionPath(slug))
	want, err := ReadReferences(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return []string{fmt.Sprintf("competition %s references MLE-bench data but has no %s: link it again (`erosion dataset mlebench`)", slug, ReferencesFile)}
		}
		return []string{err.Error()}
	}
	got, problems := scanRef(r, o.Full)
	if len(problems) > 0 {
		return problems
	}
	byPath := map[string]RefFile{}
	for _, f := range got {
		byPath[f.Path] = f
	}
	where := func(p string) string { return filepath.Join(r.root, r.ID, filepath.FromSlash(p)) }
	for _, w := range want {
		g, ok := byPath[w.Path]
		delete(byPath, w.Path)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s (competition %s): missing", where(w.Path), slug))
		case g.Size != w.Size:
			problems = append(problems, fmt.Sprintf("%s (competition %s): changed (size %d, %s says %d)", where(w.Path), slug, g.Size, ReferencesFile, w.Size))
		case o.Full && g.SHA256 != w.SHA256:
			problems = append(problems, fmt.Sprintf("%s (competition %s): changed (sha256 %s, %s says %s)", where(w.Path), slug, g.SHA256[:12], ReferencesFile, w.SHA256[:12]))
		case !o.Full && !g.ModTime.Equal(w.ModTime):
			problems = append(problems, fmt.Sprintf("%s (competition %s): modified at %s, after the reference was written (%s); `erosion dataset verify --full` checks its content", where(w.Path), slug, g.ModTime.UTC().Format(time.RFC3339), w.ModTime.UTC().Format(time.RFC3339)))
		}
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for k := range byPath {
			if !yield(k) {
				return
			}
		}
	}) {
		problems = append(problems, fmt.Sprintf("%s (competition %s): not in %s (added after the reference was written?)", where(p), slug, ReferencesFile))
	}
	return problems
}

// scanRef walks a reference: the public folder and the answers. It hashes
// when hash is set. Problems are the integrity rules it breaks.
func scanRef(r *DataRef, hash bool) ([]RefFile, []string) {
	base := filepath.Join(r.root, r.ID)
	// Every folder from the competition's down to public must be a real
	// folder: a link among them would mount whatever it points at.
	for _, p := range []string{base, filepath.Join(base, "prepared"), r.Public()} {
		st, err := os.Lstat(p)
		switch {
		case err != nil:
			return nil, []string{fmt.Sprintf("MLE-bench competition %s: %s does not exist: prepare it with `mlebench prepare -c %s --data-dir %s`", r.ID, p, r.ID, r.root)}
		case st.Mode()&fs.ModeSymlink != 0:
			return nil, []string{fmt.Sprintf("MLE-bench competition %s: %s is a symbolic link: a referenced folder must be a real folder (a mount would follow the link)", r.ID, p)}
		case !st.IsDir():
			return nil, []string{fmt.Sprintf("MLE-bench competition %s: %s is not a folder", r.ID, p)}
		}
	}
	answers := r.AnswersFile()
	var ansStat fs.FileInfo
	for p := answers; p != r.root && len(p) > len(r.root); p = filepath.Dir(p) {
		st, err := os.Lstat(p)
		if err != nil {
			return nil, []string{fmt.Sprintf("MLE-bench competition %s: the answers %s do not exist: prepare it with `mlebench prepare -c %s`", r.ID, answers, r.ID)}
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return nil, []string{fmt.Sprintf("MLE-bench competition %s: %s is a symbolic link: the answers must be a regular file in real folders", r.ID, p)}
		}
		if p == answers {
			if !st.Mode().IsRegular() {
				return nil, []string{fmt.Sprintf("MLE-bench competition %s: the answers %s are not a regular file", r.ID, answers)}
			}
			ansStat = st
		}
	}
	if within(answers, r.Public()) {
		return nil, []string{fmt.Sprintf("MLE-bench competition %s: the answers %s are inside the public folder %s that notebooks see", r.ID, answers, r.Public())}
	}
	var files []RefFile
	var problems []string
	add := func(p string, st fs.FileInfo) {
		rel, _ := filepath.Rel(base, p)
		f := RefFile{Path: filepath.ToSlash(rel), Size: st.Size(), ModTime: st.ModTime()}
		if hash {
			sum, err := fileSum(p)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", p, err))
				return
			}
			f.SHA256 = sum
		}
		files = append(files, f)
	}
	err := filepath.WalkDir(r.Public(), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() {
			problems = append(problems, fmt.Sprintf("MLE-bench competition %s: %s is a symbolic link or special file: the public folder is mounted into runs and must hold regular files only", r.ID, p))
			return nil
		}
		st, err := e.Info()
		if err != nil {
			return err
		}
		if os.SameFile(st, ansStat) {
			problems = append(problems, fmt.Sprintf("MLE-bench competition %s: %s is the answers file under another name (a hard link): notebooks would see the answers", r.ID, p))
			return nil
		}
		add(p, st)
		return nil
	})
	if err != nil {
		problems = append(problems, fmt.Sprintf("MLE-bench competition %s: %v", r.ID, err))
	}
	add(answers, ansStat)
	slices.SortFunc(files, func(a, b RefFile) int { return strings.Compare(a.Path, b.Path) })
	return files, problems
}

// within reports whether p is inside (or is) dir, both absolute.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
