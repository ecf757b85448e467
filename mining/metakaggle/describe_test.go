package metakaggle_test

import (
	"testing"
	"time"

	"erosion/mining/metakaggle"
)

// The dataset's description names the filters that were on.
func TestDescribe(t *testing.T) {
	o := metakaggle.Options{RequireScore: true, MaxRuntime: 600 * time.Second, NoExternalData: true, NoInternet: true,
		Before: time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC)}
	want := "competitions in mlebench.txt, scored submission (private score = target), Kaggle runtime ≤ 10m0s, no external datasets, no internet, Python notebooks, created before 2025-05-31"
	if got := o.Describe("configs/competitions/mlebench.txt"); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := (metakaggle.Options{}).Describe(""); got != "Python notebooks" {
		t.Errorf("no filters: %q", got)
	}
}
