package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// refDataset is a one-notebook dataset whose competition "toy" references
// an MLE-bench data folder (returned second) instead of holding its data.
func refDataset(t *testing.T) (string, string) {
	t.Helper()
	mle := t.TempDir()
	write := func(p, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(mle, "toy", "prepared", "public", "train.csv"), "id,label\n1,a\n2,b\n")
	write(filepath.Join(mle, "toy", "prepared", "public", "test.csv"), "id\n3\n4\n")
	write(filepath.Join(mle, "toy", "prepared", "public", "images", "3.txt"), "pixels\n")
	write(filepath.Join(mle, "toy", "prepared", "private", "test.csv"), "id,label\n3,a\n4,b\n")
	ds := t.TempDir()
	write(filepath.Join(ds, "notebooks", "nb.py"), "print(1)\n")
	write(filepath.Join(ds, "competitions", "toy", "competition.yaml"),
		"slug: toy\nmetric: accuracy\nhigher_is_better: true\nid_column: id\ntarget_column: label\ndata:\n  mlebench: "+mle+"\n  id: toy\n  answers: toy/prepared/private/test.csv\n")
	write(filepath.Join(ds, "dataset.yaml"), "name: refs\nnotebooks:\n  - {id: nb, competition: toy, file: nb.py}\n")
	d, err := Load(ds)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ScanReference(d.Reference("toy"))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteReferences(filepath.Join(ds, "competitions", "toy"), files); err != nil {
		t.Fatal(err)
	}
	if err := d.Seal(); err != nil {
		t.Fatal(err)
	}
	return ds, mle
}

func verifyMsgs(t *testing.T, dir string, full bool) string {
	t.Helper()
	d, err := Load(dir)
	if err != nil {
		return "load: " + err.Error()
	}
	p, err := d.VerifyWith(VerifyOptions{Full: full})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, x := range p {
		msgs = append(msgs, x.Msg)
	}
	return strings.Join(msgs, "\n")
}

// The dataset references the data where it is: notebooks see the public
// folder, the grader reads the private answers, nothing is copied, and the
// sealed listing verifies.
func TestReferenceResolvesAndVerifies(t *testing.T) {
	dir, mle := refDataset(t)
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(mle)
	if got, want := d.DataDir("toy"), filepath.Join(real, "toy", "prepared", "public"); got != want {
		t.Errorf("DataDir = %s, want %s", got, want)
	}
	if got, want := d.AnswersPath("toy"), filepath.Join(real, "toy", "prepared", "private", "test.csv"); got != want {
		t.Errorf("AnswersPath = %s, want %s", got, want)
	}
	if c, err := d.Competition("toy"); err != nil || c.Data == nil || c.Data.ID != "toy" {
		t.Errorf("Competition: %+v, %v", c, err)
	}
	if msgs := verifyMsgs(t, dir, true); msgs != "" {
		t.Errorf("a fresh reference does not verify:\n%s", msgs)
	}
	files, _ := d.Files()
	for _, f := range files {
		if strings.HasSuffix(f, "train.csv") || strings.Contains(f, "private") {
			t.Errorf("the dataset holds a copy of referenced data: %s", f)
		}
	}
	listed, err := ReadReferences(filepath.Join(dir, "competitions", "toy"))
	if err != nil || len(listed) != 4 || listed[0].Path != "prepared/private/test.csv" || listed[0].SHA256 == "" {
		t.Errorf("listing: %+v, %v", listed, err)
	}
}

// Every change of the referenced data is named; a content change that keeps
// size and modification time is caught by the full check only.
func TestReferenceChangesAreNamed(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, mle string)
		cheap  string // what the size+mtime check says ("" = nothing)
		full   string
	}{
		{"same size, same mtime, other bytes", func(t *testing.T, mle string) {
			p := filepath.Join(mle, "toy", "prepared", "public", "train.csv")
			st, _ := os.Stat(p)
			os.WriteFile(p, []byte("id,label\n1,b\n2,a\n"), 0o644)
			os.Chtimes(p, st.ModTime(), st.ModTime())
		}, "", "train.csv (competition toy): changed (sha256"},
		{"touched", func(t *testing.T, mle string) {
			p := filepath.Join(mle, "toy", "prepared", "public", "test.csv")
			later := time.Now().Add(time.Hour)
			os.Chtimes(p, later, later)
		}, "test.csv (competition toy): modified at", ""},
		{"grown", func(t *testing.T, mle string) {
			os.WriteFile(filepath.Join(mle, "toy", "prepared", "private", "test.csv"), []byte("id,label\n3,a\n4,b\n5,c\n"), 0o644)
		}, "private/test.csv (competition toy): changed (size", "private/test.csv (competition toy): changed (size"},
		{"added", func(t *testing.T, mle string) {
			os.WriteFile(filepath.Join(mle, "toy", "prepared", "public", "extra.csv"), []byte("x\n"), 0o644)
		}, "extra.csv (competition toy): not in referenced-files.tsv", "extra.csv (competition toy): not in referenced-files.tsv"},
		{"removed", func(t *testing.T, mle string) {
			os.Remove(filepath.Join(mle, "toy", "prepared", "public", "images", "3.txt"))
		}, "3.txt (competition toy): missing", "3.txt (competition toy): missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, mle := refDataset(t)
			tc.change(t, mle)
			cheap, full := verifyMsgs(t, dir, false), verifyMsgs(t, dir, true)
			if (tc.cheap == "") != (cheap == "") || !strings.Contains(cheap, tc.cheap) {
				t.Errorf("size+mtime check:\n%s\nwant %q", cheap, tc.cheap)
			}
			if tc.full != "" && !strings.Contains(full, tc.full) || tc.full == "" && tc.cheap == "" && full == "" {
				t.Errorf("full check:\n%s\nwant %q", full, tc.full)
			}
		})
	}
}

// What a run would mount may not be a link, nor lead to the answers.
func TestReferenceIntegrity(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, mle string)
		want   string
	}{
		{"link in the public folder", func(t *testing.T, mle string) {
			os.Symlink("../private/test.csv", filepath.Join(mle, "toy", "prepared", "public", "answers.csv"))
		}, "answers.csv is a symbolic link or special file"},
		{"answers hard-linked into public", func(t *testing.T, mle string) {
			os.Link(filepath.Join(mle, "toy", "prepared", "private", "test.csv"), filepath.Join(mle, "toy", "prepared", "public", "labels.csv"))
		}, "labels.csv is the answers file under another name"},
		{"public is a link", func(t *testing.T, mle string) {
			pub := filepath.Join(mle, "toy", "prepared", "public")
			os.Rename(pub, pub+"-real")
			os.Symlink("public-real", pub)
		}, "public, which is missing or a symbolic link"},
		{"prepared is a link", func(t *testing.T, mle string) {
			prep := filepath.Join(mle, "toy", "prepared")
			os.Rename(prep, prep+"-real")
			os.Symlink("prepared-real", prep)
		}, "prepared is a symbolic link"},
		{"answers are a link", func(t *testing.T, mle string) {
			ans := filepath.Join(mle, "toy", "prepared", "private", "test.csv")
			os.Rename(ans, ans+".real")
			os.Symlink("test.csv.real", ans)
		}, "test.csv is a symbolic link"},
		{"not prepared", func(t *testing.T, mle string) {
			os.RemoveAll(filepath.Join(mle, "toy"))
		}, "mlebench prepare -c toy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, mle := refDataset(t)
			tc.change(t, mle)
			if msgs := verifyMsgs(t, dir, false); !strings.Contains(msgs, tc.want) {
				t.Errorf("verify:\n%s\nwant %q", msgs, tc.want)
			}
		})
	}
}

// A data folder reached through a link is fine: it is resolved once, and
// what is mounted has no link in its path.
func TestReferenceThroughLinkedDataFolder(t *testing.T) {
	dir, mle := refDataset(t)
	link := filepath.Join(t.TempDir(), "mle-bench-data")
	if err := os.Symlink(mle, link); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "competitions", "toy", "competition.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), mle, link, 1)), 0o644)
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Seal(); err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(mle)
	if got := d.DataDir("toy"); !strings.HasPrefix(got, real) {
		t.Errorf("DataDir %s is not under the resolved folder %s", got, real)
	}
	if msgs := verifyMsgs(t, dir, false); msgs != "" {
		t.Errorf("verify:\n%s", msgs)
	}
}

func TestDataBlockErrors(t *testing.T) {
	dir, mle := refDataset(t)
	p := filepath.Join(dir, "competitions", "toy", "competition.yaml")
	for body, want := range map[string]string{
		"data:\n  id: toy\n": "field mlebench is missing",
		"data:\n  mlebench: " + mle + "\n  answers: toy/prepared/public/test.csv\n": "must be a file under toy/prepared/private/",
		"data:\n  mlebench: " + mle + "\n  answers: ../etc/passwd\n":                "must be a file under toy/prepared/private/",
		"data:\n  mlebench: " + mle + "/nowhere\n":                                  "nowhere",
		"data:\n  mlebench: " + mle + "\n  id: ../x\n":                              "a competition id is letters",
	} {
		os.WriteFile(p, []byte("slug: toy\nmetric: accuracy\nid_column: id\ntarget_column: label\n"+body), 0o644)
		if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: Load = %v, want %q", body, err, want)
		}
	}
}

// Targets: the manifest keeps Kaggle's and the measured one; dataset.yaml's
// target: picks which verdicts use.
func TestChooseTarget(t *testing.T) {
	k, m := 0.9, 0.8
	both := Entry{KaggleTarget: &k, MeasuredTarget: &m}
	for policy, want := range map[string]struct {
		v   *float64
		src string
	}{"": {&m, TargetMeasured}, "measured": {&m, TargetMeasured}, "kaggle": {&k, TargetKaggle}} {
		d := &Dataset{Target: policy}
		v, src := d.ChooseTarget(both)
		if v != want.v || src != want.src {
			t.Errorf("policy %q: %v %s", policy, v, src)
		}
	}
	d := &Dataset{}
	if v, src := d.ChooseTarget(Entry{KaggleTarget: &k}); v != &k || src != TargetKaggle {
		t.Errorf("Kaggle only: %v %s", v, src)
	}
	if v, _ := (&Dataset{Target: "measured"}).ChooseTarget(Entry{KaggleTarget: &k}); v != nil {
		t.Errorf("measured policy without a measured target: %v", *v)
	}
	legacy := Entry{TargetScore: &k, TargetSource: TargetKaggle}
	legacyTargets(&legacy)
	if legacy.KaggleTarget != &k || legacy.MeasuredTarget != nil {
		t.Errorf("legacy Kaggle row: %+v", legacy)
	}
	old := Entry{TargetScore: &m}
	legacyTargets(&old)
	if old.MeasuredTarget != &m || old.TargetSource != TargetMeasured {
		t.Errorf("legacy measured row: %+v", old)
	}
	dir := copyStarter(t)
	p := filepath.Join(dir, "dataset.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("target: best\n")...), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "field target") {
		t.Errorf("target: best: %v", err)
	}
}
