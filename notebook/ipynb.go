package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Hints appended to parse errors.
const (
	fixResave  = "re-save it from Jupyter or check the file is complete"
	fixConvert = "convert it with `jupyter nbconvert --to notebook --nbformat 4`"
)

// kind describes a JSON value for error messages.
type kind string

const (
	kindMissing kind = "missing"
	kindNull    kind = "null"
	kindObject  kind = "an object"
	kindList    kind = "a list"
	kindString  kind = "a string"
	kindNumber  kind = "a number"
	kindBool    kind = "a boolean"
)

// kindOf classifies a raw JSON value by its first byte; the document has
// already been validated, so that is enough.
func kindOf(raw json.RawMessage) kind {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return kindMissing
	}
	switch raw[0] {
	case '{':
		return kindObject
	case '[':
		return kindList
	case '"':
		return kindString
	case 't', 'f':
		return kindBool
	case 'n':
		return kindNull
	}
	return kindNumber
}

// object is a JSON object whose values are decoded on demand, so that each
// wrong type can be reported with its path.
type object map[string]json.RawMessage

// metadata holds the notebook-level fields that tell the kernel language.
// Every field is optional.
type metadata struct {
	Language   string `json:"language"` // nbformat 3
	Kernelspec struct {
		Name     string `json:"name"`
		Language string `json:"language"`
	} `json:"kernelspec"`
	LanguageInfo struct {
		Name string `json:"name"`
	} `json:"language_info"`
}

func (m *metadata) language() string {
	for _, s := range []string{m.LanguageInfo.Name, m.Kernelspec.Language, m.Language} {
		if s != "" {
			return normLanguage(s)
		}
	}
	// Some writers only record the kernel name.
	switch name := strings.ToLower(m.Kernelspec.Name); {
	case strings.HasPrefix(name, "python"):
		return "python"
	case name == "ir":
		return "r"
	}
	return ""
}

func parseJSON(name string, data []byte, offset int) (*Notebook, error) {
	var top object
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, invalid(name, fmt.Sprintf("invalid JSON at byte %d (%v)", offset+int(syn.Offset), syn), fixResave)
		}
		return nil, invalid(name, fmt.Sprintf("the JSON document is %s, not an object", kindOf(data)),
			"a notebook is a JSON object with \"cells\" and \"nbformat\"; check that you passed the .ipynb file itself")
	}

	var version int
	switch raw := top["nbformat"]; kindOf(raw) {
	case kindMissing, kindNull:
		return nil, invalid(name, `no "nbformat" field, so this is not a Jupyter notebook`,
			"re-save it from Jupyter (nbformat 3 and 4 are supported)")
	case kindNumber:
		var v float64
		if json.Unmarshal(raw, &v) != nil || (v != 3 && v != 4) {
			return nil, invalid(name, fmt.Sprintf("unsupported nbformat %s (supported: 3 and 4)", clip(raw)), fixConvert)
		}
		version = int(v)
	default:
		return nil, invalid(name, fmt.Sprintf(`"nbformat" is %s, not a number`, kindOf(raw)), fixResave)
	}

	// Metadata only serves to guess the language: a missing or odd one is
	// not worth rejecting a notebook for, so decoding errors are ignored
	// (Unmarshal still fills the fields it can).
	var meta metadata
	_ = json.Unmarshal(top["metadata"], &meta)
	nb := &Notebook{Path: name, Language: meta.language()}

	var err error
	if version == 4 {
		nb.Format = FormatIpynb4
		nb.Cells, err = parseCells(name, "cells", top["cells"], false)
		return nb, err
	}

	nb.Format = FormatIpynb3
	worksheets, err := list(name, "worksheets", top["worksheets"])
	if err != nil {
		return nil, err
	}
	for i, raw := range worksheets {
		path := fmt.Sprintf("worksheets[%d]", i)
		ws, err := obj(name, path, raw)
		if err != nil {
			return nil, err
		}
		cells, err := parseCells(name, path+".cells", ws["cells"], true)
		if err != nil {
			return nil, err
		}
		nb.Cells = append(nb.Cells, cells...)
	}
	if nb.Language == "" {
		nb.Language = v3CellLanguage(worksheets)
	}
	return nb, nil
}

// v3CellLanguage returns the "language" of the first nbformat 3 code cell that
// has one: old notebooks record it only there.
func v3CellLanguage(worksheets []json.RawMessage) string {
	for _, raw := range worksheets {
		var ws struct {
			Cells []struct {
				Language string `json:"language"`
			} `json:"cells"`
		}
		_ = json.Unmarshal(raw, &ws)
		for _, c := range ws.Cells {
			if c.Language != "" {
				return normLanguage(c.Language)
			}
		}
	}
	return ""
}

func parseCells(name, path string, raw json.RawMessage, v3 bool) ([]Cell, error) {
	items, err := list(name, path, raw)
	if err != nil {
		return nil, err
	}
	cells := make([]Cell, 0, len(items))
	for i, item := range items {
		c, err := parseCell(name, fmt.Sprintf("%s[%d]", path, i), item, v3)
		if err != nil {
			return nil, err
		}
		cells = append(cells, c)
	}
	return cells, nil
}

func parseCell(name, path string, raw json.RawMessage, v3 bool) (Cell, error) {
	fields, err := obj(name, path, raw)
	if err != nil {
		return Cell{}, err
	}
	var typ string
	_ = json.Unmarshal(fields["cell_type"], &typ) // missing or odd: Raw below

	key := "source"
	if _, ok := fields["input"]; v3 && typ == Code && ok {
		key = "input"
	}
	src, err := source(name, path+"."+key, fields[key])
	if err != nil {
		return Cell{}, err
	}

	switch typ {
	case Code, Markdown:
		return Cell{Kind: typ, Source: src}, nil
	case "heading":
		// nbformat 3 heading cells: upgrade them the way nbformat's v3→v4
		// converter does, to one markdown line.
		var level float64
		_ = json.Unmarshal(fields["level"], &level)
		n := min(max(int(level), 1), 6) // clamp: a huge level must not allocate a huge string
		return Cell{Kind: Markdown, Source: strings.Repeat("#", n) + " " + strings.Join(strings.Fields(src), " ")}, nil
	}
	return Cell{Kind: Raw, Source: src}, nil
}

// source decodes a multiline string: a string or a list of strings that are
// concatenated as is (each list item keeps its "\n"). Missing means empty.
func source(name, path string, raw json.RawMessage) (string, error) {
	switch k := kindOf(raw); k {
	case kindMissing, kindNull:
		return "", nil
	case kindString:
		var s string
		_ = json.Unmarshal(raw, &s)
		return s, nil
	case kindList:
		var parts []json.RawMessage
		_ = json.Unmarshal(raw, &parts)
		var b strings.Builder
		for i, p := range parts {
			var s string
			if kindOf(p) != kindString || json.Unmarshal(p, &s) != nil {
				return "", invalid(name, fmt.Sprintf("%s[%d] is %s, not a string", path, i, kindOf(p)), fixResave)
			}
			b.WriteString(s)
		}
		return b.String(), nil
	default:
		return "", invalid(name, fmt.Sprintf("%s is %s, not a string or a list of strings", path, k), fixResave)
	}
}

// list decodes a required JSON list.
func list(name, path string, raw json.RawMessage) ([]json.RawMessage, error) {
	switch k := kindOf(raw); k {
	case kindList:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, invalid(name, fmt.Sprintf("%s: %v", path, err), fixResave)
		}
		return items, nil
	case kindMissing:
		return nil, invalid(name, fmt.Sprintf("no %q list", path), fixResave)
	default:
		return nil, invalid(name, fmt.Sprintf("%s is %s, not a list", path, k), fixResave)
	}
}

// obj decodes a required JSON object.
func obj(name, path string, raw json.RawMessage) (object, error) {
	if k := kindOf(raw); k != kindObject {
		return nil, invalid(name, fmt.Sprintf("%s is %s, not an object", path, k), fixResave)
	}
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, invalid(name, fmt.Sprintf("%s: %v", path, err), fixResave)
	}
	return o, nil
}

// clip shortens a raw JSON value for an error message.
func clip(raw json.RawMessage) string {
	const n = 20
	s := strings.TrimSpace(string(raw))
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
