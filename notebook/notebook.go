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
	"strings"
	"unicode/utf8"
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
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return nil, invalid(name, "binary data, neither notebook JSON nor a Python script",
			"check that you passed the notebook file itself")
	}
	return parseScript(name, string(body)), nil
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
