// Package figures draws the study's publication figures with gonum/plot:
// one consistent style at column width, a colour-blind-safe palette, and
// PDF, SVG and PNG output that is identical byte for byte on every run over
// the same results.
package figures

import (
	"image/color"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Okabe–Ito: eight colours told apart with every common colour-vision
// deficiency, and in greyscale by lightness.
var (
	Black         = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Orange        = color.RGBA{0xE6, 0x9F, 0x00, 0xff}
	SkyBlue       = color.RGBA{0x56, 0xB4, 0xE9, 0xff}
	BluishGreen   = color.RGBA{0x00, 0x9E, 0x73, 0xff}
	Yellow        = color.RGBA{0xF0, 0xE4, 0x42, 0xff}
	Blue          = color.RGBA{0x00, 0x72, 0xB2, 0xff}
	Vermillion    = color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	ReddishPurple = color.RGBA{0xCC, 0x79, 0xA7, 0xff}
	Grey          = color.RGBA{0x99, 0x99, 0x99, 0xff}
)

// envColours are the colours environments get, in the study's order.
var envColours = []color.Color{Blue, Orange, BluishGreen, ReddishPurple, SkyBlue, Vermillion, Yellow, Black}

// envDashes tell environments apart in greyscale too.
var envDashes = [][]vg.Length{nil, {vg.Points(4), vg.Points(2)}, {vg.Points(1), vg.Points(1.5)},
	{vg.Points(5), vg.Points(2), vg.Points(1), vg.Points(2)}}

// envShapes are the point glyphs per environment.
var envShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.RingGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

func envColour(i int) color.Color     { return envColours[i%len(envColours)] }
func envDash(i int) []vg.Length       { return envDashes[i%len(envDashes)] }
func envShape(i int) draw.GlyphDrawer { return envShapes[i%len(envShapes)] }
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	// Premultiplied, as color.RGBA wants.
	return color.RGBA{uint8(r >> 8 * uint32(a) / 255), uint8(g >> 8 * uint32(a) / 255), uint8(b >> 8 * uint32(a) / 255), a}
}

// Sizes: a single journal column is about 3.5 in wide; text is set at the
// size of a caption (8 pt) so it stays readable when the figure is placed at
// 100%.
const (
	ColumnWidth = 3.5 * vg.Inch
	fontSize    = 8
	labelSize   = 8.5
)

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func textStyle(size vg.Length) text.Style {
	return text.Style{Color: Black, Font: font.From(sans, size), Handler: plot.DefaultTextHandler}
}

// newPlot is a plot in the house style: sans-serif text at caption size,
// thin axes, light grid lines drawn by the figure where they help.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.White
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(labelSize)
		ax.Label.TextStyle.XAlign = draw.XCenter
		ax.Label.TextStyle.YAlign = draw.YBottom
		ax.Label.Padding = vg.Points(3)
		ax.Tick.Label = textStyle(fontSize)
		ax.LineStyle.Width = vg.Points(0.6)
		ax.Tick.LineStyle.Width = vg.Points(0.6)
		ax.Tick.Length = vg.Points(3)
		ax.Padding = vg.Points(2)
	}
	p.X.Tick.Label.XAlign = draw.XCenter
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.Title.TextStyle = textStyle(labelSize)
	return p
}

// grid draws light lines along one axis only (the value axis), so the bars
// and points stay in front.
func grid(vertical, horizontal bool) *plotter.Grid {
	g := plotter.NewGrid()
	line := draw.LineStyle{Color: color.Gray{0xdd}, Width: vg.Points(0.4)}
	g.Vertical, g.Horizontal = draw.LineStyle{}, draw.LineStyle{}
	if vertical {
		g.Vertical = line
	}
	if horizontal {
		g.Horizontal = line
	}
	return g
}

// percentTicks are 0, 25, …, 100.
var percentTicks = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 25, Label: "25"}, {Value: 50, Label: "50"},
	{Value: 75, Label: "75"}, {Value: 100, Label: "100"}}

// legendEntry is one legend line.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// legend lays entries out in as many columns as fit the width, above the
// plot: gonum's own legend sits inside the data area, over the bars.
type legend struct {
	entries []legendEntry
	style   text.Style
}

func newLegend() *legend { return &legend{style: textStyle(fontSize)} }

func (l *legend) add(name string, t plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{name, t})
}

const (
	thumbW   = vg.Length(10)
	thumbGap = vg.Length(3)
	colGap   = vg.Length(8)
)

// layout chooses the number of columns (and their widths) for width.
func (l *legend) layout(width vg.Length) (cols int, colW []vg.Length) {
	n := len(l.entries)
	for cols = n; cols > 1; cols-- {
		colW = l.widths(cols)
		total := vg.Length(0)
		for _, w := range colW {
			total += w
		}
		if total+colGap*vg.Length(cols-1) <= width {
			return cols, colW
		}
	}
	return 1, l.widths(1)
}

func (l *legend) widths(cols int) []vg.Length {
	colW := make([]vg.Length, cols)
	for i, e := range l.entries {
		w := thumbW + thumbGap + l.style.Width(e.name)
		colW[i%cols] = max(colW[i%cols], w)
	}
	return colW
}

func (l *legend) lineHeight() vg.Length { return l.style.Height("Ag") * 1.25 }

// height is the legend's height at width.
func (l *legend) height(width vg.Length) vg.Length {
	if l == nil || len(l.entries) == 0 {
		return 0
	}
	cols, _ := l.layout(width)
	rows := (len(l.entries) + cols - 1) / cols
	return vg.Length(rows)*l.lineHeight() + vg.Points(4)
}

// draw fills the legend into c, rows top-down, entries left to right.
func (l *legend) draw(c draw.Canvas) {
	cols, colW := l.layout(c.Size().X)
	total := colGap * vg.Length(cols-1)
	for _, w := range colW {
		total += w
	}
	x0 := c.Min.X + (c.Size().X-total)/2
	lh := l.lineHeight()
	for i, e := range l.entries {
		row, col := i/cols, i%cols
		x := x0
		for j := 0; j < col; j++ {
			x += colW[j] + colGap
		}
		top := c.Max.Y - vg.Length(row)*lh
		box := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: top - lh + lh*0.2}, Max: vg.Point{X: x + thumbW, Y: top - lh*0.2}}}
		e.thumb.Thumbnail(&box)
		sty := l.style
		sty.YAlign = draw.YCenter
		c.FillText(sty, vg.Point{X: x + thumbW + thumbGap, Y: top - lh/2}, e.name)
	}
}

// swatch is a filled square for legends of bars and bands.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	side := min(c.Size().X, c.Size().Y)
	ctr := c.Center()
	r := vg.Rectangle{Min: vg.Point{X: ctr.X - side/2, Y: ctr.Y - side/2}, Max: vg.Point{X: ctr.X + side/2, Y: ctr.Y + side/2}}
	c.FillPolygon(s.c, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// markLine is a line with a point on it, for legends of lines and dots.
type markLine struct {
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

func (m markLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	if m.line.Width > 0 {
		c.StrokeLine2(m.line, c.Min.X, y, c.Max.X, y)
	}
	if m.glyph.Radius > 0 {
		c.DrawGlyph(m.glyph, c.Center())
	}
}

// wrap breaks a long tick label at a hyphen or space near its middle, so
// category names stay inside a column-width figure.
func wrap(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	best := -1
	for i, r := range s {
		if (r == ' ' || r == '-') && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	if s[best] == ' ' {
		return s[:best] + "\n" + s[best+1:]
	}
	return s[:best+1] + "\n" + s[best+1:]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// shorten keeps labels to limit runes with an ellipsis.
func shorten(s string, limit int) string {
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	return strings.TrimSpace(string(r[:limit-1])) + "…"
}

// plainTicks are gonum's default tick positions labelled without trailing
// zeros ("25", not "25.00").
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
		}
	}
	return ts
}
