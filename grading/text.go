package grading

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// mapK is the mean over rows of average precision at k, as in Kaggle's
// ml_metrics.apk: a guess counts at its first occurrence only, and each row
// is divided by min(relevant, k); a row with no relevant labels scores 0.
// Labels are compared as exact tokens.
func mapK(x *args) (float64, error) {
	k := x.spec.K
	if k <= 0 {
		k = DefaultK
	}
	answers, preds := x.a[0], x.p[0]
	var sum float64
	for i := range answers {
		relevant := strings.Fields(answers[i])
		if len(relevant) == 0 {
			continue
		}
		guesses := strings.Fields(preds[i])
		if len(guesses) > k {
			guesses = guesses[:k]
		}
		var hits, ap float64
		for j, g := range guesses {
			if slices.Contains(relevant, g) && !slices.Contains(guesses[:j], g) {
				hits++
				ap += hits / float64(j+1)
			}
		}
		sum += ap / float64(min(len(relevant), k))
	}
	return sum / float64(len(answers)), nil
}

// levenshteinMean is the mean over rows of the edit distance (insertions,
// deletions, substitutions of Unicode code points) between answer and
// prediction.
func levenshteinMean(x *args) (float64, error) {
	var sum float64
	for i, a := range x.a[0] {
		sum += float64(levenshtein.ComputeDistance(a, x.p[0][i]))
	}
	return sum / float64(len(x.a[0])), nil
}

// wer is the word error rate: the token edit distances of all rows summed
// and divided by the number of answer tokens (it can exceed 1). Tokens are
// space-separated and compared as labels ("01" equals "1").
func wer(x *args) (float64, error) {
	var dist, words int
	for i, a := range x.a[0] {
		ref, hyp := strings.Fields(a), strings.Fields(x.p[0][i])
		words += len(ref)
		dist += tokenDistance(ref, hyp)
	}
	if words == 0 {
		return 0, fmt.Errorf("%w: the answers hold no tokens", ErrUndefined)
	}
	return float64(dist) / float64(words), nil
}

// tokenDistance is the edit distance between two token sequences: each
// distinct token becomes one code point and the strings are compared.
func tokenDistance(a, b []string) int {
	code := map[string]rune{}
	encode := func(tokens []string) string {
		r := make([]rune, len(tokens))
		for i, t := range tokens {
			t = label(t)
			c, ok := code[t]
			if !ok {
				c = rune(len(code))
				if c >= 0xD800 { // skip the surrogates, which are not code points
					c += 0x800
				}
				code[t] = c
			}
			r[i] = c
		}
		return string(r)
	}
	return levenshtein.ComputeDistance(encode(a), encode(b))
}

// wordJaccard is the mean over rows of |A∩B| / |A∪B| where A and B are the
// sets of lower-cased whitespace-separated words of answer and prediction
// (tweet-sentiment-extraction, chaii); two empty sets score 0, as
// scikit-learn's jaccard_score(average="samples") has it.
func wordJaccard(x *args) (float64, error) {
	var sum float64
	for i, a := range x.a[0] {
		sa := set(strings.Fields(strings.ToLower(a)))
		sb := set(strings.Fields(strings.ToLower(x.p[0][i])))
		inter := 0
		for w := range sa {
			if sb[w] {
				inter++
			}
		}
		if union := len(sa) + len(sb) - inter; union > 0 {
			sum += float64(inter) / float64(union)
		}
	}
	return sum / float64(len(x.a[0])), nil
}
