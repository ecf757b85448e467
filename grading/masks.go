package grading

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A run-length mask is "start length start length …": 1-based pixel
// starts, positive lengths, starts in order and runs not overlapping
// (MLE-bench's rle_decode rules). An empty cell or "-" is an empty mask.

// run is the pixels [lo, hi), 0-based.
type run struct{ lo, hi int64 }

func parseRLE(s string) ([]run, error) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) == 1 && f[0] == "-" {
		return nil, nil
	}
	if len(f)%2 != 0 {
		return nil, fmt.Errorf("%d numbers, not start/length pairs", len(f))
	}
	runs := make([]run, 0, len(f)/2)
	for i := 0; i < len(f); i += 2 {
		start, err1 := strconv.ParseInt(f[i], 10, 64)
		length, err2 := strconv.ParseInt(f[i+1], 10, 64)
		switch {
		case err1 != nil || err2 != nil:
			return nil, fmt.Errorf("pair %d (%s %s) is not two integers", i/2+1, f[i], f[i+1])
		case start <= 0 || length <= 0:
			return nil, fmt.Errorf("pair %d (%s %s) is not positive", i/2+1, f[i], f[i+1])
		case length > 1<<62-start:
			return nil, fmt.Errorf("pair %d (%s %s) is too long", i/2+1, f[i], f[i+1])
		}
		r := run{start - 1, start - 1 + length}
		if n := len(runs); n > 0 {
			switch prev := runs[n-1]; {
			case r.lo < prev.lo:
				return nil, fmt.Errorf("pair %d starts before pair %d", i/2+1, i/2)
			case r.lo < prev.hi:
				return nil, fmt.Errorf("pair %d overlaps pair %d", i/2+1, i/2)
			}
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// clip drops the pixels at or beyond size, as decoding into a size-pixel
// image does.
func clip(runs []run, size int64) []run {
	out := runs[:0:0]
	for _, r := range runs {
		if r.lo >= size {
			break
		}
		out = append(out, run{r.lo, min(r.hi, size)})
	}
	return out
}

func area(runs []run) int64 {
	var n int64
	for _, r := range runs {
		n += r.hi - r.lo
	}
	return n
}

// overlap is the number of pixels in both masks.
func overlap(a, b []run) int64 {
	var n int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := max(a[i].lo, b[j].lo), min(a[i].hi, b[j].hi)
		if lo < hi {
			n += hi - lo
		}
		if a[i].hi < b[j].hi {
			i++
		} else {
			j++
		}
	}
	return n
}

// maskPairs decodes each row's answer and predicted mask, clipped to the
// image when the spec names the size columns, and calls f with the areas
// and the overlap.
func maskPairs(x *args, f func(i int, truth, pred, both int64)) error {
	for i, s := range x.a[0] {
		truth, err := parseRLE(s)
		if err != nil {
			return fmt.Errorf("answer %d: %w", i, err)
		}
		pred, _ := parseRLE(x.p[0][i]) // checked by checkCell
		if x.height != nil {
			h, _, why1 := parseNumber(x.height[i])
			w, _, why2 := parseNumber(x.width[i])
			if why := errors.Join(errIf(why1), errIf(why2)); why != nil || h < 0 || w < 0 {
				return fmt.Errorf("answer %d: image size %q x %q: not a size", i, x.height[i], x.width[i])
			}
			size := int64(h) * int64(w)
			truth, pred = clip(truth, size), clip(pred, size)
		}
		f(i, area(truth), area(pred), overlap(truth, pred))
	}
	return nil
}

func errIf(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}

// dice is the mean over rows of 2|A∩B| / (|A|+|B|); a row where both masks
// are empty scores 1 (HuBMAP).
func dice(x *args) (float64, error) {
	var sum float64
	err := maskPairs(x, func(_ int, truth, pred, both int64) {
		if truth+pred == 0 {
			sum++
		} else {
			sum += 2 * float64(both) / float64(truth+pred)
		}
	})
	return sum / float64(len(x.a[0])), err
}

// globalDice is 2|A∩B| / (|A|+|B|) over the pixels of all rows pooled
// (Google Research contrails).
func globalDice(x *args) (float64, error) {
	var truth, pred, both int64
	err := maskPairs(x, func(_ int, t, p, b int64) { truth, pred, both = truth+t, pred+p, both+b })
	if err != nil {
		return 0, err
	}
	if truth+pred == 0 {
		return 0, fmt.Errorf("%w: every mask, answer and prediction, is empty", ErrUndefined)
	}
	return 2 * float64(both) / float64(truth+pred), nil
}
