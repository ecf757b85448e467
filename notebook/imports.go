package notebook

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Imports returns the sorted, deduplicated top-level module names imported by
// the notebook's code cells ("sklearn" for "from sklearn.svm import SVC").
// Relative imports are skipped. A notebook whose kernel language is known not
// to be Python imports nothing.
func (nb *Notebook) Imports() []string {
	if nb == nil || (nb.Language != "" && nb.Language != "python") {
		return nil
	}
	seen := map[string]bool{}
	for _, c := range nb.CodeCells() {
		addImports(seen, c.Source)
	}
	return slices.Sorted(maps.Keys(seen))
}

// Imports returns the sorted, deduplicated top-level module names imported by
// Python source src, or nil if there are none.
//
// It is a line scanner, not a parser: it drops comments, string literals and
// IPython magic or shell lines, joins continued lines and looks for import
// statements anywhere, including indented blocks. Python 2 and other
// unparsable code are scanned as well as they can be.
func Imports(src string) []string {
	seen := map[string]bool{}
	addImports(seen, src)
	return slices.Sorted(maps.Keys(seen))
}

func addImports(seen map[string]bool, src string) {
	if !pythonCell(src) {
		return
	}
	for _, line := range logicalLines(src) {
		for stmt := range strings.SplitSeq(line, ";") {
			addStatement(seen, stmt)
		}
	}
}

// nonPythonMagics are cell magics whose body is not Python.
var nonPythonMagics = map[string]bool{
	"bash": true, "sh": true, "script": true, "system": true, "sx": true,
	"html": true, "javascript": true, "js": true, "latex": true, "markdown": true,
	"svg": true, "perl": true, "ruby": true, "r": true, "sql": true,
	"writefile": true, "file": true,
}

// pythonCell reports whether a cell's body is Python, i.e. it does not start
// with a cell magic such as %%bash. %%writefile counts as Python when it writes
// a .py file: the notebook will likely run it.
func pythonCell(src string) bool {
	for line := range strings.SplitSeq(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		magic, ok := strings.CutPrefix(line, "%%")
		if !ok {
			return true
		}
		f := strings.Fields(magic)
		if len(f) == 0 {
			return true
		}
		name := strings.ToLower(f[0])
		if name == "writefile" || name == "file" {
			return strings.HasSuffix(f[len(f)-1], ".py")
		}
		return !nonPythonMagics[name]
	}
	return true
}

// logicalLines splits Python source into logical lines: comments removed,
// string literals replaced by "", lines continued by a backslash or an open
// bracket joined, and IPython magic and shell lines ("%matplotlib inline",
// "!pip install x", "files = !ls") dropped.
func logicalLines(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var (
		lines []string
		cur   []byte
		depth int // bracket nesting
	)
	flush := func() {
		if s := strings.TrimSpace(string(cur)); s != "" {
			lines = append(lines, s)
		}
		cur, depth = cur[:0], 0
	}
	skipLine := func(i int) int {
		if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(src)
	}

	lineStart := true
	for i := 0; i < len(src); {
		if lineStart {
			lineStart = false
			rest := strings.TrimLeft(src[i:], " \t\f")
			i = len(src) - len(rest)
			head := bytes.TrimLeft(cur, " \t")
			continued := len(head) > 0
			if !continued && rest != "" && strings.ContainsRune("%!?", rune(rest[0])) {
				i = skipLine(i)
				continue
			}
			// A line starting with import inside an unclosed bracket is not
			// valid Python: the bracket was never closed (broken or Python 2
			// code). Resynchronise rather than lose the rest of the cell.
			// "from x \<newline>import y" is the one valid case.
			if continued && (hasKeyword(rest, "import") || hasKeyword(rest, "from")) &&
				!hasKeyword(string(head[:min(len(head), 5)]), "from") {
				flush()
			}
			continue
		}

		switch c := src[i]; c {
		case '#':
			i = skipLine(i)
		case '\'', '"':
			i = skipString(src, i)
			cur = append(cur, '"', '"')
		case '\\':
			if i+1 < len(src) && src[i+1] == '\n' {
				cur = append(cur, ' ')
				i += 2
				lineStart = true
				continue
			}
			cur = append(cur, c)
			i++
		case '\n':
			if depth == 0 {
				flush()
			} else {
				cur = append(cur, ' ')
			}
			i++
			lineStart = true
		case '!', '%':
			// "x = !ls" and "t = %timeit -o f()" assign a magic's result.
			if bytes.HasSuffix(bytes.TrimRight(cur, " \t"), []byte("=")) &&
				!(c == '!' && i+1 < len(src) && src[i+1] == '=') {
				i = skipLine(i)
				continue
			}
			cur = append(cur, c)
			i++
		default:
			switch c {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth = max(depth-1, 0)
			}
			cur = append(cur, c)
			i++
		}
	}
	flush()
	return lines
}

// skipString returns the index just past the string literal starting with the
// quote at src[i]. A single-quoted string ends at the end of its line even if
// unterminated, so one stray quote does not swallow the rest of a cell.
func skipString(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		end := strings.Repeat(string(q), 3)
		for j := i + 3; j < len(src); j++ {
			switch {
			case src[j] == '\\':
				j++ // escaped character
			case strings.HasPrefix(src[j:], end):
				return j + 3
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(src)
}

// compoundKeywords start statements that may carry a simple statement after
// their colon, as in "try: import ujson as json".
var compoundKeywords = map[string]bool{
	"if": true, "elif": true, "else": true, "try": true, "except": true, "finally": true,
	"with": true, "for": true, "while": true, "def": true, "class": true, "async": true,
}

// addStatement records the modules imported by one simple statement.
func addStatement(seen map[string]bool, stmt string) {
	stmt = strings.TrimSpace(stmt)
	switch {
	case hasKeyword(stmt, "import"):
		// import a.b as c, d
		for item := range strings.SplitSeq(stmt[len("import"):], ",") {
			if f := strings.Fields(item); len(f) > 0 {
				addModule(seen, f[0])
			}
		}
	case hasKeyword(stmt, "from"):
		// from a.b import c; "from . import x" and "from .a import x" are relative.
		rest := strings.TrimLeft(stmt[len("from"):], " \t")
		mod := rest
		if i := strings.IndexAny(rest, " \t"); i >= 0 {
			mod = rest[:i]
		}
		if hasKeyword(strings.TrimLeft(rest[len(mod):], " \t"), "import") && !strings.HasPrefix(mod, ".") {
			addModule(seen, mod)
		}
	default:
		word := stmt
		if i := strings.IndexFunc(stmt, func(r rune) bool { return !isIdentRune(r) }); i >= 0 {
			word = stmt[:i]
		}
		if compoundKeywords[word] {
			if body, ok := afterColon(stmt); ok {
				addStatement(seen, body)
			}
		}
	}
}

// afterColon returns what follows the colon ending a compound statement's
// header: the first one outside brackets that is not a walrus ":=".
func afterColon(stmt string) (string, bool) {
	depth := 0
	for i := 0; i < len(stmt); i++ {
		switch stmt[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth = max(depth-1, 0)
		case ':':
			if depth == 0 && !strings.HasPrefix(stmt[i+1:], "=") {
				return stmt[i+1:], true
			}
		}
	}
	return "", false
}

func addModule(seen map[string]bool, dotted string) {
	top, _, _ := strings.Cut(dotted, ".")
	if isIdentifier(top) {
		seen[top] = true
	}
}

// hasKeyword reports whether s starts with the word kw.
func hasKeyword(s, kw string) bool {
	if !strings.HasPrefix(s, kw) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[len(kw):])
	return !isIdentRune(r) // utf8.RuneError at the end of s
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !isIdentRune(r) || (i == 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}
