package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/mining/metakaggle/synthdump"
	"erosion/records"
)

// mineCmd runs `erosion mine ...` in-process.
func mineCmd(t *testing.T, a ...string) (int, string, string) {
	t.Helper()
	return erosion(t, a...)
}

// mineTestCompetition writes a tiny graded competition in erosion's layout:
// predicting "female survived" scores exactly 0.75, "nobody survived" 0.5.
func mineTestCompetition(t *testing.T, dir string) {
	t.Helper()
	files := map[string]string{
		"data/train.csv":       "PassengerId,Sex,Age,Survived\n1,female,22,1\n2,male,38,0\n3,female,26,1\n4,male,35,0\n5,male,54,1\n6,female,2,0\n",
		"data/test.csv":        "PassengerId,Sex,Age\n101,female,30\n102,female,31\n103,female,32\n104,female,33\n105,male,34\n106,male,35\n107,male,36\n108,male,37\n",
		"answers/solution.csv": "PassengerId,Survived\n101,1\n102,1\n103,1\n104,0\n105,0\n106,0\n107,0\n108,1\n",
		"competition.yaml": "slug: titanic-mini\ntitle: Titanic (mine test)\nmetric: accuracy\nhigher_is_better: true\n" +
			"id_column: PassengerId\ntarget_column: Survived\nsubmission_file: submission.csv\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeMiniDump writes a Meta Kaggle dump in which three kernel versions of
// titanic-mini survive the filters and four do not.
func writeMiniDump(t *testing.T, meta, code string) {
	t.Helper()
	d := synthdump.New(meta)
	d.Row("Competitions.csv", "Id", "1", "Slug", "titanic-mini", "Title", "Titanic mini")
	d.Row("Competitions.csv", "Id", "2", "Slug", "other", "Title", "Other")
	d.Row("Teams.csv", "Id", "11", "CompetitionId", "1")
	d.Row("Teams.csv", "Id", "12", "CompetitionId", "2")
	subs := [][]string{ // submission id, team, kernel version, private score
		{"1", "11", "501", "0.75"}, {"2", "11", "502", "0.75"}, {"3", "11", "503", "0.9"},
		{"4", "11", "504", ""}, {"5", "11", "505", "0.7"}, {"6", "11", "506", "0.7"}, {"7", "11", "507", "0.7"}, {"8", "12", "508", "0.7"},
	}
	for _, s := range subs {
		d.Row("Submissions.csv", "Id", s[0], "TeamId", s[1], "SourceKernelVersionId", s[2], "PrivateScoreFullPrecision", s[3], "SubmissionDate", "07/14/2019 18:00:00")
	}
	kv := func(id, lang, runtime string) {
		d.Row("KernelVersions.csv", "Id", id, "ScriptId", "7"+id[1:], "ScriptLanguageId", lang, "AuthorUserId", "1", "CreationDate", "07/14/2019 17:00:00",
			"VersionNumber", "2", "Title", "Kernel "+id, "RunningTimeInMilliseconds", runtime, "AcceleratorTypeId", "0", "DockerImage", "gcr.io/kaggle-images/python:v70")
	}
	kv("501", "9", "30000")
	kv("502", "9", "30000")
	kv("503", "9", "30000")
	kv("504", "9", "30000")   // unscored
	kv("505", "1", "30000")   // R
	kv("506", "9", "9000000") // too long
	kv("507", "9", "30000")   // external dataset
	kv("508", "9", "30000")   // another competition
	d.Row("KernelVersionDatasetSources.csv", "Id", "1", "KernelVersionId", "507", "SourceDatasetVersionId", "3")
	for _, l := range synthdump.Languages {
		d.Row("KernelLanguages.csv", "Id", l[0], "Name", l[1], "DisplayName", l[2], "IsNotebook", l[3])
	}
	d.Row("Kernels.csv", "Id", "701", "AuthorUserId", "1", "CurrentUrlSlug", "women-survive")
	d.Row("Kernels.csv", "Id", "702", "AuthorUserId", "1", "CurrentUrlSlug", "women-survive-old-pandas")
	d.Row("Kernels.csv", "Id", "703", "AuthorUserId", "1", "CurrentUrlSlug", "nobody-survives")
	d.Row("Users.csv", "Id", "1", "UserName", "kaggler")
	if err := d.Write(); err != nil {
		t.Fatal(err)
	}
	nbs := map[int64][]byte{
		501: synthdump.Notebook4("import pandas as pd\ntest = pd.read_csv('../input/test.csv')",
			"test['Survived'] = (test.Sex == 'female').astype(int)\ntest[['PassengerId', 'Survived']].to_csv('submission.csv', index=False)"),
		// nbformat 3; its last cell uses DataFrame.append, gone since pandas 2.0.
		502: synthdump.Notebook3("import pandas as pd\ntest = pd.read_csv('/kaggle/input/titanic-mini/test.csv')",
			"test['Survived'] = (test.Sex == 'female').astype(int)\ntest[['PassengerId', 'Survived']].to_csv('submission.csv', index=False)",
			"both = test.append(test)"),
		503: synthdump.Notebook4("import pandas as pd\ntest = pd.read_csv('../input/test.csv')\ntest['Survived'] = 0",
			"test[['PassengerId', 'Survived']].to_csv('submission.csv', index=False)"),
	}
	for id, nb := range nbs {
		if err := synthdump.CodeFile(code, id, ".ipynb", nb); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMineMetaKaggleThenRun is the "done": a dataset mined from a
// synthetic Meta Kaggle passes `erosion dataset verify` and runs through
// `erosion run` unchanged, graded against the mined target scores.
func TestMineMetaKaggleThenRun(t *testing.T) {
	root := t.TempDir()
	meta, code, prep, out := filepath.Join(root, "meta"), filepath.Join(root, "code"), filepath.Join(root, "prepared"), filepath.Join(root, "mined")
	writeMiniDump(t, meta, code)
	mineTestCompetition(t, filepath.Join(prep, "titanic-mini"))
	list := filepath.Join(root, "competitions.txt")
	os.WriteFile(list, []byte("titanic-mini\n"), 0o644)

	rc, stdoutText, errText := mineCmd(t, args("mine", "metakaggle", "--meta", meta, "--code", code, "--competitions", list, "--data", prep,
		"--out", out, "--before", "2024-01-01", "--eras", "../../configs/eras-slim.yaml")...)
	if rc != 0 {
		t.Fatalf("mine exit %d\n%s\n%s", rc, stdoutText, errText)
	}
	for _, want := range []string{"funnel (Meta Kaggle", "Python notebook language", "created before 2024-01-01", "3 notebooks"} {
		if !strings.Contains(stdoutText, want) {
			t.Errorf("mine output lacks %q:\n%s", want, stdoutText)
		}
	}
	funnel, _ := os.ReadFile(filepath.Join(out, "funnel.csv"))
	for _, row := range []string{"submitted,", ",7,0,true", "scored,", ",6,1,true", "runtime,", "no-external-data,", ",4,1,true", "parses,", ",3,0,true"} {
		if !strings.Contains(string(funnel), row) {
			t.Errorf("funnel.csv lacks %q:\n%s", row, funnel)
		}
	}
	if rc, _, errText := erosion(t, args("dataset", "verify", out)...); rc != 0 {
		t.Fatalf("dataset verify: exit %d: %s", rc, errText)
	}
	ds, err := datasets.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	manifest, _ := ds.Manifest()
	if len(manifest) != 3 || manifest[0].EraEnv != "bullseye-slim" || manifest[0].TargetScore == nil || manifest[0].KaggleImage == "" {
		t.Fatalf("manifest: %+v", manifest)
	}

	// Mining again into the same folder needs --resume.
	if rc, _, errText := mineCmd(t, args("mine", "metakaggle", "--meta", meta, "--code", code, "--out", out)...); rc != 2 || !strings.Contains(errText, "--resume") {
		t.Errorf("re-mine without --resume: exit %d: %s", rc, errText)
	}

	needDocker(t)
	res := filepath.Join(root, "results")
	if rc, o, e := erosion(t, args("run", "--dataset", out, "--results", res, "--env", "trixie-slim", "--timeout", "120s")...); rc != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", rc, o, e)
	}
	runs, err := records.Runs.Read(res)
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs: %v, %d rows", err, len(runs))
	}
	want := map[string]struct {
		class  string
		score  float64
		target float64
	}{
		"women-survive-501":            {records.ClassErrorFreeReproducible, 0.75, 0.75},
		"women-survive-old-pandas-502": {records.ClassErrorReproducible, 0.75, 0.75},
		"nobody-survives-503":          {records.ClassErrorFreeNonReproducible, 0.5, 0.9},
	}
	for _, r := range runs {
		w, ok := want[r.NotebookID]
		if !ok || r.OutcomeClass != w.class || r.Score == nil || *r.Score != w.score || r.TargetScore == nil || *r.TargetScore != w.target {
			t.Errorf("%s: class %q score %v target %v (%s %s), want %+v", r.NotebookID, r.OutcomeClass, mineDeref(r.Score), mineDeref(r.TargetScore), r.ExceptionType, r.ExceptionMsg, w)
		}
	}
}

func mineDeref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// The CLI finds Kaggle credentials in the environment and never prints
// them, also when the API refuses them.
func TestMineKaggleCredentialsNeverPrinted(t *testing.T) {
	const canary = "CANARY-CLI-KAGGLE-KEY-93b1"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"code":401,"message":"Unauthenticated"}`))
	}))
	defer srv.Close()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("KAGGLE_API_TOKEN", "")
	t.Setenv("KAGGLE_USERNAME", "someone")
	t.Setenv("KAGGLE_KEY", canary)
	t.Setenv("KAGGLE_API_ENDPOINT", srv.URL)
	out := filepath.Join(t.TempDir(), "ds")
	rc, o, e := mineCmd(t, args("mine", "kaggle", "--competition", "titanic", "--out", out, "--no-download-data", "--log-level", "debug")...)
	if rc != 1 || !strings.Contains(e, "HTTP 401") || !strings.Contains(e, "KAGGLE_USERNAME/KAGGLE_KEY") {
		t.Errorf("exit %d: %s", rc, e)
	}
	if strings.Contains(o+e, canary) {
		t.Errorf("the key was printed:\n%s\n%s", o, e)
	}

	t.Setenv("KAGGLE_USERNAME", "")
	t.Setenv("KAGGLE_KEY", "")
	if rc, _, e := mineCmd(t, args("mine", "kaggle", "--competition", "titanic", "--out", filepath.Join(t.TempDir(), "x"))...); rc != 2 || !strings.Contains(e, "KAGGLE_API_TOKEN") {
		t.Errorf("no credentials: exit %d: %s", rc, e)
	}
	t.Setenv("GITHUB_TOKEN", "")
	if rc, _, e := mineCmd(t, args("mine", "github", "--query", "titanic", "--competition", "titanic", "--out", filepath.Join(t.TempDir(), "y"))...); rc != 2 || !strings.Contains(e, "GITHUB_TOKEN") {
		t.Errorf("no GitHub token: exit %d: %s", rc, e)
	}
}

// `mine metakaggle` on the real layouts: the committed cut of a current
// release and its Meta Kaggle Code tree, the MLE-bench list and the study's
// cutoff; competitions come from prepared folders where there are some.
func TestMineMetaKaggleRelease(t *testing.T) {
	root := t.TempDir()
	prep, out := filepath.Join(root, "prepared"), filepath.Join(root, "mined")
	os.MkdirAll(filepath.Join(prep, "spooky-author-identification", "data"), 0o755)
	os.WriteFile(filepath.Join(prep, "spooky-author-identification", "data", "train.csv"), []byte("id,text,author\nid1,A,EAP\n"), 0o644)
	release := filepath.Join("..", "..", "mining", "metakaggle", "testdata", "release")
	rc, o, e := mineCmd(t, args("mine", "metakaggle", "--meta", filepath.Join(release, "meta"), "--code", filepath.Join(release, "code"),
		"--competitions", "../../configs/competitions/mlebench.txt", "--before", "2025-05-31", "--data", prep, "--out", out)...)
	if rc != 0 {
		t.Fatalf("mine exit %d\n%s\n%s", rc, o, e)
	}
	for _, want := range []string{"that ran without internet access", "whose notebook kernel is Python", "broken references: kernel version → Meta Kaggle Code file: 2",
		"competition dog-breed-identification is not in prepared folders", "12 notebooks, 6 competitions"} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q:\n%s", want, o)
		}
	}
	ds, err := datasets.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ds.Description, "no internet") {
		t.Errorf("description: %s", ds.Description)
	}
	if _, err := os.Stat(filepath.Join(ds.DataDir("spooky-author-identification"), "train.csv")); err != nil {
		t.Errorf("prepared data not linked in: %v", err)
	}
	rows, _ := ds.Manifest()
	gpu := 0
	for _, r := range rows {
		if r.TargetSource != "kaggle-private-leaderboard" || r.KaggleRuntimeS == nil || *r.KaggleRuntimeS > 600 {
			t.Errorf("manifest row %s: %+v", r.NotebookID, r)
		}
		if strings.HasPrefix(r.Accelerator, "GPU") {
			gpu++
		}
	}
	if len(rows) != 12 || gpu != 3 {
		t.Errorf("%d rows, %d on a GPU", len(rows), gpu)
	}
}
