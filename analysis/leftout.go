package analysis

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"erosion/datasets"
)

// DatasetTables are the tables that need the dataset (the notebooks' years
// and imports; eras also come from backported runs).
var DatasetTables = []string{"by-year", "by-era", "by-library"}

// WarnLeftOut warns, when no dataset is known (ds is nil), which of need
// (tables or figures: what is "table" or "figure") are not among have for
// want of it.
func WarnLeftOut(ds *datasets.Dataset, what string, need, have []string) {
	if ds != nil {
		return
	}
	var out []string
	for _, n := range need {
		if !slices.Contains(have, n) {
			out = append(out, n)
		}
	}
	if len(out) > 0 {
		if len(out) > 1 {
			what += "s"
		}
		slog.Warn(fmt.Sprintf("no --dataset: left out the %s %s, which need the notebooks' years and imports; pass --dataset DIR", what, strings.Join(out, ", ")))
	}
}

// TablesFor is Tables, warning about the ones left out for want
// of the dataset ds.
func (s *Study) TablesFor(ds *datasets.Dataset) []Table {
	tables := s.Tables()
	var names []string
	for _, t := range tables {
		names = append(names, t.Name)
	}
	WarnLeftOut(ds, "table", DatasetTables, names)
	return tables
}
