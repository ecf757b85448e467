package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/agents"
	"erosion/datasets"
	"erosion/harness"
	"erosion/notebook"
)

// TestMiniNotebooks measures the rules on a dataset: each notebook runs in
// trixie-slim; while a cell raises, Fix rewrites and it runs again (at most
// 16 fixes). It takes long (every notebook runs at least once), so it only
// runs when EROSION_RULES_DATASET names a dataset folder (e.g.
// datasets/mini); EROSION_RULES_ONLY narrows it to a comma-separated list of
// notebook ids, EROSION_RULES_OUT keeps the rewritten notebooks there as
// percent scripts. It fails when a rewrite breaks a cell that ran before or
// a rule crashes.
func TestMiniNotebooks(t *testing.T) {
	dir := os.Getenv("EROSION_RULES_DATASET")
	if dir == "" {
		t.Skip("EROSION_RULES_DATASET is not set: the measurement on a dataset is opt-in")
	}
	d, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	only := map[string]bool{}
	for _, id := range strings.Split(os.Getenv("EROSION_RULES_ONLY"), ",") {
		if id != "" {
			only[id] = true
		}
	}
	out := os.Getenv("EROSION_RULES_OUT")
	b := testBackend(t)
	img := envImage(t, b, "trixie-slim")
	agent := &Agent{Driver: b, Image: img}
	var failing, restored int
	var lines []string
	for _, nb := range d.Notebooks {
		if len(only) > 0 && !only[nb.ID] {
			continue
		}
		parsed, err := notebook.Read(d.NotebookPath(nb))
		if err != nil {
			t.Fatal(err)
		}
		var cells []string
		for _, c := range parsed.CodeCells() {
			cells = append(cells, c.Source)
		}
		run := func(cells []string) *harness.Execution {
			job := harness.Job{
				ID:    "rules-mini-" + randomID(),
				Image: img, Cells: cells, Dir: t.TempDir(),
				Inputs:  []harness.Input{{Slug: nb.Competition, Dir: d.DataDir(nb.Competition)}},
				Timeout: 5 * time.Minute, Limits: harness.DefaultLimits, StopOnError: true,
			}
			ex, err := harness.Execute(t.Context(), b, job)
			if err != nil {
				t.Fatal(err)
			}
			return ex
		}
		firstError := func(ex *harness.Execution) (Failure, bool) {
			if ex.Result == nil {
				return Failure{}, ex.TimedOut
			}
			for _, c := range ex.Result.Cells {
				if c.Error != nil {
					return Failure{Cell: c.Index, ExceptionType: c.Error.Type, Message: c.Error.Message, Traceback: c.Error.Traceback}, true
				}
			}
			return Failure{}, ex.TimedOut
		}
		ex := run(cells)
		f, bad := firstError(ex)
		if !bad {
			lines = append(lines, fmt.Sprintf("%-45s ok today", nb.ID))
			continue
		}
		failing++
		status := ""
		var applied []string
		okBefore := f.Cell
		for fix := 1; ; fix++ {
			if ex.TimedOut {
				status = "timed out before any fix"
				break
			}
			if fix > 16 {
				status = "still failing after 16 fixes: " + f.ExceptionType
				break
			}
			res, err := agent.Fix(t.Context(), cells, f)
			if errors.Is(err, ErrNoRule) {
				status = fmt.Sprintf("no rule for cell %d %s: %s", f.Cell, f.ExceptionType, firstLine(f.Message))
				if res != nil && len(res.Warnings) > 0 {
					t.Errorf("%s: %v", nb.ID, res.Warnings)
				}
				break
			}
			var unrestorable *agents.UnrestorableError
			if errors.As(err, &unrestorable) {
				status = err.Error()
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", nb.ID, err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("%s: %v", nb.ID, res.Warnings)
			}
			for _, e := range res.Edits {
				applied = append(applied, e.Rule)
			}
			cells = res.Cells
			ex = run(cells)
			f, bad = firstError(ex)
			if !bad {
				restored++
				status = fmt.Sprintf("restored in %d fixes", fix)
				break
			}
			if ex.TimedOut {
				status = fmt.Sprintf("timed out after %d fixes", fix)
				break
			}
			if f.Cell < okBefore {
				t.Errorf("%s: the rewrite broke cell %d, which ran before: %s: %s", nb.ID, f.Cell, f.ExceptionType, firstLine(f.Message))
			}
			okBefore = max(okBefore, f.Cell)
		}
		lines = append(lines, fmt.Sprintf("%-45s %s [%s]", nb.ID, status, strings.Join(uniq(applied), " ")))
		if out != "" {
			writePercent(t, filepath.Join(out, nb.File), cells)
		}
	}
	t.Logf("\n%s\nfailing today: %d, restored to run clean: %d", strings.Join(lines, "\n"), failing, restored)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// writePercent keeps a rewritten notebook as a Jupytext percent script
// (path's extension becomes .py), which erosion reads back as the same cells.
func writePercent(t *testing.T, path string, cells []string) {
	path = strings.TrimSuffix(path, filepath.Ext(path)) + ".py"
	var sb strings.Builder
	for _, c := range cells {
		sb.WriteString("# %%\n" + c + "\n\n")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
