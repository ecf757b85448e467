package figures_test

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/figures"
)

func study(t *testing.T, withDataset bool) (*analysis.Study, string) {
	t.Helper()
	dir := t.TempDir()
	analysistest.Write(t, dir)
	opt := analysis.Options{}
	if withDataset {
		opt = analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"}
	}
	s, err := analysis.Load(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func TestFiguresAllFormatsIdenticalOnRerun(t *testing.T) {
	s, dir := study(t, true)
	figs, err := figures.All(s)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, figures.Names) {
		t.Fatalf("figures %v, want %v", names, figures.Names)
	}
	out := filepath.Join(dir, "figures")
	first, err := figures.Write(out, figs, figures.Stamp(s))
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 18 {
		t.Fatalf("%d files, want 6 figures × 3 formats", len(first))
	}
	before := map[string][]byte{}
	for _, p := range first {
		before[p], _ = os.ReadFile(p)
	}
	// A second run from the Parquet alone, new Study and all.
	s2, err := analysis.Load(dir, analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"})
	if err != nil {
		t.Fatal(err)
	}
	figs2, err := figures.All(s2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := figures.Write(out, figs2, figures.Stamp(s2)); err != nil {
		t.Fatal(err)
	}
	for p, want := range before {
		got, _ := os.ReadFile(p)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs between two runs on the same Parquet", filepath.Base(p))
		}
	}

	for _, f := range figs {
		pdf := before[filepath.Join(out, f.Name+".pdf")]
		// Vector PDF with its fonts embedded (TrueType font programs) and
		// the data's date, not the clock's.
		for _, want := range []string{"%PDF-", "/FontFile2", "/CreationDate (D:20260301"} {
			if !bytes.Contains(pdf, []byte(want)) {
				t.Errorf("%s.pdf lacks %q", f.Name, want)
			}
		}
		svg := before[filepath.Join(out, f.Name+".svg")]
		if err := wellFormed(svg); err != nil {
			t.Errorf("%s.svg is not well-formed XML: %v", f.Name, err)
		}
		img, err := png.Decode(bytes.NewReader(before[filepath.Join(out, f.Name+".png")]))
		if err != nil {
			t.Fatalf("%s.png: %v", f.Name, err)
		}
		// Column width (3.5 in) at 300 dpi.
		if w := img.Bounds().Dx(); w != 1050 {
			t.Errorf("%s.png is %d px wide, want 1050", f.Name, w)
		}
		// Not blank: a drawn figure has a good share of ink.
		ink, total := 0, 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 2 {
			for x := b.Min.X; x < b.Max.X; x += 2 {
				r, g, bl, _ := img.At(x, y).RGBA()
				total++
				if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
					ink++
				}
			}
		}
		if float64(ink)/float64(total) < 0.02 {
			t.Errorf("%s.png is nearly blank: %d of %d pixels drawn", f.Name, ink, total)
		}
	}
	// Labels are text in the SVG: environments and categories are named.
	svg := string(before[filepath.Join(out, "failures.svg")])
	for _, want := range []string{"trixie+llm", "missing-module", "Notebooks (%)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("failures.svg lacks %q", want)
		}
	}
	// Every label must be encodable in WinAnsi, the encoding of the PDF's
	// embedded fonts, or the PDF shows mojibake where the SVG looks right.
	for _, f := range figs {
		for _, label := range svgTexts(t, before[filepath.Join(out, f.Name+".svg")]) {
			if _, err := charmap.Windows1252.NewEncoder().String(label); err != nil {
				t.Errorf("%s: label %q cannot be set in the PDF's WinAnsi fonts", f.Name, label)
			}
		}
	}
	if !strings.Contains(string(before[filepath.Join(out, "transitions.svg")]), "p = 0.062") {
		t.Error("transitions.svg lacks trixie to trixie+llm's McNemar p = 0.062")
	}
}

// svgTexts are the text elements of an SVG.
func svgTexts(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	d := xml.NewDecoder(bytes.NewReader(data))
	in := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			in = v.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				out = append(out, string(v))
			}
		}
	}
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestFiguresTheDataCannotSupportAreLeftOutAndRemoved(t *testing.T) {
	s, dir := study(t, true)
	out := filepath.Join(dir, "figures")
	figs, _ := figures.All(s)
	if _, err := figures.Write(out, figs, figures.Stamp(s)); err != nil {
		t.Fatal(err)
	}
	// Without notebook years there is no rate by year; its old files go.
	s2, _ := study(t, false)
	figs2, err := figures.All(s2)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs2 {
		if f.Name == "rate-by-year" {
			t.Fatal("rate-by-year drawn without notebook years")
		}
	}
	if _, err := figures.Write(out, figs2, figures.Stamp(s2)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "rate-by-year.pdf")); !os.IsNotExist(err) {
		t.Errorf("stale rate-by-year.pdf kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "outcome-classes.pdf")); err != nil {
		t.Error(err)
	}
}

// TestRateByYearKeepsGaps: trixie+llm has no notebook from 2021, so its
// line stops at 2020 and 2022 stands alone; every line segment spans one
// year. The axis names the rate in words.
func TestRateByYearKeepsGaps(t *testing.T) {
	s, _ := study(t, true)
	f, err := figures.RateByYear(s)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	// The data lines: stroked paths 1.2 pt wide through three points or
	// more (legend thumbnails have two).
	re := regexp.MustCompile(`<path d="(M[^"]*)" style="fill:none;stroke:(#[0-9A-F]{6});stroke-width:1.2[;"]`)
	points := map[string]int{}
	var steps []float64
	for _, m := range re.FindAllStringSubmatch(string(svg), -1) {
		var xs []float64
		for _, pt := range strings.FieldsFunc(m[1], func(r rune) bool { return r == 'M' || r == 'L' }) {
			x, _ := strconv.ParseFloat(strings.Split(pt, ",")[0], 64)
			xs = append(xs, x)
		}
		if len(xs) < 3 {
			continue
		}
		points[m[2]] = len(xs)
		for i := 1; i < len(xs); i++ {
			steps = append(steps, xs[i]-xs[i-1])
		}
	}
	// trixie, bullseye, backported: 2017–2022; trixie+llm: 2017–2020.
	want := map[string]int{"#0072B2": 6, "#E69F00": 6, "#009E73": 6, "#CC79A7": 4}
	if len(points) != len(want) {
		t.Errorf("lines %v, want %v", points, want)
	}
	for c, n := range want {
		if points[c] != n {
			t.Errorf("line %s has %d points, want %d", c, points[c], n)
		}
	}
	for _, d := range steps {
		if math.Abs(d-steps[0]) > 0.01 {
			t.Errorf("a line segment spans %.2f pt where a year is %.2f pt: it crosses a gap", d, steps[0])
		}
	}
	if !strings.Contains(string(svg), "Reproducible or error-free (%)") {
		t.Error("the axis does not name the rate in words")
	}
	if !strings.Contains(f.Caption, "error-free (ran without an error) for the others") {
		t.Errorf("caption %q does not explain the rate", f.Caption)
	}
	figs, _ := figures.All(s)
	for _, f := range figs {
		b, _ := f.SVG()
		if bytes.Contains(b, []byte("criterion")) {
			t.Errorf("%s.svg says \"criterion\"", f.Name)
		}
	}
}
