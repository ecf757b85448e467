// Package backport resolves the "backported" environment of a notebook: the
// Python of its era and, for each distribution it imports, the newest release
// that a package index had on the notebook's date.
//
// Versions and requires-python specifiers follow PEP 440 (through
// github.com/aquasecurity/go-pep440-version).
package backport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	pep440 "github.com/aquasecurity/go-pep440-version"

	"erosion/pydist"
)

// pythonMinors are the release dates of Python's minor versions (x.y.0), oldest first.
var pythonMinors = []pythonMinor{
	{"3.4", day(2014, 3, 16)},
	{"3.5", day(2015, 9, 13)},
	{"3.6", day(2016, 12, 23)},
	{"3.7", day(2018, 6, 27)},
	{"3.8", day(2019, 10, 14)},
	{"3.9", day(2020, 10, 5)},
	{"3.10", day(2021, 10, 4)},
	{"3.11", day(2022, 10, 24)},
	{"3.12", day(2023, 10, 2)},
	{"3.13", day(2024, 10, 7)},
	{"3.14", day(2025, 10, 7)},
}

type pythonMinor struct {
	minor    string
	released time.Time
}

// oldestPython is the lowest Python PythonFor returns: older ones cannot be
// built in the study's environments.
const oldestPython = "3.5"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// calendarDay is date's calendar day (in date's own location) as a UTC midnight.
func calendarDay(date time.Time) time.Time {
	y, m, d := date.Date()
	return day(y, m, d)
}

// PythonFor is the study's rule: the newest Python minor released on or
// before date, minus one minor (a 2019-03-01 notebook: newest is 3.7, so 3.6),
// because a notebook's authors rarely ran the newest Python. Never below 3.5.
func PythonFor(date time.Time) string {
	d := calendarDay(date)
	newest := -1
	for i, p := range pythonMinors {
		if !p.released.After(d) {
			newest = i
		}
	}
	floor := slices.IndexFunc(pythonMinors, func(p pythonMinor) bool { return p.minor == oldestPython })
	return pythonMinors[max(newest-1, floor)].minor
}

// admits reports whether a requires-python specifier admits the Python minor
// (e.g. "3.6"). The environment installs some patch release of that minor, so
// the minor is admitted when its first patch (3.6.0) or a late one (3.6.99)
// is: ">=3.6.1" admits 3.6. An invalid specifier admits everything, as pip
// ignores it.
func admits(spec, minor string) bool {
	if spec == "" {
		return true
	}
	ss, err := pep440.NewSpecifiers(spec)
	if err != nil {
		return true
	}
	for _, patch := range []string{".0", ".99"} {
		if v, err := pep440.Parse(minor + patch); err == nil && ss.Check(v) {
			return true
		}
	}
	return false
}

// Pin is one resolved distribution.
type Pin struct{ Name, Version string }

// Pins is the resolution of one notebook.
type Pins struct {
	Python     string
	Packages   []Pin             // sorted by name; names PEP 503-normalized
	Unresolved map[string]string // dist → reason (not on the index, no release by the date, none compatible with Python X.Y)
	// Fallback lists the pins that are newer than the notebook because no
	// release of its time supports its Python: dist → why.
	Fallback map[string]string
}

// Resolve pins each distribution to the newest release uploaded on or before
// date (a release uploaded that same day counts) that is not yanked, not a
// pre- or dev release, and whose requires-python admits PythonFor(date).
// Releases without files are skipped. When releases existed by the date but
// none admits that Python, it takes the oldest release that does (recorded in
// Fallback); when there is none, or no release by the date at all, the
// distribution is left in Unresolved with the reason.
//
// Errors other than "not on the index" (network, an index that keeps failing)
// stop the resolution: a partial environment would be a wrong one.
func Resolve(ctx context.Context, ix *Index, dists []string, date time.Time) (*Pins, error) {
	py := PythonFor(date)
	p := &Pins{Python: py, Unresolved: map[string]string{}, Fallback: map[string]string{}}
	cutoff := calendarDay(date).AddDate(0, 0, 1) // uploads before the next midnight count
	dateText := calendarDay(date).Format(time.DateOnly)

	seen := map[string]bool{}
	for _, d := range dists {
		name := pydist.Normalize(strings.TrimSpace(d))
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true

		rels, err := ix.Releases(ctx, name)
		if errors.Is(err, ErrNotFound) {
			p.Unresolved[name] = fmt.Sprintf("not on the index %s", redact(ix.URL))
			continue
		}
		if err != nil {
			return nil, err
		}
		version, fallback, reason := choose(rels, cutoff, py, dateText)
		switch {
		case reason != "":
			p.Unresolved[name] = reason
		default:
			p.Packages = append(p.Packages, Pin{name, version})
			if fallback != "" {
				p.Fallback[name] = fallback
			}
		}
	}
	slices.SortFunc(p.Packages, func(a, b Pin) int { return strings.Compare(a.Name, b.Name) })
	return p, nil
}

// choose applies Resolve's rule to one distribution's releases. It returns the
// version, plus a note when it came from the fallback, or the reason for none.
func choose(rels []Release, cutoff time.Time, py, dateText string) (version, fallback, reason string) {
	type candidate struct {
		v   pep440.Version
		rel Release
	}
	var final []candidate // installable final releases, any date, oldest version first
	anyByDate, anyDated := false, false
	for _, r := range rels {
		if r.Uploaded.IsZero() {
			continue // the index did not say when: it cannot be placed in time
		}
		anyDated = true
		if r.Uploaded.Before(cutoff) {
			anyByDate = true
		}
		v, err := pep440.Parse(r.Version)
		if err != nil || r.Yanked || v.IsPreRelease() { // IsPreRelease covers dev releases too
			continue
		}
		final = append(final, candidate{v, r})
	}
	slices.SortStableFunc(final, func(a, b candidate) int { return a.v.Compare(b.v) })

	var newestByDate *candidate
	for i := len(final) - 1; i >= 0; i-- {
		c := &final[i]
		if !c.rel.Uploaded.Before(cutoff) {
			continue
		}
		if newestByDate == nil {
			newestByDate = c
		}
		if admits(c.rel.RequiresPython, py) {
			return c.rel.Version, "", ""
		}
	}
	switch {
	case len(rels) > 0 && !anyDated:
		return "", "", "the index gives no upload times (PEP 700 upload-time); use one that does"
	case newestByDate == nil && anyByDate:
		return "", "", fmt.Sprintf("no final, unyanked release on or before %s", dateText)
	case newestByDate == nil:
		return "", "", fmt.Sprintf("no release on or before %s", dateText)
	}
	for _, c := range final {
		if admits(c.rel.RequiresPython, py) {
			return c.rel.Version, fmt.Sprintf("no release on or before %s supports Python %s (%s requires %s); took the oldest that does, uploaded %s",
				dateText, py, newestByDate.rel.Version, newestByDate.rel.RequiresPython, c.rel.Uploaded.Format(time.DateOnly)), ""
		}
	}
	return "", "", fmt.Sprintf("none compatible with Python %s (%s, the newest on or before %s, requires %s)",
		py, newestByDate.rel.Version, dateText, newestByDate.rel.RequiresPython)
}

// Key is a stable content hash of the Python version and the pins (16 hex
// digits), independent of the order of Packages and of how names are spelled,
// so that notebooks with the same pins share one environment. Unresolved and
// Fallback do not change what gets installed and are left out.
func (p *Pins) Key() string {
	h := sha256.New()
	fmt.Fprintf(h, "python==%s\n", p.Python)
	for _, r := range p.Requirements() {
		fmt.Fprintln(h, r)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Requirements renders the pins as requirement lines "name==version", sorted by name.
func (p *Pins) Requirements() []string {
	pins := make([]Pin, 0, len(p.Packages))
	for _, pin := range p.Packages {
		pins = append(pins, Pin{pydist.Normalize(pin.Name), pin.Version})
	}
	slices.SortFunc(pins, func(a, b Pin) int { return strings.Compare(a.Name, b.Name) })
	out := make([]string, len(pins))
	for i, pin := range pins {
		out[i] = pin.Name + "==" + pin.Version
	}
	return out
}
