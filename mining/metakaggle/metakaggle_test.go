package metakaggle_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/mining/builder"
	"erosion/mining/metakaggle"
	"erosion/mining/metakaggle/synthdump"
	"erosion/notebook"
)

// writeDump writes the synthetic dump every test here mines: one kernel
// version per way of being dropped, three survivors, and the quirks of the
// real files (shuffled and missing columns, quoted newlines, a stray quote,
// odd date formats, broken references).
func writeDump(t *testing.T, oldDump bool) (meta, code string) {
	t.Helper()
	root := t.TempDir()
	meta, code = filepath.Join(root, "meta"), filepath.Join(root, "code")
	d := synthdump.New(meta)
	d.Row("Competitions.csv", "Id", "10", "Slug", "titanic", "Title", "Titanic, \"the\" disaster", "DeadlineDate", "12/31/2030 23:59:00")
	d.Row("Competitions.csv", "Id", "20", "Slug", "house-prices", "Title", "House Prices")
	d.Row("Competitions.csv", "Id", "30", "Slug", "not-listed", "Title", "Other")
	d.Header("Teams.csv", []string{"CompetitionId", "TeamName", "Id"}) // column order differs from the documented one
	d.Row("Teams.csv", "Id", "1", "CompetitionId", "10", "TeamName", "a")
	d.Row("Teams.csv", "Id", "2", "CompetitionId", "20", "TeamName", "b, with comma")
	d.Row("Teams.csv", "Id", "3", "CompetitionId", "30")
	d.Row("Teams.csv", "Id", "4", "CompetitionId", "999") // competition gone
	sub := func(id, team, kv, private, date string) {
		d.Row("Submissions.csv", "Id", id, "TeamId", team, "SourceKernelVersionId", kv, "PrivateScoreFullPrecision", private,
			"PublicScoreFullPrecision", private, "SubmissionDate", date)
	}
	sub("1", "1", "1001", "0.8", "03/05/2017 10:00:00")
	sub("2", "1", "1002", "", "")      // unscored
	sub("3", "1", "1003", "0", "")     // zero private score
	sub("4", "3", "1004", "0.9", "")   // competition not listed
	sub("5", "77", "1005", "0.9", "")  // team missing
	sub("6", "2", "1006", "0.5", "")   // version missing from KernelVersions
	sub("7", "2", "1007", "0.7", "")   // R
	sub("8", "1", "1008", "0.9", "")   // ran too long
	sub("9", "1", "1009", "0.6", "")   // runtime unknown
	sub("10", "1", "1010", "0.65", "") // external dataset
	sub("11", "2", "1011", "0.75", "") // created after the cutoff
	sub("12", "2", "1012", "0.72", "") // no file in Meta Kaggle Code
	sub("13", "2", "1013", "0.71", "") // only a script file
	sub("14", "1", "1014", "0.69", "") // notebook does not parse
	sub("15", "1", "1015", "0.88", "") // nbformat 3, kernel row missing
	sub("16", "2", "1016", "0.91", "2018-01-06 21:00:00")
	sub("17", "1", "1001", "0.85", "03/06/2017 10:00:00") // a second submission of 1001: the first one counts
	sub("18", "1", "abc", "0.5", "")                      // unreadable id
	sub("19", "1", "", "0.5", "")                         // not from a kernel

	if oldDump {
		d.Header("KernelVersions.csv", synthdump.KernelVersionsOld)
	}
	kv := func(id, script, lang, created, runtime string, extra ...string) {
		pairs := []string{"Id", id, "ScriptId", script, "ScriptLanguageId", lang, "AuthorUserId", "501", "CreationDate", created,
			"VersionNumber", "3", "Title", "Version " + id}
		if !oldDump {
			pairs = append(pairs, "RunningTimeInMilliseconds", runtime)
			pairs = append(pairs, extra...)
		}
		d.Row("KernelVersions.csv", pairs...)
	}
	kv("1001", "1", "9", "03/04/2017 10:11:12", "120000", "DockerImage", "gcr.io/kaggle-images/python:v50", "AcceleratorTypeId", "0")
	kv("1002", "1", "9", "03/04/2017 10:11:12", "1")
	kv("1003", "1", "9", "03/04/2017 10:11:12", "1")
	kv("1004", "1", "9", "03/04/2017 10:11:12", "1")
	kv("1005", "1", "9", "03/04/2017 10:11:12", "1")
	kv("1007", "2", "1", "03/04/2017 10:11:12", "1")
	kv("1008", "2", "9", "03/04/2017 10:11:12", "700000")
	kv("1009", "2", "9", "03/04/2017 10:11:12", "")
	kv("1010", "2", "9", "03/04/2017 10:11:12", "1000")
	kv("1011", "2", "9", "2025-02-01 00:00:00", "1000")
	kv("1012", "2", "9", "03/04/2017 10:11:12", "1000")
	kv("1013", "2", "9", "03/04/2017 10:11:12", "1000")
	kv("1014", "2", "9", "03/04/2017 10:11:12", "1000")
	kv("1015", "404", "9", "2017-03-04T05:06:07Z", "2500")
	d.Row("KernelVersions.csv", append([]string{"Id", "1016", "ScriptId", "3", "ScriptLanguageId", "9", "AuthorUserId", "502",
		"CreationDate", "1/5/2018 9:08:07 PM", "VersionNumber", "12", "Title", "Two-line \"quoted\"\ntitle, really"},
		map[bool][]string{false: {"RunningTimeInMilliseconds", "599999.0", "AcceleratorTypeId", "1"}, true: nil}[oldDump]...)...)
	if !oldDump {
		d.Row("KernelVersionDatasetSources.csv", "Id", "1", "KernelVersionId", "1010", "SourceDatasetVersionId", "5")
		d.Row("KernelVersionDatasetSources.csv", "Id", "2", "KernelVersionId", "99999", "SourceDatasetVersionId", "5")
	}
	for _, l := range synthdump.Languages {
		d.Row("KernelLanguages.csv", "Id", l[0], "Name", l[1], "DisplayName", l[2], "IsNotebook", l[3])
	}
	d.Row("KernelAcceleratorTypes.csv", "Id", "0", "Label", "None")
	d.Row("KernelAcceleratorTypes.csv", "Id", "1", "Label", "GPU P100")
	d.Row("Kernels.csv", "Id", "1", "AuthorUserId", "502", "CurrentUrlSlug", "titanic-first-steps")
	d.Row("Kernels.csv", "Id", "2", "AuthorUserId", "501", "CurrentUrlSlug", "other-kernel")
	d.Row("Kernels.csv", "Id", "3", "AuthorUserId", "503", "CurrentUrlSlug", "house-prices-eda")
	d.Row("Users.csv", "Id", "501", "UserName", "alice", "DisplayName", "Alice")
	d.Raw("Users.csv", "502,bo\"b,Bob \"the\" builder,,,\n") // a stray quote, as in some real rows
	if err := d.Write(); err != nil {
		t.Fatal(err)
	}

	nb := synthdump.Notebook4("import pandas as pd\ndf = pd.read_csv('../input/train.csv')", "print(df.shape)")
	for _, id := range []int64{1001, 1016} {
		if err := synthdump.CodeFile(code, id, ".ipynb", nb); err != nil {
			t.Fatal(err)
		}
	}
	synthdump.CodeFile(code, 1013, ".py", []byte("print(1)\n"))
	synthdump.CodeFile(code, 1014, ".ipynb", []byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "sou`))
	synthdump.CodeFile(code, 1015, ".ipynb", synthdump.Notebook3("import numpy as np\nx = np.load('../input/x.npy')"))
	return meta, code
}

func options(meta, code string) metakaggle.Options {
	o := metakaggle.DefaultOptions(meta, code)
	o.Competitions = []string{"titanic", "House-Prices", "absent-competition"}
	o.Before = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	return o
}

func funnelCounts(f *builder.Funnel) map[string]int {
	m := map[string]int{}
	for _, s := range f.Stages {
		m[s.Name] = s.Kept
	}
	return m
}

func TestMineSyntheticDump(t *testing.T) {
	meta, code := writeDump(t, false)
	out := filepath.Join(t.TempDir(), "ds")
	b, err := builder.Open(out, false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	f, err := metakaggle.Mine(context.Background(), options(meta, code), b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"submitted": 14, "scored": 12, "version-present": 11, "python-notebook": 10, "runtime": 8, "no-internet": 8,
		"no-external-data": 7, "before-cutoff": 6, "code-ipynb": 4, "parses": 3, "python-kernel": 3}
	if got := funnelCounts(f); !maps.Equal(got, want) {
		t.Errorf("funnel:\n got %v\nwant %v", got, want)
	}
	for _, s := range f.Stages {
		if !s.Enabled {
			t.Errorf("stage %s is off: %s", s.Name, s.Note)
		}
	}
	wantBroken := map[string]int{"submission → team": 1, "team → competition": 1, "submission → kernel version (unreadable id)": 1,
		"submission → kernel version (private or deleted)": 1, "kernel version → kernel": 1, "kernel → user": 1, "kernel version → Meta Kaggle Code file": 1}
	if !maps.Equal(f.Broken, wantBroken) {
		t.Errorf("broken references:\n got %v\nwant %v", f.Broken, wantBroken)
	}
	if !slices.ContainsFunc(f.Warnings, func(w string) bool { return strings.Contains(w, "absent-competition") }) {
		t.Errorf("no warning about the unknown competition: %v", f.Warnings)
	}

	recs := b.Records()
	byRef := map[string]builder.Record{}
	for _, r := range recs {
		byRef[r.SourceRef] = r
	}
	r1, r15, r16 := byRef["1001"], byRef["1015"], byRef["1016"]
	if r1.ID != "titanic-first-steps-1001" || r1.Competition != "titanic" || *r1.TargetScore != 0.8 || r1.Submitted != "2017-03-05" ||
		r1.Author != `bo"b` || r1.KaggleImage != "gcr.io/kaggle-images/python:v50" || r1.Accelerator != "None" || *r1.RuntimeS != 120 ||
		r1.File != "titanic/titanic-first-steps-1001.ipynb" {
		t.Errorf("record 1001: %+v", r1)
	}
	if r15.ID != "kv-1015" || r15.Submitted != "2017-03-04" || *r15.TargetScore != 0.88 || r15.Author != "alice" {
		t.Errorf("record 1015 (kernel row missing, ISO date, no submission date): %+v", r15)
	}
	if r16.Title != "Two-line \"quoted\"\ntitle, really" || r16.Competition != "house-prices" || r16.Submitted != "2018-01-06" ||
		r16.Accelerator != "GPU P100" || r16.Author != "" || *r16.RuntimeS != 599.999 {
		t.Errorf("record 1016 (quoted newline, user missing): %+v", r16)
	}

	// 1012 has no file: its ref goes to missing-code.txt for the Kaggle API.
	missing, err := os.ReadFile(filepath.Join(out, metakaggle.MissingCodeFile))
	if err != nil || !strings.Contains(string(missing), "\nalice/other-kernel/3 0.72  # kernel version 1012, house-prices\n") {
		t.Errorf("%s: %v\n%s", metakaggle.MissingCodeFile, err, missing)
	}
	ds, err := b.Finish(builder.Meta{Name: "mk", TimeLimitS: 600}, f)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := datasets.Load(ds.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if probs, err := loaded.VerifyChecksums(); err != nil || len(probs) > 0 {
		t.Errorf("verify: %v %v", err, probs)
	}
	nb3, err := notebook.Read(filepath.Join(out, "notebooks", r15.File))
	if err != nil || nb3.Format != notebook.FormatIpynb3 {
		t.Errorf("the nbformat 3 notebook was not copied unchanged: %v", err)
	}
	rows, _ := loaded.Manifest()
	if len(rows) != 3 {
		t.Fatalf("manifest has %d rows", len(rows))
	}
	for _, e := range rows {
		if e.TargetScore == nil || e.Source != "metakaggle" || len(e.DataPaths) == 0 || len(e.Distributions) == 0 {
			t.Errorf("manifest row %+v", e)
		}
	}
	fj, _ := os.ReadFile(filepath.Join(out, "funnel.json"))
	if !strings.Contains(string(fj), `"name": "before-cutoff"`) {
		t.Errorf("funnel.json:\n%s", fj)
	}

	// A second mine into the same folder with --resume copies nothing twice
	// and keeps the funnel's counts.
	b2, err := builder.Open(out, true)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	f2, err := metakaggle.Mine(context.Background(), options(meta, code), b2)
	if err != nil || f2.Kept("parses") != 3 || b2.Len() != 3 {
		t.Errorf("resumed mine: %v, parses %d, records %d", err, f2.Kept("parses"), b2.Len())
	}
}

// An older dump lacks the runtime columns and the dataset-source table: those
// filters are reported as not applied instead of silently dropping everything.
func TestOlderDumpWithoutColumns(t *testing.T) {
	meta, code := writeDump(t, true)
	os.Remove(filepath.Join(meta, "Kernels.csv"))
	cands, f, err := metakaggle.Select(context.Background(), options(meta, code))
	if err != nil {
		t.Fatal(err)
	}
	got := funnelCounts(f)
	// Without the runtime column and the sources, 1008/1009/1010 stay.
	want := map[string]int{"submitted": 14, "scored": 12, "version-present": 11, "python-notebook": 10, "runtime": 10, "no-internet": 10, "no-external-data": 10, "before-cutoff": 9}
	if !maps.Equal(got, want) {
		t.Errorf("funnel:\n got %v\nwant %v", got, want)
	}
	off := 0
	for _, s := range f.Stages {
		if !s.Enabled {
			off++
		}
	}
	if off != 3 || len(f.Warnings) < 4 {
		t.Errorf("%d stages off, warnings %v", off, f.Warnings)
	}
	for _, c := range cands {
		if c.RuntimeMS != -1 || c.KernelSlug != "" {
			t.Errorf("candidate %d: runtime %d slug %q", c.KernelVersionID, c.RuntimeMS, c.KernelSlug)
		}
	}
}

func TestFiltersSwitchOff(t *testing.T) {
	meta, code := writeDump(t, false)
	o := metakaggle.Options{MetaDir: meta, CodeDir: code, LanguageIDs: []int64{9, 1}}
	_, f, err := metakaggle.Select(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// Every competition, scored or not, R included, no runtime/data/date filter.
	want := map[string]int{"submitted": 15, "scored": 15, "version-present": 14, "python-notebook": 14, "runtime": 14, "no-internet": 14, "no-external-data": 14, "before-cutoff": 14}
	if got := funnelCounts(f); !maps.Equal(got, want) {
		t.Errorf("funnel:\n got %v\nwant %v", got, want)
	}
}

func TestMissingInputsAreClearErrors(t *testing.T) {
	meta, code := writeDump(t, false)
	os.Remove(filepath.Join(meta, "KernelLanguages.csv"))
	noIDs := options(meta, code)
	noIDs.LanguageIDs = nil
	if _, _, err := metakaggle.Select(context.Background(), noIDs); err == nil || !strings.Contains(err.Error(), "--language-ids") {
		t.Errorf("no KernelLanguages.csv: %v", err)
	}
	os.WriteFile(filepath.Join(meta, "Teams.csv"), []byte("Name,Other\nx,y\n"), 0o644)
	o := options(meta, code)
	o.LanguageIDs = []int64{9}
	if _, _, err := metakaggle.Select(context.Background(), o); err == nil || !strings.Contains(err.Error(), "Teams.csv has no column Id") {
		t.Errorf("Teams.csv without Id: %v", err)
	}
	if _, _, err := metakaggle.Select(context.Background(), metakaggle.Options{MetaDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "Competitions.csv") {
		t.Errorf("empty folder: %v", err)
	}
	b, _ := builder.Open(t.TempDir(), false)
	defer b.Close()
	if _, err := metakaggle.Mine(context.Background(), metakaggle.Options{MetaDir: meta, CodeDir: "/nonexistent"}, b); err == nil || !strings.Contains(err.Error(), "--code") {
		t.Errorf("no code folder: %v", err)
	}
	list := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(list, []byte("# the study's competitions\ntitanic\n\n house-prices  # trailing comment\n"), 0o644)
	if got, err := metakaggle.ReadList(list); err != nil || !slices.Equal(got, []string{"titanic", "house-prices"}) {
		t.Errorf("ReadList = %q, %v", got, err)
	}
}

func TestCodePath(t *testing.T) {
	for id, want := range map[int64]string{111437241: "0111/437/111437241.ipynb", 100295: "0000/100/100295.ipynb", 7: "0000/000/7.ipynb"} {
		if got := metakaggle.CodePath("", id, ".ipynb"); got != filepath.FromSlash(want) {
			t.Errorf("CodePath(%d) = %s, want %s", id, got, want)
		}
	}
}
