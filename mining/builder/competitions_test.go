package builder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// inPlace is a competition source of the kind the builder is open to: it
// refers to data kept elsewhere, writing only a pointer into the dataset,
// and lacks some competitions.
type inPlace struct {
	root  string
	asked []string
}

func (s *inPlace) String() string { return "data in place at " + s.root }

func (s *inPlace) Provide(dir, slug string) error {
	s.asked = append(s.asked, slug)
	src := filepath.Join(s.root, slug, "prepared", "public")
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("%s: %w", src, ErrNoCompetition)
	}
	if slug == "broken" {
		return errors.New("checksum mismatch")
	}
	dst := filepath.Join(dir, "competitions", slug)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "source.txt"), []byte(src+"\n"), 0o644)
}

func TestCompetitionSources(t *testing.T) {
	root := t.TempDir()
	for _, slug := range []string{"spooky", "broken"} {
		os.MkdirAll(filepath.Join(root, slug, "prepared", "public"), 0o755)
	}
	build := func(src CompetitionSource, comps ...string) (*Funnel, error) {
		b, err := Open(filepath.Join(t.TempDir(), "ds"), false)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		for i, c := range comps {
			id := fmt.Sprintf("nb-%d", i)
			if err := b.Add(Record{ID: id, Competition: c, File: c + "/" + id + ".ipynb", Source: SourceMetaKaggle, SourceRef: id}, []byte(nb4)); err != nil {
				t.Fatal(err)
			}
		}
		f := NewFunnel("test", "kernel versions")
		ds, err := b.Finish(Meta{Name: "t", Competitions: src}, f)
		if err == nil {
			if data, _ := os.ReadFile(filepath.Join(ds.Dir, "competitions", "spooky", "source.txt")); !strings.Contains(string(data), "prepared/public") {
				t.Errorf("the source did not write spooky: %q", data)
			}
		}
		return f, err
	}

	src := &inPlace{root: root}
	f, err := build(src, "spooky", "leaf", "spooky")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(src.asked, []string{"leaf", "spooky"}) {
		t.Errorf("asked for %v, want each competition once", src.asked)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], "competition leaf is not in data in place at") {
		t.Errorf("warnings: %v", f.Warnings)
	}
	if _, err := build(&inPlace{root: root}, "broken"); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Errorf("a failing source: %v", err)
	}

	// PreparedFolders links erosion-layout folders in.
	prep := t.TempDir()
	os.MkdirAll(filepath.Join(prep, "spooky", "data"), 0o755)
	os.WriteFile(filepath.Join(prep, "spooky", "data", "train.csv"), []byte("id,text\n"), 0o644)
	dir := t.TempDir()
	if err := PreparedFolders(prep).Provide(dir, "spooky"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "competitions", "spooky", "data", "train.csv")); err != nil {
		t.Error(err)
	}
	if err := PreparedFolders(prep).Provide(dir, "leaf"); !errors.Is(err, ErrNoCompetition) {
		t.Errorf("a missing folder: %v", err)
	}
}
