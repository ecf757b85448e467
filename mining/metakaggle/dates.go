package metakaggle

import (
	"strings"
	"time"
)

// dateLayouts are the date formats Meta Kaggle dumps have used: the
// documented "%m/%d/%Y %H:%M:%S" of older dumps (with or without zero
// padding, with or without seconds, sometimes with AM/PM), ISO forms of newer
// exports, and bare dates.
var dateLayouts = []string{
	"1/2/2006 15:04:05",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"1/2/2006",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
}

// parseDate reads a Meta Kaggle date (UTC when no zone is given); ok is
// false for an empty or unreadable value.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
