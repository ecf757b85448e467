package slurm

import (
	"context"
	"errors"
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

// A refused submission and a wait the user stopped tell the command line
// their exit codes.
func TestExitCodes(t *testing.T) {
	var coded interface{ ExitCode() int }
	if err := error(&UsageError{errors.New("no")}); !errors.As(err, &coded) || coded.ExitCode() != 2 {
		t.Errorf("UsageError: no exit code 2")
	}
	if err := error(&StoppedWaiting{"out"}); !errors.As(err, &coded) || coded.ExitCode() != 130 || !errors.Is(err, context.Canceled) {
		t.Errorf("StoppedWaiting: no exit code 130, or not a cancellation")
	}
}
