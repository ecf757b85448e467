package mlebench_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/grading"
	"erosion/mining/builder"
	"erosion/mining/metakaggle"
	"erosion/mining/mlebench"
)

// The fixtures: MLE-bench's registry (three competitions' config.yaml and
// description.md) and a data folder with those competitions prepared
// (testdata/generate.py), and the cut of a Meta Kaggle release the
// metakaggle package tests with.
var (
	fixtureData     = filepath.Join("testdata", "data")
	fixtureRegistry = filepath.Join("testdata", "registry")
	releaseMeta     = filepath.Join("..", "metakaggle", "testdata", "release", "meta")
	releaseCode     = filepath.Join("..", "metakaggle", "testdata", "release", "code")
)

// The three competitions: one graded by a metric erosion always had, one by
// a metric added with the MLE-bench graders, one by an external grader.
const (
	taxi    = "new-york-city-taxi-fare-prediction" // rmse
	leaf    = "leaf-classification"                // multiclass_log_loss
	tabular = "tabular-playground-series-may-2022" // external (grade-sample)
)

func TestOpenRegistry(t *testing.T) {
	for _, dir := range []string{fixtureRegistry, filepath.Join(fixtureRegistry, "mlebench"), filepath.Join(fixtureRegistry, "mlebench", "competitions")} {
		r, err := mlebench.OpenRegistry(dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if ids := r.IDs(); !slices.Equal(ids, []string{leaf, taxi, tabular}) {
			t.Errorf("%s: ids %v", dir, ids)
		}
		c, err := r.Config(tabular)
		if err != nil || c.Name != "Tabular Playground Series - May 2022" || c.Grader.Name != "auc-roc" ||
			c.Dataset.Answers != tabular+"/prepared/private/test.csv" || c.Dataset.SampleSubmission != tabular+"/prepared/public/sample_submission.csv" {
			t.Errorf("%s: config %+v, %v", dir, c, err)
		}
		if text, err := r.DescriptionText(c); err != nil || !strings.Contains(text, "ROC curve") {
			t.Errorf("%s: description %q, %v", dir, text, err)
		}
	}
	if _, err := mlebench.OpenRegistry("testdata"); err == nil || !strings.Contains(err.Error(), "mlebench/competitions") {
		t.Errorf("a folder without a registry: %v", err)
	}
	r, _ := mlebench.OpenRegistry(fixtureRegistry)
	if _, err := r.Config("spaceship-titanic"); !errors.Is(err, mlebench.ErrUnknown) {
		t.Errorf("unknown competition: %v", err)
	}
}

// MineFixture mines the release's notebooks of the three competitions into
// a dataset whose competitions reference the fixture data folder, with the
// tabular competition graded by a stand-in of grade-sample in graderEnv.
func MineFixture(t *testing.T, data, graderEnv string) *datasets.Dataset {
	t.Helper()
	o := metakaggle.DefaultOptions(releaseMeta, releaseCode)
	o.Competitions, o.Before = []string{leaf, taxi, tabular}, metakaggle.StudyCutoff
	out := filepath.Join(t.TempDir(), "mlebench-mini")
	b, err := builder.Open(out, false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	f, err := metakaggle.Mine(context.Background(), o, b)
	if err != nil {
		t.Fatal(err)
	}
	src, err := mlebench.Open(data, fixtureRegistry)
	if err != nil {
		t.Fatal(err)
	}
	src.External = []string{tabular}
	src.GraderEnv = graderEnv
	src.GradeCommand = []string{"python3", "/opt/grader/grade_sample.py", "grade-sample"}
	ds, err := b.Finish(builder.Meta{Name: "mlebench-mini", Competitions: src}, f)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestMineReferencesMLEBenchData(t *testing.T) {
	ds := MineFixture(t, fixtureData, "grader-test")
	if len(ds.Notebooks) != 6 || !slices.Equal(ds.Competitions, []string{leaf, taxi, tabular}) {
		t.Fatalf("dataset: %d notebooks, competitions %v", len(ds.Notebooks), ds.Competitions)
	}
	problems, err := ds.VerifyWith(datasets.VerifyOptions{Full: true})
	if err != nil || len(problems) != 0 {
		t.Fatalf("the mined dataset does not verify: %v %v", problems, err)
	}
	data, _ := filepath.Abs(fixtureData)
	for _, slug := range ds.Competitions {
		if got, want := ds.DataDir(slug), filepath.Join(data, slug, "prepared", "public"); got != want {
			t.Errorf("%s: DataDir %s, want %s", slug, got, want)
		}
		if _, err := os.Stat(filepath.Join(ds.Dir, "competitions", slug, "data")); err == nil {
			t.Errorf("%s: the dataset has a data folder of its own", slug)
		}
		if c, err := ds.Competition(slug); err != nil || !strings.Contains(c.Description, "(erosion test fixture)") {
			t.Errorf("%s: the description is not MLE-bench's: %v", slug, err)
		}
	}
	files, _ := ds.Files()
	for _, f := range files {
		if strings.HasPrefix(f, "competitions/") && strings.HasSuffix(f, ".csv") {
			t.Errorf("the dataset holds a copy of %s", f)
		}
	}

	grader := map[string]string{}
	for _, slug := range ds.Competitions {
		c, err := ds.Competition(slug)
		if err != nil {
			t.Fatal(err)
		}
		if c.Grader != nil {
			grader[slug] = "external " + c.Grader.Env + " " + strings.Join(c.Grader.Command, " ") + " answers at " + c.Grader.AnswersAt
		} else {
			grader[slug] = c.Metric
		}
	}
	want := map[string]string{
		taxi: grading.RMSE, leaf: grading.MulticlassLogLoss,
		tabular: "external grader-test python3 /opt/grader/grade_sample.py grade-sample {submission} {competition} --data-dir {data_dir} answers at " + tabular + "/prepared/private/test.csv",
	}
	for k, v := range want {
		if grader[k] != v {
			t.Errorf("%s graded by %q, want %q", k, grader[k], v)
		}
	}

	rows, err := ds.Manifest()
	if err != nil || len(rows) != 6 {
		t.Fatalf("manifest: %d rows, %v", len(rows), err)
	}
	for _, e := range rows {
		if e.KaggleTarget == nil || e.MeasuredTarget != nil || e.TargetScore == nil || *e.TargetScore != *e.KaggleTarget || e.TargetSource != datasets.TargetKaggle {
			t.Errorf("%s: targets kaggle %v measured %v used %v (%s)", e.NotebookID, e.KaggleTarget, e.MeasuredTarget, e.TargetScore, e.TargetSource)
		}
	}
}

// Without External, every competition erosion has a metric for is graded by
// it; "all" sends every one to grade-sample.
func TestGraderPolicy(t *testing.T) {
	src, err := mlebench.Open(fixtureData, fixtureRegistry)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := src.Registry.Config(tabular)
	if b, ext, _ := src.Grader(cfg); b == nil || ext != nil || b.Metric != grading.ROCAUC {
		t.Errorf("default: %+v %+v", b, ext)
	}
	src.External = []string{mlebench.ExternalAll}
	b, ext, note := src.Grader(cfg)
	if b != nil || ext == nil || ext.Env != mlebench.DefaultGraderEnv || ext.Command[0] != "mlebench" || !strings.Contains(note, "as asked") {
		t.Errorf("all: %+v %+v %q", b, ext, note)
	}
}

// A competition the data folder has not prepared is a warning of the mine,
// not a failure, and its notebooks find no input.
func TestUnpreparedCompetition(t *testing.T) {
	data := t.TempDir()
	src, err := mlebench.Open(data, fixtureRegistry)
	if err != nil {
		t.Fatal(err)
	}
	err = src.Provide(t.TempDir(), leaf)
	if !errors.Is(err, builder.ErrNoCompetition) || !strings.Contains(err.Error(), "mlebench prepare -c leaf-classification") {
		t.Errorf("Provide: %v", err)
	}
	if _, err := mlebench.Open(filepath.Join(data, "nope"), fixtureRegistry); err == nil {
		t.Error("a missing data folder is accepted")
	}
}

// LinkAll re-points a dataset's competitions and seals it; a competition
// the dataset lacks, or data that provide none of them, are errors.
func TestLinkAll(t *testing.T) {
	ds := MineFixture(t, fixtureData, "grader-test")
	src, err := mlebench.Open(fixtureData, fixtureRegistry)
	if err != nil {
		t.Fatal(err)
	}
	sealed, linked, missing, err := mlebench.LinkAll(ds, src, []string{leaf, taxi})
	if err != nil || !slices.Equal(linked, []string{leaf, taxi}) || len(missing) != 0 {
		t.Fatalf("linked %v, missing %v: %v", linked, missing, err)
	}
	if err := sealed.MustVerify(); err != nil {
		t.Errorf("not sealed: %v", err)
	}
	if _, _, _, err := mlebench.LinkAll(ds, src, []string{"no-such"}); err == nil || !strings.Contains(err.Error(), "not in dataset") {
		t.Errorf("an unknown competition: %v", err)
	}
	empty, err := mlebench.Open(t.TempDir(), fixtureRegistry)
	if err != nil {
		t.Fatal(err)
	}
	if _, linked, missing, err := mlebench.LinkAll(ds, empty, nil); err == nil || len(linked) != 0 || len(missing) != 3 {
		t.Errorf("nothing prepared: linked %v, missing %v, %v", linked, missing, err)
	}
}
