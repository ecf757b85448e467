package analysis_test

import (
	"testing"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/datasets"
)

// The dataset plans every notebook of it and describes them.
func TestUseDataset(t *testing.T) {
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := datasets.Load("../datasets/starter")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UseDataset(ds); err != nil {
		t.Fatal(err)
	}
	if p := s.Progress(); p.Source != analysis.PlannedFromDataset || p.Planned != len(ds.Notebooks) || p.Done != 0 {
		t.Errorf("progress %+v", p)
	}
	for _, nb := range ds.Notebooks {
		if m, ok := s.Meta["starter/"+nb.ID]; !ok || m.Year != nb.Date().Year() {
			t.Errorf("%s: described as %+v", nb.ID, m)
		}
	}
}
