// Package analysistest writes results folders for the tests of the
// analysis, figures and report packages: a small study whose every number
// is worked out by hand in analysis's tests, and a large synthetic one for
// benchmarks.
package analysistest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/records"
)

// Notebook is one notebook of the fixture.
type Notebook struct {
	ID, Competition string
	Year            int32
	Libraries       []string
	Graded          bool
}

// Notebooks are the fixture's ten notebooks: two competitions, 2017–2022,
// two without a target (they fall back to executability).
var Notebooks = []Notebook{
	{"n01", "titanic", 2017, []string{"pandas", "scikit-learn"}, true},
	{"n02", "titanic", 2017, []string{"pandas"}, true},
	{"n03", "titanic", 2018, []string{"pandas", "seaborn"}, true},
	{"n04", "titanic", 2019, []string{"pandas", "scikit-learn"}, true},
	{"n05", "titanic", 2020, []string{"numpy"}, false},
	{"n06", "house-prices", 2018, []string{"pandas", "xgboost"}, true},
	{"n07", "house-prices", 2019, []string{"pandas", "scikit-learn"}, true},
	{"n08", "house-prices", 2021, []string{"pandas"}, true},
	{"n09", "house-prices", 2022, []string{"numpy", "pandas"}, false},
	{"n10", "house-prices", 2022, []string{"pandas", "scikit-learn"}, true},
}

// Outcome codes: R error-free reproducible, r error reproducible, N
// error-free non-reproducible, n error non-reproducible, F failed
// (timeout), C error-free and E error (no target).
var codes = map[byte]struct{ status, class string }{
	'R': {records.StatusOK, records.ClassErrorFreeReproducible},
	'r': {records.StatusError, records.ClassErrorReproducible},
	'N': {records.StatusOK, records.ClassErrorFreeNonReproducible},
	'n': {records.StatusError, records.ClassErrorNonReproducible},
	'F': {records.StatusTimeout, records.ClassFailed},
	'C': {records.StatusOK, records.ClassErrorFree},
	'E': {records.StatusError, records.ClassError},
}

// Outcomes are each environment's latest outcome per notebook (n01…n10;
// '.' = not run there), Failures the failure category of the ones that
// failed, Durations their run time.
var (
	Outcomes = map[string]string{
		"trixie":     "FnRnENrRCn",
		"bullseye":   "RRNRCFnREr",
		"backported": "RRRnCRrNCR",
		"trixie+llm": "RR.nCR...R",
	}
	Failures = map[string]map[string]string{
		"trixie":     {"n01": "timeout", "n02": "removed-api", "n04": "removed-api", "n05": "missing-module", "n07": "value-dtype", "n10": "changed-signature"},
		"bullseye":   {"n06": "timeout", "n07": "missing-module", "n09": "missing-module", "n10": "value-dtype"},
		"backported": {"n04": "changed-signature", "n07": "value-dtype"},
		"trixie+llm": {"n04": "removed-api"},
	}
	Durations = []float64{600, 12, 30, 8, 5, 40, 22, 18, 3, 9}
)

// Python versions of the fixture's environments (the packages table).
var Python = map[string]string{"trixie": "3.13.5", "bullseye": "3.9.2", "bookworm": "3.11.2"}

// Digests of the fixture's environments; backported notebooks ran in
// bullseye (before 2021) or bookworm (from 2021).
var Digests = map[string]string{
	"trixie": "sha256:7777777777777777aaaa", "bullseye": "sha256:1111111111111111bbbb", "bookworm": "sha256:3333333333333333cccc",
}

// EraOf is the era environment of a notebook year.
func EraOf(year int32) string {
	if year < 2021 {
		return "bullseye"
	}
	return "bookworm"
}

// Write fills results with the fixture: runs in several part files per
// environment (as from several machines), with an earlier attempt and an
// infrastructure failure that must not count, a verdicts table for the
// backported environment (one confirmation overturns a reproduction:
// n08's run reproduced, its verdict did not) and the packages table.
func Write(t testing.TB, results string) {
	t.Helper()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var runs []records.Run
	var verdicts []records.Verdict
	seq := 0
	for _, label := range []string{"trixie", "bullseye", "backported", "trixie+llm"} {
		env, agent, _ := strings.Cut(label, "+")
		for i, nb := range Notebooks {
			code := Outcomes[label][i]
			if code == '.' {
				continue
			}
			if code == 'N' && label == "backported" && nb.ID == "n08" {
				code = 'R' // the run reproduced; its verdict (below) did not
			}
			oc := codes[code]
			digest := Digests[env]
			if env == "backported" {
				digest = Digests[EraOf(nb.Year)]
			}
			seq++
			r := records.Run{Study: "fixture", Dataset: "fixture", NotebookID: nb.ID, Competition: nb.Competition,
				Environment: env, Agent: agent, EnvDigest: digest, Attempt: 0, Status: oc.status, OutcomeClass: oc.class,
				FailureCategory: Failures[label][nb.ID], DurationS: Durations[i],
				StartedAt: start.Add(time.Duration(seq) * time.Minute), FinishedAt: start.Add(time.Duration(seq)*time.Minute + 30*time.Second),
				Backend: "docker", Worker: "w1", ErosionVersion: "0.1.0+fixture"}
			if nb.Graded {
				target := 0.8
				r.TargetScore = &target
			}
			if agent != "" {
				r.Attempt = 3 // a repair agent's fourth iteration
			}
			runs = append(runs, r)
			if env == "backported" {
				v := records.Verdict{Study: "fixture", Dataset: "fixture", NotebookID: nb.ID, Competition: nb.Competition,
					Environment: env, EnvDigest: digest, Runs: 1, OutcomeClass: oc.class, FirstClass: oc.class, Status: oc.status,
					FailureCategory: r.FailureCategory, TargetScore: r.TargetScore}
				if nb.ID == "n08" {
					v.Runs, v.OutcomeClass = 5, records.ClassErrorFreeNonReproducible
				}
				verdicts = append(verdicts, v)
			}
		}
	}
	// trixie's n03 first failed, then a later attempt reproduced: only the
	// latest attempt counts (its latest is the row above, attempt 0, so
	// move it to attempt 1 and add the earlier failure).
	for i := range runs {
		if runs[i].Environment == "trixie" && runs[i].Agent == "" && runs[i].NotebookID == "n03" {
			runs[i].Attempt = 1
			early := runs[i]
			early.Attempt, early.Status, early.OutcomeClass, early.FailureCategory = 0, records.StatusError, records.ClassErrorNonReproducible, "removed-api"
			early.FinishedAt = early.FinishedAt.Add(-time.Hour)
			runs = append(runs, early)
		}
	}
	// An infrastructure failure is not an outcome.
	infra := runs[1]
	infra.Attempt, infra.Status, infra.OutcomeClass, infra.FailureCategory = 2, records.StatusInfra, records.ClassFailed, "infrastructure"
	runs = append(runs, infra)

	// Two machines: the first half of the rows in one set of parts, the
	// rest in another.
	half := len(runs) / 2
	for _, chunk := range [][]records.Run{runs[:half], runs[half:]} {
		if _, err := records.Runs.Write(results, chunk); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := records.Verdicts.Write(results, verdicts); err != nil {
		t.Fatal(err)
	}
	var pkgs []records.Package
	for env, py := range Python {
		for _, p := range [][2]string{{"pandas", map[string]string{"trixie": "2.2.3", "bullseye": "1.1.5", "bookworm": "1.5.3"}[env]},
			{"numpy", map[string]string{"trixie": "2.2.4", "bullseye": "1.19.5", "bookworm": "1.24.2"}[env]},
			{"scikit-learn", map[string]string{"trixie": "1.4.2", "bullseye": "0.23.2", "bookworm": "1.2.1"}[env]}} {
			pkgs = append(pkgs, records.Package{Environment: env, EnvDigest: Digests[env], Kind: "debian", Python: py, Name: p[0], Version: p[1]})
		}
	}
	if _, err := records.Packages.Write(results, pkgs); err != nil {
		t.Fatal(err)
	}
}

// Entries are the fixture's manifest rows (dataset "fixture"); eras are
// left out, so they come from the backported runs.
func Entries() []datasets.Entry {
	out := make([]datasets.Entry, len(Notebooks))
	for i, nb := range Notebooks {
		out[i] = datasets.Entry{NotebookID: nb.ID, Competition: nb.Competition, Year: nb.Year, Distributions: nb.Libraries}
	}
	return out
}

// Synthetic generates n runs of a large study, deterministic from seed,
// and hands them to fn batch rows at a time (the slice is reused): a study
// of notebooks × 5 environments (three Debian eras, backported and a
// modernized variant) × 4 attempts, over 79 competitions, with realistic
// classes, failures and messages.
func Synthetic(n, batch int, seed uint64, fn func([]records.Run) error) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	envs := []struct{ env, agent, digest string }{
		{"trixie", "", "sha256:77aa"}, {"bookworm", "", "sha256:33cc"}, {"bullseye", "", "sha256:11bb"},
		{"backported", "", "sha256:11bb"}, {"trixie", "llm", "sha256:77aa"},
	}
	cats := []string{"removed-api", "missing-module", "changed-signature", "value-dtype", "data-path", "timeout", "out-of-memory", "other"}
	msgs := []string{"module 'pandas' has no attribute 'ix'", "No module named 'sklearn.cross_validation'",
		"__init__() got an unexpected keyword argument 'normalize'", "could not convert string to float: 'male'",
		"[Errno 2] No such file or directory: '../input/train.csv'", "", "", "name 'foo' is not defined"}
	const attempts = 4
	per := len(envs) * attempts
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	runs := make([]records.Run, 0, batch)
	for i := 0; i < n; i++ {
		nb := i / per
		e := envs[(i/attempts)%len(envs)]
		target := 0.5 + rng.Float64()/2
		r := records.Run{Study: "synthetic", Dataset: "synthetic", NotebookID: fmt.Sprintf("nb-%06d", nb),
			Competition: fmt.Sprintf("competition-%02d", nb%79), Environment: e.env, Agent: e.agent, EnvDigest: e.digest,
			Attempt: int32(i % attempts), CellsTotal: 30, CellsOK: 30, DurationS: 1 + rng.ExpFloat64()*60,
			PeakRSSBytes: int64(200+rng.IntN(2000)) << 20, TargetScore: &target,
			StartedAt: start.Add(time.Duration(i) * time.Second), FinishedAt: start.Add(time.Duration(i)*time.Second + 45*time.Second),
			Backend: "docker", Worker: fmt.Sprintf("node%02d/w%d", i%16, i%4), ErosionVersion: "0.1.0"}
		if nb%7 == 0 {
			r.TargetScore = nil // EDA notebooks: executability only
		}
		switch u := rng.Float64(); {
		case u < 0.30:
			r.Status, r.OutcomeClass = records.StatusOK, records.ClassErrorFreeReproducible
		case u < 0.38:
			r.Status, r.OutcomeClass = records.StatusOK, records.ClassErrorFreeNonReproducible
		case u < 0.45:
			r.Status, r.OutcomeClass = records.StatusError, records.ClassErrorReproducible
		case u < 0.85:
			r.Status, r.OutcomeClass = records.StatusError, records.ClassErrorNonReproducible
		case u < 0.995:
			r.Status, r.OutcomeClass, r.DurationS = records.StatusTimeout, records.ClassFailed, 600
		default:
			r.Status, r.OutcomeClass = records.StatusInfra, records.ClassFailed
		}
		if r.TargetScore == nil && r.OutcomeClass != records.ClassFailed {
			r.OutcomeClass = map[string]string{records.StatusOK: records.ClassErrorFree, records.StatusError: records.ClassError}[r.Status]
		}
		if r.Status != records.StatusOK {
			k := rng.IntN(len(cats))
			r.FailureCategory, r.ExceptionType, r.ExceptionMsg = cats[k], "AttributeError", msgs[k]
			r.FailingCell, r.CellsOK = records.Cell32(rng.IntN(30)), int32(rng.IntN(30))
			if r.Status == records.StatusTimeout {
				r.FailureCategory = "timeout"
			}
			if r.Status == records.StatusInfra {
				r.FailureCategory = "infrastructure"
			}
		}
		if r.TargetScore != nil && (r.Status == records.StatusOK || r.OutcomeClass == records.ClassErrorReproducible) {
			score := *r.TargetScore * (1 + (rng.Float64()-0.5)/10)
			rel := (score - *r.TargetScore) / *r.TargetScore
			r.Score, r.ScoreRelErr = &score, &rel
		}
		runs = append(runs, r)
		if len(runs) == batch || i == n-1 {
			if err := fn(runs); err != nil {
				return err
			}
			runs = runs[:0]
		}
	}
	return nil
}
