package datasets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"erosion/atomicfile"
)

// Files lists the dataset's files (relative, slash-separated), dataset.yaml
// and hidden files excepted: what the checksums cover. A symbolic link or
// any other special file anywhere in the dataset is an error: data is
// bind-mounted into runs, and a mount follows a link to wherever it points
// (the hidden answers, the host's files).
func (d *Dataset) Files() ([]string, error) {
	files, special, err := d.walk()
	if err == nil && len(special) > 0 {
		err = &SpecialFilesError{Dir: d.Dir, Paths: special}
	}
	return files, err
}

// SpecialFilesError lists the links and special files in a dataset.
type SpecialFilesError struct {
	Dir   string
	Paths []string
}

func (e *SpecialFilesError) Error() string {
	more := ""
	if len(e.Paths) > 3 {
		more = fmt.Sprintf(" and %d more", len(e.Paths)-3)
	}
	return fmt.Sprintf("dataset %s holds symbolic links or special files (%s%s): a dataset must hold regular files only; replace each link with the file it points to", e.Dir, strings.Join(e.Paths[:min(3, len(e.Paths))], ", "), more)
}

func (d *Dataset) walk() (files, special []string, err error) {
	err = filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.Dir, p)
		if rel == "." {
			return nil
		}
		if !e.IsDir() && !e.Type().IsRegular() {
			special = append(special, filepath.ToSlash(rel))
			return nil
		}
		if strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.Type().IsRegular() && rel != "dataset.yaml" && !strings.HasSuffix(rel, ".pyc") && !strings.Contains(rel, "__pycache__") {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files, special, err
}

// DescriptionKey is the checksum entry of dataset.yaml itself: the digest
// of its content (everything but the checksums), so an edited notebook
// list, competition or limit is caught like an edited file.
const DescriptionKey = "dataset.yaml"

func (d *Dataset) descriptionSum() (string, error) {
	c := *d
	c.Checksums = nil
	data, err := yaml.Marshal(&c)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:]), nil
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Sums computes the checksum of every file, and of dataset.yaml's content.
func (d *Dataset) Sums() (map[string]string, error) {
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	desc, err := d.descriptionSum()
	if err != nil {
		return nil, err
	}
	sums := map[string]string{DescriptionKey: desc}
	for _, f := range files {
		if sums[f], err = fileSum(filepath.Join(d.Dir, filepath.FromSlash(f))); err != nil {
			return nil, err
		}
	}
	return sums, nil
}

// VerifyChecksums compares the files with dataset.yaml's checksums and
// returns one problem per file that was changed, added or removed.
func (d *Dataset) VerifyChecksums() ([]string, error) {
	if len(d.Checksums) == 0 {
		return []string{"dataset.yaml has no checksums: run `erosion dataset seal` after building the dataset"}, nil
	}
	sums, err := d.Sums()
	var sf *SpecialFilesError
	if errors.As(err, &sf) {
		return []string{sf.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	var problems []string
	if _, ok := d.Checksums[DescriptionKey]; !ok {
		problems = append(problems, "dataset.yaml: its own checksum is missing (sealed by an older erosion): run `erosion dataset seal` once")
		delete(sums, DescriptionKey)
	} else if sums[DescriptionKey] != d.Checksums[DescriptionKey] {
		problems = append(problems, "dataset.yaml: changed since it was sealed (notebooks, competitions or settings): seal it again if the change is intended")
		delete(sums, DescriptionKey)
	}
	for f, want := range d.Checksums {
		if f == DescriptionKey {
			continue
		}
		got, ok := sums[f]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: missing", f))
		case got != want:
			problems = append(problems, fmt.Sprintf("%s: changed (sha256 %s, dataset.yaml says %s)", f, got[:12], want[:min(12, len(want))]))
		}
	}
	for f := range sums {
		if _, ok := d.Checksums[f]; !ok {
			problems = append(problems, fmt.Sprintf("%s: not in dataset.yaml's checksums (added after sealing?)", f))
		}
	}
	slices.Sort(problems)
	return problems, nil
}

// Seal rewrites dataset.yaml's checksums from the files, keeping the rest of
// the file (comments included) as it is.
func (d *Dataset) Seal() error {
	sums, err := d.Sums()
	if err != nil {
		return err
	}
	path := filepath.Join(d.Dir, "dataset.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	root := doc.Content[0]
	var sumNode yaml.Node
	if err := sumNode.Encode(sums); err != nil {
		return err
	}
	replaced := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "checksums" {
			root.Content[i+1] = &sumNode
			replaced = true
		}
	}
	if !replaced {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "checksums"}, &sumNode)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return err
	}
	d.Checksums = sums
	return nil
}
