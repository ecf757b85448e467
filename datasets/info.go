package datasets

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"
)

// Info summarises a dataset (erosion dataset info); its JSON field names
// are stable.
type Info struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
	Dir         string `json:"dir"`
	Notebooks   int    `json:"notebooks"`
	WithTarget  int    `json:"with_target"` // the target verdicts use
	// WithKaggleTarget and WithMeasuredTarget count each kind of target.
	WithKaggleTarget   int              `json:"with_kaggle_target"`
	WithMeasuredTarget int              `json:"with_measured_target"`
	Competitions       []CompetitionRow `json:"competitions"`
	Years              map[string]int   `json:"years"`
	Eras               map[string]int   `json:"eras"`
	EraTable           string           `json:"era_table"`
}

// CompetitionRow is one competition of Info.
type CompetitionRow struct {
	Slug      string `json:"slug"`
	Notebooks int    `json:"notebooks"`
	Graded    bool   `json:"graded"`   // has competition.yaml; else executability only
	HasData   bool   `json:"has_data"` // data/ holds files
}

// Info counts the dataset's notebooks by competition, year and era, and
// its targets. A notebook's era is the one the manifest measured it in,
// else eraFor of its date (from the era table at eraTable).
func (d *Dataset) Info(eraFor func(time.Time) string, eraTable string) (*Info, error) {
	manifest, err := d.Manifest()
	if err != nil {
		return nil, err
	}
	measured := map[string]Entry{}
	for _, e := range manifest {
		measured[e.NotebookID] = e
	}
	info := &Info{Name: d.Name, Version: d.Version, Description: d.Description, Dir: d.Dir, Notebooks: len(d.Notebooks),
		Years: map[string]int{}, Eras: map[string]int{}, EraTable: eraTable}
	perComp := map[string]int{}
	for _, nb := range d.Notebooks {
		// Only this dataset's notebooks: a copy may keep a bigger manifest.
		e, ok := measured[nb.ID]
		if ok && e.KaggleTarget != nil {
			info.WithKaggleTarget++
		}
		if ok && e.MeasuredTarget != nil {
			info.WithMeasuredTarget++
		}
		if ok && e.TargetScore != nil {
			info.WithTarget++
		}
		perComp[nb.Competition]++
		info.Years[strconv.Itoa(nb.Date().Year())]++
		era := e.EraEnv
		if !ok || era == "" {
			era = eraFor(nb.Date())
		}
		info.Eras[era]++
	}
	for _, slug := range d.CompetitionSlugs() {
		comp, err := d.Competition(slug)
		if err != nil {
			return nil, &CompetitionError{Err: err}
		}
		info.Competitions = append(info.Competitions, CompetitionRow{Slug: slug, Notebooks: perComp[slug], Graded: comp != nil, HasData: hasFiles(d.DataDir(slug))})
	}
	return info, nil
}

// CompetitionError is a competition.yaml that cannot be read: the
// dataset's author's to fix, unlike a failure to read the manifest.
type CompetitionError struct{ Err error }

func (e *CompetitionError) Error() string { return e.Err.Error() }
func (e *CompetitionError) Unwrap() error { return e.Err }

// ExitCode is the command line's exit code for it: 2, a usage error.
func (e *CompetitionError) ExitCode() int { return 2 }

// WriteText writes the summary as text tables.
func (info *Info) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s v%s: %s\n%d notebooks; %d with a target score (%d from Kaggle, %d measured in the era)\n\n", info.Name, info.Version, info.Description, info.Notebooks, info.WithTarget, info.WithKaggleTarget, info.WithMeasuredTarget)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "competition\tnotebooks\tgraded\tdata")
	for _, r := range info.Competitions {
		graded, data := "yes", "yes"
		if !r.Graded {
			graded = "no (executability only)"
		}
		if !r.HasData {
			data = "none"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", r.Slug, r.Notebooks, graded, data)
	}
	tw.Flush()
	fmt.Fprintln(w)
	count := func(title string, n map[string]int) {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\tnotebooks\n", title)
		for _, k := range slices.Sorted(maps.Keys(n)) {
			fmt.Fprintf(tw, "%s\t%d\n", k, n[k])
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	count("year", info.Years)
	count("era", info.Eras)
}

// EmptyData are the competitions among slugs (all when empty) whose data/
// folder is missing or empty: their notebooks will find no input.
func (d *Dataset) EmptyData(slugs []string) []string {
	if len(slugs) == 0 {
		slugs = d.CompetitionSlugs()
	}
	var out []string
	for _, slug := range slugs {
		if !hasFiles(d.DataDir(slug)) {
			out = append(out, slug)
		}
	}
	return out
}

// hasFiles reports whether dir holds anything.
func hasFiles(dir string) bool {
	entries, _ := os.ReadDir(dir)
	return len(entries) > 0
}
