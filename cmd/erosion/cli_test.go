package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"erosion/buildinfo"
	"erosion/configs"
	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/slurm"
	"erosion/records"
	"erosion/results"
	"erosion/study"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites the file with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to write it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update rewrites it after a deliberate change):\n--- got\n%s\n--- want\n%s", path, t.Name(), got, want)
	}
}

// leaves is every command of the CLI, as its path ("dataset verify").
func leaves(t *testing.T) []*kong.Node {
	t.Helper()
	var cli CLI
	return mustParser(t, &cli).Model.Leaves(true)
}

// Every command's help is pinned by a golden file, and every help shows
// the command's own flags before the global ones, the defaults, and 1-3
// examples.
func TestGoldenHelp(t *testing.T) {
	t.Setenv("COLUMNS", "100")
	code, root, _ := erosion(t)
	if code != 0 {
		t.Fatalf("erosion alone: exit %d", code)
	}
	golden(t, "help/erosion.txt", root)
	if _, out, _ := erosion(t, "help"); out != root {
		t.Errorf("erosion help differs from erosion alone:\n%s", out)
	}
	if _, out, _ := erosion(t, "--help"); out != root {
		t.Errorf("erosion --help differs from erosion alone:\n%s", out)
	}
	for _, n := range leaves(t) {
		path := n.Path()
		t.Run(path, func(t *testing.T) {
			code, out, errOut := erosion(t, append(strings.Fields(path), "--help")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, "help/"+strings.ReplaceAll(path, " ", "-")+".txt", out)
			if _, again, _ := erosion(t, append([]string{"help"}, strings.Fields(path)...)...); again != out {
				t.Errorf("erosion help %s differs from erosion %s --help", path, path)
			}
			if n := strings.Count(out, "\n    erosion "); n < 1 || n > 3 || !strings.Contains(out, "Examples:") {
				t.Errorf("%d examples", n)
			}
			global := strings.Index(out, "Global flags:")
			for _, f := range n.Flags {
				if f.Hidden {
					continue
				}
				at := strings.Index(out, "--"+f.Name+"=")
				if at < 0 {
					at = strings.Index(out, "--"+f.Name+" ")
				}
				if at < 0 {
					at = strings.Index(out, "--[no-]"+f.Name)
				}
				if at < 0 || at > global {
					t.Errorf("--%s is not listed before the global flags", f.Name)
				}
				if f.Tag.Negatable != "" && !strings.Contains(out, "--[no-]"+f.Name) {
					t.Errorf("--%s is not shown as negatable", f.Name)
				}
			}
		})
	}
}

// Only run and study take the Slurm flags; commands list no flag they
// would refuse or ignore.
func TestHelpListsOnlyWhatWorks(t *testing.T) {
	for _, n := range leaves(t) {
		var names []string
		for _, f := range n.Flags {
			names = append(names, f.Name)
		}
		path := n.Path()
		hasSlurm := slices.ContainsFunc(names, func(s string) bool { return strings.HasPrefix(s, "slurm") })
		if hasSlurm != (path == "run" || path == "study") {
			t.Errorf("%s: Slurm flags %v", path, hasSlurm)
		}
		runs := slices.Contains(names, "workers")
		for _, needs := range []string{"cache-dir", "envs-dir"} {
			if runs && !slices.Contains(names, needs) {
				t.Errorf("%s runs notebooks but has no --%s", path, needs)
			}
		}
		if path == "dataset targets" && (slices.Contains(names, "env") || slices.Contains(names, "backported") || slices.Contains(names, "confirm")) {
			t.Errorf("dataset targets takes flags it ignores: %v", names)
		}
		if strings.HasPrefix(path, "analyze") || strings.HasPrefix(path, "report") || strings.HasPrefix(path, "figures") || strings.HasPrefix(path, "slurm") {
			if slices.Contains(names, "envs-dir") || slices.Contains(names, "cache-dir") {
				t.Errorf("%s lists environment flags it does not use", path)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := erosion(t, "version")
	if code != 0 || !strings.HasPrefix(out, "erosion ") || !strings.Contains(out, "\ncommit: ") {
		t.Errorf("exit %d: %q", code, out)
	}
	if _, flagOut, _ := erosion(t, "--version"); flagOut != out {
		t.Errorf("--version prints %q, version %q", flagOut, out)
	}
	if out != buildinfo.Text() {
		t.Errorf("version prints %q, not buildinfo's %q", out, buildinfo.Text())
	}
}

// The shell asks erosion for completions with COMP_LINE set.
func TestCompletion(t *testing.T) {
	complete := func(line string) []string {
		t.Helper()
		t.Setenv("COMP_LINE", line)
		t.Setenv("COMP_POINT", "")
		code, out, errOut := erosion(t)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", line, code, errOut)
		}
		return strings.Fields(out)
	}
	if got := complete("erosion ru"); !slices.Equal(got, []string{"run"}) {
		t.Errorf("commands: %q", got)
	}
	if got := complete("erosion run --worke"); !slices.Equal(got, []string{"--workers"}) {
		t.Errorf("flags: %q", got)
	}
	if got := complete("erosion dataset "); !slices.Contains(got, "verify") || !slices.Contains(got, "targets") {
		t.Errorf("subcommands: %q", got)
	}
	if got := complete("erosion run --mode "); len(got) != 0 {
		t.Errorf("run has no --mode, yet: %q", got)
	}
	if got := complete("erosion modernize --mode "); !slices.Contains(got, "cell") {
		t.Errorf("enum values: %q", got)
	}
	t.Setenv("COMP_LINE", "")
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, _ := erosion(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "erosion") || (sh != "fish" && !strings.Contains(out, "complete -o default -C ")) {
			t.Errorf("%s: exit %d: %s", sh, code, out)
		}
	}
}

// normalize replaces what differs between machines: absolute paths of the
// checkout and the temporary folders, and spec digests (they change with
// every edit of a spec; the fields are what the golden file pins).
func normalize(s string, dirs map[string]string) string {
	for dir, name := range dirs {
		s = strings.ReplaceAll(s, dir, name)
	}
	return regexp.MustCompile(`sha256:[0-9a-f]{64}`).ReplaceAllString(s, "sha256:<digest>")
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestGoldenJSON(t *testing.T) {
	cache := t.TempDir()
	dirs := map[string]string{repoRoot(t): "<repo>", cache: "<cache>"}
	// One environment built (its inventory as envs build saves it).
	specs, err := configs.Specs("")
	if err != nil {
		t.Fatal(err)
	}
	trixie, _ := configs.Find(specs, "trixie-slim", "")
	inv := &envs.Inventory{Env: "trixie-slim", Kind: "debian", SpecDigest: trixie.Digest(), Digest: "sha256:" + strings.Repeat("ab", 32),
		Ref: "erosion-env:" + trixie.ShortDigest(), Python: "3.13.5", SizeBytes: 825700000, BuiltAt: time.Date(2026, 12, 3, 5, 56, 0, 0, time.UTC),
		Packages: []envs.Package{{Name: "numpy", Version: "2.2.4"}, {Name: "pandas", Version: "2.2.3+dfsg"}, {Name: "scikit-learn", Version: "1.4.2"}}}
	if err := envs.SaveInventory(cache, trixie, inv); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := erosion(t, "envs", "list", "--json", "--cache-dir", cache)
	if code != 0 {
		t.Fatalf("envs list: exit %d: %s", code, errOut)
	}
	var rows []envs.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != len(specs) {
		t.Fatalf("envs list --json: %v (%d rows)", err, len(rows))
	}
	golden(t, "json/envs-list.json", normalize(out, dirs))

	code, out, errOut = erosion(t, "dataset", "info", "--dataset", "../../datasets/starter", "--json")
	if code != 0 {
		t.Fatalf("dataset info: exit %d: %s", code, errOut)
	}
	golden(t, "json/dataset-info.json", normalize(out, dirs))

	// A Slurm plan of three shards, none submitted yet.
	res := t.TempDir()
	dirs[res] = "<results>"
	var runs []slurm.Run
	for _, nb := range []string{"a", "b", "c", "d"} {
		runs = append(runs, slurm.Run{Label: slurm.LabelOf(nb, "trixie-slim", ""), GPU: nb == "d"})
	}
	p := slurm.NewPlan(runs, 2, 1)
	p.Version, p.Results, p.JobName = slurm.PlanVersion, res, "erosion-test"
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = erosion(t, "slurm", "status", "--results", res, "--json")
	if code != 0 {
		t.Fatalf("slurm status: exit %d: %s", code, errOut)
	}
	golden(t, "json/slurm-status.json", normalize(out, dirs))
}

// The binary needs nothing of its checkout: specs and era tables are built
// in, and a dataset without targets needs no --eras.
func TestWorksOutsideItsCheckout(t *testing.T) {
	starter := filepath.Join(repoRoot(t), "datasets", "starter")
	t.Chdir(t.TempDir())
	code, out, errOut := erosion(t, "envs", "list", "--cache-dir", t.TempDir())
	if code != 0 || !strings.Contains(out, "trixie-slim") || !strings.Contains(out, "bullseye-slim") {
		t.Errorf("envs list: exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut = erosion(t, "dataset", "info", starter)
	if code != 0 || !strings.Contains(out, "bullseye") || !strings.Contains(out, "executability only") {
		t.Errorf("dataset info: exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut = erosion(t, "run", "--dataset", starter, "--backported", "--eras", "eras-slim", "--dry-run")
	if code != 0 || !strings.Contains(out, "bullseye-slim 5)") {
		t.Errorf("dry run with a built-in era table: exit %d: %s %s", code, out, errOut)
	}
	// A spec on disk replaces the built-in one of the same name.
	own := t.TempDir()
	os.WriteFile(filepath.Join(own, "trixie-slim.yaml"), []byte("name: trixie-slim\ndescription: mine\ndebian: trixie\npackages: [python3, python3-pandas]\n"), 0o644)
	code, out, _ = erosion(t, "envs", "inspect", "trixie-slim", "--envs-dir", own, "--cache-dir", t.TempDir())
	if !strings.Contains(out, filepath.Join(own, "trixie-slim.yaml")) || !strings.Contains(out, "2 packages asked for") {
		t.Errorf("the spec on disk did not win: exit %d: %s", code, out)
	}
	code, _, errOut = erosion(t, "envs", "list", "--envs-dir", filepath.Join(own, "nope"))
	if code != 2 || !strings.Contains(errOut, "is not a folder") {
		t.Errorf("a missing --envs-dir: exit %d: %s", code, errOut)
	}
}

func TestDryRun(t *testing.T) {
	res := t.TempDir()
	code, out, errOut := erosion(t, "run", "--dataset", "../../datasets/starter", "--results", res, "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "dry-run.txt", normalize(out, map[string]string{res: "<results>"}))

	// One run finished: the plan counts it as done, without taking the
	// folder's lock (held here by a writer).
	f, err := results.Open(res, "test writer")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := records.Run{Study: "starter", Dataset: "starter", NotebookID: "titanic-eda-2020", Environment: "trixie-slim", Status: records.StatusOK, OutcomeClass: records.ClassErrorFree}
	if err := f.Append(results.Entry{Run: r}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = erosion(t, "run", "--dataset", "../../datasets/starter", "--results", res, "--dry-run", "--backported", "--eras", "eras-slim", "--notebooks", "titanic-eda-2020,titanic-catplot-2018")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"trixie-slim  2     1     1\n", "backported   2     0     2  (in bullseye-slim 2)", "total        4     1     3", "needs --resume"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
}

func TestSubsetFromFile(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "ids.txt")
	os.WriteFile(list, []byte("# the two oldest\ntitanic-cross-validation-2016\n\ntitanic-ix-logreg-2017\n"), 0o644)
	code, out, errOut := erosion(t, "run", "--dataset", "../../datasets/starter", "--results", dir, "--dry-run", "--notebooks-file", list, "--notebooks", "titanic-eda-2020")
	if code != 0 || !strings.Contains(out, "3 notebooks") {
		t.Errorf("exit %d: %s %s", code, out, errOut)
	}
	os.WriteFile(list, []byte("titanic-eda-2020, titanic-ix-logreg-2017\n"), 0o644)
	code, _, errOut = erosion(t, "run", "--dataset", "../../datasets/starter", "--results", dir, "--dry-run", "--notebooks-file", list)
	if code != 2 || !strings.Contains(errOut, "line 1") {
		t.Errorf("a malformed list: exit %d: %s", code, errOut)
	}
	code, _, errOut = erosion(t, "run", "--dataset", "../../datasets/starter", "--results", dir, "--dry-run", "--competition", "nosuch")
	if code != 2 || !strings.Contains(errOut, `competition "nosuch"`) {
		t.Errorf("an unknown competition: exit %d: %s", code, errOut)
	}
}

// One name per concept: --eras is the era table, --backported the switch.
func TestErasFlags(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--eras", "eras-slim"}, "add --backported"},
		{[]string{"--backported", "--eras", "nosuch"}, "nor a built-in table (eras, eras-slim)"},
		{[]string{"--backported", "--eras", filepath.Join(dir, "nope.yaml")}, "nope.yaml: no such file"},
	}
	for _, c := range cases {
		code, _, errOut := erosion(t, append([]string{"run", "--dataset", "../../datasets/starter", "--results", dir, "--dry-run"}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d: %s", c.args, code, errOut)
		}
	}
	code, out, _ := erosion(t, "run", "--dataset", "../../datasets/starter", "--results", dir, "--dry-run", "--backported")
	if code != 0 || !strings.Contains(out, "bullseye 5") {
		t.Errorf("the default era table is the built-in eras: %s", out)
	}
}

// Paths in a config file are relative to its folder; study checks every
// path before its first stage.
func TestConfigPathsRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	rel, err := filepath.Rel(dir, filepath.Join(repoRoot(t), "datasets", "starter"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "study.yaml")
	os.WriteFile(cfg, []byte("dataset: "+rel+"\nresults: out\nbackported: true\neras: eras-slim\n"), 0o644)
	code, out, errOut := erosion(t, "run", "--config", cfg, "--dry-run")
	if code != 0 || !strings.Contains(out, "results folder "+filepath.Join(dir, "out")) || !strings.Contains(out, "bullseye-slim 5") {
		t.Errorf("exit %d: %s %s", code, out, errOut)
	}
	// A local era table beside the config wins over the built-in name.
	os.WriteFile(filepath.Join(dir, "eras-slim"), []byte("eras:\n  - {env: bookworm-slim, date: \"2023-06-10\"}\n"), 0o644)
	if _, out, _ := erosion(t, "run", "--config", cfg, "--dry-run"); !strings.Contains(out, "in bookworm-slim 6") {
		t.Errorf("the era table beside the config was not used: %s", out)
	}

	os.WriteFile(cfg, []byte("dataset: nope\nresults: out\nstages: [envs, run]\n"), 0o644)
	code, _, errOut = erosion(t, "study", "--config", cfg)
	if code != 2 || !strings.Contains(errOut, filepath.Join(dir, "nope")+" does not exist") || strings.Contains(errOut, "stage=") {
		t.Errorf("a wrong dataset path must stop the study before any stage: exit %d: %s", code, errOut)
	}
	os.WriteFile(cfg, []byte("dataset: "+rel+"\nresults: out\nstages: [envs, run, modernize]\nagent: \"predictions:\"\n"), 0o644)
	code, _, errOut = erosion(t, "study", "--config", cfg)
	if code != 2 || !strings.Contains(errOut, "--agent") || strings.Contains(errOut, "stage=") {
		t.Errorf("a wrong agent must stop the study before any stage: exit %d: %s", code, errOut)
	}
	// The shipped configs still parse and point at real folders.
	for _, c := range []string{"demo", "starter"} {
		var cli CLI
		if _, err := mustParser(t, &cli).Parse([]string{"study", "--config", "../../configs/" + c + ".yaml"}); err != nil {
			t.Fatalf("%s.yaml: %v", c, err)
		}
		if _, err := os.Stat(filepath.Join(cli.Study.Dataset, "dataset.yaml")); err != nil {
			t.Errorf("%s.yaml: dataset %s: %v", c, cli.Study.Dataset, err)
		}
		if filepath.Dir(cli.Study.Results) != filepath.Join(repoRoot(t), "out") {
			t.Errorf("%s.yaml: results %s", c, cli.Study.Results)
		}
	}
}

// The dataset is --dataset everywhere; verify, info and seal also take it
// as their argument.
func TestDatasetFlagAndArgument(t *testing.T) {
	for _, a := range [][]string{{"--dataset", "../../datasets/starter"}, {"../../datasets/starter"}} {
		if code, out, errOut := erosion(t, append([]string{"dataset", "verify"}, a...)...); code != 0 || !strings.Contains(out, "verified") {
			t.Errorf("%v: exit %d: %s", a, code, errOut)
		}
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"dataset", "verify", "/nope"}, "dataset folder /nope does not exist"},
		{[]string{"dataset", "verify"}, "no dataset given: pass --dataset DIR"},
		{[]string{"dataset", "info", "--dataset", "../../datasets/starter", "../../datasets/mini"}, "two datasets given"},
	}
	for _, c := range cases {
		code, _, errOut := erosion(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d: %s", c.args, code, errOut)
		}
	}
}

// copyDataset copies the starter dataset to a temporary folder.
func copyDataset(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "starter")
	if err := os.CopyFS(dir, os.DirFS("../../datasets/starter")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEmptyDataWarns(t *testing.T) {
	ds := copyDataset(t)
	data := filepath.Join(ds, "competitions", "titanic-mini", "data")
	os.RemoveAll(data)
	os.MkdirAll(data, 0o755)
	code, _, errOut := erosion(t, "dataset", "seal", ds)
	if code != 0 || !strings.Contains(errOut, "competition has no data") {
		t.Errorf("seal: exit %d: %s", code, errOut)
	}
	code, _, errOut = erosion(t, "dataset", "verify", ds)
	if code != 0 || !strings.Contains(errOut, "competition has no data") || !strings.Contains(errOut, "titanic-mini") {
		t.Errorf("verify: exit %d: %s", code, errOut)
	}
	code, _, errOut = erosion(t, "run", "--dataset", ds, "--results", t.TempDir(), "--dry-run")
	if code != 0 || !strings.Contains(errOut, "competition has no data") {
		t.Errorf("run: exit %d: %s", code, errOut)
	}
}

// envs prune leaves another process's build alone, asks before removing,
// and lists only with --dry-run.
func TestPrune(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock") // the cache alone
	cache := t.TempDir()
	dir := filepath.Join(cache, "envs")
	specs, _ := configs.Specs("")
	kept := filepath.Join(dir, specs[0].CacheKey())
	old := filepath.Join(dir, "0123456789abcdef")
	busy := filepath.Join(dir, ".build-"+specs[0].CacheKey()+"-1")
	dead := filepath.Join(dir, ".build-"+specs[0].CacheKey()+"-2")
	for _, d := range []string{kept, old, busy, dead} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(old+".build.log", []byte("log"), 0o644)
	lock, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	prune := func(answer string, a ...string) (int, string) {
		t.Helper()
		stdin = strings.NewReader(answer)
		defer func() { stdin = os.Stdin }()
		code, out, _ := erosion(t, append([]string{"envs", "prune", "--cache-dir", cache}, a...)...)
		return code, out
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	code, out := prune("", "--dry-run")
	if code != 0 || !strings.Contains(out, "skip "+busy) || !strings.Contains(out, "remove "+old) || !strings.Contains(out, "remove "+dead) || strings.Contains(out, "remove "+kept) {
		t.Errorf("dry run: %s", out)
	}
	if !exists(old) || !exists(dead) {
		t.Error("--dry-run removed something")
	}
	if _, out := prune("n\n"); !strings.Contains(out, "nothing removed") || !exists(old) {
		t.Errorf("declined: %s", out)
	}
	if _, out := prune(""); !strings.Contains(out, "nothing removed") || !exists(old) {
		t.Errorf("no answer (no terminal): %s", out)
	}
	if _, out := prune("y\n"); exists(old) || exists(old+".build.log") || exists(dead) || !exists(busy) || !exists(kept) {
		t.Errorf("confirmed: %s", out)
	}
	os.MkdirAll(old, 0o755)
	if code, _ := prune("", "--yes"); code != 0 || exists(old) {
		t.Error("--yes did not remove without asking")
	}
}

func TestBackportListsAreJSON(t *testing.T) {
	out := t.TempDir()
	t.Setenv("PIP_INDEX_URL", "")
	code, _, errOut := erosion(t, "envs", "backport", "--dataset", "../../datasets/starter", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(filepath.Join(out, "assignment.csv"))
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		if !strings.Contains(line, `"[""`) && !strings.Contains(line, ",[],") {
			t.Errorf("distributions are not a JSON list: %s", line)
		}
	}
}

// The run's closing summary: one line per environment, first runs by
// status, reproduced of those with a target.
func TestSummary(t *testing.T) {
	target, score := 0.8, 0.79
	runs := []records.Run{
		{NotebookID: "a", Environment: "trixie-slim", Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &target, Score: &score},
		{NotebookID: "b", Environment: "trixie-slim", Status: records.StatusError, OutcomeClass: records.ClassErrorNonReproducible, TargetScore: &target},
		{NotebookID: "c", Environment: "trixie-slim", Status: records.StatusTimeout, OutcomeClass: records.ClassFailed},
		{NotebookID: "a", Environment: "backported", Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &target, Score: &score},
		{NotebookID: "a", Environment: "trixie-slim", Agent: "rules", Status: records.StatusOK},
	}
	plan := &study.Plan{Tolerance: 0.1}
	for _, k := range []string{"trixie-slim/a", "trixie-slim/b", "trixie-slim/c", "backported/a"} {
		env, nb, _ := strings.Cut(k, "/")
		plan.Tasks = append(plan.Tasks, study.Task{Task: harness.Task{NotebookID: nb, Env: harness.Env{Name: env}}})
	}
	var buf bytes.Buffer
	study.WriteSummary(&buf, plan, runs, "res")
	golden(t, "summary.txt", buf.String())
}

// Every file under help/ is the help of a command: a renamed command does
// not leave its examples behind.
func TestHelpFilesHaveCommands(t *testing.T) {
	have := map[string]bool{}
	for _, n := range leaves(t) {
		have[strings.ReplaceAll(n.Path(), " ", "-")+".txt"] = true
	}
	files, err := helpFiles.ReadDir("help")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !have[f.Name()] {
			t.Errorf("help/%s is the help of no command", f.Name())
		}
	}
}
