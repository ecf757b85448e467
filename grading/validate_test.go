package grading

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGradeDataInvalid covers the validation rules of the spec fields and
// metrics added for MLE-bench's competitions: one malformed submission per
// rule, checked for its reason and for saying where.
func TestGradeDataInvalid(t *testing.T) {
	spooky := Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("EAP", "HPL", "MWS"), SumTolerance: 5e-7}
	const spookyAnswers = "id,EAP,HPL,MWS\na,1,0,0\nb,0,1,0\n"
	whale := Spec{Metric: MAPK, K: 5, ExactColumns: true, IDColumn: "Image", TargetColumn: "Id"}
	const whaleAnswers = "Image,Id\n1.jpg,w_1\n2.jpg,w_2 new_whale\n"
	masks := Spec{Metric: Dice, IDColumn: "id", TargetColumn: "rle"}
	const maskAnswers = "id,rle\n1,1 4\n2,\n"
	stanford := Spec{Metric: RMSE, IDColumn: "id", TargetColumns: cols("r", "d"), RequiredColumns: cols("extra")}
	tests := []struct {
		name, answers, sub string
		spec               Spec
		reason             string
		detail             []string
	}{
		{"row does not sum to 1", spookyAnswers, "id,EAP,HPL,MWS\na,0.5,0.3,0.199\nb,0.1,0.8,0.1\n", spooky, ReasonRowSum,
			[]string{"row 1 (line 2)", `id "a"`, "sum to 0.999", "tolerance 5e-07"}},
		{"probability above 1", spookyAnswers, "id,EAP,HPL,MWS\na,1,0,0\nb,0,1.5,-0.5\n", spooky, ReasonOutOfRange,
			[]string{"row 2 (line 3)", `column "HPL"`, `"1.5" is not a probability`}},
		{"a class column missing", spookyAnswers, "id,EAP,MWS\na,0.5,0.5\nb,0.5,0.5\n", spooky, ReasonColumns,
			[]string{`no target column "HPL"`}},
		{"pandas index column with exact_columns", whaleAnswers, ",Image,Id\n0,1.jpg,w_1\n1,2.jpg,w_2\n", whale, ReasonColumns,
			[]string{`column "" is not allowed`, "exactly 2 columns"}},
		{"repeated column with exact_columns", whaleAnswers, "Image,Id,Id\n1.jpg,w_1,w_1\n2.jpg,w_2,w_2\n", whale, ReasonColumns,
			[]string{"3 columns, want 2"}},
		{"qwk label 2.5", "id,y\n1,2\n2,3\n", "id,y\n1,2.5\n2,3\n", Spec{Metric: QWK, IDColumn: "id", TargetColumn: "y"}, ReasonFormat,
			[]string{"row 1", `"2.5" is not a whole number`}},
		{"outside the spec's range", "Id,Pawpularity\na,50\nb,60\n", "Id,Pawpularity\na,0.5\nb,60\n",
			Spec{Metric: RMSE, IDColumn: "Id", TargetColumn: "Pawpularity", Range: []float64{1, 100}}, ReasonOutOfRange,
			[]string{"row 1", `"0.5" is outside [1, 100]`}},
		{"required column absent", "id,r,d\n1,1,1\n", "id,r,d\n1,1,1\n", stanford, ReasonColumns, []string{`no column "extra"`}},
		{"odd run-length", maskAnswers, "id,rle\n1,1 4 9\n2,\n", masks, ReasonFormat, []string{"row 1", "3 numbers"}},
		{"overlapping runs", maskAnswers, "id,rle\n1,1 4 3 2\n2,\n", masks, ReasonFormat, []string{"overlaps"}},
		{"runs out of order", maskAnswers, "id,rle\n1,9 2 1 2\n2,\n", masks, ReasonFormat, []string{"starts before"}},
		{"run starting at 0", maskAnswers, "id,rle\n1,0 4\n2,\n", masks, ReasonFormat, []string{"not positive"}},
		{"run not integers", maskAnswers, "id,rle\n1,1.0 4\n2,\n", masks, ReasonFormat, []string{"not two integers"}},
		{"constant predictions for spearman", "id,y\n1,1\n2,2\n3,3\n", "id,y\n1,0.5\n2,0.5\n3,0.5\n",
			Spec{Metric: Spearman, IDColumn: "id", TargetColumns: cols("y")}, ReasonUndefined, []string{"constant predictions"}},
		{"extra ids allowed, but a missing id is not", "c,p\nx,a\ny,b\n", "c,p\nx,a\nq,b\nr,c\n",
			Spec{Metric: MAPK, K: 12, ExtraIDs: true, IDColumn: "c", TargetColumn: "p"}, ReasonMissingID, []string{`id "y"`}},
		{"extra ids allowed, but not a repeated one", "c,p\nx,a\ny,b\n", "c,p\nx,a\ny,b\nx,c\n",
			Spec{Metric: MAPK, ExtraIDs: true, IDColumn: "c", TargetColumn: "p"}, ReasonDuplicateID, []string{`id "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := write(t, t.TempDir(), "answers.csv", tt.answers)
			score, err := GradeData(tt.spec, []byte(tt.sub), ans)
			inv, ok := errors.AsType[*Invalid](err)
			if !ok {
				t.Fatalf("GradeData = %v, %v; want an *Invalid", score, err)
			}
			if inv.Reason != tt.reason {
				t.Errorf("reason %q, want %q (%v)", inv.Reason, tt.reason, err)
			}
			for _, s := range tt.detail {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

// Problems of the spec or the answers are plain errors, never *Invalid.
func TestGradeDataPlainErrors(t *testing.T) {
	tests := []struct {
		name, answers, sub string
		spec               Spec
		undefined          bool
		text               string
	}{
		{"constant answers for pearson", "id,y\n1,2\n2,2\n", "id,y\n1,1\n2,3\n", Spec{Metric: Pearson, IDColumn: "id", TargetColumn: "y"}, true, "answers are constant"},
		{"no kept rows", "id,y,keep\n1,2,0\n", "id,y\n1,1\n", Spec{Metric: RMSE, IDColumn: "id", TargetColumn: "y", Where: &Where{"keep", "1"}}, true, "no rows"},
		{"class not among the columns", "id,label\n1,C\n", "id,A,B\n1,0.5,0.5\n",
			Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("A", "B"), AnswerColumn: "label"}, false, `class "C" is not one of the 2 target columns`},
		{"answers mask malformed", "id,rle\n1,3 1 1 1\n", "id,rle\n1,\n", Spec{Metric: Dice, IDColumn: "id", TargetColumn: "rle"}, false, "answer 0: pair 2 starts before"},
		{"global dice of nothing", "id,rle\n1,-\n", "id,rle\n1,\n", Spec{Metric: GlobalDice, IDColumn: "id", TargetColumn: "rle"}, true, "every mask"},
		{"negative vote", "id,a,b\n1,-1,2\n", "id,a,b\n1,0.5,0.5\n", Spec{Metric: KLDivergence, IDColumn: "id", TargetColumns: cols("a", "b")}, false, `"-1" is negative`},
		{"column-wise error names the column", "id,a,b\n1,0,1\n2,1,1\n", "id,a,b\n1,0.2,0.3\n2,0.4,0.5\n",
			Spec{Metric: ROCAUC, IDColumn: "id", TargetColumns: cols("a", "b")}, true, `column "b"`},
		{"answers lack a class column", "id,a\n1,1\n", "id,a,b\n1,1,0\n", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("a", "b")}, false, `no target column "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := write(t, t.TempDir(), "answers.csv", tt.answers)
			_, err := GradeData(tt.spec, []byte(tt.sub), ans)
			if _, isInv := errors.AsType[*Invalid](err); err == nil || isInv {
				t.Fatalf("GradeData error = %v, want a plain error", err)
			}
			if errors.Is(err, ErrUndefined) != tt.undefined {
				t.Errorf("error %q: errors.Is(ErrUndefined) = %v", err, !tt.undefined)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not mention %q", err, tt.text)
			}
		})
	}
}

func TestSpecCheck(t *testing.T) {
	base := Spec{Metric: RMSE, IDColumn: "id", TargetColumn: "y"}
	tests := []struct {
		name   string
		change func(*Spec)
		text   string
	}{
		{"unknown metric", func(s *Spec) { s.Metric = "f3" }, `unknown metric "f3"; use one of`},
		{"no id", func(s *Spec) { s.IDColumn = "" }, "id column"},
		{"no target", func(s *Spec) { s.TargetColumn = "" }, "needs a target column"},
		{"both targets", func(s *Spec) { s.TargetColumns = cols("a") }, "keep one"},
		{"star with others", func(s *Spec) { s.TargetColumn, s.TargetColumns = "", cols("*", "a") }, "stands alone"},
		{"bad range", func(s *Spec) { s.Range = []float64{1, 0} }, "min <= max"},
		{"half a size", func(s *Spec) { s.Metric, s.HeightColumn = Dice, "h" }, "both the height and the width"},
		{"size for rmse", func(s *Spec) { s.HeightColumn, s.WidthColumn = "h", "w" }, "mask metrics"},
		{"group missing", func(s *Spec) { s.Metric = LogMAEByGroup }, "needs a group column"},
		{"angular takes two", func(s *Spec) { s.Metric, s.TargetColumn, s.TargetColumns = MeanAngularError, "", cols("a") }, "takes 2 target columns"},
		{"answer column with star", func(s *Spec) {
			s.Metric, s.TargetColumn, s.TargetColumns, s.AnswerColumn = MulticlassLogLoss, "", cols("*"), "l"
		}, "answer column"},
		{"negative k", func(s *Spec) { s.K = -1 }, "k = -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			tt.change(&s)
			err := s.Check()
			if err == nil || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("Check() = %v, want an error mentioning %q", err, tt.text)
			}
		})
	}
	if err := base.Check(); err != nil {
		t.Errorf("Check(%+v) = %v", base, err)
	}
}

// The answers are parsed once and served from the cache while the file's
// size and mtime hold; an edited file is read again.
func TestAnswersCache(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{Metric: MAE, IDColumn: "id", TargetColumn: "y"}
	ans := write(t, dir, "answers.csv", "id,y\n1,10\n")
	sub := []byte("id,y\n1,7\n")
	score := func() float64 {
		t.Helper()
		v, err := GradeData(spec, sub, ans)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := score(); v != 3 {
		t.Fatalf("score %v, want 3", v)
	}
	first, _ := loadAnswers(&spec, ans)
	if again, _ := loadAnswers(&spec, ans); again != first {
		t.Error("the second load parsed the file again")
	}
	// Same size, new content and mtime: read again.
	write(t, dir, "answers.csv", "id,y\n1,20\n")
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(ans, future, future); err != nil {
		t.Fatal(err)
	}
	if v := score(); v != 13 {
		t.Errorf("after the edit, score %v, want 13", v)
	}
	// Another spec on the same file reads other columns: its own entry.
	other := Spec{Metric: MAE, IDColumn: "y", TargetColumn: "id"}
	if _, err := GradeData(other, []byte("y,id\n20,1\n"), ans); err != nil {
		t.Error(err)
	}
}

// Grade is GradeData on the file's bytes, and says missing for no file.
func TestGradeReadsTheFile(t *testing.T) {
	dir := t.TempDir()
	ans := write(t, dir, "answers.csv", titanicAnswers)
	sub := "PassengerId,Survived\n892,0\n893,1\n894,1\n895,1\n"
	path := write(t, dir, "submission.csv", sub)
	a, err1 := Grade(titanic, path, ans)
	b, err2 := GradeData(titanic, []byte(sub), ans)
	if err1 != nil || err2 != nil || a != b || a != 0.75 {
		t.Errorf("Grade = %v, %v; GradeData = %v, %v; want 0.75", a, err1, b, err2)
	}
	_, err := Grade(titanic, filepath.Join(dir, "none.csv"), filepath.Join(dir, "no-answers.csv"))
	if _, isInv := errors.AsType[*Invalid](err); err == nil || isInv {
		t.Errorf("missing answers and submission: %v, want the answers' plain error first", err)
	}
}

func TestScoreRefusesMatrixMetrics(t *testing.T) {
	_, err := Score(MulticlassLogLoss, 0, []string{"1"}, []string{"1"})
	if err == nil || !strings.Contains(err.Error(), "GradeData") {
		t.Errorf("Score(multiclass_log_loss) = %v, want a pointer to GradeData", err)
	}
}
