package metakaggle

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	want := time.Date(2017, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, s := range []string{"03/04/2017 05:06:07", "3/4/2017 5:06:07", "3/4/2017 5:06:07 AM", "2017-03-04 05:06:07",
		"2017-03-04T05:06:07Z", "2017-03-04T07:06:07+02:00", "2017-03-04T05:06:07", " 2017-03-04 05:06:07.000 "} {
		if got, ok := parseDate(s); !ok || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v", s, got, ok)
		}
	}
	if got, ok := parseDate("03/04/2017"); !ok || !got.Equal(time.Date(2017, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("bare date: %v %v", got, ok)
	}
	for _, s := range []string{"", "yesterday", "13/45/2017 00:00:00"} {
		if _, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) accepted", s)
		}
	}
}

func TestID(t *testing.T) {
	for s, want := range map[string]int64{"12": 12, " 12 ": 12, "12.0": 12} {
		if got, ok := id(s); !ok || got != want {
			t.Errorf("id(%q) = %d, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "12.5", "abc", "NaN"} {
		if _, ok := id(s); ok {
			t.Errorf("id(%q) accepted", s)
		}
	}
}

func TestBitset(t *testing.T) {
	var b bitset
	for _, i := range []int64{0, 63, 64, 100000, 5} {
		b.set(i)
	}
	for _, i := range []int64{0, 63, 64, 100000, 5} {
		if !b.has(i) {
			t.Errorf("has(%d) = false", i)
		}
	}
	for _, i := range []int64{1, 65, 99999, 1 << 40, -1} {
		if b.has(i) {
			t.Errorf("has(%d) = true", i)
		}
	}
}
