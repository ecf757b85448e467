// Package notebook is erosion's model of a Jupyter notebook: it reads
// notebooks in every format users feed the tool (nbformat 3 and 4 JSON,
// Jupytext percent scripts, `jupyter nbconvert --to script` output and plain
// Python scripts), extracts the modules they import and writes an executed
// notebook with its outputs.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Kinds of cell.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Formats a notebook was read from.
const (
	FormatIpynb4    = "ipynb4"    // nbformat 4 JSON
	FormatIpynb3    = "ipynb3"    // nbformat 3 JSON (worksheets[].cells[], code in "input")
	FormatPercent   = "percent"   // Jupytext percent script ("# %%" cell markers)
	FormatNbconvert = "nbconvert" // `jupyter nbconvert --to script` output ("# In[ ]:" markers)
	FormatScript    = "script"    // any other Python text, read as a single code cell
)

// Cell is one notebook cell.
type Cell struct {
	Kind   string // Code, Markdown or Raw
	Source string // full text, lines joined with "\n", no trailing newline added
}

// Notebook is a parsed notebook. Only what erosion needs is kept: cell
// metadata and stored outputs are dropped.
type Notebook struct {
	Path     string // as given to Read (or the name given to Parse)
	Format   string
	Language string // lower-case kernel language ("python") when known, else ""
	Cells    []Cell
}

// ErrInvalid is wrapped by every error Parse returns for malformed input, so
// callers can tell a broken file from an I/O failure with errors.Is.
var ErrInvalid = errors.New("not a valid notebook")

// invalid builds a one-line parse error: "name: not a valid notebook: what is
// wrong; what to do".
func invalid(name, problem, fix string) error {
	problem = strings.ReplaceAll(problem, "\n", " ")
	return fmt.Errorf("%s: %w: %s; %s", name, ErrInvalid, problem, fix)
}

// Read reads the notebook at path; see Parse.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

var utf8BOM = []byte("\xef\xbb\xbf")

// Parse parses a notebook, detecting its format from the content: a JSON
// object is an ipynb notebook (other JSON values are rejected), text with
// "# %%" lines a percent script, text with "# In[ ]:" lines nbconvert output
// and any other text a plain script (one code cell). name is used in errors and as Path; the only other use is
// that a name ending in ".ipynb" must hold JSON, so a truncated or mangled
// notebook is reported instead of being run as a Python script.
//
// Errors for malformed input wrap ErrInvalid, start with name and are one line.
func Parse(name string, data []byte) (*Notebook, error) {
	// Editors on Windows sometimes prepend a byte order mark; neither JSON nor
	// Python accepts it.
	body := bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, invalid(name, "the file is empty", "check that the download or export finished")
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if trimmed[0] == '{' || strings.EqualFold(filepath.Ext(name), ".ipynb") || json.Valid(trimmed) {
		return parseJSON(name, trimmed, len(data)-len(trimmed))
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, invalid(name, "binary data, neither notebook JSON nor a Python script",
			"check that you passed the notebook file itself")
	}
	if !utf8.Valid(body) {
		text, err := decodeScript(body)
		if err != nil {
			return nil, invalid(name, err.Error(), "save it as UTF-8, or declare its encoding on its first or second line (# -*- coding: latin-1 -*-), as Python requires")
		}
		body = []byte(text)
	}
	return parseScript(name, string(body)), nil
}

// codingRe is PEP 263's encoding declaration.
var codingRe = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`)

// decodeScript reads a script that is not UTF-8 the way Python does: by
// the encoding its first or second line declares (the single-byte Western
// ones old kernels used); without a declaration it is an encoding problem,
// named with the line it is on.
func decodeScript(body []byte) (string, error) {
	lines := bytes.SplitN(body, []byte("\n"), 3)
	for _, l := range lines[:min(2, len(lines))] {
		m := codingRe.FindSubmatch(l)
		if m == nil {
			continue
		}
		var dec *charmap.Charmap
		switch strings.ToLower(strings.ReplaceAll(string(m[1]), "_", "-")) {
		case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
			dec = charmap.ISO8859_1
		case "iso-8859-15", "latin-9":
			dec = charmap.ISO8859_15
		case "cp1252", "windows-1252":
			dec = charmap.Windows1252
		default:
			return "", fmt.Errorf("a script in encoding %s, which erosion does not read", m[1])
		}
		out, err := dec.NewDecoder().Bytes(body)
		return string(out), err
	}
	line := 1 + bytes.Count(body[:firstInvalid(body)], []byte("\n"))
	return "", fmt.Errorf("a Python script with an encoding problem: line %d is not UTF-8 and no encoding is declared", line)
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// CodeCells returns the code cells in order.
func (nb *Notebook) CodeCells() []Cell {
	if nb == nil {
		return nil
	}
	var cells []Cell
	for _, c := range nb.Cells {
		if c.Kind == Code {
			cells = append(cells, c)
		}
	}
	return cells
}

// normLanguage maps kernel language names to a canonical lower-case form
// ("Python", "python3" → "python").
func normLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "python") {
		return "python"
	}
	return s
}

// trimBlankLines joins lines with "\n" after dropping leading and trailing
// blank lines, which the script formats use to separate cells.
func trimBlankLines(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
