package envs

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A built environment lists what its inventory says; one not built says
// so, and inspecting it tells how to build it.
func TestListAndInspect(t *testing.T) {
	cache := t.TempDir()
	built, err := Find("../../configs/envs", "trixie-slim")
	if err != nil {
		t.Fatal(err)
	}
	other, err := Find("../../configs/envs", "bullseye-slim")
	if err != nil {
		t.Fatal(err)
	}
	inv := &Inventory{Env: built.Name, Digest: "sha256:0123456789abcdef0123", Ref: "erosion-env:x", Python: "3.13.5", SizeBytes: 2 << 30,
		BuiltAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Packages: []Package{{Name: "pandas", Version: "2.2.3"}}}
	if err := SaveInventory(cache, built, inv); err != nil {
		t.Fatal(err)
	}
	rows := List([]*Spec{built, other}, cache)
	if len(rows) != 2 || !rows[0].Built || rows[0].Pandas != "2.2.3" || rows[0].Numpy != "" || rows[0].Packages != 1 || rows[1].Built {
		t.Fatalf("rows: %+v", rows)
	}
	var buf bytes.Buffer
	if err := WriteList(&buf, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if !strings.Contains(lines[1], "3.13.5") || !strings.Contains(lines[1], "2.147GB") || !strings.HasSuffix(strings.TrimSpace(lines[2]), "not built") {
		t.Errorf("table:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteInspect(&buf, built, inv); err != nil || !strings.Contains(buf.String(), "pandas        2.2.3") {
		t.Errorf("inspect: %v\n%s", err, buf.String())
	}
	if err := WriteInspect(&buf, other, nil); err == nil || !strings.Contains(err.Error(), "erosion envs build bullseye-slim") {
		t.Errorf("inspecting one not built: %v", err)
	}
}
