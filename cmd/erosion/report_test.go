package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/analysis/analysistest"
	"erosion/cli"
)

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestReportCommandWritesEverythingIdentically(t *testing.T) {
	res := t.TempDir()
	analysistest.Write(t, res)
	var out bytes.Buffer
	stdout = &out
	defer func() { stdout = os.Stdout }()

	site := filepath.Join(t.TempDir(), "site")
	cmd := &ReportCmd{StudyFlags: StudyFlags{Results: res}, Out: site}
	if err := cmd.Run(context.Background(), &Globals{}); err != nil {
		t.Fatal(err)
	}
	first := snapshot(t, site)
	for _, want := range []string{"report.html", "report.md", "report.json", "tables/environments.tex", "tables/transitions.csv",
		"figures/outcome-classes.pdf", "figures/transitions.svg", "figures/runtime-cdf.png"} {
		if _, ok := first[filepath.FromSlash(want)]; !ok {
			t.Errorf("report did not write %s", want)
		}
	}
	if !strings.Contains(out.String(), "report.html") {
		t.Errorf("output: %s", out.String())
	}
	// Same Parquet, same command: the same bytes, every file.
	if err := cmd.Run(context.Background(), &Globals{}); err != nil {
		t.Fatal(err)
	}
	second := snapshot(t, site)
	if len(second) != len(first) {
		t.Errorf("%d files then %d", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs on the second run", name)
		}
	}

	// figures defaults to <results>/figures; analyze's tables to <results>/tables.
	if err := (&FiguresCmd{StudyFlags: StudyFlags{Results: res}}).Run(context.Background(), &Globals{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(res, "figures", "failures.pdf")); err != nil {
		t.Error(err)
	}
	if err := (&AnalyzeCmd{StudyFlags: StudyFlags{Results: res}}).Run(context.Background(), &Globals{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(res, "tables", "environments.md")); err != nil {
		t.Error(err)
	}
}

func TestReportCommandErrors(t *testing.T) {
	code := func(err error) int { return cli.ExitErrorOf(err, "erosion", "report").Code }
	err := (&ReportCmd{StudyFlags: StudyFlags{Results: filepath.Join(t.TempDir(), "nope")}}).Run(context.Background(), &Globals{})
	if code(err) != 2 || !strings.Contains(err.Error(), "--results") {
		t.Errorf("missing folder: %v", err)
	}
	err = (&FiguresCmd{StudyFlags: StudyFlags{Results: t.TempDir()}}).Run(context.Background(), &Globals{})
	if err == nil || !strings.Contains(err.Error(), "erosion run") {
		t.Errorf("empty folder: %v", err)
	}
	// A dataset other than the one the runs came from is a usage error.
	res := t.TempDir()
	analysistest.Write(t, res)
	err = (&ReportCmd{StudyFlags: StudyFlags{Results: res, Dataset: "../../datasets/starter"}}).Run(context.Background(), &Globals{})
	if code(err) != 2 || !strings.Contains(err.Error(), `"starter"`) {
		t.Errorf("wrong dataset: %v", err)
	}
}
