package llm

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// malformed is a reply the agent cannot use; the model is asked again with
// the reason.
type malformed struct{ reason string }

func (m *malformed) Error() string { return m.reason }

func malformedf(format string, args ...any) error {
	return &malformed{fmt.Sprintf(format, args...)}
}

// block is one fenced code block of a reply.
type block struct {
	lang       string
	code       string
	start, end int // byte offsets of the whole block in the reply
	closed     bool
}

var fenceLine = regexp.MustCompile("^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^`\\s]*)[^`]*$")

// blocks finds the fenced code blocks of a Markdown reply.
func blocks(s string) []block {
	var out []block
	var cur *block
	var fence string
	var body []string
	off := 0
	for _, line := range strings.SplitAfter(s, "\n") {
		text := strings.TrimRight(line, "\r\n")
		if cur == nil {
			if m := fenceLine.FindStringSubmatch(text); m != nil {
				cur = &block{lang: strings.ToLower(m[2]), start: off}
				fence, body = m[1], nil
			}
		} else if t := strings.TrimSpace(text); len(t) >= len(fence) && strings.Trim(t, fence[:1]) == "" && t[0] == fence[0] {
			cur.code, cur.end, cur.closed = strings.Join(body, "\n"), off+len(line), true
			out = append(out, *cur)
			cur = nil
		} else {
			body = append(body, text)
		}
		off += len(line)
	}
	if cur != nil { // cut off, e.g. by the output-token limit
		cur.code, cur.end = strings.Join(body, "\n"), len(s)
		out = append(out, *cur)
	}
	return out
}

// parseReply splits a reply into its plan and its code: the longest Python
// (or untagged) code block; the plan is the text before it.
func parseReply(content, finishReason string) (plan, code string, err error) {
	var best *block
	bs := blocks(content)
	for i := range bs {
		b := &bs[i]
		switch b.lang {
		case "python", "py", "python3", "ipython", "":
		default:
			continue
		}
		if best == nil || len(b.code) > len(best.code) {
			best = b
		}
	}
	if best == nil {
		if strings.TrimSpace(content) == "" {
			return "", "", malformedf("the reply is empty (finish_reason %q)", finishReason)
		}
		return "", "", malformedf("the reply has no ```python code block")
	}
	if !best.closed {
		return "", "", malformedf("the reply's code block is not closed; it was probably cut off (finish_reason %q)", finishReason)
	}
	plan = strings.TrimSpace(content[:best.start])
	if plan == "" {
		plan = strings.TrimSpace(content[best.end:])
	}
	return clip(plan, 2000), best.code, nil
}

var (
	// percentMarker is a Jupytext "# %%" cell marker (as notebook reads them).
	percentMarker = regexp.MustCompile(`^#\s*%%+(?:\s.*)?$`)
	cellNumber    = regexp.MustCompile(`(?i)\bcell\s+(\d+)\b`)
)

// segment is the text after one cell marker.
type segment struct {
	marker string // "" for text before the first marker
	lines  []string
}

func splitCells(code string) []segment {
	segs := []segment{{}}
	for _, l := range strings.Split(strings.ReplaceAll(code, "\r\n", "\n"), "\n") {
		if percentMarker.MatchString(strings.TrimRight(l, " \t")) {
			segs = append(segs, segment{marker: l})
			continue
		}
		segs[len(segs)-1].lines = append(segs[len(segs)-1].lines, l)
	}
	return segs
}

func markerCell(marker string) (int, bool) {
	m := cellNumber.FindStringSubmatch(marker)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

func textMarker(marker string) bool {
	return strings.Contains(marker, "[markdown]") || strings.Contains(marker, "[md]") || strings.Contains(marker, "[raw]")
}

// notebookCells turns a file-level reply into code cells, restoring cells
// the prompt left out (their placeholder) from the original.
func notebookCells(code string, original []string) ([]string, error) {
	segs := splitCells(code)
	if len(segs) == 1 { // no markers
		if len(original) > 1 {
			return nil, malformedf("the code block has no `# %%%% cell N` markers; the notebook has %d cells and all of them are needed", len(original))
		}
		if c := trimBlank(segs[0].lines); c != "" {
			return []string{c}, nil
		}
		return nil, malformedf("the code block is empty")
	}
	var cells []string
	if c := trimBlank(segs[0].lines); c != "" {
		cells = append(cells, c) // code before the first marker
	}
	for _, s := range segs[1:] {
		if textMarker(s.marker) {
			continue
		}
		c := trimBlank(s.lines)
		if strings.TrimSpace(c) == placeholder {
			n, ok := markerCell(s.marker)
			if !ok || n < 1 || n > len(original) {
				return nil, malformedf("a left-out cell was copied without its `# %%%% cell N` line (%q); keep those lines exactly", strings.TrimSpace(s.marker))
			}
			c = original[n-1]
		}
		cells = append(cells, c)
	}
	if len(cells) == 0 {
		return nil, malformedf("the code block has no code cells")
	}
	return cells, nil
}

// replaceCell returns original with cell k replaced by a cell-level reply.
func replaceCell(code string, original []string, k int) ([]string, error) {
	segs := splitCells(code)
	src := trimBlank(segs[0].lines)
	if len(segs) > 1 {
		// The model sent cells with markers: take the one numbered k+1, or
		// the only one there is.
		var pick []string
		found := false
		for _, s := range segs[1:] {
			if n, ok := markerCell(s.marker); ok && n == k+1 {
				pick, found = s.lines, true
			}
		}
		switch {
		case found:
			src = trimBlank(pick)
		case len(segs) == 2 && src == "":
			src = trimBlank(segs[1].lines)
		default:
			return nil, malformedf("the code block holds several cells; send only the new source of cell %d", k+1)
		}
	}
	if strings.TrimSpace(src) == "" {
		return nil, malformedf("the code block for cell %d is empty", k+1)
	}
	if strings.TrimSpace(src) == placeholder {
		return nil, malformedf("the code block repeats the placeholder instead of the new source of cell %d", k+1)
	}
	cells := slices.Clone(original)
	cells[k] = src
	return cells, nil
}

// trimBlank joins lines, dropping leading and trailing blank lines.
func trimBlank(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}
