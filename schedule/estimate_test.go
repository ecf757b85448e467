package schedule

import (
	"testing"

	"erosion/notebook"
)

func TestEstimatePrefersWhatItKnowsBest(t *testing.T) {
	var e Estimator
	e.Limit = 600
	e.Observe("mini/a", "trixie", 30, true)
	e.Observe("mini/a", "trixie", 34, true)
	e.Observe("mini/a", "trixie", 200, true)    // one slow run on a loaded machine
	e.Observe("mini/a", "bullseye", 2, false)   // failed at its first import there
	e.Observe("mini/b", "bullseye", 2, false)   // failed early there...
	e.Observe("mini/b", "bookworm", 80, true)   // ...ran to the end here
	e.Observe("mini/b", "bookworm", 0, true)    // a run the backend never started
	e.Observe("mini/e", "bullseye", 40, false)  // only ever failed, after 40 s
	e.Observe("mini/f", "bullseye", 1.5, false) // only ever failed, at once
	small := Size{CodeCells: 3, Lines: 20, Imports: []string{"pandas"}}
	cases := []struct {
		nb   Notebook
		sec  float64
		from string
	}{
		{Notebook{Key: "mini/a", Env: "trixie", KaggleSeconds: 500, Size: small}, 34, FromHistory},
		{Notebook{Key: "mini/a", Env: "sid", Size: small}, 34, FromOtherEnvs},
		{Notebook{Key: "mini/b", Env: "trixie", Size: small}, 80, FromOtherEnvs},
		{Notebook{Key: "mini/c", Env: "trixie", KaggleSeconds: 120, Size: small}, 120, FromKaggle},
		{Notebook{Key: "mini/c", Env: "trixie", KaggleSeconds: 7200, Size: small}, 600, FromKaggle},
		{Notebook{Key: "mini/d", Env: "trixie", Size: small}, DefaultModel.Seconds(small), FromSize},
		{Notebook{Key: "mini/b", Env: "bullseye", Size: small}, 2, FromHistory},
		{Notebook{Key: "mini/e", Env: "trixie", Size: small}, 40, FromSize},
		{Notebook{Key: "mini/f", Env: "trixie", Size: small}, DefaultModel.Seconds(small), FromSize},
	}
	for _, c := range cases {
		sec, from := e.Estimate(c.nb)
		if sec != c.sec || from != c.from {
			t.Errorf("%s in %s: %v s from %s, want %v s from %s", c.nb.Key, c.nb.Env, sec, from, c.sec, c.from)
		}
	}
}

func TestSizeModelGrowsWithWorkAndHeavyLibraries(t *testing.T) {
	nb, err := notebook.Parse("x.py", []byte("# %%\nimport pandas as pd\n\ndf = pd.read_csv('x')\n# %%\nimport xgboost\nfrom torch import nn\nm = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := SizeOf(nb)
	if s.CodeCells != 2 || s.Lines != 5 || len(s.Imports) != 3 {
		t.Fatalf("size %+v", s)
	}
	light := Size{CodeCells: 2, Lines: 5, Imports: []string{"pandas"}}
	if DefaultModel.Seconds(s) <= DefaultModel.Seconds(light) {
		t.Errorf("torch and xgboost add nothing: %v vs %v", DefaultModel.Seconds(s), DefaultModel.Seconds(light))
	}
	longer := light
	longer.Lines = 500
	if DefaultModel.Seconds(longer) <= DefaultModel.Seconds(light) {
		t.Error("500 lines cost no more than 5")
	}
}
