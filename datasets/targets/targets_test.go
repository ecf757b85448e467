package targets_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"erosion/datasets/targets"
	"erosion/harness/backends"
	"erosion/study"
)

// What cannot be measured is refused as a usage error before any run, and
// no manifest is written.
func TestMeasureInRefusals(t *testing.T) {
	manifest := "../starter/manifest.parquet"
	setup := study.Setup{Results: t.TempDir(), Backend: "no-such-backend"}
	starter := study.Config{Dataset: "../starter"}
	for name, c := range map[string]struct {
		cfg   study.Config
		table string
	}{
		"no dataset":       {study.Config{Dataset: filepath.Join(t.TempDir(), "none")}, "eras"},
		"no such era file": {starter, "none.yaml"},
	} {
		if _, err := targets.MeasureIn(t.Context(), setup, c.cfg, c.table, false); !isUsage(err) {
			t.Errorf("%s: %v, want a UsageError", name, err)
		}
	}
	b, err := backends.Open(t.Context(), "auto")
	if err != nil {
		t.Skip(err)
	}
	backends.Close(b)
	setup.Backend = "auto"
	bad := starter
	bad.Notebooks = []string{"no-such-notebook"}
	if _, err := targets.MeasureIn(t.Context(), setup, bad, "eras-slim", false); !isUsage(err) {
		t.Errorf("an unknown notebook: %v, want a UsageError", err)
	}
	if _, err := os.Stat(manifest); err == nil {
		t.Error("a manifest was written")
	}
}

func isUsage(err error) bool {
	var ue *study.UsageError
	return errors.As(err, &ue)
}
