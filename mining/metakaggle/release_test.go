package metakaggle_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/mining/builder"
	"erosion/mining/metakaggle"
	"erosion/mining/metakaggle/synthdump"
	"erosion/notebook"
)

var update = flag.Bool("update", false, "rewrite testdata/release from synthdump.WriteRelease")

// The committed cut of a Meta Kaggle release and its Meta Kaggle Code tree.
var (
	releaseMeta = filepath.Join("testdata", "release", "meta")
	releaseCode = filepath.Join("testdata", "release", "code")
	mlebench    = filepath.Join("..", "..", "configs", "competitions", "mlebench.txt")
)

// The committed fixture is what the generator writes (-update rewrites it).
func TestReleaseFixtureIsCurrent(t *testing.T) {
	if *update {
		os.RemoveAll(filepath.Join("testdata", "release"))
		if err := synthdump.WriteRelease(releaseMeta, releaseCode); err != nil {
			t.Fatal(err)
		}
	}
	tmp := t.TempDir()
	if err := synthdump.WriteRelease(filepath.Join(tmp, "meta"), filepath.Join(tmp, "code")); err != nil {
		t.Fatal(err)
	}
	want, got := tree(t, tmp), tree(t, filepath.Join("testdata", "release"))
	for name := range maps.Keys(want) {
		if !bytes.Equal(want[name], got[name]) {
			t.Errorf("testdata/release/%s differs from what synthdump.WriteRelease writes: run go test -run TestReleaseFixtureIsCurrent -update", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("testdata/release has %d files, the generator writes %d", len(got), len(want))
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The study's selection over the release: the MLE-bench competitions, the
// study's filters and cutoff, each way of being dropped counted once.
func TestMineRelease(t *testing.T) {
	list, err := metakaggle.ReadList(mlebench)
	if err != nil || len(list) != 75 {
		t.Fatalf("%s: %d slugs, %v", mlebench, len(list), err)
	}
	o := metakaggle.DefaultOptions(releaseMeta, releaseCode)
	o.Competitions, o.Before = list, metakaggle.StudyCutoff
	out := filepath.Join(t.TempDir(), "ds")
	b, err := builder.Open(out, false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	f, err := metakaggle.Mine(context.Background(), o, b)
	if err != nil {
		t.Fatal(err)
	}

	// The funnel, derived from the release's cases: each stage keeps the
	// cases not dropped by it or an earlier one.
	cases := synthdump.ReleaseCases()
	stages := []string{"submitted", "scored", "version-present", "python-notebook", "runtime", "no-internet", "no-external-data", "before-cutoff",
		"code-ipynb", "parses", "python-kernel"}
	want, left := map[string]int{}, len(cases)
	for _, s := range stages {
		for _, c := range cases {
			if c.Outcome == s {
				left--
			}
		}
		want[s] = left
	}
	if got := funnelCounts(f); !maps.Equal(got, want) {
		t.Errorf("funnel:\n got %v\nwant %v", got, want)
	}
	if want["python-kernel"] != 12 || want["submitted"] != 30 {
		t.Fatalf("the release's cases changed: %v", want)
	}
	wantBroken := map[string]int{"submission → team": 1, "team → competition": 1, "submission → kernel version (private or deleted)": 1,
		"kernel version → kernel": 2, "kernel → user": 1, "kernel version → Meta Kaggle Code file": 2, "competition source → competition": 1}
	if !maps.Equal(f.Broken, wantBroken) {
		t.Errorf("broken references:\n got %v\nwant %v", f.Broken, wantBroken)
	}
	for _, w := range []string{"have no IsInternetEnabled value and were kept", "have only a script file", "not in Meta Kaggle Code"} {
		if !slices.ContainsFunc(f.Warnings, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("no warning %q: %v", w, f.Warnings)
		}
	}

	// The kept notebooks and what mining learned about them.
	var kept []string
	for _, c := range cases {
		if c.Outcome == "kept" {
			kept = append(kept, strconv.FormatInt(c.KernelVersionID, 10))
		}
	}
	var got []string
	byRef := map[string]builder.Record{}
	for _, r := range b.Records() {
		got = append(got, r.SourceRef)
		byRef[r.SourceRef] = r
	}
	slices.Sort(kept)
	slices.Sort(got)
	if !slices.Equal(got, kept) {
		t.Fatalf("mined %v, want %v", got, kept)
	}
	cactus := byRef["13488820"] // GPU, kernel row gone
	if cactus.ID != "kv-13488820" || cactus.Competition != "aerial-cactus-identification" || *cactus.TargetScore != 0.99562 ||
		cactus.TargetSource != builder.TargetKagglePrivate || *cactus.RuntimeS != 537.114 || cactus.Accelerator != "GPU P100" ||
		cactus.KaggleImage != "gcr.io/kaggle-gpu-images/python:v90" || cactus.Submitted != "2019-04-02" ||
		!strings.Contains(cactus.Notes, "(GPU)") || !strings.Contains(cactus.Notes, "internet off") {
		t.Errorf("record 13488820: %+v", cactus)
	}
	leaf := byRef["1281904"] // nbformat 3, no run columns filled
	if leaf.ID != "leaf-classification-random-forest-1281904" || leaf.Author != "kaggler89462" || leaf.Accelerator != "" || leaf.KaggleImage != "" ||
		leaf.Submitted != "2016-11-02" || strings.Contains(leaf.Notes, "internet") {
		t.Errorf("record 1281904: %+v", leaf)
	}
	if r := byRef["2047733"]; *r.TargetScore != 0.42370 { // two submissions: the first counts
		t.Errorf("record 2047733: target %v", *r.TargetScore)
	}
	if r := byRef["2101456"]; !strings.Contains(r.Notes, "competition data spooky-author-identification") {
		t.Errorf("record 2101456 notes: %s", r.Notes)
	}
	nb3, err := notebook.Read(filepath.Join(out, "notebooks", leaf.File))
	if err != nil || nb3.Format != notebook.FormatIpynb3 || len(nb3.CodeCells()) != 4 {
		t.Errorf("the nbformat 3 notebook: %v", err)
	}

	missing, err := os.ReadFile(filepath.Join(out, metakaggle.MissingCodeFile))
	if err != nil || !strings.Contains(string(missing), "\nkaggler35117/taxi-fare-by-hour/3 3.55012  # kernel version 5250478, new-york-city-taxi-fare-prediction\n") {
		t.Errorf("%s: %v\n%s", metakaggle.MissingCodeFile, err, missing)
	}

	ds, err := b.Finish(builder.Meta{Name: "mlebench-mk"}, f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ds.Manifest()
	if err != nil || len(rows) != 12 {
		t.Fatalf("manifest: %d rows, %v", len(rows), err)
	}
	for _, e := range rows {
		if e.TargetScore == nil || e.TargetSource != builder.TargetKagglePrivate || e.Source != "metakaggle" || len(e.DataPaths) == 0 {
			t.Errorf("manifest row %s: %+v", e.NotebookID, e)
		}
	}
	if slices.Compare(ds.Competitions, []string{"aerial-cactus-identification", "dog-breed-identification", "leaf-classification",
		"new-york-city-taxi-fare-prediction", "spooky-author-identification", "tabular-playground-series-may-2022"}) != 0 {
		t.Errorf("competitions: %v", ds.Competitions)
	}
	if _, err := datasets.Load(ds.Dir); err != nil {
		t.Error(err)
	}
}
