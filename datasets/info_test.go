package datasets

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// Info counts notebooks by competition, year and era: the era comes from
// the era table when the manifest has none measured.
func TestInfo(t *testing.T) {
	ds, err := Load(copyStarter(t))
	if err != nil {
		t.Fatal(err)
	}
	eraFor := func(d time.Time) string {
		if d.Year() < 2021 {
			return "old"
		}
		return "new"
	}
	info, err := ds.Info(eraFor, "table.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if info.Notebooks != 6 || info.Eras["old"] != 5 || info.Eras["new"] != 1 || info.Years["2016"] != 1 || info.EraTable != "table.yaml" {
		t.Errorf("counts: %+v", info)
	}
	if len(info.Competitions) != 1 || info.Competitions[0] != (CompetitionRow{Slug: "titanic-mini", Notebooks: 6, Graded: false, HasData: true}) {
		t.Errorf("competitions: %+v", info.Competitions)
	}
	var buf bytes.Buffer
	info.WriteText(&buf)
	if out := buf.String(); !strings.Contains(out, "no (executability only)") || !strings.Contains(out, "old  5") {
		t.Errorf("text:\n%s", out)
	}

	os.WriteFile(ds.CompetitionPath("titanic-mini"), []byte("slug: other\n"), 0o644)
	if _, err := ds.Info(eraFor, ""); err == nil {
		t.Error("a broken competition.yaml is accepted")
	} else if ce, ok := err.(*CompetitionError); !ok || ce.ExitCode() != 2 {
		t.Errorf("a broken competition.yaml: %T %v, want a CompetitionError, exit code 2", err, err)
	}
}

// EmptyData names the competitions whose data/ folder holds nothing.
func TestEmptyData(t *testing.T) {
	ds, err := Load(copyStarter(t))
	if err != nil {
		t.Fatal(err)
	}
	if empty := ds.EmptyData(nil); len(empty) != 0 {
		t.Errorf("starter has data, yet %v", empty)
	}
	os.RemoveAll(ds.DataDir("titanic-mini"))
	if empty := ds.EmptyData(nil); !slices.Equal(empty, []string{"titanic-mini"}) {
		t.Errorf("got %v", empty)
	}
}
