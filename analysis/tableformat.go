package analysis

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table is one table of the study, written as Markdown, CSV and LaTeX
// (booktabs), and printed as aligned text by analyze. Markdown and LaTeX show the formatted text; the CSV holds the
// raw values (proportions, not percentages; interval bounds in their own
// columns; empty for not applicable), for anyone who wants to compute on.
type Table struct {
	Name    string // file stem under tables/
	Title   string // caption
	Note    string // what the columns mean
	Columns []Column
	Rows    [][]Cell
}

// Column is a table column.
type Column struct {
	Head  string   // as printed
	CSV   []string // CSV header(s) its cells fill
	Right bool     // numbers: right-aligned
}

// Cell is one value: Text as printed, CSV its raw value(s), one per CSV
// header of its column.
type Cell struct {
	Text string
	CSV  []string
}

func textCol(head, csvName string) Column { return Column{Head: head, CSV: []string{csvName}} }
func numCol(head, csvName string) Column {
	return Column{Head: head, CSV: []string{csvName}, Right: true}
}
func ciCol(csvPrefix string) Column {
	return Column{Head: "95% CI", CSV: []string{csvPrefix + "_ci_low", csvPrefix + "_ci_high"}, Right: true}
}

func strCell(s string) Cell { return Cell{Text: s, CSV: []string{s}} }
func intCell(n int) Cell    { return Cell{Text: strconv.Itoa(n), CSV: []string{strconv.Itoa(n)}} }

// raw is a float for the CSV: empty when not a number.
func raw(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', 6, 64)
}

// pctCell prints a proportion as a percentage with one decimal.
func pctCell(p float64) Cell {
	if math.IsNaN(p) {
		return Cell{Text: "–", CSV: []string{""}}
	}
	return Cell{Text: fmt.Sprintf("%.1f", 100*p), CSV: []string{raw(p)}}
}

func ciCell(r Rate) Cell {
	if r.N == 0 {
		return Cell{Text: "–", CSV: []string{"", ""}}
	}
	return Cell{Text: fmt.Sprintf("[%.1f, %.1f]", 100*r.Lo, 100*r.Hi), CSV: []string{raw(r.Lo), raw(r.Hi)}}
}

func secCell(x float64) Cell { return Cell{Text: fmt.Sprintf("%.1f", x), CSV: []string{raw(x)}} }

func pValueCell(p float64) Cell {
	switch {
	case math.IsNaN(p):
		return Cell{Text: "–", CSV: []string{""}}
	case p < 0.001:
		return Cell{Text: "<0.001", CSV: []string{strconv.FormatFloat(p, 'g', 6, 64)}}
	}
	return Cell{Text: fmt.Sprintf("%.3f", p), CSV: []string{strconv.FormatFloat(p, 'g', 6, 64)}}
}

// countShareCell prints "12 (30.0%)"; the CSV holds the count.
func countShareCell(k, n int) Cell {
	if n == 0 {
		return intCell(k)
	}
	return Cell{Text: fmt.Sprintf("%d (%.1f%%)", k, 100*float64(k)/float64(n)), CSV: []string{strconv.Itoa(k)}}
}

// Markdown writes the table as a GitHub-flavoured pipe table.
func (t Table) Markdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + mdEscape(c.Head) + " |")
	}
	b.WriteString("\n|")
	for _, c := range t.Columns {
		if c.Right {
			b.WriteString("---:|")
		} else {
			b.WriteString(":---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("|")
		for _, cell := range row {
			b.WriteString(" " + mdEscape(cell.Text) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Text writes the title, the table as aligned columns (numbers
// right-aligned, long heads wrapped over up to three lines) and the note,
// wrapped, for a terminal.
func (t Table) Text(w io.Writer) error {
	width := make([]int, len(t.Columns))
	for _, row := range t.Rows {
		for i, cell := range row {
			width[i] = max(width[i], utf8.RuneCountInString(cell.Text))
		}
	}
	heads := make([][]string, len(t.Columns))
	depth := 1
	for i, c := range t.Columns {
		for _, word := range strings.Fields(c.Head) {
			width[i] = max(width[i], utf8.RuneCountInString(word))
		}
		for {
			heads[i] = strings.Split(wrapText(c.Head, width[i]), "\n")
			if len(heads[i]) <= 3 {
				break
			}
			width[i]++
		}
		depth = max(depth, len(heads[i]))
	}
	var b strings.Builder
	b.WriteString(t.Title + "\n\n")
	line := func(cells []string) {
		var l strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if t.Columns[i].Right {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	// Heads are bottom-aligned: a short head sits on the last line.
	for d := range depth {
		cells := make([]string, len(heads))
		for i, h := range heads {
			if k := d - (depth - len(h)); k >= 0 {
				cells[i] = h[k]
			}
		}
		line(cells)
	}
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = c.Text
		}
		line(cells)
	}
	if t.Note != "" {
		b.WriteString("\n" + wrapText(t.Note, 100) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapText breaks s into lines of at most width runes, at spaces.
func wrapText(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		wl := utf8.RuneCountInString(word)
		if i > 0 {
			if n+1+wl > width {
				b.WriteString("\n")
				n = 0
			} else {
				b.WriteString(" ")
				n++
			}
		}
		b.WriteString(word)
		n += wl
	}
	return b.String()
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// CSV writes the header and the raw values.
func (t Table) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	var head []string
	for _, c := range t.Columns {
		head = append(head, c.CSV...)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.Rows {
		var rec []string
		for _, cell := range row {
			rec = append(rec, cell.CSV...)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// LaTeX writes a booktabs table (needs \usepackage{booktabs}).
func (t Table) LaTeX(w io.Writer) error {
	var b strings.Builder
	b.WriteString("% Written by erosion analyze. Needs \\usepackage{booktabs}.\n")
	b.WriteString("\\begin{table}[htbp]\n\\centering\n\\small\n")
	fmt.Fprintf(&b, "\\caption{%s}\n\\label{tab:%s}\n", texEscape(t.Title), t.Name)
	b.WriteString("\\begin{tabular}{")
	for _, c := range t.Columns {
		if c.Right {
			b.WriteString("r")
		} else {
			b.WriteString("l")
		}
	}
	b.WriteString("}\n\\toprule\n")
	heads := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = texEscape(c.Head)
	}
	b.WriteString(strings.Join(heads, " & ") + " \\\\\n\\midrule\n")
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = texEscape(c.Text)
		}
		b.WriteString(strings.Join(cells, " & ") + " \\\\\n")
	}
	b.WriteString("\\bottomrule\n\\end{tabular}\n")
	if t.Note != "" {
		fmt.Fprintf(&b, "\\par\\smallskip\n{\\footnotesize %s\\par}\n", texEscape(t.Note))
	}
	b.WriteString("\\end{table}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

var texReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
	"–", "--", "→", `$\rightarrow$`, "≤", `$\leq$`, "≥", `$\geq$`, "±", `$\pm$`, "<", `\textless{}`, ">", `\textgreater{}`)

func texEscape(s string) string { return texReplacer.Replace(s) }

// MarkdownDoc is the table as a small Markdown document: title, table, note.
func (t Table) MarkdownDoc() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "### %s\n\n", t.Title)
	t.Markdown(&b)
	if t.Note != "" {
		fmt.Fprintf(&b, "\n%s\n", t.Note)
	}
	return b.Bytes()
}

// TableNames are every table erosion writes; WriteTables removes the files
// of the ones a study no longer has (e.g. by-year without a dataset), so the
// folder never mixes runs.
var TableNames = []string{"environments", "outcome-classes", "failures", "by-competition", "by-year",
	"by-era", "by-library", "transitions", "class-transitions", "runtimes", "inventories"}

// WriteTables writes each table as <dir>/<name>.md, .csv and .tex, each
// file written whole to a temporary name and renamed. It returns the paths.
func WriteTables(dir string, ts []Table) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tables folder %s: %w", dir, err)
	}
	var paths []string
	written := map[string]bool{}
	for _, t := range ts {
		var csvBuf, texBuf bytes.Buffer
		if err := t.CSV(&csvBuf); err != nil {
			return paths, err
		}
		if err := t.LaTeX(&texBuf); err != nil {
			return paths, err
		}
		for ext, data := range map[string][]byte{".md": t.MarkdownDoc(), ".csv": csvBuf.Bytes(), ".tex": texBuf.Bytes()} {
			p := filepath.Join(dir, t.Name+ext)
			if err := WriteFileAtomic(p, data); err != nil {
				return paths, err
			}
			written[p] = true
		}
		for _, ext := range []string{".md", ".csv", ".tex"} {
			paths = append(paths, filepath.Join(dir, t.Name+ext))
		}
	}
	for _, name := range TableNames {
		for _, ext := range []string{".md", ".csv", ".tex"} {
			if p := filepath.Join(dir, name+ext); !written[p] {
				if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
					return paths, fmt.Errorf("removing the stale table %s: %w", p, err)
				}
			}
		}
	}
	return paths, nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, so a reader never sees half a file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
