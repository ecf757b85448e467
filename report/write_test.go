package report_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/report"
)

// Without a dataset the report still has everything the runs support, and
// says (in the log) which tables and figures it left out.
func TestWriteAllWithoutDataset(t *testing.T) {
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	out := t.TempDir()
	paths, err := report.WriteAll(s, nil, out, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 || filepath.Base(paths[0]) != "report.html" {
		t.Errorf("paths %v", paths)
	}
	for _, p := range []string{"report.md", "report.json", "tables/environments.md", "figures/outcome-classes.pdf"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, want := range []string{"left out the tables by-year", "left out the figure rate-by-year"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	var b bytes.Buffer
	if err := report.WriteHeadline(&b, s, s.Tables()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "environments, ") || !strings.Contains(b.String(), "infrastructure failures, not counted") {
		t.Errorf("headline:\n%s", b.String())
	}
}
