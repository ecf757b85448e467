package grading

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name    string
		metric  string
		k       int
		answers string // space-separated; "|" separates rows for map@k
		preds   string
		want    float64
	}{
		// 3 of 4 match: "1.0" equals "1", " 1 " is trimmed.
		{"accuracy", Accuracy, 0, "1 0 1 1", "1.0 0 0 1", 0.75},
		{"accuracy all correct", Accuracy, 0, "cat dog", "cat dog", 1},
		{"accuracy none correct", Accuracy, 0, "cat dog", "dog cat", 0},

		// a: tp 1 (row 1), fp 1 (row 6), fn 1 (row 2) → 2/(2+1+1) = 1/2
		// b: tp 2 (rows 3, 4), fp 1 (row 2), fn 0    → 4/(4+1)   = 4/5
		// c: tp 1 (row 5), fp 0, fn 1 (row 6)        → 2/(2+1)   = 2/3
		// mean = (15 + 24 + 20)/30 / 3 = 59/90
		{"macro_f1 3 classes", MacroF1, 0, "a a b b c c", "a b b b c a", 59.0 / 90},
		// c is only predicted: tp 0, fp 1 → F1 0 but it counts in the mean.
		// a: 2/(2+0+1) = 2/3, b: 1, c: 0 → (2/3 + 1 + 0)/3 = 5/9
		{"macro_f1 class only predicted", MacroF1, 0, "a a b", "a c b", 5.0 / 9},
		{"macro_f1 all correct", MacroF1, 0, "1 2 3 1", "1.0 2 3 1", 1},

		// Ranks of 0.1, 0.35, 0.4, 0.8 are 1..4; positives (0.35, 0.8) have
		// ranks 2 + 4 = 6; U = 6 - 2·3/2 = 3; AUC = 3/(2·2) = 0.75.
		{"roc_auc", ROCAUC, 0, "0 0 1 1", "0.1 0.4 0.35 0.8", 0.75},
		// Scores 0.2, 0.5, 0.5, 0.9: the tied 0.5s share rank 2.5;
		// positives 2.5 + 4 = 6.5; U = 3.5; AUC = 3.5/4 = 0.875
		// (pairs: tie ½, and 3 wins).
		{"roc_auc ties", ROCAUC, 0, "0 1 0 1", "0.5 0.5 0.2 0.9", 0.875},
		// All scores equal: every pair is a tie → 1/2.
		{"roc_auc all tied", ROCAUC, 0, "0 1 1", "3 3 3", 0.5},
		{"roc_auc perfect, labels as words, scores not probabilities", ROCAUC, 0, "No Yes False True", "-2 7 0 12", 1},

		// -(ln 0.8 + ln(1 - 0.4))/2 = (0.22314355 + 0.51082562)/2
		{"log_loss", LogLoss, 0, "1 0", "0.8 0.4", 0.3669845875401002},
		// A confident miss is clipped: -ln(1e-15) = 34.538776394910684.
		{"log_loss clipped", LogLoss, 0, "1", "0", 34.538776394910684},
		{"log_loss labels 1.0/true", LogLoss, 0, "1.0 true", "1 1", 0}, // -ln(1-1e-15) ≈ 1e-15

		// sqrt((0 + 0 + 2²)/3) = sqrt(4/3)
		{"rmse", RMSE, 0, "1 2 3", "1 2 5", 1.1547005383792515},
		// (0 + 0 + 2)/3
		{"mae", MAE, 0, "1 2 3", "1 2 5", 2.0 / 3},
		// sqrt((ln 100 - ln 100)² + (ln 100 - ln 1000)²)/2) = ln 10 / √2
		{"log_rmse", LogRMSE, 0, "100 1000", "100 100", 1.6281735335151468},
		// sqrt(((log1p 1 - log1p 0)² + 0)/2) = ln 2 / √2
		{"rmsle", RMSLE, 0, "0 3", "1 3", 0.4901290717342736},
		{"rmsle all correct", RMSLE, 0, "0 3", "0.0 3", 0},

		// Row 1: relevant {a, b}; guesses c a d b e hit at 2 (1/2) and 4 (2/4)
		//        → (1/2 + 2/4) / min(2, 5) = 1/2
		// Row 2: relevant {x}; x hits at 1 → 1
		// Row 3: relevant {q}; q is 6th, beyond k = 5 → 0
		// mean = (1/2 + 1 + 0)/3 = 1/2
		{"map@5 partial hits", MAPK, 5, "a b|x|q", "c a d b e|x y|a b c d e q", 0.5},
		// A repeated guess counts once: a at 1 → 1/1; second a ignored;
		// b at 3 → 2/3; (1 + 2/3)/min(3, 5) = 5/9. Row 2 has no guesses → 0.
		// mean = (5/9 + 0)/2 = 5/18
		{"map@5 repeats and empty", MAPK, 0, "a b c|z", "a a b|", 5.0 / 18},
		// k = 2: guesses b a; b at 1 → 1, a at 2 → 2/2; (1 + 1)/min(3, 2) = 1
		{"map@2", MAPK, 2, "a b c", "b a c", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := " "
			if tt.metric == MAPK {
				sep = "|"
			}
			answers, preds := strings.Split(tt.answers, sep), strings.Split(tt.preds, sep)
			got, err := Score(tt.metric, tt.k, answers, preds)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Score(%s) = %.17g, want %.17g", tt.metric, got, tt.want)
			}
		})
	}
}

func TestScoreErrors(t *testing.T) {
	tests := []struct {
		name           string
		metric         string
		answers, preds []string
		reason         string // "" for a plain error
		undefined      bool   // wraps ErrUndefined
		text           string
	}{
		{"auc single class", ROCAUC, []string{"1", "1"}, []string{"0.2", "0.9"}, "", true, "only one class"},
		{"empty", Accuracy, nil, nil, "", true, "no rows"},
		{"length mismatch", RMSE, []string{"1"}, []string{"1", "2"}, "", false, "1 answers but 2 predictions"},
		{"unknown metric", "f2", []string{"1"}, []string{"1"}, "", false, `unknown metric "f2"`},
		{"answer not binary", LogLoss, []string{"2"}, []string{"0.5"}, "", false, `"2" is not a binary label`},
		{"answer non-positive", LogRMSE, []string{"0"}, []string{"1"}, "", false, `"0" is not positive`},
		{"not a number", RMSE, []string{"1", "2"}, []string{"1", "two"}, ReasonNotNumber, false, `prediction 1: "two" is not a number`},
		{"nan", MAE, []string{"1"}, []string{"NaN"}, ReasonNonFinite, false, `"NaN" is not finite`},
		{"overflow", MAE, []string{"1"}, []string{"1e999"}, ReasonNonFinite, false, `"1e999" is not finite`},
		{"empty label", Accuracy, []string{"1"}, []string{" "}, ReasonNonFinite, false, "empty cell"},
		{"probability > 1", LogLoss, []string{"1"}, []string{"1.2"}, ReasonOutOfRange, false, `"1.2" is not a probability`},
		{"negative rmsle", RMSLE, []string{"1"}, []string{"-0.5"}, ReasonOutOfRange, false, `"-0.5" is negative`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Score(tt.metric, 0, tt.answers, tt.preds)
			if err == nil {
				t.Fatal("no error")
			}
			var inv *Invalid
			if isInv := errors.As(err, &inv); isInv != (tt.reason != "") || isInv && inv.Reason != tt.reason {
				t.Errorf("error %q: want reason %q", err, tt.reason)
			}
			if errors.Is(err, ErrUndefined) != tt.undefined {
				t.Errorf("error %q: errors.Is(ErrUndefined) = %v", err, !tt.undefined)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not contain %q", err, tt.text)
			}
		})
	}
}

func TestAUCUnaffectedByScale(t *testing.T) {
	// AUC depends on the order of the scores only.
	y := []string{"0", "1", "0", "1", "1", "0"}
	p := []string{"0.3", "0.6", "0.6", "0.9", "0.1", "0.2"}
	q := make([]string, len(p))
	for i, s := range p {
		q[i] = s + "e3"
	}
	a, err := Score(ROCAUC, 0, y, p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Score(ROCAUC, 0, y, q)
	// Pairs (pos, neg): 0.6 beats 0.3, 0.2, ties 0.6; 0.9 beats all 3;
	// 0.1 beats none → (2.5 + 3 + 0)/9 = 11/18.
	if a != b || math.Abs(a-11.0/18) > 1e-12 {
		t.Errorf("AUC = %v and %v, want 11/18", a, b)
	}
}

func TestRelErr(t *testing.T) {
	for _, tt := range []struct{ score, target, want float64 }{
		{0.78, 0.8, 0.025}, // 0.02/0.8
		{0.82, 0.8, 0.025},
		{-1.5, -2, 0.25}, // |0.5| / |-2|
		{0.1, 0, 0.1},    // target 0: absolute difference
		{3, 3, 0},
	} {
		if got := RelErr(tt.score, tt.target); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("RelErr(%v, %v) = %v, want %v", tt.score, tt.target, got, tt.want)
		}
	}
}
