package datasets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Files lists the dataset's files (relative, slash-separated), dataset.yaml
// and hidden files excepted: what the checksums cover.
func (d *Dataset) Files() ([]string, error) {
	var files []string
	err := filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.Dir, p)
		if strings.HasPrefix(e.Name(), ".") && rel != "." {
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
	return files, err
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

// Sums computes the checksum of every file.
func (d *Dataset) Sums() (map[string]string, error) {
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
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
	if err != nil {
		return nil, err
	}
	var problems []string
	for f, want := range d.Checksums {
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
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out.Bytes(), 0o644); err != nil {
		return err
	}
	d.Checksums = sums
	return os.Rename(tmp, path)
}
