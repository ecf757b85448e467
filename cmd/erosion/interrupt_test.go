package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
)

// interrupt starts the binary with a, waits until res journals n runs,
// sends Ctrl-C and returns the exit code and stderr.
func interrupt(t *testing.T, bin, res string, n int, a ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, a...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitJournal(t, res, n, 4*time.Minute)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("exit after Ctrl-C: %v\n%s", err, errOut.String())
	}
	return ee.ExitCode(), errOut.String()
}

// hint is the command line an interrupt message says finishes the rest.
func hint(t *testing.T, errOut string) []string {
	t.Helper()
	m := regexp.MustCompile("interrupted: \\d+ runs recorded; `erosion ([^`]+)` with the same flags finishes the rest").FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("no resume hint in: %s", errOut)
	}
	return strings.Fields(m[1])
}

// An interrupted `dataset targets` leaves manifest.parquet as it was (the
// dataset still verifies) and says how to finish; that command finishes.
func TestTargetsInterruptKeepsManifest(t *testing.T) {
	needDocker(t)
	dir := gradedDataset(t)
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var rows []datasets.Entry
	for _, nb := range ds.Notebooks {
		e, err := ds.Describe(nb)
		if err != nil {
			t.Fatal(err)
		}
		e.TargetNote = "not measured yet"
		rows = append(rows, e)
	}
	if err := ds.WriteManifest(rows); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := erosion(t, "dataset", "seal", dir); code != 0 {
		t.Fatal(errOut)
	}
	before, _ := os.ReadFile(ds.ManifestPath())

	bin := buildBinary(t)
	res := filepath.Join(t.TempDir(), "targets")
	code, errOut := interrupt(t, bin, res, 1, "dataset", "targets", "--dataset", dir, "--eras", "eras-slim", "--results", res, "--timeout", "120s")
	if code != 130 {
		t.Errorf("exit %d after Ctrl-C: %s", code, errOut)
	}
	after, err := os.ReadFile(ds.ManifestPath())
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the interrupted measurement changed manifest.parquet (%v)", err)
	}
	if code, _, errOut := erosion(t, "dataset", "verify", dir); code != 0 {
		t.Errorf("the dataset no longer verifies: %s", errOut)
	}
	again := hint(t, errOut)
	if strings.Join(again, " ") != "dataset targets --dataset "+dir+" --results "+res {
		t.Errorf("resume hint %q", again)
	}
	if code, out, errOut := erosion(t, append(again, "--eras", "eras-slim", "--timeout", "120s")...); code != 0 {
		t.Fatalf("the hinted command: exit %d: %s %s", code, out, errOut)
	}
	manifest, _ := ds.Manifest()
	for _, e := range manifest {
		if e.NotebookID == "good-2019" && e.TargetScore == nil {
			t.Errorf("resumed measurement left good-2019 without a target: %q", e.TargetNote)
		}
	}
}

// An interrupted modernize ends as an interrupted run does: exit 130 and
// the command that finishes the rest.
func TestModernizeInterrupted(t *testing.T) {
	needDocker(t)
	bin := buildBinary(t)
	res := t.TempDir()
	code, errOut := interrupt(t, bin, res, 1, "modernize", "--dataset", "../../datasets/starter", "--agent", "rules", "--results", res,
		"--notebooks", "titanic-ix-logreg-2017,titanic-eda-2020,titanic-cross-validation-2016", "--timeout", "90s")
	if code != 130 || strings.Contains(errOut, "erosion: context canceled") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if again := hint(t, errOut); strings.Join(again, " ") != "modernize" {
		t.Errorf("hint %q", again)
	}
}

// bench warns about a prediction the folder lacks and counts the notebook
// as missing; --json prints the leaderboard's stable fields.
func TestBenchMissingPrediction(t *testing.T) {
	needDocker(t)
	preds := t.TempDir()
	// A prediction for one of the two notebooks that fail today.
	os.WriteFile(filepath.Join(preds, "titanic-ix-logreg-2017.py"), []byte("# %%\nimport pandas as pd\nprint(pd.read_csv('../input/train.csv').shape)\n"), 0o644)
	res := t.TempDir()
	code, out, errOut := erosion(t, "bench", "--dataset", "../../datasets/starter", "--notebooks", "titanic-ix-logreg-2017,titanic-eda-2020",
		"--agent", "predictions:"+preds, "--results", res, "--timeout", "90s", "--workers", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "has no prediction for 1 notebooks: titanic-eda-2020") {
		t.Errorf("no warning about the missing prediction: %s", errOut)
	}
	var board []map[string]any
	if err := json.Unmarshal([]byte(out), &board); err != nil || len(board) != 1 {
		t.Fatalf("bench --json: %v\n%s", err, out)
	}
	s := board[0]
	if s["agent"] != "predictions:"+filepath.Base(preds) || s["attempted"] != 2.0 || s["missing"] != 1.0 || s["restored_executable"] != 1.0 {
		t.Errorf("standing %v", s)
	}
	rate, _ := s["restored_executable_rate"].(map[string]any)
	if rate["rate"] != 0.5 || rate["ci_low"] == nil || rate["ci_high"] == nil {
		t.Errorf("executable rate %v", s["restored_executable_rate"])
	}
	md, _ := os.ReadFile(filepath.Join(res, "leaderboard.md"))
	if !strings.Contains(string(md), "| attempted | missing |") {
		t.Errorf("leaderboard.md has no missing column:\n%s", md)
	}
}
