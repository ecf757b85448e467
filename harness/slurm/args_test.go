package slurm

import (
	"log/slog"
	"slices"
	"testing"
	"time"
)

// Every kind of value is spelled so that parsing it gives it back.
func TestArg(t *testing.T) {
	for _, c := range []struct {
		v    any
		off  string
		want []string
	}{
		{true, "", []string{"--f"}},
		{false, "", nil},
		{false, "--no-f", []string{"--no-f"}},
		{"", "", nil},
		{"it's a, b", "", []string{"--f=it's a, b"}},
		{[]string{"a,b", "c"}, "", []string{"--f=a,b", "--f=c"}},
		{3, "", []string{"--f=3"}},
		{int64(1024), "", []string{"--f=1024"}},
		{1.5, "", []string{"--f=1.5"}},
		{90 * time.Second, "", []string{"--f=1m30s"}},
		{slog.LevelDebug, "", []string{"--f=DEBUG"}},
	} {
		got, err := Arg("f", c.v, c.off)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%#v: %q, %v; want %q", c.v, got, err, c.want)
		}
	}
	if _, err := Arg("f", struct{}{}, ""); err == nil {
		t.Error("an unknown type is spelled")
	}
}
