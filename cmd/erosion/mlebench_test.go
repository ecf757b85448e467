package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/results"
)

// The MLE-bench fixtures (mining/mlebench/testdata) and the Meta Kaggle
// release cut (mining/metakaggle/testdata).
const (
	mleData     = "../../mining/mlebench/testdata/data"
	mleRegistry = "../../mining/mlebench/testdata/registry"
	releaseMeta = "../../mining/metakaggle/testdata/release/meta"
	releaseCode = "../../mining/metakaggle/testdata/release/code"
	erasSlim    = "../../configs/eras-slim.yaml"
	mleTabular  = "tabular-playground-series-may-2022"
	mleTaxi     = "new-york-city-taxi-fare-prediction"
	mleLeaf     = "leaf-classification"
)

// envsWith is an envs folder with the slim environments and a grading
// environment "grader-test": the bullseye-slim environment with the
// stand-in of MLE-bench's grade-sample installed at /opt/grader, brought in
// the way Kaggle's image is on a machine without a registry — a `docker
// export` tar and `erosion envs build --from-tar`.
func envsWith(t *testing.T, cache string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []string{"trixie-slim", "bullseye-slim", "bookworm-slim"} {
		b, err := os.ReadFile("../../configs/envs/" + n + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, n+".yaml"), b, 0o644)
	}
	tar := graderTar(t)
	spec := "# The grading environment of the tests (a docker export tar).\nname: grader-test\nimage: registry.invalid/erosion/mlebench-grader@sha256:" + fileSHA(t, tar) + "\n"
	os.WriteFile(filepath.Join(dir, "grader-test.yaml"), []byte(spec), 0o644)
	if code, out, errOut := erosion(t, "envs", "build", "--backend", "docker", "--from-tar", tar, "grader-test", "--envs-dir", dir, "--cache-dir", cache); code != 0 {
		t.Fatalf("envs build --from-tar: exit %d\n%s\n%s", code, out, errOut)
	}
	s, _ := envs.Find(dir, "grader-test")
	t.Cleanup(func() { exec.Command("docker", "rmi", "-f", envs.LocalImageRef(s)).Run() })
	return dir
}

// graderTar exports a container of bullseye-slim and adds the grader.
func graderTar(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	b, err := backends.Open(ctx, "docker")
	if err != nil {
		t.Fatal(err)
	}
	defer backends.Close(b)
	spec, err := envs.Load("../../configs/envs/bullseye-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	inv, err := backends.Ready(ctx, b, spec, filepath.Join(cache, "erosion"))
	if err != nil {
		t.Fatalf("%v (make test builds it)", err)
	}
	name := "erosion-grader-export-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	exec.Command("docker", "rm", "-f", name).Run()
	if out, err := exec.Command("docker", "create", "--name", name, inv.Ref).CombinedOutput(); err != nil {
		t.Fatalf("docker create: %v: %s", err, out)
	}
	defer exec.Command("docker", "rm", "-f", name).Run()
	work := t.TempDir()
	tar := filepath.Join(work, "grader.tar")
	if out, err := exec.Command("docker", "export", "-o", tar, name).CombinedOutput(); err != nil {
		t.Fatalf("docker export: %v: %s", err, out)
	}
	prog, err := os.ReadFile("../../grading/external/testdata/grader/grade_sample.py")
	if err != nil {
		t.Fatal(err)
	}
	add := filepath.Join(work, "add")
	os.MkdirAll(filepath.Join(add, "opt", "grader"), 0o755)
	os.WriteFile(filepath.Join(add, "opt", "grader", "grade_sample.py"), prog, 0o644)
	if out, err := exec.Command("tar", "--owner=0", "--group=0", "-rf", tar, "-C", add, "opt/grader").CombinedOutput(); err != nil {
		t.Fatalf("tar -r: %v: %s", err, out)
	}
	return tar
}

func fileSHA(t *testing.T, p string) string {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
}

// The study on MLE-bench's inputs, end to end: Meta Kaggle mined for three
// MLE-bench competitions whose data stay in an MLE-bench data folder (one
// graded by a metric erosion always had, one by a metric added for
// MLE-bench, one by an external grader in its own environment), targets
// measured in each notebook's era, runs in the current and the backported
// environment, graded verdicts, the analysis of both targets, the report,
// and `erosion grade` agreeing with the runs.
func TestMLEBenchStudyEndToEnd(t *testing.T) {
	needDocker(t)
	work := t.TempDir()
	cache := filepath.Join(work, "cache")
	envsDir := envsWith(t, cache)
	// The environment flags, on the commands that take them.
	specs := []string{"--envs-dir", envsDir}
	both := []string{"--envs-dir", envsDir, "--cache-dir", cache}
	cli := func(what string, a ...string) string {
		t.Helper()
		code, out, errOut := erosion(t, a...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s\n%s", what, code, out, errOut)
		}
		return out
	}
	comps := filepath.Join(work, "competitions.txt")
	os.WriteFile(comps, []byte(mleLeaf+"\n"+mleTaxi+"\n"+mleTabular+"\n"), 0o644)
	ds := filepath.Join(work, "mlebench-mini")
	cli("mine", "mine", "metakaggle", "--meta", releaseMeta, "--code", releaseCode, "--competitions", comps, "--before", "2025-05-31",
		"--out", ds, "--eras", erasSlim, "--mlebench-data", mleData, "--mlebench-registry", mleRegistry,
		"--mlebench-external", mleTabular, "--mlebench-grader-env", "grader-test",
		"--mlebench-grade-command", "python3 /opt/grader/grade_sample.py grade-sample", specs[0], specs[1])

	graders := cli("dataset graders", "dataset", "graders", ds)
	for _, want := range []string{"leaf-classification                 builtin   builtin: multiclass_log_loss", "builtin: rmse",
		"external: python3 /opt/grader/grade_sample.py grade-sample {submission} {competition} --data-dir {data_dir} in environment grader-test"} {
		if !strings.Contains(graders, want) {
			t.Errorf("dataset graders lacks %q:\n%s", want, graders)
		}
	}

	cli("targets", append([]string{"dataset", "targets", "--dataset", ds, "--eras", erasSlim, "--results", filepath.Join(work, "targets"), "--workers", "2"}, both...)...)
	d, err := datasets.Load(ds)
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := d.Manifest()
	if err != nil || len(manifest) != 6 {
		t.Fatalf("manifest: %d rows, %v", len(manifest), err)
	}
	measured := 0
	for _, e := range manifest {
		if e.KaggleTarget == nil {
			t.Errorf("%s: the Kaggle target was lost", e.NotebookID)
		}
		want := datasets.TargetKaggle
		if e.MeasuredTarget != nil {
			measured++
			want = datasets.TargetMeasured
		}
		if e.TargetSource != want || e.TargetScore == nil {
			t.Errorf("%s: target_source %q, want %q", e.NotebookID, e.TargetSource, want)
		}
	}
	if measured < 3 {
		t.Errorf("only %d notebooks have a measured target", measured)
	}

	res := filepath.Join(work, "results")
	cli("run", append([]string{"run", "--dataset", ds, "--env", "trixie-slim", "--backported", "--eras", erasSlim, "--results", res, "--workers", "2"}, both...)...)
	runs, err := records.Runs.Read(res)
	if err != nil || len(runs) != 12 {
		t.Fatalf("runs: %d, %v", len(runs), err)
	}
	var tabular *records.Run
	graded := 0
	for i, r := range runs {
		if r.Score != nil {
			graded++
		}
		if r.FailureCategory == harness.FailGrader {
			t.Errorf("%s in %s: the grader failed: %s", r.NotebookID, r.Environment, r.ExceptionMsg)
		}
		if r.Status == records.StatusOK && r.Score == nil && r.FailureCategory == "" {
			t.Errorf("%s in %s ran clean but is neither graded nor failed: %+v", r.NotebookID, r.Environment, r)
		}
		if r.Competition == mleTabular && r.Environment == "trixie-slim" && r.Status == records.StatusOK {
			tabular = &runs[i]
		}
	}
	if graded < 6 {
		t.Errorf("only %d of 12 runs were graded", graded)
	}
	if tabular == nil || tabular.Score == nil || *tabular.Score < 0.8 || *tabular.Score > 1 {
		t.Fatalf("the externally graded notebook in trixie-slim: %+v", tabular)
	}
	art := results.ArtefactDir(res, results.Key{Study: tabular.Study, Dataset: tabular.Dataset, NotebookID: tabular.NotebookID, Environment: tabular.Environment, Attempt: int(tabular.Attempt)})
	if rep, err := os.ReadFile(filepath.Join(art, harness.GraderReportFile)); err != nil || !strings.Contains(string(rep), `"competition_id": "`+mleTabular) {
		t.Errorf("grader report: %s, %v", rep, err)
	}
	vs, err := records.Verdicts.Read(res)
	if err != nil || len(vs) != 12 {
		t.Fatalf("verdicts: %d, %v", len(vs), err)
	}

	for _, r := range runs {
		t.Logf("%-45s %-13s %-6s %-30s score %v target %v %s", r.NotebookID, r.Environment, r.Status, r.OutcomeClass, fmtScore(r.Score), fmtScore(r.TargetScore), r.FailureCategory)
	}
	cli("analyze", "analyze", "--results", res)
	table, err := os.ReadFile(filepath.Join(res, "tables", "targets.md"))
	t.Logf("tables/targets.md:\n%s", table)
	if err != nil || !strings.Contains(string(table), "Kaggle target") || !strings.Contains(string(table), "trixie-slim") {
		t.Errorf("tables/targets.md: %s, %v", table, err)
	}
	cli("report", "report", "--results", res)
	if page, err := os.ReadFile(filepath.Join(res, "report.html")); err != nil || !strings.Contains(string(page), "measured target") {
		t.Errorf("report.html lacks the targets table: %v", err)
	}

	// erosion grade gives the run's score, names the external grader, and
	// grades MLE-bench's JSONL form too.
	sub := filepath.Join(art, "working", "submission.csv")
	out := cli("grade", append([]string{"grade", "--dataset", ds, "--competition", mleTabular, "--json", sub}, both...)...)
	var g struct {
		Score  *float64
		Valid  bool
		Grader string
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil || g.Score == nil || *g.Score != *tabular.Score || !g.Valid || !strings.HasPrefix(g.Grader, "external: python3 /opt/grader/grade_sample.py") {
		t.Errorf("erosion grade: %s (%v); the run scored %v", out, err, *tabular.Score)
	}
	jsonl := filepath.Join(work, "submissions.jsonl")
	bad := filepath.Join(work, "bad.csv")
	os.WriteFile(bad, []byte("key,fare\nx,1\n"), 0o644)
	os.WriteFile(jsonl, []byte(`{"competition_id": "`+mleTabular+`", "submission_path": "`+sub+`"}`+"\n# skipped\n"+
		`{"competition_id": "`+mleTaxi+`", "submission_path": "bad.csv"}`+"\n"), 0o644)
	out = cli("grade jsonl", append([]string{"grade", "--dataset", ds, "--submissions", jsonl}, both...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "true") || !strings.Contains(lines[2], "false  columns") || !strings.Contains(lines[2], "builtin: rmse") {
		t.Errorf("erosion grade --submissions:\n%s", out)
	}
}

// A notebook that hunts for an MLE-bench competition's private answers —
// by guessing paths beside the mounted public folder, by following
// /kaggle/input/<id>/.. and by reading where the mount came from in
// /proc/self/mountinfo — finds nothing, on both backends.
func TestMLEBenchPrivateDataUnreachable(t *testing.T) {
	needDocker(t)
	work := t.TempDir()
	secret := "erosion-private-" + filepath.Base(work)
	mle := filepath.Join(work, "mle-bench-data")
	for p, body := range map[string]string{
		"toy/prepared/public/train.csv":            "id,label\n1,a\n2,b\n",
		"toy/prepared/public/test.csv":             "id\n3\n4\n",
		"toy/prepared/private/test.csv":            "id,label\n3," + secret + "\n4,b\n",
		"toy/prepared/private/gold_submission.csv": "id,label\n3," + secret + "\n4,b\n",
		"toy/raw/train.csv":                        "id,label\n1,a\n2,b\n3," + secret + "\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(mle, p)), 0o755)
		os.WriteFile(filepath.Join(mle, p), []byte(body), 0o644)
	}
	ds := filepath.Join(work, "ds")
	os.MkdirAll(filepath.Join(ds, "notebooks"), 0o755)
	snoop := `# %%
import os, re
secret = '` + secret[:8] + `' + '` + secret[8:] + `'
found = []
def look(p):
    try:
        with open(p, errors='replace') as f:
            if secret in f.read():
                found.append(p)
    except OSError:
        pass
for p in ['/kaggle/input/toy/../private/test.csv', '/kaggle/input/../private/test.csv', '/kaggle/input/toy/../../prepared/private/test.csv',
          '/kaggle/input/private/test.csv', '/kaggle/private/test.csv', '/kaggle/input/toy/../../raw/train.csv']:
    look(p)
roots = [l.split()[3] for l in open('/proc/self/mountinfo') if '/kaggle/input' in l.split()[4]]
print('mount roots:', len(roots))
for r in roots:
    for rel in ['../private/test.csv', '../../prepared/private/test.csv', '../private/gold_submission.csv', '../../raw/train.csv']:
        look(os.path.normpath(os.path.join(r, rel)))
for d, _, fs in os.walk('/', onerror=lambda e: None):
    if d.startswith(('/proc', '/sys', '/dev')):
        continue
    for f in fs:
        if f.endswith('.csv'):
            look(os.path.join(d, f))
assert not found, found
assert roots, 'no mount of /kaggle/input found in mountinfo'
# The search works: a file holding the secret is found.
with open('/tmp/control.csv', 'w') as f:
    f.write(secret)
look('/tmp/control.csv')
assert found == ['/tmp/control.csv'], found
# %%
import pandas as pd
pd.DataFrame({'id': [3, 4], 'label': ['a', 'b']}).to_csv('submission.csv', index=False)
`
	os.WriteFile(filepath.Join(ds, "notebooks", "snoop.py"), []byte(snoop), 0o644)
	os.MkdirAll(filepath.Join(ds, "competitions", "toy"), 0o755)
	os.WriteFile(filepath.Join(ds, "competitions", "toy", "competition.yaml"), []byte("slug: toy\nmetric: accuracy\nhigher_is_better: true\nid_column: id\ntarget_column: label\ndata:\n  mlebench: "+mle+"\n"), 0o644)
	os.WriteFile(filepath.Join(ds, "dataset.yaml"), []byte("name: snoop\ntime_limit_s: 300\nnotebooks:\n  - {id: snoop, competition: toy, file: snoop.py, submitted: \"2024-01-01\"}\n"), 0o644)
	d, err := datasets.Load(ds)
	if err != nil {
		t.Fatal(err)
	}
	files, err := datasets.ScanReference(d.Reference("toy"))
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.WriteReferences(filepath.Join(ds, "competitions", "toy"), files); err != nil {
		t.Fatal(err)
	}
	if err := d.Seal(); err != nil {
		t.Fatal(err)
	}
	os.Chmod(work, 0o755)
	for _, backend := range []string{"docker", "sandbox"} {
		t.Run(backend, func(t *testing.T) {
			res := filepath.Join(t.TempDir(), "r")
			code, out, errOut := erosion(t, args("run", "--dataset", ds, "--env", "trixie-slim", "--backend", backend, "--results", res)...)
			if code != 0 {
				t.Fatalf("run: exit %d\n%s\n%s", code, out, errOut)
			}
			runs, err := records.Runs.Read(res)
			if err != nil || len(runs) != 1 {
				t.Fatalf("runs: %v %v", runs, err)
			}
			r := runs[0]
			if r.Status != records.StatusOK || r.Score == nil || *r.Score != 0.5 {
				t.Errorf("the snooping notebook: status %s, score %v, %s: %s", r.Status, r.Score, r.ExceptionType, r.ExceptionMsg)
			}
			executed, _ := os.ReadFile(filepath.Join(results.ArtefactDir(res, results.Key{Study: r.Study, Dataset: r.Dataset, NotebookID: r.NotebookID, Environment: r.Environment}), "executed.ipynb"))
			if !strings.Contains(string(executed), "mount roots: ") || strings.Contains(string(executed), secret) {
				t.Errorf("the notebook's output: %s", firstLines(executed, 40))
			}
		})
	}
}

func firstLines(b []byte, n int) string {
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	var out []string
	for sc.Scan() && len(out) < n {
		out = append(out, sc.Text())
	}
	return strings.Join(out, "\n")
}

// `erosion dataset mlebench` turns a dataset's own copy of a competition
// into a reference to MLE-bench's data, with MLE-bench's grader, and seals.
func TestDatasetMLEBenchCommand(t *testing.T) {
	ds := t.TempDir()
	os.MkdirAll(filepath.Join(ds, "notebooks"), 0o755)
	os.WriteFile(filepath.Join(ds, "notebooks", "nb.py"), []byte("import pandas as pd\nprint(pd.read_csv('../input/train.csv').shape)\n"), 0o644)
	data := filepath.Join(ds, "competitions", mleLeaf, "data")
	os.MkdirAll(data, 0o755)
	os.WriteFile(filepath.Join(data, "train.csv"), []byte("id,species\n1,x\n"), 0o644)
	os.WriteFile(filepath.Join(ds, "dataset.yaml"), []byte("name: own\nnotebooks:\n  - {id: nb, competition: "+mleLeaf+", file: nb.py}\n"), 0o644)
	code, out, errOut := erosion(t, args("dataset", "mlebench", "--dataset", ds, "--mlebench-data", mleData, "--mlebench-registry", mleRegistry)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "1 competitions reference") || !strings.Contains(out, "builtin: multiclass_log_loss") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := os.Stat(data); err == nil {
		t.Error("the dataset's own copy of the data is still there")
	}
	if code, out, errOut := erosion(t, "dataset", "verify", "--full", ds); code != 0 || !strings.Contains(out, "verified") {
		t.Errorf("verify --full: exit %d\n%s\n%s", code, out, errOut)
	}
	d, err := datasets.Load(ds)
	if err != nil {
		t.Fatal(err)
	}
	if abs, _ := filepath.Abs(mleData); d.DataDir(mleLeaf) != filepath.Join(abs, mleLeaf, "prepared", "public") {
		t.Errorf("DataDir %s", d.DataDir(mleLeaf))
	}
	// The data change: a cheap verify names the file.
	later := filepath.Join(t.TempDir(), "data")
	copyTree(t, mleData, later)
	code, _, _ = erosion(t, args("dataset", "mlebench", "--dataset", ds, "--mlebench-data", later, "--mlebench-registry", mleRegistry)...)
	if code != 0 {
		t.Fatal("re-pointing the dataset failed")
	}
	os.WriteFile(filepath.Join(later, mleLeaf, "prepared", "public", "extra.csv"), []byte("x\n"), 0o644)
	code, _, errOut = erosion(t, "dataset", "verify", ds)
	if code != 1 || !strings.Contains(errOut, "extra.csv (competition leaf-classification): not in referenced-files.tsv") {
		t.Errorf("verify after a change: exit %d\n%s", code, errOut)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
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
}

func fmtScore(x *float64) string {
	if x == nil {
		return "-"
	}
	return strconv.FormatFloat(*x, 'g', 5, 64)
}

// The study's config is read by both commands it drives, every key a flag.
func TestStudyMLEBenchConfig(t *testing.T) {
	for _, cmd := range [][]string{{"mine", "metakaggle"}, {"study"}} {
		var cli CLI
		p := mustParser(t, &cli)
		if _, err := p.Parse(append(cmd, "--config", "../../configs/study-mlebench.yaml")); err != nil {
			t.Fatalf("%v: %v", cmd, err)
		}
		m, s := cli.Mine.MetaKaggle, cli.Study
		switch cmd[0] {
		case "mine":
			if !strings.HasSuffix(m.MLEBenchData, "data/mle-bench") || len(m.MLEBenchExternal) != 1 || m.MLEBenchExternal[0] != "all" || m.Before != "2025-05-31" {
				t.Errorf("mine: %+v", m)
			}
		default:
			if len(s.Env) != 1 || s.Env[0] != "kaggle-gpu" || s.Confirm != 10 || s.Agent != "llm" || len(s.Stages) != 6 {
				t.Errorf("study: %+v", s)
			}
		}
	}
}
