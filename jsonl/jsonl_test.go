package jsonl

import (
	"os"
	"path/filepath"
	"testing"
)

type entry struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

func TestAppendReadSkipsTornLine(t *testing.T) {
	dir := t.TempDir()
	l, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Append(entry{"a", 1})
	l.Append(entry{"b", 2})
	l.Close()
	// A writer killed mid-line.
	os.WriteFile(filepath.Join(dir, "zz-other.jsonl"), []byte(`{"id":"c","n":3}`+"\n"+`{"id":"d","n`), 0o644)
	got, err := ReadAll[entry](dir, func(e entry) bool { return e.ID != "" })
	if err != nil || len(got) != 3 || got[2].ID != "c" {
		t.Fatalf("%+v %v", got, err)
	}
	if SafeName("a b/c:d") != "a_b_c_d" {
		t.Error(SafeName("a b/c:d"))
	}
}
