package datasets

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/notebook"
)

// oldAPIUse is one row of datasets/corpus/old_apis.csv.
type oldAPIUse struct{ notebook, competition, api, library, family, today, inBullseye, batch string }

func readOldAPIs(t *testing.T, path string) []oldAPIUse {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"notebook_id", "competition", "api_id", "library", "api", "family", "change", "today", "in_bullseye", "batch"}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("old_apis.csv header %v, want %v", recs[0], want)
	}
	var rows []oldAPIUse
	for _, r := range recs[1:] {
		rows = append(rows, oldAPIUse{r[0], r[1], r[2], r[3], r[5], r[7], r[8], r[9]})
	}
	return rows
}

// The corpus is a held-out test set of old Kaggle kernels: it must load,
// verify, parse, and keep the shape the measurement relies on (150+
// notebooks from 2016-2020, two to five old APIs each across the stack's
// libraries and every family, a small share needing packages no Debian suite
// has).
func TestCorpusLoadsVerifiesAndParses(t *testing.T) {
	d, err := Load("corpus")
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := d.VerifyChecksums(); err != nil || len(problems) != 0 {
		t.Fatalf("the committed corpus does not verify (run `erosion dataset seal datasets/corpus`): %v %v", problems, err)
	}
	if len(d.Notebooks) < 150 {
		t.Errorf("%d notebooks, want at least 150", len(d.Notebooks))
	}
	for _, slug := range d.Competitions {
		if c, err := d.Competition(slug); err != nil || c == nil {
			t.Errorf("competition %s is not graded: %v", slug, err)
		}
	}
	uses := readOldAPIs(t, filepath.Join("corpus", "old_apis.csv"))
	byNotebook := map[string][]oldAPIUse{}
	libs, families := map[string]bool{}, map[string]bool{}
	for _, u := range uses {
		byNotebook[u.notebook] = append(byNotebook[u.notebook], u)
		libs[u.library] = true
		families[u.family] = true
	}
	formats := map[string]int{}
	noDebian := 0
	for _, nb := range d.Notebooks {
		data, err := os.ReadFile(d.NotebookPath(nb))
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := notebook.Parse(d.NotebookPath(nb), data)
		if err != nil {
			t.Errorf("%s: %v", nb.ID, err)
			continue
		}
		formats[parsed.Format]++
		if len(parsed.CodeCells()) < 4 {
			t.Errorf("%s: %d code cells: too short for EDA, a model and a submission", nb.ID, len(parsed.CodeCells()))
		}
		var src strings.Builder
		for _, c := range parsed.CodeCells() {
			src.WriteString(c.Source)
		}
		if !strings.Contains(src.String(), "submission.csv") {
			t.Errorf("%s writes no submission.csv", nb.ID)
		}
		date := nb.Date()
		if date.Before(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)) || date.After(time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: submitted %s, outside 2016-2020", nb.ID, nb.Submitted)
		}
		if nb.Author == "" || nb.ExpectToday == "" || !strings.HasPrefix(nb.Notes, "old APIs: ") {
			t.Errorf("%s: author %q, expect_today %q, notes %q", nb.ID, nb.Author, nb.ExpectToday, nb.Notes)
		}
		used := byNotebook[nb.ID]
		if len(used) < 2 || len(used) > 5 {
			t.Errorf("%s exercises %d old APIs, want 2-5", nb.ID, len(used))
		}
		raises := false
		for _, u := range used {
			raises = raises || u.today == "raises"
			if u.family == "no-debian" {
				noDebian++
				break
			}
		}
		if want := map[bool]string{true: "error", false: "ok"}[raises]; nb.ExpectToday != want {
			t.Errorf("%s: expect_today %s, but its old APIs say %s", nb.ID, nb.ExpectToday, want)
		}
		delete(byNotebook, nb.ID)
	}
	if len(byNotebook) != 0 {
		t.Errorf("old_apis.csv names notebooks the dataset lacks: %v", byNotebook)
	}
	if len(libs) < 8 {
		t.Errorf("old APIs of %d libraries, want at least 8: %v", len(libs), libs)
	}
	for _, f := range []string{"removed-module", "renamed-api", "changed-default", "env-package", "nltk-data", "display-only", "no-debian"} {
		if !families[f] {
			t.Errorf("no notebook in family %s", f)
		}
	}
	if share := float64(noDebian) / float64(len(d.Notebooks)); noDebian == 0 || share > 0.15 {
		t.Errorf("%d notebooks (%.0f%%) need TensorFlow/Keras or LightGBM: want a small share", noDebian, 100*share)
	}
	if formats[notebook.FormatIpynb4] < len(d.Notebooks)*3/4 || formats[notebook.FormatIpynb3] == 0 {
		t.Errorf("formats %v: want mostly nbformat 4 notebooks, and some nbformat 3", formats)
	}
}

// Sealing a copy records the same checksums the committed dataset.yaml has,
// and verification then names a notebook that was edited afterwards.
func TestCorpusSealsAndNamesTampering(t *testing.T) {
	dst := t.TempDir()
	err := filepath.WalkDir("corpus", func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("corpus", p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	committed, err := Load("corpus")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(dst)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Seal(); err != nil {
		t.Fatal(err)
	}
	resealed, err := Load(dst)
	if err != nil {
		t.Fatal(err)
	}
	for f, sum := range committed.Checksums {
		if resealed.Checksums[f] != sum {
			t.Errorf("%s: sealed %s, committed %s", f, resealed.Checksums[f], sum)
		}
	}
	if len(resealed.Checksums) != len(committed.Checksums) {
		t.Errorf("sealed %d files, committed %d", len(resealed.Checksums), len(committed.Checksums))
	}
	nb := resealed.Notebooks[0]
	if err := os.WriteFile(resealed.NotebookPath(nb), []byte("print('edited')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, _ := resealed.VerifyChecksums()
	if len(problems) != 1 || !strings.Contains(problems[0], nb.File) {
		t.Errorf("after editing %s: %v", nb.File, problems)
	}
}

// Batch 2 of the corpus was written after the rule catalog and is the part
// still held out: batch2.txt lists it (for --notebooks-file), old_apis.csv
// marks its rows, its ids do not collide with batch 1's, it has 150+
// notebooks on every competition, and every one of them fails today by its
// old APIs (two to five each).
func TestCorpusBatch2IsListedAndHeldOut(t *testing.T) {
	checkCorpusBatch(t, "2", 150)
}

// Batch 3 is a held-out test set written from the catalog's table and the
// libraries' release notes (fresh code): the same checks as batch 2, and at
// most ten of its notebooks need a package that no Debian suite has.
func TestCorpusBatch3IsListedAndHeldOut(t *testing.T) {
	checkCorpusBatch(t, "3", 120)
	noDebian := map[string]bool{}
	for _, u := range readOldAPIs(t, filepath.Join("corpus", "old_apis.csv")) {
		if u.batch == "3" && u.family == "no-debian" {
			noDebian[u.notebook] = true
		}
	}
	if len(noDebian) > 10 {
		t.Errorf("batch 3 has %d notebooks that need a package no Debian has, want at most 10", len(noDebian))
	}
}

// Batch 4 is a small held-out set (fresh code; old APIs mostly from the
// catalog's table, some from the libraries' release notes, in apis4.py): the
// batch checks, no package Debian lacks, and some release-note APIs.
func TestCorpusBatch4IsListedAndHeldOut(t *testing.T) {
	checkCorpusBatch(t, "4", 40)
	uses, release := 0, 0
	for _, u := range readOldAPIs(t, filepath.Join("corpus", "old_apis.csv")) {
		if u.batch != "4" {
			continue
		}
		if u.family == "no-debian" {
			t.Errorf("%s: batch 4 has no notebook that needs a package no Debian has", u.notebook)
		}
		uses++
	}
	data, err := os.ReadFile(filepath.Join("corpus", "authoring", "apis4.py"))
	if err != nil {
		t.Fatal(err)
	}
	release = strings.Count(string(data), `source="release-notes"`)
	if uses == 0 || release == 0 {
		t.Errorf("batch 4: %d old-API uses, %d old APIs from release notes", uses, release)
	}
}

// checkCorpusBatch checks that batch<n>.txt lists exactly the notebooks that
// old_apis.csv puts in batch n (at least min of them, on every competition),
// with ids <slug>-<n>NN-<year>, expect_today error and a note naming the batch.
func checkCorpusBatch(t *testing.T, batch string, min int) {
	t.Helper()
	d, err := Load("corpus")
	if err != nil {
		t.Fatal(err)
	}
	file := "batch" + batch + ".txt"
	data, err := os.ReadFile(filepath.Join("corpus", file))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			if listed[line] {
				t.Errorf("%s lists %s twice", file, line)
			}
			listed[line] = true
		}
	}
	if len(listed) < min {
		t.Errorf("batch %s has %d notebooks, want at least %d", batch, len(listed), min)
	}
	batchOf := map[string]string{}
	for _, u := range readOldAPIs(t, filepath.Join("corpus", "old_apis.csv")) {
		if b, ok := batchOf[u.notebook]; ok && b != u.batch {
			t.Errorf("%s: rows of batches %s and %s", u.notebook, b, u.batch)
		}
		batchOf[u.notebook] = u.batch
	}
	competitions := map[string]int{}
	for _, nb := range d.Notebooks {
		in := batchOf[nb.ID] == batch
		if in != listed[nb.ID] {
			t.Errorf("%s: old_apis.csv says batch %s, %s lists it: %v", nb.ID, batchOf[nb.ID], file, listed[nb.ID])
		}
		if !in {
			continue
		}
		delete(listed, nb.ID)
		competitions[nb.Competition]++
		if !strings.HasPrefix(nb.ID, nb.Competition+"-"+batch) || nb.ExpectToday != "error" || !strings.Contains(nb.Notes, "batch "+batch) {
			t.Errorf("%s: a batch-%s notebook needs an id <slug>-%sNN-<year>, expect_today error and a note (got %q)", nb.ID, batch, batch, nb.ExpectToday)
		}
	}
	if len(listed) != 0 {
		t.Errorf("%s lists notebooks the dataset lacks: %v", file, listed)
	}
	for _, slug := range d.Competitions {
		if competitions[slug] == 0 {
			t.Errorf("batch %s has no notebook on %s", batch, slug)
		}
	}
}
