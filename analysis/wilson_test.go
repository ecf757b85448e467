package analysis

import (
	"math"
	"testing"
)

func TestWilsonHandComputed(t *testing.T) {
	// k=8, n=10, z=1.96: p=0.8; centre=(0.8+0.19208)/1.38416=0.716738;
	// half=1.96*sqrt(0.016+0.009604)/1.38416=0.226581 -> [0.490157, 0.943319].
	p, lo, hi := Wilson(8, 10, 1.96)
	for _, c := range []struct{ got, want float64 }{{p, 0.8}, {lo, 0.490157}, {hi, 0.943319}} {
		if math.Abs(c.got-c.want) > 1e-5 {
			t.Errorf("got %.6f want %.6f", c.got, c.want)
		}
	}
	// k=0: the interval starts at 0 and is not degenerate.
	_, lo, hi = Wilson(0, 5, 1.96)
	if lo != 0 || math.Abs(hi-0.434492) > 1e-5 {
		t.Errorf("k=0: [%f, %f]", lo, hi)
	}
	if p, _, _ := Wilson(0, 0, 1.96); !math.IsNaN(p) {
		t.Errorf("n=0 should be NaN, got %f", p)
	}
}
