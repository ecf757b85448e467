package builder

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Funnel is how many candidates survive each filter of a mine, in order:
// the numbers a study reports for its dataset ("of N kernel versions that
// produced a submission, M are Python notebooks, ...").
type Funnel struct {
	Source string  `json:"source"`
	Unit   string  `json:"unit"` // what is counted, e.g. "kernel versions"
	Stages []Stage `json:"stages"`
	// Broken counts references that did not resolve (a submission's team,
	// a kernel version's kernel, ...): the dump's gaps, not filters.
	Broken   map[string]int `json:"broken_references,omitempty"`
	Warnings []string       `json:"warnings,omitempty"`
}

// Stage is one filter and how many candidates it kept.
type Stage struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Kept        int    `json:"kept"`
	Dropped     int    `json:"dropped"`
	// Enabled is false when the filter was switched off or could not be
	// applied (then Note says why); it then keeps everything.
	Enabled bool   `json:"enabled"`
	Note    string `json:"note,omitempty"`
}

// NewFunnel starts a funnel.
func NewFunnel(source, unit string) *Funnel {
	return &Funnel{Source: source, Unit: unit, Broken: map[string]int{}}
}

// Add appends a stage that kept n candidates.
func (f *Funnel) Add(name, description string, n int) *Stage {
	prev := n
	if len(f.Stages) > 0 {
		prev = f.Stages[len(f.Stages)-1].Kept
	}
	f.Stages = append(f.Stages, Stage{Name: name, Description: description, Kept: n, Dropped: prev - n, Enabled: true})
	return &f.Stages[len(f.Stages)-1]
}

// Off appends a stage for a filter that did not run, with the reason.
func (f *Funnel) Off(name, description, note string) {
	s := f.Add(name, description, f.Last())
	s.Enabled, s.Note = false, note
}

// Last is how many candidates the last stage kept (0 before any).
func (f *Funnel) Last() int {
	if len(f.Stages) == 0 {
		return 0
	}
	return f.Stages[len(f.Stages)-1].Kept
}

// Kept returns the count of the named stage, -1 when there is none.
func (f *Funnel) Kept(name string) int {
	for _, s := range f.Stages {
		if s.Name == name {
			return s.Kept
		}
	}
	return -1
}

// Warn records a warning shown with the funnel.
func (f *Funnel) Warn(format string, args ...any) {
	f.Warnings = append(f.Warnings, fmt.Sprintf(format, args...))
}

// Print writes the funnel as a table.
func (f *Funnel) Print(w io.Writer) {
	fmt.Fprintf(w, "funnel (%s, %s):\n", f.Source, f.Unit)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kept\tdropped\t  stage")
	for _, s := range f.Stages {
		desc := s.Description
		if !s.Enabled {
			desc += " (off: " + s.Note + ")"
		}
		fmt.Fprintf(tw, "%d\t%d\t  %s\n", s.Kept, s.Dropped, desc)
	}
	tw.Flush()
	for _, k := range slices.Sorted(maps.Keys(f.Broken)) {
		if f.Broken[k] > 0 {
			fmt.Fprintf(w, "  broken references: %s: %d\n", k, f.Broken[k])
		}
	}
	for _, s := range f.Warnings {
		fmt.Fprintln(w, "  warning:", s)
	}
}

// Write stores the funnel as funnel.json (everything) and funnel.csv (one
// row per stage) in dir.
func (f *Funnel) Write(dir string) error {
	js, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "funnel.json"), append(js, '\n')); err != nil {
		return err
	}
	var sb strings.Builder
	cw := csv.NewWriter(&sb)
	cw.Write([]string{"stage", "description", "kept", "dropped", "enabled", "note"})
	for _, s := range f.Stages {
		cw.Write([]string{s.Name, s.Description, strconv.Itoa(s.Kept), strconv.Itoa(s.Dropped), strconv.FormatBool(s.Enabled), s.Note})
	}
	cw.Flush()
	return writeAtomic(filepath.Join(dir, "funnel.csv"), []byte(sb.String()))
}
