package backoff

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestDelay(t *testing.T) {
	p := Policy{Base: 100 * time.Millisecond, Max: time.Second}
	for attempt := range 8 {
		ceil := min(100*time.Millisecond<<attempt, time.Second)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := p.Delay(attempt, 0)
			if d < 0 || d > ceil {
				t.Fatalf("attempt %d: delay %s outside [0, %s]", attempt, d, ceil)
			}
			seen[d] = true
		}
		if len(seen) < 50 {
			t.Errorf("attempt %d: only %d distinct delays: no jitter", attempt, len(seen))
		}
	}
	for range 100 {
		if d := p.Delay(0, 3*time.Second); d < 3*time.Second || d > 3300*time.Millisecond {
			t.Fatalf("Retry-After 3s gave %s", d)
		}
	}
	if (Policy{}).Attempts() != 7 || (Policy{Retries: 2}).Attempts() != 3 {
		t.Error("Attempts")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{}
	if RetryAfter(h, now) != 0 {
		t.Error("no header")
	}
	h.Set("Retry-After", "7")
	if RetryAfter(h, now) != 7*time.Second {
		t.Error("seconds")
	}
	h.Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
	if RetryAfter(h, now) != 90*time.Second {
		t.Errorf("date: %s", RetryAfter(h, now))
	}
	h.Set("Retry-After", "soon")
	if RetryAfter(h, now) != 0 {
		t.Error("garbage")
	}
}

func TestSleepStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); err == nil || time.Since(start) > time.Second {
		t.Errorf("Sleep ignored the cancelled context: %v", err)
	}
	for _, s := range []int{429, 500, 502, 503, 504} {
		if !Retryable(s) {
			t.Errorf("%d not retryable", s)
		}
	}
	for _, s := range []int{400, 401, 403, 404} {
		if Retryable(s) {
			t.Errorf("%d retryable", s)
		}
	}
}
