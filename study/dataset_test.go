package study_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/mining/mlebench"
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

// A dataset's competition linked to MLE-bench's data: what is linked and
// what MLE-bench lacks are said, then every competition's grader.
func TestLinkMLEBench(t *testing.T) {
	const leaf = "leaf-classification"
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "notebooks"), 0o755)
	os.WriteFile(filepath.Join(dir, "notebooks", "nb.py"), []byte("print(1)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notebooks", "other.py"), []byte("print(2)\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "competitions", leaf, "data"), 0o755)
	os.MkdirAll(filepath.Join(dir, "competitions", "not-mlebench", "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte("name: own\nnotebooks:\n  - {id: nb, competition: "+leaf+", file: nb.py}\n  - {id: other, competition: not-mlebench, file: other.py}\n"), 0o644)
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	src, err := mlebench.Open("../mining/mlebench/testdata/data", "../mining/mlebench/testdata/registry")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := study.LinkMLEBench(&out, ds, src, nil); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"dataset " + dir + ": 1 competitions reference " + src.Data + " (" + leaf + "); sealed\n",
		"not in MLE-bench's data or registry, left as they were: not-mlebench\n",
		"COMPETITION", "builtin: multiclass_log_loss",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if err := study.LinkMLEBench(&out, ds, src, []string{"no-such"}); err == nil {
		t.Error("a competition the dataset lacks is linked")
	}
}
