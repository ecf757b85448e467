package progress

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"erosion/records"
)

// syncBuffer is a bytes.Buffer safe for the ticker's writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) lines() []string {
	return strings.Split(strings.TrimSpace(s.String()), "\n")
}

// Not a terminal: a line at the start, one per period, one at the end,
// each with the pass's label, the counts and (once a run ended) the ETA.
func TestLines(t *testing.T) {
	var out syncBuffer
	p := New(context.Background(), &out, Options{Label: "confirmations", Every: 20 * time.Millisecond})
	p.Start(10, 4)
	first := out.lines()[0]
	if first != "confirmations 4/10 ok=0 error=0 timeout=0 crash=0 skipped=4" {
		t.Errorf("first line %q: no ETA may be shown before a run ends", first)
	}
	p.Done(records.Run{Status: records.StatusOK})
	p.Done(records.Run{Status: records.StatusError})
	p.Done(records.Run{Status: records.StatusInfra})
	deadline := time.Now().Add(5 * time.Second)
	for len(out.lines()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	periodic := out.lines()[len(out.lines())-1]
	if !strings.HasPrefix(periodic, "confirmations 7/10 ok=1 error=1 timeout=0 crash=0 eta=") || !strings.HasSuffix(periodic, " infra=1 skipped=4") {
		t.Errorf("periodic line %q", periodic)
	}
	for range 3 {
		p.Done(records.Run{Status: records.StatusTimeout})
	}
	p.Wait()
	last := out.lines()[len(out.lines())-1]
	if !strings.HasPrefix(last, "confirmations 10/10 ok=1 error=1 timeout=3 crash=0 took=") {
		t.Errorf("last line %q", last)
	}
	n := len(out.lines())
	time.Sleep(60 * time.Millisecond)
	if len(out.lines()) != n {
		t.Error("lines went on after Wait")
	}
	p.Wait() // twice is harmless
}

// Wait without Start (a pass with nothing to run) prints nothing.
func TestWaitWithoutStart(t *testing.T) {
	var out syncBuffer
	New(context.Background(), &out, Options{Mode: Lines}).Wait()
	if out.String() != "" {
		t.Errorf("printed %q", out.String())
	}
}

// A buffer is no terminal: Auto chooses lines.
func TestAutoIsLinesOffATerminal(t *testing.T) {
	var out syncBuffer
	p := New(context.Background(), &out, Options{})
	p.Start(2, 0)
	p.Wait()
	if !strings.HasPrefix(out.String(), "runs 0/2 ") {
		t.Errorf("%q", out.String())
	}
}
