package envs

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// NLTKDataDir is where an environment's NLTK data is baked: one of the
// folders NLTK searches by default, and where Kaggle's image keeps its
// corpora.
const NLTKDataDir = "usr/share/nltk_data"

// nltkCategories are the top-level folders of NLTK's data layout (what
// nltk.download writes under its download directory).
var nltkCategories = []string{"chunkers", "corpora", "grammars", "help", "misc", "models", "sentiment", "stemmers", "taggers", "tokenizers"}

// nltkArchive says whether p names an archive erosion can unpack, and which.
func nltkArchive(p string) string {
	l := strings.ToLower(p)
	switch {
	case strings.HasSuffix(l, ".tar.gz"), strings.HasSuffix(l, ".tgz"):
		return "tgz"
	case strings.HasSuffix(l, ".tar"):
		return "tar"
	case strings.HasSuffix(l, ".zip"):
		return "zip"
	}
	return ""
}

// NLTKDataPath is the spec's nltk_data resolved against the spec file's
// folder ("" when the spec names none).
func (s *Spec) NLTKDataPath() string {
	if s.NLTKData == "" || filepath.IsAbs(s.NLTKData) || s.Path == "" {
		return s.NLTKData
	}
	return filepath.Join(filepath.Dir(s.Path), s.NLTKData)
}

// validateNLTKData checks what can be checked cheaply: the kind, that the
// folder or archive exists, and a folder's top-level layout. An archive's
// layout is checked when it is unpacked.
func (s *Spec) validateNLTKData(fail func(string, ...any) error) error {
	if s.NLTKData == "" {
		return nil
	}
	if s.Kind() != KindDebian {
		return fail("field nltk_data: only debian environments bake NLTK data (an image is used as is; add the data to a python environment's image yourself)")
	}
	p := s.NLTKDataPath()
	st, err := os.Stat(p)
	if err != nil {
		return fail("field nltk_data %q: %s does not exist; name a folder in NLTK's layout (corpora/, tokenizers/, ...) or a .tar, .tar.gz or .zip of one", s.NLTKData, p)
	}
	if st.IsDir() {
		if _, err := nltkFolderRoot(p); err != nil {
			return fail("field nltk_data %q: %v", s.NLTKData, err)
		}
		return nil
	}
	if nltkArchive(p) == "" {
		return fail("field nltk_data %q: not a folder nor a .tar, .tar.gz, .tgz or .zip archive", s.NLTKData)
	}
	return nil
}

// nltkFolderRoot finds the folder holding NLTK's layout: dir itself, or
// its only subfolder (a copied nltk_data/ folder).
func nltkFolderRoot(dir string) (string, error) {
	names := func(d string) []string {
		entries, _ := os.ReadDir(d)
		var out []string
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, e.Name())
			}
		}
		return out
	}
	top := names(dir)
	if hasCategory(top) {
		return dir, nil
	}
	if len(top) == 1 && hasCategory(names(filepath.Join(dir, top[0]))) {
		return filepath.Join(dir, top[0]), nil
	}
	return "", fmt.Errorf("%s has none of NLTK's folders (%s) at its top", dir, strings.Join(nltkCategories, ", "))
}

func hasCategory(names []string) bool {
	for _, n := range names {
		if slices.Contains(nltkCategories, n) {
			return true
		}
	}
	return false
}

// nltkDataSum identifies the NLTK data: for a folder, every file's path and
// content; for an archive, its bytes. It is part of the spec's digest, so
// other data builds another environment.
func (s *Spec) nltkDataSum() (string, error) {
	if s.NLTKData == "" {
		return "", nil
	}
	if s.nltkSum != "" {
		return s.nltkSum, nil
	}
	p := s.NLTKDataPath()
	h := sha256.New()
	st, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		root, err := nltkFolderRoot(p)
		if err != nil {
			return "", err
		}
		err = walkFolder(root, func(rel string, r io.Reader, dir bool) error {
			if dir {
				fmt.Fprintf(h, "d %s\n", rel)
				return nil
			}
			fh := sha256.New()
			if _, err := io.Copy(fh, r); err != nil {
				return err
			}
			fmt.Fprintf(h, "f %s %x\n", rel, fh.Sum(nil))
			return nil
		})
		if err != nil {
			return "", err
		}
	} else {
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		defer f.Close()
		fmt.Fprintf(h, "archive %s\n", nltkArchive(p))
		if _, err := io.Copy(h, f); err != nil {
			return "", err
		}
	}
	s.nltkSum = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return s.nltkSum, nil
}

// walkFolder calls fn for every folder and regular file under root, in
// lexical order, with slash-separated relative paths. Links and special
// files are refused: what is baked must be plain data.
func walkFolder(root string, fn func(rel string, r io.Reader, dir bool) error) error {
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		switch {
		case e.IsDir():
			return fn(rel, nil, true)
		case e.Type().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return fn(rel, f, false)
		}
		return fmt.Errorf("%s is a link or special file: NLTK data must be plain files and folders", p)
	})
}

// walkArchive does the same for a tar, gzipped tar or zip archive, dropping
// a single top folder that holds NLTK's layout.
func walkArchive(p string, fn func(rel string, r io.Reader, dir bool) error) error {
	type entry struct {
		name string
		dir  bool
		open func() (io.Reader, func(), error)
	}
	var entries []entry
	var closeAll []func() error
	defer func() {
		for _, c := range closeAll {
			c()
		}
	}()
	switch nltkArchive(p) {
	case "zip":
		z, err := zip.OpenReader(p)
		if err != nil {
			return err
		}
		closeAll = append(closeAll, z.Close)
		for _, f := range z.File {
			mode := f.Mode()
			if !mode.IsDir() && !mode.IsRegular() {
				return fmt.Errorf("%s: entry %s is a link or special file: NLTK data must be plain files and folders", p, f.Name)
			}
			entries = append(entries, entry{name: f.Name, dir: mode.IsDir(), open: func() (io.Reader, func(), error) {
				rc, err := f.Open()
				if err != nil {
					return nil, nil, err
				}
				return rc, func() { rc.Close() }, nil
			}})
		}
	case "tar", "tgz":
		// A tar is read once, in order: collect the names first, then
		// stream the files through fn on a second read.
		names, err := tarNames(p)
		if err != nil {
			return err
		}
		prefix := archivePrefix(names)
		return readTar(p, func(name string, dir bool, r io.Reader) error {
			rel, err := cleanArchiveName(p, name, prefix)
			if err != nil {
				return err
			}
			if rel == "" {
				return nil
			}
			return fn(rel, r, dir)
		})
	default:
		return fmt.Errorf("%s is not a .tar, .tar.gz, .tgz or .zip archive", p)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.name)
	}
	prefix := archivePrefix(names)
	if !hasCategory(topNames(names, prefix)) {
		return fmt.Errorf("%s has none of NLTK's folders (%s) at its top", p, strings.Join(nltkCategories, ", "))
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for _, e := range entries {
		rel, err := cleanArchiveName(p, e.name, prefix)
		if err != nil {
			return err
		}
		if rel == "" {
			continue
		}
		if e.dir {
			if err := fn(rel, nil, true); err != nil {
				return err
			}
			continue
		}
		r, done, err := e.open()
		if err != nil {
			return err
		}
		err = fn(rel, r, false)
		done()
		if err != nil {
			return err
		}
	}
	return nil
}

func tarNames(p string) ([]string, error) {
	var names []string
	err := readTar(p, func(name string, _ bool, _ io.Reader) error {
		names = append(names, name)
		return nil
	})
	if err == nil && !hasCategory(topNames(names, archivePrefix(names))) {
		err = fmt.Errorf("%s has none of NLTK's folders (%s) at its top", p, strings.Join(nltkCategories, ", "))
	}
	return names, err
}

func readTar(p string, fn func(name string, dir bool, r io.Reader) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if nltkArchive(p) == "tgz" {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		defer gz.Close()
		r = gz
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = fn(h.Name, true, nil)
		case tar.TypeReg:
			err = fn(h.Name, false, tr)
		case tar.TypeXGlobalHeader, tar.TypeXHeader:
			continue
		default:
			err = fmt.Errorf("%s: entry %s is a link or special file: NLTK data must be plain files and folders", p, h.Name)
		}
		if err != nil {
			return err
		}
	}
}

// archivePrefix is "top/" when every entry sits under one top folder that
// is not itself one of NLTK's folders (e.g. an archived nltk_data/).
func archivePrefix(names []string) string {
	tops := topNames(names, "")
	if len(tops) == 1 && !slices.Contains(nltkCategories, tops[0]) {
		return tops[0] + "/"
	}
	return ""
}

func topNames(names []string, prefix string) []string {
	var tops []string
	for _, n := range names {
		c := strings.TrimPrefix(path.Clean("/"+n), "/") + "/"
		if !strings.HasPrefix(c, prefix) {
			continue
		}
		if t, _, _ := strings.Cut(strings.TrimPrefix(c, prefix), "/"); t != "" && !slices.Contains(tops, t) {
			tops = append(tops, t)
		}
	}
	return tops
}

// cleanArchiveName makes an entry's name relative to the layout's root;
// names that climb out of it are refused.
func cleanArchiveName(archive, name, prefix string) (string, error) {
	if strings.HasPrefix(name, "/") || slices.Contains(strings.Split(name, "/"), "..") {
		return "", fmt.Errorf("%s: entry %s points outside the archive", archive, name)
	}
	rel := strings.TrimPrefix(path.Clean(name), "./")
	rel = strings.TrimPrefix(rel+"/", prefix)
	return strings.TrimSuffix(rel, "/"), nil
}

// checkNLTKData reads the spec's NLTK data through once, as baking will.
func checkNLTKData(s *Spec) error {
	if s.NLTKData == "" {
		return nil
	}
	return s.eachNLTKFile(func(_ string, r io.Reader, dir bool) error {
		if !dir {
			_, err := io.Copy(io.Discard, r)
			return err
		}
		return nil
	})
}

// eachNLTKFile walks the spec's NLTK data, folder or archive; errors name
// the spec file and field.
func (s *Spec) eachNLTKFile(fn func(rel string, r io.Reader, dir bool) error) error {
	src := s.NLTKDataPath()
	var err error
	if st, serr := os.Stat(src); serr != nil {
		err = serr
	} else if st.IsDir() {
		var top string
		if top, err = nltkFolderRoot(src); err == nil {
			err = walkFolder(top, fn)
		}
	} else {
		err = walkArchive(src, fn)
	}
	if err != nil {
		return fmt.Errorf("environment %s: field nltk_data %q: %v; fix %s", s.Name, s.NLTKData, err, s.Path)
	}
	return nil
}

// bakeNLTKData copies the spec's NLTK data into the root filesystem at
// /usr/share/nltk_data: folders 0755, files 0644, owned by whoever builds
// (root), so every user of the environment can read them.
func bakeNLTKData(s *Spec, root string) error {
	if s.NLTKData == "" {
		return nil
	}
	dst := filepath.Join(root, filepath.FromSlash(NLTKDataDir))
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	put := func(rel string, r io.Reader, dir bool) error {
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if dir {
			return os.MkdirAll(target, 0o755)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, r); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return s.eachNLTKFile(put)
}
