package figures_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"erosion/figures"
)

// pdftoppm finds poppler's rasteriser; it skips on a workstation without
// it and fails in CI, whose setup installs poppler-utils.
func pdftoppm(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("pdftoppm")
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("pdftoppm is not installed: .ci/setup-host must install Debian's poppler-utils package")
	}
	t.Skip("pdftoppm not installed (apt-get install poppler-utils); the PDFs' rendering is not checked")
	return ""
}

// rasterise renders a one-page PDF at dpi with poppler.
func rasterise(t *testing.T, bin string, pdf []byte, dpi int) image.Image {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-r", strconv.Itoa(dpi), "-png", "-singlefile", in, filepath.Join(dir, "out")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func rgb(c color.Color) [3]int {
	r, g, b, _ := c.RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

// over is colour c at opacity a (of 255) over white: what a band looks
// like where nothing else is drawn.
func over(c color.Color, a int) [3]int {
	x := rgb(c)
	for i := range x {
		x[i] = (x[i]*a + 255*(255-a) + 127) / 255
	}
	return x
}

func near(a, b [3]int, tol int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

// count is how many pixels are within tol of colour want.
func count(img image.Image, want [3]int, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(rgb(img.At(x, y)), want, tol) {
				n++
			}
		}
	}
	return n
}

// TestPDFLooksLikePNG renders every figure's PDF with poppler at the PNG's
// resolution and compares it with the PNG: the confidence bands must keep
// their environments' colours (they came out grey when vgpdf was handed
// premultiplied colours), and the two images must agree pixel for pixel
// but for the anti-aliasing of edges and text.
func TestPDFLooksLikePNG(t *testing.T) {
	bin := pdftoppm(t)
	s, _ := study(t, true)
	figs, err := figures.All(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		t.Run(f.Name, func(t *testing.T) {
			pdf, err := f.PDF(figures.Stamp(s))
			if err != nil {
				t.Fatal(err)
			}
			got := rasterise(t, bin, pdf, figures.PNGDPI)
			data, err := f.PNG()
			if err != nil {
				t.Fatal(err)
			}
			want, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			gb, wb := got.Bounds(), want.Bounds()
			if d := gb.Dx() - wb.Dx(); d < -1 || d > 1 || gb.Dy()-wb.Dy() < -1 || gb.Dy()-wb.Dy() > 1 {
				t.Fatalf("PDF renders %v, PNG is %v", gb.Size(), wb.Size())
			}
			// Pixels that differ by more than anti-aliasing would.
			differ, total := 0, 0
			for y := 0; y < min(gb.Dy(), wb.Dy()); y++ {
				for x := 0; x < min(gb.Dx(), wb.Dx()); x++ {
					total++
					if !near(rgb(got.At(gb.Min.X+x, gb.Min.Y+y)), rgb(want.At(wb.Min.X+x, wb.Min.Y+y)), 48) {
						differ++
					}
				}
			}
			t.Logf("%s: %d of %d pixels differ between the PDF and the PNG", f.Name, differ, total)
			if float64(differ)/float64(total) > 0.03 {
				t.Errorf("%s: the PDF and the PNG differ in %.1f%% of their pixels", f.Name, 100*float64(differ)/float64(total))
			}
		})
	}
}

// TestPDFBandColours checks the by-year figure's bands in the PDF: each
// environment's band, where it overlaps no other, is its colour at the
// band's opacity over white, as in the PNG.
func TestPDFBandColours(t *testing.T) {
	bin := pdftoppm(t)
	s, _ := study(t, true)
	f, err := figures.RateByYear(s)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := f.PDF(figures.Stamp(s))
	if err != nil {
		t.Fatal(err)
	}
	got := rasterise(t, bin, pdf, 150)
	for i, c := range []color.Color{figures.Blue, figures.Orange, figures.BluishGreen} { // trixie, bullseye, backported
		band := over(c, 40)
		n := count(got, band, 3)
		t.Logf("%s band %v: %d pixels", s.Envs[i], band, n)
		if n < 300 {
			t.Errorf("%s: the PDF has %d pixels of its band colour %v: the band is not drawn in its colour", s.Envs[i], n, band)
		}
	}
	// What the premultiplied colours gave: grey bands.
	if grey := over(premultiplied(figures.Blue, 40), 40); count(got, grey, 2) > 100 {
		t.Errorf("the PDF has grey bands %v", grey)
	}
}

func premultiplied(c color.Color, a int) color.Color {
	x := rgb(c)
	return color.RGBA{uint8(x[0] * a / 255), uint8(x[1] * a / 255), uint8(x[2] * a / 255), 255}
}

// chromium finds Debian's chromium, which renders the SVGs; it skips on a
// workstation without it and fails in CI, whose setup installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/setup-host must install Debian's chromium package")
	}
	t.Skip("chromium not installed (apt-get install chromium); the SVGs' rendering is not checked")
	return ""
}

// TestSVGLooksLikePNG renders every figure's SVG in headless Chromium at
// the PNG's resolution and compares the two as TestPDFLooksLikePNG does.
// The SVG names its font (Liberation Sans) rather than embedding it: a
// machine without it (Debian's fonts-liberation) sets the text in another
// font, so only the drawing is compared there.
func TestSVGLooksLikePNG(t *testing.T) {
	bin := chromium(t)
	fonts := true
	if out, err := exec.Command("fc-list", "Liberation Sans").Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("Liberation Sans is not installed: .ci/setup-host must install Debian's fonts-liberation package")
		}
		fonts = false
	}
	s, _ := study(t, true)
	figs, err := figures.All(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		t.Run(f.Name, func(t *testing.T) {
			dir := t.TempDir()
			svg, err := f.SVG()
			if err != nil {
				t.Fatal(err)
			}
			in, shot := filepath.Join(dir, "f.svg"), filepath.Join(dir, "shot.png")
			if err := os.WriteFile(in, svg, 0o644); err != nil {
				t.Fatal(err)
			}
			// CSS pixels are 1/96 in: the figure's size in points × 96/72,
			// scaled to the PNG's dots per inch.
			w, h := int(f.Width.Points()*96/72+0.5), int(f.Height.Points()*96/72+0.5)
			scale := float64(figures.PNGDPI) / 96
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--force-device-scale-factor="+strconv.FormatFloat(scale, 'f', -1, 64), "--window-size="+strconv.Itoa(w)+","+strconv.Itoa(h),
				"--screenshot="+shot, "file://"+in)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("chromium: %v\n%s", err, out)
			}
			data, err := os.ReadFile(shot)
			if err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			data, _ = f.PNG()
			want, _ := png.Decode(bytes.NewReader(data))
			differ, total := 0, 0
			gb, wb := got.Bounds(), want.Bounds()
			for y := 0; y < min(gb.Dy(), wb.Dy()); y++ {
				for x := 0; x < min(gb.Dx(), wb.Dx()); x++ {
					total++
					if !near(rgb(got.At(gb.Min.X+x, gb.Min.Y+y)), rgb(want.At(wb.Min.X+x, wb.Min.Y+y)), 48) {
						differ++
					}
				}
			}
			t.Logf("%s: %d of %d pixels differ between the SVG and the PNG", f.Name, differ, total)
			limit := 0.03
			if !fonts {
				limit = 0.08 // text in a fallback font
			}
			if float64(differ)/float64(total) > limit {
				t.Errorf("%s: the SVG and the PNG differ in %.1f%% of their pixels", f.Name, 100*float64(differ)/float64(total))
			}
		})
	}
}
