package figures

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"erosion/analysis"
)

// Figure is one figure: a plot and the legend above it.
type Figure struct {
	Name    string // file stem
	Caption string // what it shows, for the report
	Width   vg.Length
	Height  vg.Length
	Plot    *plot.Plot
	legend  *legend
}

// Draw renders the figure on a canvas: the legend across the top, the plot
// below it.
func (f *Figure) Draw(c draw.Canvas) {
	c.SetColor(White)
	c.Fill(c.Rectangle.Path())
	pad := vg.Points(2)
	c = draw.Crop(c, pad, -pad, pad, -pad)
	if h := f.legend.height(c.Size().X); h > 0 {
		top := c
		top.Min.Y = c.Max.Y - h
		f.legend.draw(top)
		c.Max.Y -= h
	}
	f.Plot.Draw(c)
}

// PNGDPI is the PNG resolution: sharp when printed, small enough to embed.
const PNGDPI = 300

// PNG renders the figure as a PNG.
func (f *Figure) PNG() ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(PNGDPI))
	f.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure %s: png: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// SVG renders the figure as SVG (fonts by name, not embedded).
func (f *Figure) SVG() ([]byte, error) {
	c := vgsvg.New(f.Width, f.Height)
	f.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure %s: svg: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// pdfMu guards fpdf's package-level defaults, which every new document
// copies.
var pdfMu sync.Mutex

// PDF renders the figure as a vector PDF with its fonts embedded. Its
// creation and modification dates are stamp (the results' latest run), and
// its catalogues are sorted, so the same results give the same bytes.
func (f *Figure) PDF(stamp time.Time) ([]byte, error) {
	pdfMu.Lock()
	defer pdfMu.Unlock()
	fpdf.SetDefaultCreationDate(stamp)
	fpdf.SetDefaultModificationDate(stamp)
	fpdf.SetDefaultCatalogSort(true)
	c := vgpdf.New(f.Width, f.Height)
	c.EmbedFonts(true)
	f.Draw(draw.New(pdfCanvas{c}))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure %s: pdf: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// pdfCanvas hands the PDF backend its colours unpremultiplied. vgpdf takes
// the red, green and blue of color.Color.RGBA (premultiplied by alpha, as
// Go's colours are) as the PDF colour and then sets the alpha on top, so a
// translucent band came out darkened to grey; PNG and SVG unpremultiply.
type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	n := color.NRGBA64Model.Convert(col).(color.NRGBA64)
	c.Canvas.SetColor(straightAlpha{n})
}

// straightAlpha reports a colour's channels without premultiplying them:
// only for vgpdf, which reads them as straight colour plus alpha.
type straightAlpha struct{ c color.NRGBA64 }

func (s straightAlpha) RGBA() (r, g, b, a uint32) {
	return uint32(s.c.R), uint32(s.c.G), uint32(s.c.B), uint32(s.c.A)
}

// Stamp is the date written into PDFs: the latest run's finish, or the
// Unix epoch for a study without runs. Never the wall clock: the same
// results must give the same files.
func Stamp(s *analysis.Study) time.Time {
	if s.Last.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return s.Last.UTC().Truncate(time.Second)
}

// Formats are the files each figure is written as.
var Formats = []string{"pdf", "svg", "png"}

// Write renders every figure in every format into dir, each file written
// whole and renamed into place. It returns the paths written.
func Write(dir string, figs []*Figure, stamp time.Time) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("figures folder %s: %w", dir, err)
	}
	var paths []string
	written := map[string]bool{}
	for _, f := range figs {
		for _, ext := range Formats {
			var data []byte
			var err error
			switch ext {
			case "pdf":
				data, err = f.PDF(stamp)
			case "svg":
				data, err = f.SVG()
			case "png":
				data, err = f.PNG()
			}
			if err != nil {
				return paths, err
			}
			p := filepath.Join(dir, f.Name+"."+ext)
			if err := analysis.WriteFileAtomic(p, data); err != nil {
				return paths, err
			}
			paths = append(paths, p)
			written[p] = true
		}
	}
	// A figure the study no longer supports (e.g. transitions after a
	// re-run with one environment) must not linger beside the new ones.
	for _, name := range Names {
		for _, ext := range Formats {
			if p := filepath.Join(dir, name+"."+ext); !written[p] {
				if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
					return paths, fmt.Errorf("removing the stale figure %s: %w", p, err)
				}
			}
		}
	}
	return paths, nil
}
