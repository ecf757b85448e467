package builder

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/notebook"
)

const nb4 = `{"nbformat": 4, "nbformat_minor": 2, "metadata": {"language_info": {"name": "python"}},
 "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import pandas as pd\n", "!pip install -q lightgbm\n", "df = pd.read_csv('../input/train.csv')\n"]}]}`

func score(v float64) *float64 { return &v }

func TestBuildVerifyResume(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	b, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	rt := 42.5
	if err := b.Add(Record{ID: "a-1", Competition: "comp", File: "comp/a-1.ipynb", Title: "A", Author: "ann", Submitted: "2019-02-03",
		KaggleImage: "gcr.io/kaggle-images/python:v50", Accelerator: "GPU", RuntimeS: &rt, TargetScore: score(0.8), Source: SourceMetaKaggle, SourceRef: "1"}, []byte(nb4)); err != nil {
		t.Fatal(err)
	}
	err = b.Add(Record{ID: "bad", Competition: "comp", File: "comp/bad.ipynb", Source: SourceMetaKaggle, SourceRef: "2"}, []byte(`{"nbformat": 4, "cells": [`))
	if !errors.Is(err, notebook.ErrInvalid) {
		t.Errorf("a truncated notebook was accepted: %v", err)
	}
	if err := b.Add(Record{ID: "a-1", Competition: "comp", File: "x.ipynb", SourceRef: "3"}, []byte(nb4)); err == nil {
		t.Error("a duplicate id was accepted")
	}
	b.Close()

	// A resumed mine knows what the first one added; a torn journal line is ignored.
	f, _ := os.OpenFile(journalPath(dir), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"torn","compet`)
	f.Close()
	if _, err := Open(dir, false); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("reopening a used folder without resume: %v", err)
	}
	b, err = Open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Has("1") || b.Has("2") || b.Len() != 1 {
		t.Fatalf("resumed builder: has1=%v has2=%v len=%d", b.Has("1"), b.Has("2"), b.Len())
	}
	if err := b.Add(Record{ID: "b-3", Competition: "other", File: "other/b.py", Source: SourceGitHub, SourceRef: "o/r@s:b.py", Submitted: "2021-01-01"}, []byte("import numpy\nx = open('data/x.bin')\n")); err != nil {
		t.Fatal(err)
	}

	// Prepared competition data is copied in.
	prep := filepath.Join(t.TempDir(), "comp")
	os.MkdirAll(filepath.Join(prep, "data"), 0o755)
	os.MkdirAll(filepath.Join(prep, "answers"), 0o755)
	os.WriteFile(filepath.Join(prep, "data", "train.csv"), []byte("id,y\n1,0\n"), 0o644)
	os.WriteFile(filepath.Join(prep, "answers", "solution.csv"), []byte("id,y\n2,1\n"), 0o644)
	if err := b.AddCompetition("comp", prep); err != nil {
		t.Fatal(err)
	}
	if err := b.AddCompetition("comp", t.TempDir()); err == nil {
		t.Error("an empty competition folder was accepted")
	}

	fun := NewFunnel("test", "notebooks")
	fun.Add("all", "everything", 3)
	fun.Add("parses", "parses", 2)
	fun.Off("cutoff", "before a date", "no --before given")
	ds, err := b.Finish(Meta{Name: "mined", Version: "1", TimeLimitS: 600, EraOf: func(t time.Time) string {
		if t.Year() < 2020 {
			return "bullseye"
		}
		return "trixie"
	}}, fun)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()

	// What `erosion dataset verify` checks: it loads, and every file matches.
	again, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if probs, err := again.VerifyChecksums(); err != nil || len(probs) > 0 {
		t.Fatalf("verify: %v %v", err, probs)
	}
	if !slices.Equal(again.Competitions, []string{"comp", "other"}) || len(again.Notebooks) != 2 {
		t.Errorf("dataset: %+v", again)
	}
	for _, f := range []string{"funnel.csv", "funnel.json", "competitions/comp/answers/solution.csv", "competitions/other/data"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, ok := again.Checksums[".mine/records.jsonl"]; ok {
		t.Error("the journal is covered by the checksums")
	}
	rows, err := ds.Manifest()
	if err != nil || len(rows) != 2 {
		t.Fatalf("manifest: %v %d", err, len(rows))
	}
	a, o := rows[0], rows[1]
	if a.TargetScore == nil || *a.TargetScore != 0.8 || *a.KaggleRuntimeS != 42.5 || a.Accelerator != "GPU" || a.Source != SourceMetaKaggle ||
		a.EraEnv != "bullseye" || a.PipInstalls != 1 || !slices.Equal(a.DataPaths, []string{"../input/train.csv"}) ||
		!slices.Equal(a.Distributions, []string{"pandas"}) || a.KaggleImage == "" || a.Format != notebook.FormatIpynb4 {
		t.Errorf("manifest row a: %+v", a)
	}
	if o.TargetScore != nil || !strings.Contains(o.TargetNote, "dataset targets") || o.EraEnv != "trixie" || !slices.Equal(o.DataPaths, []string{"data/x.bin"}) {
		t.Errorf("manifest row b: %+v", o)
	}
	csvb, _ := os.ReadFile(filepath.Join(dir, "funnel.csv"))
	if !strings.Contains(string(csvb), "parses,parses,2,1,true") || !strings.Contains(string(csvb), "cutoff,before a date,2,0,false,no --before given") {
		t.Errorf("funnel.csv:\n%s", csvb)
	}
}

func TestCleanID(t *testing.T) {
	for in, want := range map[string]string{
		"titanic/Data Science Solutions!": "titanic-Data-Science-Solutions",
		"..hidden":                        "hidden",
		strings.Repeat("a", 150):          strings.Repeat("a", 100),
	} {
		if got := CleanID(in); got != want {
			t.Errorf("CleanID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFinishEmpty(t *testing.T) {
	b, err := Open(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Finish(Meta{Name: "x"}, nil); err == nil || !strings.Contains(err.Error(), "no notebook survived") {
		t.Errorf("empty dataset: %v", err)
	}
}

// Publish names the dataset after its folder, gives it a version and the
// mined licence, and prints the funnel and where the dataset went, or the
// funnel and the error when nothing survived.
func TestPublish(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My Mine")
	b, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var out strings.Builder
	fun := NewFunnel("test", "notebooks")
	fun.Add("all", "everything", 1)
	if _, err := b.Publish(&out, Meta{}, fun); err == nil || !strings.Contains(out.String(), "everything") {
		t.Errorf("nothing mined: %v\n%s", err, out.String())
	}
	if err := b.Add(Record{ID: "a-1", Competition: "comp", File: "comp/a-1.ipynb", Submitted: "2019-02-03", Source: SourceMetaKaggle, SourceRef: "1"}, []byte(nb4)); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	ds, err := b.Publish(&out, Meta{}, fun)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != CleanID("My Mine") || ds.Version != "1" || ds.Licence != Licence {
		t.Errorf("dataset %q version %q licence %q", ds.Name, ds.Version, ds.Licence)
	}
	if !strings.Contains(out.String(), "everything") || !strings.Contains(out.String(), "1 notebooks, 1 competitions") {
		t.Errorf("printed:\n%s", out.String())
	}
}
