package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyStarter copies the bundled starter dataset into a temp folder.
func copyStarter(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := "starter"
	filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, _ := os.ReadFile(p)
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	return dst
}

func TestStarterLoadsAndVerifies(t *testing.T) {
	d, err := Load("starter")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notebooks) != 6 || d.Tolerance != 0.10 || d.ConfirmRuns != 1 {
		t.Errorf("%+v", d)
	}
	problems, err := d.VerifyChecksums()
	if err != nil || len(problems) != 0 {
		t.Errorf("the committed starter dataset does not verify: %v %v", problems, err)
	}
}

func TestTamperingIsNamed(t *testing.T) {
	dir := copyStarter(t)
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notebooks", "titanic-eda-2020.py"), []byte("print(1)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notebooks", "extra.py"), []byte("print(2)\n"), 0o644)
	os.Remove(filepath.Join(dir, "competitions", "titanic-mini", "data", "gender_submission.csv"))
	problems, _ := d.VerifyChecksums()
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"notebooks/titanic-eda-2020.py: changed", "notebooks/extra.py: not in dataset.yaml", "gender_submission.csv: missing"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in:\n%s", want, joined)
		}
	}
	// Sealing again accepts the new state and keeps the file's comments.
	if err := d.Seal(); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.VerifyChecksums(); len(p) != 0 {
		t.Errorf("after sealing: %v", p)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "dataset.yaml"))
	if !strings.Contains(string(b), "# The starter dataset") {
		t.Error("sealing dropped the comments")
	}
}

func TestDatasetErrors(t *testing.T) {
	dir := copyStarter(t)
	write := func(body string) error {
		os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(body), 0o644)
		_, err := Load(dir)
		return err
	}
	cases := map[string]string{
		"name: x\nnotebooks: []\n": "notebooks is empty",
		"name: x\nnotebooks:\n  - {id: a, competition: titanic-mini, file: nope.ipynb}\n":                                 "notebook file",
		"name: x\nnotebooks:\n  - {id: a, competition: nosuch, file: titanic-eda-2020.py}\n":                              `competition "nosuch" has no data folder`,
		"name: x\nnotebooks:\n  - {id: a, competition: titanic-mini, file: titanic-eda-2020.py, submitted: 2020-13-01}\n": "not a date",
		"name: x\ntolerance: 5\nnotebooks:\n  - {id: a, competition: titanic-mini, file: titanic-eda-2020.py}\n":          "tolerance",
		"name: x\nnotebookz: []\n": "notebookz",
	}
	for body, want := range cases {
		if err := write(body); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "dataset.yaml") {
			t.Errorf("%q: %v, want %q naming dataset.yaml", body, err, want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
}

func TestCompetitionSpec(t *testing.T) {
	dir := copyStarter(t)
	d, _ := Load(dir)
	path := d.CompetitionPath("titanic-mini")
	if c, err := d.Competition("titanic-mini"); c != nil || err != nil {
		t.Fatalf("no competition.yaml means ungraded: %v %v", c, err)
	}
	os.WriteFile(path, []byte("metric: accuracy\nid_column: PassengerId\ntarget_column: Survived\nhigher_is_better: true\n"), 0o644)
	c, err := d.Competition("titanic-mini")
	if err != nil || c.SubmissionFile != "submission.csv" || c.Slug != "titanic-mini" {
		t.Fatalf("%+v %v", c, err)
	}
	for body, want := range map[string]string{
		"metric: f2\nid_column: a\ntarget_column: b\n":                         "metric",
		"metric: mae\nid_column: a\n":                                          "target_column",
		"metric: mae\nid_column: a\ntarget_column: b\nsubmission_file: ../x\n": "submission_file",
	} {
		os.WriteFile(path, []byte(body), 0o644)
		if _, err := d.Competition("titanic-mini"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", body, err)
		}
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := copyStarter(t)
	d, _ := Load(dir)
	var rows []Entry
	for _, nb := range d.Notebooks {
		e, err := d.Describe(nb)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, e)
	}
	score := 0.79
	rows[0].TargetScore = &score
	if err := d.WriteManifest(rows); err != nil {
		t.Fatal(err)
	}
	back, err := d.Manifest()
	if err != nil || len(back) != len(rows) {
		t.Fatalf("%v %d", err, len(back))
	}
	if *back[0].TargetScore != 0.79 || back[1].TargetScore != nil || len(back[0].Imports) == 0 || back[0].SourceSHA256 == "" {
		t.Errorf("%+v", back[0])
	}
	if back[0].Distributions[len(back[0].Distributions)-1] != "scikit-learn" {
		t.Errorf("distributions %v", back[0].Distributions)
	}
}
