package analysis_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/records"
)

// The fixture (analysistest) is ten notebooks in four environments; every
// expected number below is counted by hand from its outcome strings:
//
//	          n01 n02 n03 n04 n05 n06 n07 n08 n09 n10
//	trixie     F   n   R   n   E   N   r   R   C   n
//	bullseye   R   R   N   R   C   F   n   R   E   r
//	backported R   R   R   n   C   R   r   N*  C   R     (*run R, verdict N)
//	trixie+llm R   R   .   n   C   R   .   .   .   R
//
// R/N/C ran clean (executable); R/r reproduce; n05 and n09 have no target,
// so for them the criterion is executability (C yes, E no).

func load(t *testing.T) *analysis.Study {
	t.Helper()
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.IsNaN(want) && math.IsNaN(got) {
		return
	}
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %.9f, want %.9f", what, got, want)
	}
}

func TestLoadUnitsAndOrder(t *testing.T) {
	s := load(t)
	// Order: plain environments newest Python first (trixie 3.13, bullseye
	// 3.9), then backported, then the modernized variant.
	if want := []string{"trixie", "bullseye", "backported", "trixie+llm"}; !slices.Equal(s.Envs, want) {
		t.Fatalf("environments %v, want %v", s.Envs, want)
	}
	// 36 outcomes + trixie n03's earlier attempt + one infra row.
	if s.RunRows != 38 || s.InfraRuns != 1 || len(s.Units) != 36 {
		t.Errorf("rows %d infra %d units %d, want 38, 1, 36", s.RunRows, s.InfraRuns, len(s.Units))
	}
	if s.Notebooks() != 10 || !slices.Equal(s.Datasets, []string{"fixture"}) || !slices.Equal(s.Versions, []string{"0.1.0+fixture"}) {
		t.Errorf("notebooks %d datasets %v versions %v", s.Notebooks(), s.Datasets, s.Versions)
	}
	// Eras come from the backported runs' digests via the packages table.
	if m := s.Meta["fixture/n08"]; m.Era != "bookworm" || m.Year != 2021 {
		t.Errorf("n08 meta %+v, want era bookworm, year 2021", m)
	}
	if m := s.Meta["fixture/n03"]; m.Era != "bullseye" {
		t.Errorf("n03 era %q, want bullseye", m.Era)
	}
	if got := s.Digests["backported"]; len(got) != 2 {
		t.Errorf("backported digests %v, want bullseye's and bookworm's", got)
	}
	// Override puts an environment first.
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s2, err := analysis.Load(dir, analysis.Options{Order: []string{"backported"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"backported", "trixie", "bullseye", "trixie+llm"}; !slices.Equal(s2.Envs, want) {
		t.Errorf("ordered %v, want %v", s2.Envs, want)
	}
}

func TestRatesHandComputed(t *testing.T) {
	rates := load(t).Rates()
	type want struct {
		env                      string
		exe, n, rep, graded, suc int
	}
	// trixie: clean runs n03 n06 n08 n09 = 4/10; reproduced n03 n07 n08
	// of 8 graded; criterion adds n09 (C) = 4/10.
	// bullseye: clean n01 n02 n03 n04 n05 n08 = 6/10 (n10 reproduced with
	// an error); reproduced n01 n02 n04 n08 n10 = 5/8; criterion +n05 = 6.
	// backported: clean all but n04 n07 = 8/10; reproduced n01 n02 n03
	// n06 n07 n10 = 6/8 (n08's verdict overturned it); criterion 6+2 = 8.
	// trixie+llm: clean all but n04 = 5/6; reproduced 4/5; criterion 5/6.
	wants := []want{{"trixie", 4, 10, 3, 8, 4}, {"bullseye", 6, 10, 5, 8, 6}, {"backported", 8, 10, 6, 8, 8}, {"trixie+llm", 5, 6, 4, 5, 5}}
	if len(rates) != len(wants) {
		t.Fatalf("%d rates", len(rates))
	}
	for i, w := range wants {
		r := rates[i]
		if r.Env != w.env || r.Executable.K != w.exe || r.Notebooks != w.n || r.Reproducible.K != w.rep || r.Reproducible.N != w.graded || r.Success.K != w.suc {
			t.Errorf("%s: %+v, want %+v", r.Env, r, w)
		}
	}
	// Wilson, 4 of 10, z = 1.959964: z² = 3.841459, den = 1 + z²/10 =
	// 1.384146, centre = (0.4 + 0.192073)/1.384146 = 0.427753, half =
	// 1.959964·√(0.024 + 0.009604)/1.384146 = 0.259573 → [0.168180, 0.687326].
	near(t, "trixie lo", rates[0].Executable.Lo, 0.168180)
	near(t, "trixie hi", rates[0].Executable.Hi, 0.687326)
	// 3 of 8: centre = (0.375 + 0.240091)/1.480182 = 0.415551, half =
	// 1.959964·√(0.029297 + 0.015006)/1.480182 = 0.278707 → [0.136844, 0.694258].
	near(t, "trixie repro lo", rates[0].Reproducible.Lo, 0.136844)
	near(t, "trixie repro hi", rates[0].Reproducible.Hi, 0.694258)
	// 5 of 6: centre = (0.833333 + 0.320122)/1.640243 = 0.703225, half =
	// 1.959964·√(0.023148 + 0.026676)/1.640243 = 0.266728 → [0.436497, 0.969947].
	near(t, "llm lo", rates[3].Executable.Lo, 0.436497)
	near(t, "llm hi", rates[3].Executable.Hi, 0.969947)
}

func TestBreakdowns(t *testing.T) {
	s := load(t)
	find := func(rows []analysis.GroupRate, group, env string) analysis.GroupRate {
		t.Helper()
		for _, r := range rows {
			if r.Group == group && r.Env == env {
				return r
			}
		}
		t.Fatalf("no row %s/%s", group, env)
		return analysis.GroupRate{}
	}
	comp := s.RatesBy(analysis.ByCompetition)
	// Competitions by name; trixie on titanic (n01–n05): only n03 meets
	// the criterion and runs clean; on house-prices (n06–n10): n07 n08 n09
	// meet it, n06 n08 n09 run clean.
	if comp[0].Group != "house-prices" || len(comp) != 8 {
		t.Errorf("competition rows: %d, first %s", len(comp), comp[0].Group)
	}
	if r := find(comp, "titanic", "trixie"); r.Success.K != 1 || r.Success.N != 5 || r.Executable.K != 1 {
		t.Errorf("titanic/trixie %+v", r)
	}
	if r := find(comp, "house-prices", "trixie"); r.Success.K != 3 || r.Executable.K != 3 || r.Reproducible.K != 2 || r.Reproducible.N != 4 {
		t.Errorf("house/trixie %+v", r)
	}
	year := s.RatesBy(analysis.ByYear)
	var years []string
	for _, r := range year {
		if r.Env == "trixie" {
			years = append(years, r.Group)
		}
	}
	if !slices.Equal(years, []string{"2017", "2018", "2019", "2020", "2021", "2022"}) {
		t.Errorf("years %v", years)
	}
	// 2022 is n09 (C) and n10: bullseye n09 E ✗, n10 r ✓ → 1 of 2.
	if r := find(year, "2022", "bullseye"); r.Success.K != 1 || r.Success.N != 2 || r.Executable.K != 0 {
		t.Errorf("2022/bullseye %+v", r)
	}
	era := s.RatesBy(analysis.ByEra)
	// bookworm era = n08 n09 n10; trixie: n08 R ✓, n09 C ✓, n10 n ✗.
	if r := find(era, "bookworm", "trixie"); r.Success.K != 2 || r.Success.N != 3 {
		t.Errorf("bookworm/trixie %+v", r)
	}
	if r := find(era, "bullseye", "backported"); r.Notebooks != 7 {
		t.Errorf("bullseye era has %d notebooks, want 7", r.Notebooks)
	}
	lib := s.RatesBy(analysis.ByLibrary)
	// Libraries by how many notebooks use them: pandas 9, scikit-learn 4,
	// numpy 2, then seaborn and xgboost (1 each) by name.
	var libs []string
	for _, r := range lib {
		if r.Env == "trixie" {
			libs = append(libs, r.Group)
		}
	}
	if !slices.Equal(libs, []string{"pandas", "scikit-learn", "numpy", "seaborn", "xgboost"}) {
		t.Errorf("libraries %v", libs)
	}
	// scikit-learn: n01 n04 n07 n10; trixie meets it only on n07.
	if r := find(lib, "scikit-learn", "trixie"); r.Success.K != 1 || r.Success.N != 4 {
		t.Errorf("scikit-learn/trixie %+v", r)
	}
	// trixie+llm ran 3 of the scikit-learn notebooks (n01 n04 n10): 2 meet it.
	if r := find(lib, "scikit-learn", "trixie+llm"); r.Success.K != 2 || r.Success.N != 3 {
		t.Errorf("scikit-learn/llm %+v", r)
	}
}

func TestClassesAndFailures(t *testing.T) {
	s := load(t)
	cs := s.ClassDistribution()
	want := map[string]map[string]int{
		"trixie":     {records.ClassFailed: 1, records.ClassErrorNonReproducible: 3, records.ClassErrorFreeReproducible: 2, records.ClassError: 1, records.ClassErrorFreeNonReproducible: 1, records.ClassErrorReproducible: 1, records.ClassErrorFree: 1},
		"backported": {records.ClassErrorFreeReproducible: 5, records.ClassErrorNonReproducible: 1, records.ClassErrorFree: 2, records.ClassErrorReproducible: 1, records.ClassErrorFreeNonReproducible: 1},
	}
	for _, c := range cs {
		if w, ok := want[c.Env]; ok {
			for k, n := range w {
				if c.Counts[k] != n {
					t.Errorf("%s %s = %d, want %d", c.Env, k, c.Counts[k], n)
				}
			}
		}
	}
	if got := analysis.ClassesPresent(cs); len(got) != 7 || got[0] != records.ClassErrorFreeReproducible || got[6] != records.ClassError {
		t.Errorf("classes present %v", got)
	}
	tx := s.FailureTaxonomy()
	// Totals: missing-module 3 (trixie 1, bullseye 2), removed-api 3
	// (trixie 2, llm 1; trixie n03's earlier removed-api does not count),
	// value-dtype 3, changed-signature 2, timeout 2.
	if want := []string{"missing-module", "removed-api", "value-dtype", "changed-signature", "timeout"}; !slices.Equal(tx.Categories, want) {
		t.Errorf("categories %v, want %v", tx.Categories, want)
	}
	if tx.Counts["trixie"]["removed-api"] != 2 || tx.Counts["bullseye"]["missing-module"] != 2 || tx.Notebooks["trixie+llm"] != 6 {
		t.Errorf("taxonomy %+v", tx)
	}
}

func TestTransitionsAndMcNemar(t *testing.T) {
	trs := load(t).Transitions()
	type want struct {
		from, to                       string
		paired, kept, fixed, broke, no int
		p                              float64
	}
	// By the criterion (1 = met):
	//   trixie     0 0 1 0 0 0 1 1 1 0
	//   bullseye   1 1 0 1 1 0 0 1 0 1
	//   backported 1 1 1 0 1 1 1 0 1 1
	//   trixie+llm 1 1 . 0 1 1 . . . 1
	// p = 2·P(X ≤ min(b, c)), X ~ Bin(b + c, ½):
	//   5 vs 3: 2·(1+8+28+56)/256 = 0.7265625;  5 vs 1: 2·7/64 = 0.21875;
	//   5 vs 0: 2/32 = 0.0625;  4 vs 2: 2·22/64 = 0.6875;  1 vs 1: min(1, 2·3/4) = 1.
	wants := []want{
		{"trixie", "bullseye", 10, 1, 5, 3, 1, 0.7265625},
		{"trixie", "backported", 10, 3, 5, 1, 1, 0.21875},
		{"trixie", "trixie+llm", 6, 0, 5, 0, 1, 0.0625},
		{"bullseye", "backported", 10, 4, 4, 2, 0, 0.6875},
		{"bullseye", "trixie+llm", 6, 4, 1, 1, 0, 1},
		{"backported", "trixie+llm", 6, 5, 0, 0, 1, math.NaN()},
	}
	if len(trs) != len(wants) {
		t.Fatalf("%d transitions, want %d", len(trs), len(wants))
	}
	for i, w := range wants {
		tr := trs[i]
		if tr.From != w.from || tr.To != w.to || tr.Paired != w.paired || tr.Kept != w.kept || tr.Fixed != w.fixed || tr.Broken != w.broke || tr.Neither != w.no {
			t.Errorf("transition %d: %+v, want %+v", i, tr, w)
		}
		near(t, w.from+"→"+w.to+" p", tr.P, w.p)
	}
	// The class matrix of trixie → backported: n04 stays error
	// non-reproducible; n01 goes from failed to error-free reproducible.
	c := trs[1].Classes
	if c[[2]string{records.ClassErrorNonReproducible, records.ClassErrorNonReproducible}] != 1 ||
		c[[2]string{records.ClassFailed, records.ClassErrorFreeReproducible}] != 1 {
		t.Errorf("class matrix %v", c)
	}
	sum := 0
	for _, n := range c {
		sum += n
	}
	if sum != 10 {
		t.Errorf("class matrix sums to %d, want 10", sum)
	}
}

func TestMcNemarExact(t *testing.T) {
	// b=1, c=9: 2·P(X ≤ 1), X ~ Bin(10, ½) = 2·11/1024 = 0.021484375.
	near(t, "1 vs 9", analysis.McNemarExact(1, 9), 0.021484375)
	near(t, "9 vs 1", analysis.McNemarExact(9, 1), 0.021484375)
	// b=0, c=12: 2/4096.
	near(t, "0 vs 12", analysis.McNemarExact(0, 12), 2.0/4096)
	near(t, "3 vs 3", analysis.McNemarExact(3, 3), 1)
	if !math.IsNaN(analysis.McNemarExact(0, 0)) {
		t.Error("no discordant pairs should be NaN")
	}
}

func TestRuntimes(t *testing.T) {
	rts := load(t).Runtimes()
	// trixie: 3 5 8 9 12 18 22 30 40 600; mean 747/10. Empirical quantile:
	// the first x with (i+1)/10 ≥ p: 25% → 8, 50% → 12, 75% → 30, 90% → 40.
	r := rts[0]
	if r.Env != "trixie" || r.N != 10 {
		t.Fatalf("%+v", r)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"mean", r.Mean, 74.7}, {"min", r.Min, 3}, {"q25", r.Q25, 8}, {"median", r.Median, 12}, {"q75", r.Q75, 30}, {"q90", r.Q90, 40}, {"max", r.Max, 600}} {
		near(t, "trixie "+c.what, c.got, c.want)
	}
	// trixie+llm: 5 8 9 12 40 600; mean 674/6; 25% → 1.5th → 8; 50% → 9;
	// 75% → 4.5th → 40; 90% → 5.4th → 600.
	r = rts[3]
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"mean", r.Mean, 674.0 / 6}, {"q25", r.Q25, 8}, {"median", r.Median, 9}, {"q75", r.Q75, 40}, {"q90", r.Q90, 600}} {
		near(t, "llm "+c.what, c.got, c.want)
	}
}

func TestTablesThreeFormats(t *testing.T) {
	s := load(t)
	ts := s.Tables()
	var names []string
	for _, tb := range ts {
		names = append(names, tb.Name)
	}
	if want := []string{"environments", "outcome-classes", "failures", "by-competition", "by-year", "by-era", "by-library",
		"transitions", "class-transitions", "runtimes", "inventories"}; !slices.Equal(names, want) {
		t.Fatalf("tables %v, want %v", names, want)
	}
	env := ts[0]
	var md, csvb, tex bytes.Buffer
	if err := env.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := env.CSV(&csvb); err != nil {
		t.Fatal(err)
	}
	if err := env.LaTeX(&tex); err != nil {
		t.Fatal(err)
	}
	// Mixed graded/ungraded study: all three rate groups are shown.
	if !strings.Contains(md.String(), "| trixie | 10 | 4 | 40.0 | [16.8, 68.7] | 8 | 3 | 37.5 | [13.7, 69.4] | 40.0 | [16.8, 68.7] |") {
		t.Errorf("markdown row:\n%s", md.String())
	}
	lines := strings.Split(strings.TrimSpace(csvb.String()), "\n")
	if lines[0] != "environment,notebooks,executable,executable_rate,executable_ci_low,executable_ci_high,graded,reproducible,reproducible_rate,reproducible_ci_low,reproducible_ci_high,criterion_rate,criterion_ci_low,criterion_ci_high,gave_up" {
		t.Errorf("csv header %q", lines[0])
	}
	if lines[1] != "trixie,10,4,0.400000,0.168180,0.687326,8,3,0.375000,0.136844,0.694258,0.400000,0.168180,0.687326," {
		t.Errorf("csv row %q", lines[1])
	}
	for _, want := range []string{`\toprule`, `\midrule`, `\bottomrule`, `\begin{tabular}{lrrrrrrrrrrr}`, `\label{tab:environments}`,
		`trixie+llm & 6 & 5 & 83.3 & [43.6, 97.0]`, `& -- \\`, `[37.6, 96.4] & 83.3 & [43.6, 97.0] & 0 \\`, `95\% CI`} {
		if !strings.Contains(tex.String(), want) {
			t.Errorf("latex lacks %q:\n%s", want, tex.String())
		}
	}
	// Transitions table: p formatted, NaN as a dash.
	var tr bytes.Buffer
	ts[7].Markdown(&tr)
	if !strings.Contains(tr.String(), "| trixie | trixie+llm | 6 | 0 | 5 | 0 | 1 | 0.062 |") || !strings.Contains(tr.String(), "| backported | trixie+llm | 6 | 5 | 0 | 0 | 1 | – |") {
		t.Errorf("transitions:\n%s", tr.String())
	}
}

func TestTexEscape(t *testing.T) {
	tb := analysis.Table{Name: "x", Title: "50% of A_B & C", Columns: []analysis.Column{{Head: "a#b", CSV: []string{"a"}}},
		Rows: [][]analysis.Cell{{{Text: "{x}~$^\\ → <0.001", CSV: []string{"v"}}}}}
	var b bytes.Buffer
	tb.LaTeX(&b)
	for _, want := range []string{`\caption{50\% of A\_B \& C}`, `a\#b`, `\{x\}\textasciitilde{}\$\textasciicircum{}\textbackslash{} $\rightarrow$ \textless{}0.001`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("latex lacks %q:\n%s", want, b.String())
		}
	}
	var md bytes.Buffer
	analysis.Table{Columns: []analysis.Column{{Head: "a|b"}}, Rows: [][]analysis.Cell{{{Text: "x|y"}}}}.Markdown(&md)
	if !strings.Contains(md.String(), `a\|b`) || !strings.Contains(md.String(), `x\|y`) {
		t.Errorf("markdown pipes: %s", md.String())
	}
}

func TestWriteTablesDeterministicAndStale(t *testing.T) {
	dir := t.TempDir()
	analysistest.Write(t, dir)
	write := func() map[string][]byte {
		s, err := analysis.Load(dir, analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"})
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "tables")
		paths, err := analysis.WriteTables(out, s.Tables())
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(p)] = b
		}
		return files
	}
	a, b := write(), write()
	if len(a) != 33 {
		t.Errorf("%d files, want 11 tables × 3", len(a))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs on the same Parquet", name)
		}
	}
	// Without the dataset the year/library breakdowns go, and so do their
	// files from the earlier run.
	s, err := analysis.Load(dir, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.WriteTables(filepath.Join(dir, "tables"), s.Tables()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tables", "by-year.csv")); !os.IsNotExist(err) {
		t.Errorf("stale by-year.csv kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tables", "by-era.csv")); err != nil {
		t.Errorf("by-era (from the runs) should stay: %v", err)
	}
}

func TestPartOrderDoesNotMatter(t *testing.T) {
	// The same rows split differently over parts give the same units.
	a, b := t.TempDir(), t.TempDir()
	analysistest.Write(t, a)
	runs, err := records.Runs.Read(a)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(runs)
	for _, r := range runs {
		if _, err := records.Runs.Write(b, []records.Run{r}); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := records.Verdicts.Read(a)
	pk, _ := records.Packages.Read(a)
	records.Verdicts.Write(b, vs)
	records.Packages.Write(b, pk)
	sa, err := analysis.Load(a, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := analysis.Load(b, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sa.Units) != len(sb.Units) {
		t.Fatalf("%d units vs %d", len(sa.Units), len(sb.Units))
	}
	for i := range sa.Units {
		if sa.Units[i] != sb.Units[i] {
			t.Errorf("units depend on how the rows are split into parts:\n%+v\n%+v", sa.Units[i], sb.Units[i])
		}
	}
}

func TestDamagedPartNamed(t *testing.T) {
	dir := t.TempDir()
	analysistest.Write(t, dir)
	bad := filepath.Join(dir, "runs", "environment=trixie", "part-bad.parquet")
	if err := os.WriteFile(bad, []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := analysis.Load(dir, analysis.Options{})
	if err == nil || !strings.Contains(err.Error(), "part-bad.parquet") {
		t.Errorf("error %v should name the damaged part", err)
	}
}
