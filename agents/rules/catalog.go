package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The catalog: one entry per removal, rename or changed default in the
// Kaggle stack's libraries, kept as data (catalog.yaml) and rendered as
// docs/rules.md. Every entry is tested by execution: its before fails in
// the current environment, the rewriter turns it into its after, and the
// after runs.
//
//go:generate env EROSION_UPDATE_RULES_DOC=1 go test -count=1 -run TestRulesDocUpToDate .

//go:embed catalog.yaml
var catalogYAML []byte

// Families group entries by the kind of change, for restore rates.
const (
	FamilyModuleMoved    = "module-moved"    // a module renamed, moved or removed with a successor
	FamilyNameMoved      = "name-moved"      // a function, class or constant renamed or moved
	FamilyMethodRenamed  = "method-renamed"  // a method or attribute of objects renamed or removed
	FamilyKeywordRenamed = "keyword-renamed" // a keyword argument renamed or removed
	FamilyValueRenamed   = "value-renamed"   // an option's value renamed
	FamilySignature      = "signature"       // positional parameters made keyword-only, calls reshaped
	FamilyDefaultChanged = "default-changed" // a default that changed meaning (the rewrite restores the old one)
	FamilyDisplayOnly    = "display-only"    // a drawing package the environment lacks
	FamilyMissingData    = "missing-data"    // data a Kaggle image carries (NLTK corpora)
)

var families = []string{FamilyModuleMoved, FamilyNameMoved, FamilyMethodRenamed, FamilyKeywordRenamed, FamilyValueRenamed,
	FamilySignature, FamilyDefaultChanged, FamilyDisplayOnly, FamilyMissingData}

// Entry is one change the rules agent knows.
type Entry struct {
	ID         string `yaml:"id" json:"id"`
	Library    string `yaml:"library" json:"library"`       // the distribution, as pip names it
	Deprecated string `yaml:"deprecated" json:"deprecated"` // the version that deprecated it ("" when it went without warning)
	Removed    string `yaml:"removed" json:"removed"`       // the version that removed it (or changed the default)
	Family     string `yaml:"family" json:"family"`
	Old        string `yaml:"old" json:"old"` // the old API, as notebooks spell it
	New        string `yaml:"new" json:"new"` // its successor
	// Meaning is set when the rewrite may change what the notebook
	// computes or shows (a changed default, a drawing redone with another
	// library, a call neutralised): such fixes are flagged in the record.
	Meaning bool   `yaml:"meaning" json:"meaning"`
	Note    string `yaml:"note" json:"note,omitempty"`
	Source  string `yaml:"source" json:"source,omitempty"` // the release note or changelog that says so
	// Message is a regular expression over the failure (type: message) the
	// old API raises in the current environment: the traceback's way to
	// this entry.
	Message string `yaml:"message" json:"message"`
	// Rewrite says how: a generic kind with its data, or "custom" with the
	// rewrite.py rule that implements the entry.
	Rewrite map[string]any `yaml:"rewrite" json:"rewrite"`
	// Before and After: a snippet using the old API, and what the rewriter
	// makes of it.
	Before string `yaml:"before" json:"-"`
	After  string `yaml:"after" json:"-"`
	// Present names environments that still have the old API (deprecated
	// only): the rule acts there only on a failure that names it.
	Present bool `yaml:"present" json:"present,omitempty"`
	// CheckedIn is the environment the entry's before fails in ("" =
	// trixie, the current one): an entry for a package the full trixie
	// carries but leaner environments lack (pydotplus, graphviz) is
	// checked where it is really missing, not by pretending.
	CheckedIn string `yaml:"checked_in" json:"checked_in,omitempty"`
}

// Env is the environment the entry is checked in.
func (e Entry) Env() string {
	if e.CheckedIn == "" {
		return "trixie"
	}
	return e.CheckedIn
}

// Kind is the rewrite's kind: module, name, method, keyword, value, call,
// or custom.
func (e Entry) Kind() string { s, _ := e.Rewrite["kind"].(string); return s }

var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9_]+)+$`)

var rewriteKinds = []string{"module", "name", "method", "keyword", "value", "call", "positional", "custom"}

// loadCatalog parses and checks the catalog.
func loadCatalog(data []byte) ([]Entry, error) {
	var es []Entry
	if err := yaml.Unmarshal(data, &es); err != nil {
		return nil, fmt.Errorf("rules: catalog.yaml: %w", err)
	}
	seen := map[string]bool{}
	for i, e := range es {
		where := fmt.Sprintf("rules: catalog.yaml entry %d (%s)", i+1, e.ID)
		switch {
		case !idRe.MatchString(e.ID):
			return nil, fmt.Errorf("%s: id must be lower-case words joined by '-'", where)
		case seen[e.ID]:
			return nil, fmt.Errorf("%s: duplicate id", where)
		case e.Library == "" || e.Removed == "" || e.Old == "" || e.New == "":
			return nil, fmt.Errorf("%s: library, removed, old and new are required", where)
		case !slices.Contains(families, e.Family):
			return nil, fmt.Errorf("%s: family %q is not one of %s", where, e.Family, strings.Join(families, ", "))
		case !slices.Contains(rewriteKinds, e.Kind()):
			return nil, fmt.Errorf("%s: rewrite.kind %q is not one of %s", where, e.Kind(), strings.Join(rewriteKinds, ", "))
		case e.Kind() == "custom" && e.Rewrite["rule"] == nil:
			return nil, fmt.Errorf("%s: a custom rewrite names its rewrite.py rule", where)
		case strings.TrimSpace(e.Before) == "" || strings.TrimSpace(e.After) == "" || e.Before == e.After:
			return nil, fmt.Errorf("%s: before and after must be two different snippets", where)
		case e.Message == "":
			return nil, fmt.Errorf("%s: message (what the old API raises today) is required", where)
		}
		if _, err := regexp.Compile(e.Message); err != nil {
			return nil, fmt.Errorf("%s: message: %w", where, err)
		}
		seen[e.ID] = true
	}
	return es, nil
}

var catalog = func() []Entry {
	es, err := loadCatalog(catalogYAML)
	if err != nil {
		panic(err)
	}
	return es
}()

// Catalog returns the entries, in the order the rewriter tries them.
func Catalog() []Entry { return slices.Clone(catalog) }

// Lookup returns the entry with the given id.
func Lookup(id string) (Entry, bool) {
	for _, e := range catalog {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// RuleInfo names a rule and says what it rewrites.
type RuleInfo struct {
	Name        string
	Description string
}

// Rules lists the catalog's entries with a one-line description each (for
// docs and the leaderboard).
func Rules() []RuleInfo {
	out := make([]RuleInfo, 0, len(catalog))
	for _, e := range catalog {
		out = append(out, RuleInfo{e.ID, e.Old + " -> " + e.New + " (" + e.Library + " " + e.Removed + ")"})
	}
	return out
}

// Markdown renders the catalog as the table in docs/rules.md.
func Markdown(es []Entry) string {
	var b strings.Builder
	b.WriteString("# The rules agent's catalog\n\n")
	b.WriteString("Generated from `agents/rules/catalog.yaml` by `go generate ./agents/rules` (a test fails when this file is stale).\n\n")
	b.WriteString("Every entry is one removal, rename or changed default in a library of the Kaggle stack, taken from the library's\n")
	b.WriteString("release notes. Each is tested by execution in the `trixie` environment: the *before* snippet fails there, the\n")
	b.WriteString("rewriter turns it into the *after* snippet, and that runs. The agent picks an entry when the environment proves\n")
	b.WriteString("the old API gone (static scan) or when a failure's message matches the entry's (the traceback). Entries marked\n")
	b.WriteString("**meaning** may change what the notebook computes or shows; a fix that applies one is flagged in the `attempts` table.\n\n")
	counts := map[string]int{}
	var libs []string
	for _, e := range es {
		if counts[e.Library] == 0 {
			libs = append(libs, e.Library)
		}
		counts[e.Library]++
	}
	fmt.Fprintf(&b, "%d entries across %d libraries: ", len(es), len(libs))
	for i, l := range libs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", l, counts[l])
	}
	b.WriteString(".\n\nFamilies: ")
	for i, f := range families {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + f + "`")
	}
	b.WriteString(".\n\n| id | library | deprecated | removed | family | old | new | meaning |\n|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string {
		s = strings.ReplaceAll(s, "|", `\|`)
		return strings.ReplaceAll(s, "\n", " ")
	}
	for _, e := range es {
		m := ""
		if e.Meaning {
			m = "**meaning**"
		}
		dep := e.Deprecated
		if dep == "" {
			dep = "–"
		}
		removed := e.Removed
		if e.Present {
			removed += " (still present in trixie)"
		}
		if e.CheckedIn != "" {
			removed += " (checked in " + e.CheckedIn + ", which lacks it; the full trixie has it)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | `%s` | `%s` | %s |\n", e.ID, e.Library, dep, cell(removed), e.Family, cell(e.Old), cell(e.New), m)
	}
	b.WriteString("\nNotes:\n\n")
	for _, e := range es {
		if e.Note != "" || e.Source != "" {
			fmt.Fprintf(&b, "- `%s`: %s", e.ID, cell(e.Note))
			if e.Source != "" {
				if e.Note != "" {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "(%s)", cell(e.Source))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
