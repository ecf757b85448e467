package figures

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/records"
)

// White is the page.
var White = color.White

// classColours follow the classes' meaning: greens and blues reproduce,
// yellow and orange do not, vermillion failed; the executability classes of
// notebooks without a target get the remaining hues.
var classColours = map[string]color.Color{
	records.ClassErrorFreeReproducible:    BluishGreen,
	records.ClassErrorReproducible:        SkyBlue,
	records.ClassErrorFreeNonReproducible: Yellow,
	records.ClassErrorNonReproducible:     Orange,
	records.ClassFailed:                   Vermillion,
	records.ClassErrorFree:                Blue,
	records.ClassError:                    ReddishPurple,
	"other":                               Grey,
}

// Names are every figure erosion draws, in the report's order.
var Names = []string{"outcome-classes", "rate-by-year", "failures", "transitions", "runtime-cdf", "by-competition"}

// All draws the figures the study supports: a rate by year needs notebook
// years (a dataset), transitions need two environments.
func All(s *analysis.Study) ([]*Figure, error) {
	var figs []*Figure
	for _, build := range []func(*analysis.Study) (*Figure, error){
		OutcomeClasses, RateByYear, Failures, Transitions, RuntimeCDF, ByCompetition,
	} {
		f, err := build(s)
		if err != nil {
			return nil, err
		}
		if f != nil {
			figs = append(figs, f)
		}
	}
	return figs, nil
}

// DatasetFigures are the figures that need the dataset (notebook years).
var DatasetFigures = []string{"rate-by-year"}

// AllFor is All, warning about the figures left out for want of the
// dataset ds.
func AllFor(s *analysis.Study, ds *datasets.Dataset) ([]*Figure, error) {
	figs, err := All(s)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	analysis.WarnLeftOut(ds, "figure", DatasetFigures, names)
	return figs, nil
}

// rateLabel names the rate the figures plot (the study's criterion) in
// words: reproducible, executable, or, when some notebooks have no target
// score, "reproducible or error-free".
func rateLabel(s *analysis.Study) string { return s.CriterionLabel() + " (%)" }

// criterionNote explains a mixed criterion in a caption.
func criterionNote(s *analysis.Study) string {
	if s.CriterionLabel() != analysis.CriterionMixed {
		return ""
	}
	return " (reproducible for notebooks with a target score, error-free (ran without an error) for the others)"
}

// rowHeight is the height of one bar or dot row in horizontal figures.
const rowHeight = 0.22 * vg.Inch

// OutcomeClasses is a horizontal stacked bar per environment: the share of
// its notebooks in each outcome class.
func OutcomeClasses(s *analysis.Study) (*Figure, error) {
	rows := s.ClassDistribution()
	if len(rows) == 0 {
		return nil, nil
	}
	classes := analysis.ClassesPresent(rows)
	p := newPlot()
	p.Add(grid(true, false))
	lg := newLegend()
	var below *plotter.BarChart
	// Rows top-down in the study's order: the y axis counts upwards.
	n := len(rows)
	for _, c := range classes {
		vals := make(plotter.Values, n)
		for i, r := range rows {
			vals[n-1-i] = 100 * float64(r.Counts[c]) / float64(max(1, r.Notebooks))
		}
		b, err := plotter.NewBarChart(vals, rowHeight*0.7)
		if err != nil {
			return nil, fmt.Errorf("outcome classes: %w", err)
		}
		b.Horizontal = true
		b.Color = classColours[c]
		b.LineStyle = draw.LineStyle{Color: White, Width: vg.Points(0.4)}
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		lg.add(analysis.ClassLabel(c), swatch{classColours[c]})
	}
	names := make([]string, n)
	for i, r := range rows {
		names[n-1-i] = fmt.Sprintf("%s (n=%d)", r.Env, r.Notebooks)
	}
	p.NominalY(names...)
	p.X.Padding = vg.Points(2)
	p.X.Min, p.X.Max = 0, 100
	p.X.Tick.Marker = percentTicks
	p.X.Label.Text = "Notebooks (%)"
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	h := vg.Length(n)*rowHeight + 0.55*vg.Inch
	f := &Figure{Name: "outcome-classes", Caption: "Outcome classes per environment: share of each environment's notebooks.",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = h + lg.height(ColumnWidth-4)
	return f, nil
}

// RateByYear plots the rate by notebook year per environment, with its
// Wilson 95% interval as a band. A line joins consecutive years only: a
// year without notebooks in an environment leaves a gap, and a year alone
// between gaps is a point with its interval as an error bar. Nil without
// notebook years.
func RateByYear(s *analysis.Study) (*Figure, error) {
	rows := s.RatesBy(analysis.ByYear)
	if len(rows) == 0 {
		return nil, nil
	}
	p := newPlot()
	p.Add(grid(false, true))
	lg := newLegend()
	minYear, maxYear := math.Inf(1), math.Inf(-1)
	// Bands under lines under points, whichever environment they belong to.
	var bands, lines, marks []plot.Plotter
	for i, env := range s.Envs {
		type point struct {
			year      int
			x         float64
			y, lo, hi float64
		}
		var pts []point
		for _, r := range rows {
			if r.Env != env {
				continue
			}
			y, err := strconv.Atoi(r.Group)
			if err != nil {
				continue
			}
			// A small dodge keeps environments with equal rates visible.
			x := float64(y) + 0.06*(float64(i)-float64(len(s.Envs)-1)/2)
			minYear, maxYear = min(minYear, float64(y)), max(maxYear, float64(y))
			pts = append(pts, point{y, x, 100 * r.Success.P, 100 * r.Success.Lo, 100 * r.Success.Hi})
		}
		if len(pts) == 0 {
			continue
		}
		line := draw.LineStyle{Color: envColour(i), Width: vg.Points(1.2), Dashes: envDash(i)}
		glyph := draw.GlyphStyle{Color: envColour(i), Radius: vg.Points(2), Shape: envShape(i)}
		// Runs of consecutive years, drawn apart.
		for start := 0; start < len(pts); {
			end := start + 1
			for end < len(pts) && pts[end].year == pts[end-1].year+1 {
				end++
			}
			seg := pts[start:end]
			start = end
			var xy, band plotter.XYs
			for _, q := range seg {
				xy = append(xy, plotter.XY{X: q.x, Y: q.y})
				band = append(band, plotter.XY{X: q.x, Y: q.lo})
			}
			if len(seg) == 1 {
				q := seg[0]
				eb, err := plotter.NewYErrorBars(struct {
					plotter.XYs
					plotter.YErrors
				}{xy, plotter.YErrors{{Low: q.y - q.lo, High: q.hi - q.y}}})
				if err != nil {
					return nil, fmt.Errorf("rate by year: %w", err)
				}
				eb.LineStyle = draw.LineStyle{Color: withAlpha(envColour(i), 110), Width: vg.Points(3)}
				eb.CapWidth = 0
				bands = append(bands, eb)
			} else {
				for j := len(seg) - 1; j >= 0; j-- {
					band = append(band, plotter.XY{X: seg[j].x, Y: seg[j].hi})
				}
				poly, err := plotter.NewPolygon(band)
				if err != nil {
					return nil, fmt.Errorf("rate by year: %w", err)
				}
				poly.Color = withAlpha(envColour(i), bandAlpha)
				poly.LineStyle.Width = 0
				l, err := plotter.NewLine(xy)
				if err != nil {
					return nil, fmt.Errorf("rate by year: %w", err)
				}
				l.LineStyle = line
				bands, lines = append(bands, poly), append(lines, l)
			}
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("rate by year: %w", err)
			}
			sc.GlyphStyle = glyph
			marks = append(marks, sc)
		}
		lg.add(env, markLine{line: line, glyph: glyph})
	}
	p.Add(bands...)
	p.Add(lines...)
	p.Add(marks...)
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = percentTicks
	p.Y.Label.Text = rateLabel(s)
	p.X.Label.Text = "Notebook year (bands: 95% CI)"
	p.X.Min, p.X.Max = minYear-0.4, maxYear+0.4
	p.X.Tick.Marker = yearTicks{}
	f := &Figure{Name: "rate-by-year", Caption: "Rate by notebook year per environment" + criterionNote(s) + "; bands are Wilson 95% intervals. " +
		"Lines join consecutive years only: a gap is a year without notebooks there.",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = 2.3*vg.Inch + lg.height(ColumnWidth-4)
	return f, nil
}

// bandAlpha is the opacity of confidence bands (of 255): light enough for
// overlapping bands to show through each other.
const bandAlpha = 40

// yearTicks labels whole years, every year while they fit, else every
// second or fifth.
type yearTicks struct{}

func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	step := 1
	if last-first > 8 {
		step = 2
	}
	if last-first > 16 {
		step = 5
	}
	var ts []plot.Tick
	for y := first; y <= last; y++ {
		if (y-first)%step == 0 {
			ts = append(ts, plot.Tick{Value: float64(y), Label: strconv.Itoa(y)})
		}
	}
	return ts
}

// Failures is grouped horizontal bars: per failure category, the share of
// each environment's notebooks that failed that way.
func Failures(s *analysis.Study) (*Figure, error) {
	tx := s.FailureTaxonomy()
	if len(tx.Categories) == 0 {
		return nil, nil
	}
	cats := tx.Categories
	n, k := len(cats), len(tx.Envs)
	p := newPlot()
	p.Add(grid(true, false))
	lg := newLegend()
	group := 0.8 // share of a category's row the bars take
	barW := rowHeight * vg.Length(group) / vg.Length(max(1, k)) * 1.6
	for i, env := range tx.Envs {
		vals := make(plotter.Values, n)
		for j, c := range cats {
			vals[n-1-j] = 100 * float64(tx.Counts[env][c]) / float64(max(1, tx.Notebooks[env]))
		}
		b, err := plotter.NewBarChart(vals, barW)
		if err != nil {
			return nil, fmt.Errorf("failures: %w", err)
		}
		b.Horizontal = true
		b.Color = envColour(i)
		b.LineStyle.Width = 0
		// Environments top-down within a category, in the study's order.
		b.XMin = group/2 - group/float64(k)*(float64(i)+0.5)
		p.Add(b)
		lg.add(env, swatch{envColour(i)})
	}
	names := make([]string, n)
	for j, c := range cats {
		names[n-1-j] = c
	}
	p.NominalY(names...)
	p.X.Padding = vg.Points(2)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min = 0
	p.X.Max = 0
	for _, env := range tx.Envs {
		for _, c := range cats {
			p.X.Max = max(p.X.Max, 100*float64(tx.Counts[env][c])/float64(max(1, tx.Notebooks[env])))
		}
	}
	p.X.Max = min(100, p.X.Max*1.08)
	p.X.Tick.Marker = plainTicks{}
	p.X.Label.Text = "Notebooks (%)"
	rows := vg.Length(n) * rowHeight * vg.Length(max(1.0, 0.55*float64(k)))
	f := &Figure{Name: "failures", Caption: "Failure taxonomy per environment: share of each environment's notebooks whose latest run failed in each category.",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = rows + 0.6*vg.Inch + lg.height(ColumnWidth-4)
	return f, nil
}

// Transitions is a stacked bar per pair of environments: of the notebooks
// both ran, the share kept, fixed, broken and failing in both. Nil with
// fewer than two environments.
func Transitions(s *analysis.Study) (*Figure, error) {
	trs := s.Transitions()
	if len(trs) == 0 {
		return nil, nil
	}
	const maxPairs = 10
	trs = trs[:min(len(trs), maxPairs)]
	n := len(trs)
	p := newPlot()
	p.Add(grid(true, false))
	lg := newLegend()
	parts := []struct {
		name string
		c    color.Color
		get  func(analysis.Transition) int
	}{
		{"kept", BluishGreen, func(t analysis.Transition) int { return t.Kept }},
		{"fixed", SkyBlue, func(t analysis.Transition) int { return t.Fixed }},
		{"broken", Vermillion, func(t analysis.Transition) int { return t.Broken }},
		{"neither", Grey, func(t analysis.Transition) int { return t.Neither }},
	}
	var below *plotter.BarChart
	for _, part := range parts {
		vals := make(plotter.Values, n)
		for i, t := range trs {
			vals[n-1-i] = 100 * float64(part.get(t)) / float64(max(1, t.Paired))
		}
		b, err := plotter.NewBarChart(vals, rowHeight*0.8)
		if err != nil {
			return nil, fmt.Errorf("transitions: %w", err)
		}
		b.Horizontal = true
		b.Color = part.c
		b.LineStyle = draw.LineStyle{Color: White, Width: vg.Points(0.4)}
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		lg.add(part.name, swatch{part.c})
	}
	names := make([]string, n)
	for i, t := range trs {
		// "to", not an arrow: the PDF fonts are WinAnsi-encoded, which has none.
		names[n-1-i] = fmt.Sprintf("%s to %s\nn=%d, %s", t.From, t.To, t.Paired, pText(t.P))
	}
	p.NominalY(names...)
	p.X.Padding = vg.Points(2)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = 0, 100
	p.X.Tick.Marker = percentTicks
	p.X.Label.Text = "Paired notebooks (%)"
	f := &Figure{Name: "transitions", Caption: "Transitions between environments on the same notebooks, by whether each is " +
		strings.ToLower(s.CriterionLabel()) + criterionNote(s) + ": kept, fixed, broken or failing in both; p is McNemar's exact test (n/a: the two never disagree).",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = vg.Length(n)*rowHeight*1.9 + 0.55*vg.Inch + lg.height(ColumnWidth-4)
	return f, nil
}

func pText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "p n/a"
	case p < 0.001:
		return "p < 0.001"
	}
	return fmt.Sprintf("p = %.3f", p)
}

// RuntimeCDF is the empirical CDF of run durations per environment, on a
// log axis when durations span more than a decade.
func RuntimeCDF(s *analysis.Study) (*Figure, error) {
	rts := s.Runtimes()
	if len(rts) == 0 {
		return nil, nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rts {
		lo, hi = min(lo, r.Min), max(hi, r.Max)
	}
	logX := lo > 0 && hi/lo > 10
	p := newPlot()
	p.Add(grid(true, true))
	lg := newLegend()
	for _, r := range rts {
		// Colours follow the environment, as in every figure, though an
		// environment without runs of its own has no curve.
		i := slices.Index(s.Envs, r.Env)
		pts := make(plotter.XYs, 0, 2*len(r.Sorted)+1)
		start := r.Sorted[0]
		if !logX {
			start = min(0, start)
		}
		pts = append(pts, plotter.XY{X: start, Y: 0})
		for j, x := range r.Sorted {
			pts = append(pts, plotter.XY{X: x, Y: 100 * float64(j) / float64(r.N)}, plotter.XY{X: x, Y: 100 * float64(j+1) / float64(r.N)})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("runtime cdf: %w", err)
		}
		l.LineStyle = draw.LineStyle{Color: envColour(i), Width: vg.Points(1.2), Dashes: envDash(i)}
		p.Add(l)
		lg.add(fmt.Sprintf("%s (median %.1f s)", r.Env, r.Median), markLine{line: l.LineStyle})
	}
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = percentTicks
	p.Y.Label.Text = "Runs finished (%)"
	p.X.Label.Text = "Run duration (s)"
	if logX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
		p.X.Min, p.X.Max = lo*0.9, hi*1.1
	} else {
		p.X.Min, p.X.Max = 0, hi*1.05
		p.X.Tick.Marker = plainTicks{}
	}
	f := &Figure{Name: "runtime-cdf", Caption: "Run durations per environment (empirical CDF; latest attempt per notebook, timeouts at the limit).",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = 2.3*vg.Inch + lg.height(ColumnWidth-4)
	return f, nil
}

// ByCompetition is a dot plot: per competition, each environment's rate
// with its Wilson 95% interval.
func ByCompetition(s *analysis.Study) (*Figure, error) {
	rows := s.RatesBy(analysis.ByCompetition)
	if len(rows) == 0 {
		return nil, nil
	}
	var comps []string
	idx := map[string]int{}
	for _, r := range rows {
		if _, ok := idx[r.Group]; !ok {
			idx[r.Group] = len(comps)
			comps = append(comps, r.Group)
		}
	}
	n, k := len(comps), len(s.Envs)
	p := newPlot()
	p.Add(grid(true, false))
	lg := newLegend()
	for i, env := range s.Envs {
		var pts plotter.XYs
		var errs plotter.XErrors
		for _, r := range rows {
			if r.Env != env {
				continue
			}
			y := float64(n-1-idx[r.Group]) + 0.5*0.7 - 0.7*(float64(i)+0.5)/float64(k)
			x := 100 * r.Success.P
			pts = append(pts, plotter.XY{X: x, Y: y})
			errs = append(errs, struct{ Low, High float64 }{x - 100*r.Success.Lo, 100*r.Success.Hi - x})
		}
		if len(pts) == 0 {
			continue
		}
		eb, err := plotter.NewXErrorBars(struct {
			plotter.XYs
			plotter.XErrors
		}{pts, errs})
		if err != nil {
			return nil, fmt.Errorf("by competition: %w", err)
		}
		eb.LineStyle = draw.LineStyle{Color: envColour(i), Width: vg.Points(0.8)}
		eb.CapWidth = vg.Points(2.5)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("by competition: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: envColour(i), Radius: vg.Points(2), Shape: envShape(i)}
		p.Add(eb, sc)
		lg.add(env, markLine{line: eb.LineStyle, glyph: sc.GlyphStyle})
	}
	names := make([]string, n)
	for j, c := range comps {
		names[n-1-j] = shorten(c, 28)
	}
	p.NominalY(names...)
	p.X.Padding = vg.Points(2)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.X.Min, p.X.Max = 0, 100
	p.X.Tick.Marker = percentTicks
	p.X.Label.Text = rateLabel(s) + ", 95% CI"
	per := rowHeight * vg.Length(max(1.0, 0.45*float64(k)))
	f := &Figure{Name: "by-competition", Caption: "Rate per competition and environment" + criterionNote(s) + ", with Wilson 95% intervals.",
		Width: ColumnWidth, Plot: p, legend: lg}
	f.Height = vg.Length(n)*per + 0.6*vg.Inch + lg.height(ColumnWidth-4)
	return f, nil
}
