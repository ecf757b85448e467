package study_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/study"
)

// A sealed copy of a dataset verifies; a changed file fails verification
// (not a usage error), until sealed again; a notebook that does not parse
// is the author's to fix: a usage error.
func TestVerifyAndSealDataset(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mini")
	if err := os.CopyFS(dir, os.DirFS("../datasets/mini")); err != nil {
		t.Fatal(err)
	}
	load := func() *datasets.Dataset {
		t.Helper()
		ds, err := datasets.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	verify := func() (string, string, error) {
		var out, problems strings.Builder
		err := study.VerifyDataset(&out, &problems, load(), datasets.VerifyOptions{})
		return out.String(), problems.String(), err
	}
	if out, problems, err := verify(); err != nil || !strings.HasPrefix(out, "dataset mini ("+dir+") verified: ") || problems != "" {
		t.Fatalf("the copy: %v\n%s%s", err, out, problems)
	}
	ds := load()
	nb := ds.NotebookPath(ds.Notebooks[0])
	data, err := os.ReadFile(nb)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(nb, append(data, '\n'), 0o644)
	var ue *study.UsageError
	out, problems, err := verify()
	if err == nil || errors.As(err, &ue) || out != "" || !strings.HasPrefix(problems, "  ") || !strings.Contains(err.Error(), "fails verification: ") {
		t.Errorf("a changed notebook: %v\n%s%s", err, out, problems)
	}
	var sealed strings.Builder
	if err := study.SealDataset(&sealed, load()); err != nil || !strings.HasPrefix(sealed.String(), "sealed "+dir+": ") {
		t.Fatalf("seal: %v %s", err, sealed.String())
	}
	if _, _, err := verify(); err != nil {
		t.Errorf("after sealing: %v", err)
	}
	os.WriteFile(nb, []byte("not a notebook"), 0o644)
	if _, _, err := verify(); !errors.As(err, &ue) {
		t.Errorf("a notebook that does not parse: %v, want a UsageError", err)
	}
}
