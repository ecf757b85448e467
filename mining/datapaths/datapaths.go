// Package datapaths finds the data a notebook reads, statically: the string
// literals passed to readers (pd.read_csv, np.load, open, glob, ...) and any
// literal naming Kaggle's input folder. Mining records them in the manifest
// so a dataset's builder can see which competition files each notebook needs
// and which notebooks expect files no competition provides.
package datapaths

import (
	"regexp"
	"slices"
	"strings"

	"erosion/notebook"
)

// readerArg matches a call of a known reader whose first argument is a
// string literal (with optional r/f/b/u prefixes); group 3 is the literal's
// body.
var readerArg = regexp.MustCompile(`\b(read_csv|read_table|read_parquet|read_json|read_excel|read_feather|read_pickle|read_hdf|read_sql|read_fwf|loadtxt|genfromtxt|load|fromfile|imread|imread_collection|open|File|glob|iglob|listdir|scandir|walk|load_img|ImageDataGenerator\(\)\.flow_from_directory|flow_from_directory|DataFrame\.from_csv|from_csv|read|read_file|Path)\s*\(\s*(?:[A-Za-z_]\w*\s*=\s*)?[rRfFbBuU]{0,2}(['"])([^'"\n]{1,300})['"]`)

// writeMode is what follows open(path when the file is written.
var writeMode = regexp.MustCompile(`^\s*,\s*(mode\s*=\s*)?[rRbB]?['"][wax]`)

// anyLiteral matches every single- or double-quoted literal on one line.
var anyLiteral = regexp.MustCompile(`[rRfFbBuU]{0,2}(['"])([^'"\n]{1,300})['"]`)

// inputDir is how notebooks name Kaggle's input folder: /kaggle/input,
// ../input, ./input or input/ at the start of a relative path.
var inputDir = regexp.MustCompile(`(^|/)kaggle/input(/|$)|^\.\.?/input(/|$)|^input/`)

// Read returns the sorted, de-duplicated data paths a notebook's code cells
// name. Markdown is ignored; f-string placeholders are kept as written.
func Read(nb *notebook.Notebook) []string {
	seen := map[string]bool{}
	for _, c := range nb.CodeCells() {
		for _, line := range strings.Split(c.Source, "\n") {
			code := stripComment(line)
			for _, ix := range readerArg.FindAllStringSubmatchIndex(code, -1) {
				fn, p := code[ix[2]:ix[3]], strings.TrimSpace(code[ix[6]:ix[7]])
				if fn == "open" && writeMode.MatchString(code[ix[1]:]) {
					continue // open(path, "w"): written, not read
				}
				if looksLikePath(p) {
					seen[p] = true
				}
			}
			for _, m := range anyLiteral.FindAllStringSubmatch(code, -1) {
				if p := strings.TrimSpace(m[2]); inputDir.MatchString(p) {
					seen[p] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// looksLikePath keeps literals that name a file or folder: a separator or
// an extension, no spaces-only prose, no URLs (internet use is flagged
// elsewhere) and no open() modes such as "w".
func looksLikePath(s string) bool {
	if s == "" || strings.Contains(s, "://") || strings.Count(s, " ") > 3 {
		return false
	}
	if strings.ContainsAny(s, "/\\") {
		return true
	}
	dot := strings.LastIndexByte(s, '.')
	return dot > 0 && dot < len(s)-1 && !strings.ContainsAny(s[dot+1:], " ()")
}

// stripComment drops a trailing # comment outside string literals.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case quote != 0 && ch == '\\':
			i++
		case quote != 0 && ch == quote:
			quote = 0
		case quote == 0 && (ch == '\'' || ch == '"'):
			quote = ch
		case quote == 0 && ch == '#':
			return line[:i]
		}
	}
	return line
}
