package backport

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPythonFor(t *testing.T) {
	for _, tt := range []struct {
		date time.Time
		want string
	}{
		{date("2019-03-01"), "3.6"}, // newest 3.7
		{date("2021-06-01"), "3.8"}, // newest 3.9
		{date("2019-10-13"), "3.6"},
		{date("2019-10-14"), "3.7"}, // 3.8.0 released that day
		{date("2020-10-05"), "3.8"},
		{date("2017-01-01"), "3.5"},
		{date("2016-06-01"), "3.5"}, // newest 3.5 → 3.4 → clamped
		{date("2010-01-01"), "3.5"}, // before 3.4
		{date("2024-10-06"), "3.11"},
		{date("2024-10-07"), "3.12"},
		{date("2030-01-01"), "3.13"},
		// The notebook's own calendar day counts, whatever its zone.
		{time.Date(2019, 10, 14, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)), "3.7"},
		{time.Date(2019, 10, 13, 23, 30, 0, 0, time.FixedZone("PDT", -7*3600)), "3.6"},
	} {
		if got := PythonFor(tt.date); got != tt.want {
			t.Errorf("PythonFor(%s) = %s, want %s", tt.date.Format(time.RFC3339), got, tt.want)
		}
	}
}

func TestAdmits(t *testing.T) {
	for _, tt := range []struct {
		spec, py string
		want     bool
	}{
		{"", "3.6", true},
		{">=2.7, !=3.0.*, !=3.1.*", "3.5", true},
		{">=2.7, !=3.0.*, !=3.1.*", "3.1", false},
		{">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*", "3.4", false},
		{">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*", "3.5", true},
		{">=3.6.1", "3.6", true}, // a later 3.6 patch satisfies it
		{">=3.6.1", "3.5", false},
		{">=3.9", "3.8", false},
		{">=3.9", "3.10", true}, // numerically, not as text
		{"~=3.7", "3.8", true},
		{"~=3.7", "3.6", false},
		{"~=3.7", "4.0", false},
		{"==3.6.*", "3.6", true},
		{"==3.6.*", "3.7", false},
		{"!=3.8.*", "3.8", false},
		{">3.7", "3.7", true}, // 3.7.1 > 3.7
		{"<3.8", "3.8", false},
		{"<=3.7", "3.7", true},
		{">=3.5, <3.8", "3.7", true},
		{">=3.5, <3.8", "3.9", false},
		{"==3.7", "3.7", true},
		{">=3.6.*", "3.5", true}, // invalid PEP 440: pip ignores it, so do we
		{"not a specifier", "3.5", true},
	} {
		if got := admits(tt.spec, tt.py); got != tt.want {
			t.Errorf("admits(%q, %s) = %v, want %v", tt.spec, tt.py, got, tt.want)
		}
	}
}

func TestMostPermissive(t *testing.T) {
	for _, tt := range []struct {
		specs []string
		want  string
	}{
		{[]string{">=3.8", ">=3.6"}, ">=3.6"},
		{[]string{">=3.6", "", ">=3.8"}, ""},
		{[]string{">=3.9", ">=3.9"}, ">=3.9"},
		{[]string{"<3.8", ">=3.7"}, ">=3.7"}, // 3.7 … 3.14 beats 3.4 … 3.7
		{nil, ""},
	} {
		if got := mostPermissive(tt.specs); got != tt.want {
			t.Errorf("mostPermissive(%q) = %q, want %q", tt.specs, got, tt.want)
		}
	}
}

func TestResolvePandasByDate(t *testing.T) {
	f := newFakeIndex(t)
	cases := []struct {
		date, python, pandas, why string
	}{
		{"2021-06-01", "3.8", "1.2.4", "a 2021 notebook: Python 3.8, the newest pandas then (>=3.7.1)"},
		{"2020-12-10", "3.8", "1.1.5", "newest by the date"},
		{"2020-11-15", "3.8", "1.0.5", "1.1.4 is yanked"},
		{"2020-01-20", "3.7", "0.25.3", "1.0.0rc0 is a pre-release"},
		{"2019-03-12", "3.6", "0.24.2", "uploaded at 23:58 that same day"},
		{"2019-03-11", "3.6", "0.24.1", "0.24.2 came the next day"},
		{"2017-11-01", "3.5", "0.20.3", "0.21.0 has no files"},
		{"2016-12-24", "3.5", "0.19.2", "released that day"},
		{"2023-03-10", "3.10", "1.4.0", "2.0.0rc0 is a pre-release"},
		{"2025-01-01", "3.12", "2.2.3", "newest"},
	}
	for style, u := range styles(f) {
		ix := &Index{URL: u}
		for _, c := range cases {
			p, err := Resolve(context.Background(), ix, []string{"pandas"}, date(c.date))
			if err != nil {
				t.Fatal(err)
			}
			want := []Pin{{"pandas", c.pandas}}
			if p.Python != c.python || !slices.Equal(p.Packages, want) || len(p.Unresolved) != 0 || len(p.Fallback) != 0 {
				t.Errorf("%s %s (%s): got %+v, want Python %s and pandas %s", style, c.date, c.why, p, c.python, c.pandas)
			}
		}
	}
}

func TestResolveBeforeFirstRelease(t *testing.T) {
	f := newFakeIndex(t)
	p, err := Resolve(context.Background(), &Index{URL: f.URL}, []string{"pandas", "scikit-learn"}, date("2016-12-23"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pin{{"scikit-learn", "0.18.1"}}; !slices.Equal(p.Packages, want) {
		t.Errorf("packages %+v, want %+v", p.Packages, want)
	}
	if got := p.Unresolved["pandas"]; got != "no release on or before 2016-12-23" {
		t.Errorf("pandas: %q", got)
	}
}

func TestResolveRules(t *testing.T) {
	f := newFakeIndex(t)
	for style, u := range styles(f) {
		t.Run(style, func(t *testing.T) {
			ix := &Index{URL: u}
			dists := []string{"stubborn", "Scikit_Learn", "newlib", "py39only", "futurelib", "nosuchdist", "pandas", "scikit-learn", "PANDAS", ""}
			p, err := Resolve(context.Background(), ix, dists, date("2019-06-01"))
			if err != nil {
				t.Fatal(err)
			}
			if p.Python != "3.6" {
				t.Errorf("Python %s, want 3.6", p.Python)
			}
			want := []Pin{
				{"newlib", "0.9"},    // 1.0 and 1.1 require >=3.7
				{"pandas", "0.24.2"}, // 0.25.3 came later
				{"scikit-learn", "0.21.0"},
				{"stubborn", "2.0"}, // fallback: the oldest release for 3.6, not the newest (2.1)
			}
			if !slices.Equal(p.Packages, want) {
				t.Errorf("packages\n got %+v\nwant %+v", p.Packages, want)
			}
			if got := slices.Sorted(maps.Keys(p.Fallback)); !slices.Equal(got, []string{"stubborn"}) ||
				!strings.Contains(p.Fallback["stubborn"], "Python 3.6") {
				t.Errorf("fallback %q", p.Fallback)
			}
			wantWhy := map[string]string{
				"py39only":   "none compatible with Python 3.6",
				"futurelib":  "no release on or before 2019-06-01",
				"nosuchdist": "not on the index",
			}
			if len(p.Unresolved) != len(wantWhy) {
				t.Errorf("unresolved %q", p.Unresolved)
			}
			for d, why := range wantWhy {
				if !strings.Contains(p.Unresolved[d], why) {
					t.Errorf("unresolved[%s] = %q, want it to say %q", d, p.Unresolved[d], why)
				}
			}
			if got, want := p.Requirements(), []string{"newlib==0.9", "pandas==0.24.2", "scikit-learn==0.21.0", "stubborn==2.0"}; !slices.Equal(got, want) {
				t.Errorf("requirements %q, want %q", got, want)
			}
		})
	}
}

func TestResolveOnlyPreAndYanked(t *testing.T) {
	rels := []Release{
		{Version: "1.0rc1", Uploaded: date("2020-01-01")},
		{Version: "1.0", Uploaded: date("2020-02-01"), Yanked: true},
		{Version: "1.0.dev3", Uploaded: date("2019-12-01")},
		{Version: "1.1", Uploaded: date("2020-06-01")},
	}
	_, _, why := choose(rels, date("2020-03-01"), "3.7", "2020-03-01")
	if why != "no final, unyanked release on or before 2020-03-01" {
		t.Errorf("got %q", why)
	}
	v, _, _ := choose(rels, date("2020-06-02"), "3.7", "2020-06-01")
	if v != "1.1" {
		t.Errorf("got %q, want 1.1", v)
	}
	// Versions are compared by PEP 440, not upload order: a backport
	// (0.9.9, uploaded after 1.1) does not win over 1.1; a post release
	// and a higher epoch do.
	rels = append(rels,
		Release{Version: "0.9.9", Uploaded: date("2020-07-01")},
		Release{Version: "1.1.post1", Uploaded: date("2020-07-02")},
	)
	if v, _, _ := choose(rels, date("2020-08-01"), "3.7", ""); v != "1.1.post1" {
		t.Errorf("got %q, want 1.1.post1", v)
	}
	rels = append(rels, Release{Version: "1!0.1", Uploaded: date("2020-07-03")})
	if v, _, _ := choose(rels, date("2020-08-01"), "3.7", ""); v != "1!0.1" {
		t.Errorf("got %q, want 1!0.1 (epoch)", v)
	}
	if _, _, why := choose([]Release{{Version: "1.0"}}, date("2020-08-01"), "3.7", ""); !strings.Contains(why, "no upload times") {
		t.Errorf("undated index: got %q", why)
	}
}

func TestKey(t *testing.T) {
	a := &Pins{Python: "3.6", Packages: []Pin{{"numpy", "1.16.2"}, {"pandas", "0.24.2"}, {"PyYAML", "5.1"}}}
	b := &Pins{Python: "3.6", Packages: []Pin{{"pyyaml", "5.1"}, {"pandas", "0.24.2"}, {"numpy", "1.16.2"}},
		Unresolved: map[string]string{"x": "not on the index"}}
	if a.Key() != b.Key() {
		t.Error("Key depends on order, name spelling or Unresolved")
	}
	// A golden value: a change here would split environments that used to be shared.
	if got := a.Key(); got != "5706076ea0a48710" {
		t.Errorf("Key() = %s; it must stay stable", got)
	}
	if len(a.Key()) != 16 {
		t.Errorf("Key() = %q, want 16 hex digits", a.Key())
	}
	for _, other := range []*Pins{
		{Python: "3.7", Packages: a.Packages},
		{Python: "3.6", Packages: []Pin{{"numpy", "1.16.2"}, {"pandas", "0.24.1"}, {"PyYAML", "5.1"}}},
		{Python: "3.6", Packages: []Pin{{"numpy", "1.16.2"}, {"pandas", "0.24.2"}}},
	} {
		if other.Key() == a.Key() {
			t.Errorf("%+v has the same key as %+v", other, a)
		}
	}
	if got, want := b.Requirements(), []string{"numpy==1.16.2", "pandas==0.24.2", "pyyaml==5.1"}; !slices.Equal(got, want) {
		t.Errorf("Requirements() = %q, want %q", got, want)
	}
}
