package grading

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write puts content in a file named name under dir and returns its path.
func write(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var titanic = Spec{Metric: Accuracy, HigherIsBetter: true, IDColumn: "PassengerId", TargetColumn: "Survived"}

const titanicAnswers = "PassengerId,Survived,Usage\n892,0,Public\n893,1,Public\n894,0,Private\n895,1,Private\n"

func TestGradeTolerantCSV(t *testing.T) {
	tests := []struct {
		name string
		sub  string
		want float64
	}{
		{"plain", "PassengerId,Survived\n892,0\n893,1\n894,0\n895,1\n", 1},
		{"one wrong", "PassengerId,Survived\n892,0\n893,1\n894,0\n895,0\n", 0.75},
		{"BOM, CRLF, no trailing newline", "\uFEFFPassengerId,Survived\r\n892,0\r\n893,1\r\n894,0\r\n895,1", 1},
		{"shuffled rows, swapped and extra columns", "Name,Survived,PassengerId\nx,1,895\n\"Doe, J\",0,892\ny,0,894\nz,1,893\n", 1},
		{"quoted and padded fields, float labels", "\"PassengerId\", Survived \n\" 892 \",0.0\n893,\"1\"\n894 ,0\n895,1.0\n\n", 1},
		{"quoted field spanning lines", "PassengerId,Note,Survived\n892,\"two\nlines\",0\n893,,1\n894,,0\n895,,1\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ans := write(t, dir, "answers.csv", titanicAnswers)
			got, err := Grade(titanic, write(t, dir, "submission.csv", tt.sub), ans)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Grade = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGradeNumeric(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{Metric: LogRMSE, IDColumn: "Id", TargetColumn: "SalePrice"}
	ans := write(t, dir, "answers.csv", "Id,SalePrice\n1461,100\n1462,1000\n")
	sub := write(t, dir, "submission.csv", "Id,SalePrice\n1462,100.0\n1461,1e2\n")
	got, err := Grade(spec, sub, ans)
	if err != nil {
		t.Fatal(err)
	}
	// ln 1000 - ln 100 = ln 10 on one of two rows → sqrt(ln²10 / 2)
	if want := 1.6281735335151468; math.Abs(got-want) > 1e-12 {
		t.Errorf("Grade = %v, want %v", got, want)
	}
}

// TestGradeInvalid writes one malformed submission per reason and checks the
// reason and that the message says where.
func TestGradeInvalid(t *testing.T) {
	const header = "PassengerId,Survived\n"
	tests := []struct {
		name   string
		spec   Spec
		sub    string // "" with noFile: no submission at all
		noFile bool
		reason string
		detail []string // substrings of the error text
	}{
		{"missing", titanic, "", true, ReasonMissing, []string{"submission.csv"}},
		{"empty file", titanic, "", false, ReasonEmpty, []string{"empty"}},
		{"only a BOM and blank lines", titanic, "\uFEFF\n\r\n", false, ReasonEmpty, []string{"empty"}},
		{"header only", titanic, header, false, ReasonEmpty, []string{"no rows", "PassengerId"}},
		{"bare quote", titanic, header + "892,0\n893,1\"x\n894,0\n895,1\n", false, ReasonUnreadable, []string{"line 3", "bare \""}},
		{"binary", titanic, "PAR1\x15\x04\x15\xff\xfe\x00\x00", false, ReasonUnreadable, []string{"line 1", "not UTF-8"}},
		{"short row", titanic, header + "892,0\n893\n894,0\n895,1\n", false, ReasonUnreadable, []string{"row 2 (line 3)", "1 fields"}},
		{"no target column", titanic, "PassengerId,Survival\n892,0\n", false, ReasonColumns,
			[]string{`target column "Survived"`, `["PassengerId" "Survival"]`}},
		{"no columns at all", titanic, "id,label\n892,0\n", false, ReasonColumns,
			[]string{`id column "PassengerId" and no target column "Survived"`, `["id" "label"]`}},
		{"too many rows", titanic, header + "892,0\n893,1\n894,0\n895,1\n892,0\n", false, ReasonRowCount, []string{"5 rows", "answers have 4"}},
		{"duplicate id", titanic, header + "892,0\n893,1\n893,0\n895,1\n", false, ReasonDuplicateID,
			[]string{"row 3 (line 4)", `id "893"`, "already at row 2 (line 3)"}},
		{"unknown id", titanic, header + "892,0\n893,1\n894,0\n895.0,1\n", false, ReasonUnknownID,
			[]string{"row 4 (line 5)", `"895.0"`}},
		{"missing id", titanic, header + "895,1\n892,0\n893,1\n", false, ReasonMissingID,
			[]string{`id "894"`, "row 3 of the answers", "3 rows, the answers have 4"}},
		{"empty label", titanic, header + "892,0\n893,\n894,0\n895,1\n", false, ReasonNonFinite,
			[]string{"row 2 (line 3)", `id "893"`, "empty cell"}},
		{"not a number", auc, aucHeader + "1,0.2\n2,high\n3,0.5\n", false, ReasonNotNumber,
			[]string{"row 2 (line 3)", `id "2"`, `"high"`}},
		{"inf", auc, aucHeader + "1,0.2\n2,0.3\n3,-inf\n", false, ReasonNonFinite, []string{"row 3 (line 4)", `"-inf"`}},
		{"nan", auc, aucHeader + "1,0.2\n2,NaN\n3,0.5\n", false, ReasonNonFinite, []string{"row 2", `"NaN"`}},
		{"empty score", auc, aucHeader + "1,\n2,0.3\n3,0.5\n", false, ReasonNonFinite, []string{"row 1 (line 2)", "empty cell"}},
		{"probability above 1", withMetric(auc, LogLoss), aucHeader + "1,0.2\n2,1.5\n3,0.5\n", false, ReasonOutOfRange,
			[]string{"row 2 (line 3)", `"1.5"`, "[0, 1]"}},
		{"negative for rmsle", withMetric(auc, RMSLE), aucHeader + "1,0.2\n2,0.3\n3,-1\n", false, ReasonOutOfRange,
			[]string{"row 3 (line 4)", `"-1"`, "negative"}},
		{"zero for log_rmse", withMetric(auc, LogRMSE), aucHeader + "1,0\n2,0.3\n3,1\n", false, ReasonOutOfRange,
			[]string{"row 1 (line 2)", `"0"`, "not positive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			answers := titanicAnswers
			if tt.spec.IDColumn == auc.IDColumn {
				answers = aucAnswers
			}
			ans := write(t, dir, "answers.csv", answers)
			sub := filepath.Join(dir, "submission.csv")
			if !tt.noFile {
				write(t, dir, "submission.csv", tt.sub)
			}
			score, err := Grade(tt.spec, sub, ans)
			var inv *Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("Grade = %v, %v; want an *Invalid", score, err)
			}
			if inv.Reason != tt.reason {
				t.Errorf("reason %q, want %q (%v)", inv.Reason, tt.reason, err)
			}
			for _, s := range append([]string{tt.reason}, tt.detail...) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

var auc = Spec{Metric: ROCAUC, HigherIsBetter: true, IDColumn: "id", TargetColumn: "target"}

const (
	aucHeader  = "id,target\n"
	aucAnswers = aucHeader + "1,1\n2,0\n3,1\n"
)

func withMetric(s Spec, metric string) Spec {
	s.Metric = metric
	return s
}

// Problems with the spec or the answers are the grader's, not the
// submission's: plain errors, never *Invalid.
func TestGradeAnswersErrors(t *testing.T) {
	dir := t.TempDir()
	sub := write(t, dir, "submission.csv", "PassengerId,Survived\n892,0\n")
	tests := []struct {
		name, answers string
		spec          Spec
		text          string
	}{
		{"answers absent", "", titanic, "no such file"},
		{"answers without target", "PassengerId,Label\n892,0\n", titanic, "columns"},
		{"answers with duplicate ids", "PassengerId,Survived\n892,0\n892,1\n", titanic, `id "892"`},
		{"unknown metric", titanicAnswers, withMetric(titanic, "f3"), "unknown metric"},
		{"single-class auc", "PassengerId,Survived\n892,1\n", withMetric(titanic, ROCAUC), "only one class"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := filepath.Join(dir, fmt.Sprintf("answers%d.csv", i))
			if tt.answers != "" {
				write(t, dir, filepath.Base(ans), tt.answers)
			}
			_, err := Grade(tt.spec, sub, ans)
			var inv *Invalid
			if err == nil || errors.As(err, &inv) {
				t.Fatalf("Grade error = %v, want a plain error", err)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not mention %q", err, tt.text)
			}
		})
	}
}

func BenchmarkGrade100k(b *testing.B) {
	const n = 100_000
	var ans, sub strings.Builder
	ans.WriteString("id,y\n")
	sub.WriteString("id,y,extra\n")
	for i := range n {
		fmt.Fprintf(&ans, "%d,%d\n", i, i%7)
		// Submission rows in reverse order so alignment is exercised.
		j := n - 1 - i
		fmt.Fprintf(&sub, "%d,%.4f,x\n", j, float64(j%7)+0.25)
	}
	dir := b.TempDir()
	ansPath := write(b, dir, "answers.csv", ans.String())
	subPath := write(b, dir, "submission.csv", sub.String())
	spec := Spec{Metric: RMSE, IDColumn: "id", TargetColumn: "y"}
	for b.Loop() {
		score, err := Grade(spec, subPath, ansPath)
		if err != nil || math.Abs(score-0.25) > 1e-9 {
			b.Fatalf("Grade = %v, %v", score, err)
		}
	}
}
