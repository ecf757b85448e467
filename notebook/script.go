package notebook

import (
	"regexp"
	"strings"
)

var (
	// percentMarker matches Jupytext/VS Code cell markers: "# %%", "#%%",
	// "# %% Title [markdown]". Like Jupytext it needs a space after "%%", so
	// a commented cell magic ("# %%time") is not a marker.
	percentMarker = regexp.MustCompile(`^#\s*%%+(?:\s.*)?$`)
	// inMarker matches nbconvert's "# In[12]:" / "# In[ ]:" markers.
	inMarker = regexp.MustCompile(`^#\s*In\[[0-9 *]*\]:\s*$`)
	// codingLine is a PEP 263 encoding declaration.
	codingLine = regexp.MustCompile(`^#.*coding[:=]`)
	// headerLanguage finds the kernel language in a Jupytext YAML header.
	headerLanguage = regexp.MustCompile(`^#\s+language:\s*(\S+)\s*$`)
	// commentedMagic is a magic or shell line that Jupytext commented out in a
	// code cell ("# %matplotlib inline", "# !pip install x"); the pattern is
	// Jupytext's own.
	commentedMagic = regexp.MustCompile(`^\s*(?:# |#)+(?:%{1,3}[a-zA-Z]|\s*[?!]\s*[A-Za-z.~$\\/{}])`)
)

// parseScript parses Python text: a percent script, nbconvert output or a
// plain script.
func parseScript(name, text string) *Notebook {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	nb := &Notebook{Path: name, Language: "python"}
	switch {
	case anyMatch(lines, percentMarker):
		nb.Format = FormatPercent
		nb.Cells, nb.Language = parsePercent(lines)
	case anyMatch(lines, inMarker):
		nb.Format = FormatNbconvert
		nb.Cells = parseNbconvert(lines)
	default:
		nb.Format = FormatScript
		nb.Cells = []Cell{{Kind: Code, Source: trimBlankLines(lines)}}
	}
	return nb
}

func anyMatch(lines []string, re *regexp.Regexp) bool {
	for _, l := range lines {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// segment is the text between two cell markers.
type segment struct {
	marker string
	body   []string
}

// split cuts lines at marker lines. The lines before the first marker are
// returned as a segment with an empty marker.
func split(lines []string, marker *regexp.Regexp) []segment {
	segs := []segment{{}}
	for _, l := range lines {
		if marker.MatchString(l) {
			segs = append(segs, segment{marker: l})
			continue
		}
		last := &segs[len(segs)-1]
		last.body = append(last.body, l)
	}
	return segs
}

// dropPreamble removes a shebang and an encoding declaration from the top of
// a script: the script formats add them, they are not part of any cell.
func dropPreamble(lines []string) []string {
	for i := 0; i < 2 && len(lines) > 0; i++ {
		if !(i == 0 && strings.HasPrefix(lines[0], "#!")) && !codingLine.MatchString(lines[0]) {
			break
		}
		lines = lines[1:]
	}
	return lines
}

// parseNbconvert reads `jupyter nbconvert --to script` output. Markdown cells
// were turned into "# " comments that cannot be told apart from real comments,
// so they stay in the code cell they follow.
func parseNbconvert(lines []string) []Cell {
	var cells []Cell
	for i, seg := range split(dropPreamble(lines), inMarker) {
		src := trimBlankLines(seg.body)
		if i == 0 && src == "" {
			continue // nothing before the first marker
		}
		cells = append(cells, Cell{Kind: Code, Source: src})
	}
	return cells
}

// parsePercent reads a Jupytext percent script and returns its cells and
// language.
func parsePercent(lines []string) ([]Cell, string) {
	lines = dropPreamble(lines)
	lang := "python"
	// Jupytext comments out magics in code cells of the scripts it writes.
	// Only undo that for files that carry its header: in a hand-written
	// script "# !pip install x" is a comment the author meant.
	uncommentMagics := false
	if rest, header, ok := jupytextHeader(lines); ok {
		lines = rest
		uncommentMagics = true
		for _, l := range header {
			if m := headerLanguage.FindStringSubmatch(l); m != nil {
				lang = normLanguage(strings.Trim(m[1], `"'`))
			}
			if strings.Contains(l, "comment_magics: false") {
				uncommentMagics = false
			}
		}
	}

	var cells []Cell
	for i, seg := range split(lines, percentMarker) {
		kind := markerKind(seg.marker)
		var src string
		switch {
		case kind != Code:
			src = textCell(seg.body)
		case uncommentMagics:
			src = trimBlankLines(uncommentMagic(seg.body))
		default:
			src = trimBlankLines(seg.body)
		}
		if i == 0 && src == "" {
			continue // nothing before the first marker
		}
		cells = append(cells, Cell{Kind: kind, Source: src})
	}
	return cells, lang
}

// jupytextHeader splits off a Jupytext YAML header: commented lines between
// "# ---" lines, one of them "# jupyter:".
func jupytextHeader(lines []string) (rest, header []string, ok bool) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "# ---" {
		return lines, nil, false
	}
	jupyter := false
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		switch {
		case l == "# ---":
			if !jupyter {
				return lines, nil, false
			}
			return lines[i+1:], lines[1:i], true
		case l == "# jupyter:":
			jupyter = true
		case !strings.HasPrefix(l, "#"):
			return lines, nil, false
		}
	}
	return lines, nil, false
}

// markerKind reads the cell kind from a percent marker line.
func markerKind(marker string) string {
	switch {
	case strings.Contains(marker, "[markdown]"), strings.Contains(marker, "[md]"):
		return Markdown
	case strings.Contains(marker, "[raw]"):
		return Raw
	}
	return Code
}

// textCell recovers a markdown or raw cell: either commented lines ("# text")
// or, as Jupytext also accepts, one triple-quoted string.
func textCell(body []string) string {
	src := trimBlankLines(body)
	t := strings.TrimSpace(src)
	for _, q := range []string{`"""`, `'''`} {
		if len(t) >= 6 && strings.HasPrefix(t, q) && strings.HasSuffix(t, q) {
			return strings.Trim(t[3:len(t)-3], "\n")
		}
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if s, ok := strings.CutPrefix(l, "# "); ok {
			lines[i] = s
		} else {
			lines[i] = strings.TrimPrefix(l, "#")
		}
	}
	return trimBlankLines(lines)
}

// uncommentMagic removes one level of comment from magic and shell lines, as
// Jupytext does when it turns a script back into a notebook.
func uncommentMagic(body []string) []string {
	out := make([]string, len(body))
	for i, l := range body {
		if commentedMagic.MatchString(l) {
			rest := strings.TrimLeft(l, " \t")
			indent := l[:len(l)-len(rest)]
			if s, ok := strings.CutPrefix(rest, "# "); ok {
				l = indent + s
			} else {
				l = indent + rest[1:]
			}
		}
		out[i] = l
	}
	return out
}
