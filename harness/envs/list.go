package envs

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/docker/go-units"
)

// Row is one environment of erosion envs list; its JSON field names are
// stable.
type Row struct {
	Name        string     `json:"name"`
	Kind        string     `json:"kind"`
	Spec        string     `json:"spec"` // the file, or "built-in configs/envs/<name>.yaml"
	SpecDigest  string     `json:"spec_digest"`
	Built       bool       `json:"built"`
	Digest      string     `json:"digest,omitempty"` // of what was installed
	Ref         string     `json:"ref,omitempty"`    // image or rootfs
	Python      string     `json:"python,omitempty"`
	Pandas      string     `json:"pandas,omitempty"`
	Numpy       string     `json:"numpy,omitempty"`
	ScikitLearn string     `json:"scikit_learn,omitempty"`
	Packages    int        `json:"packages,omitempty"`
	SizeBytes   int64      `json:"size_bytes,omitempty"`
	BuiltAt     *time.Time `json:"built_at,omitempty"`
}

// List is a row per spec, with what its inventory in cacheDir says when
// it is built.
func List(specs []*Spec, cacheDir string) []Row {
	rows := make([]Row, 0, len(specs))
	for _, s := range specs {
		r := Row{Name: s.Name, Kind: s.Kind(), Spec: s.Path, SpecDigest: s.Digest()}
		inv, _ := LoadInventory(cacheDir, s)
		if inv != nil {
			built := inv.BuiltAt.UTC()
			r.Built, r.Digest, r.Ref, r.Python, r.Packages, r.SizeBytes, r.BuiltAt = true, inv.Digest, inv.Ref, inv.Python, len(inv.Packages), inv.SizeBytes, &built
			r.Pandas, r.Numpy, r.ScikitLearn = inv.Version("pandas"), inv.Version("numpy"), inv.Version("scikit-learn")
		}
		rows = append(rows, r)
	}
	return rows
}

// WriteList writes List's rows as a table.
func WriteList(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tDIGEST\tPYTHON\tPANDAS\tNUMPY\tSKLEARN\tSIZE\tBUILT")
	for _, r := range rows {
		if !r.Built {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\t-\t-\t-\tnot built\n", r.Name, r.Kind, r.SpecDigest[:19])
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Kind, r.Digest[:19], r.Python,
			dash(r.Pandas), dash(r.Numpy), dash(r.ScikitLearn), units.HumanSize(float64(r.SizeBytes)), r.BuiltAt.Local().Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// WriteInspect writes spec s and, when built, its inventory inv in full.
func WriteInspect(w io.Writer, s *Spec, inv *Inventory) error {
	fmt.Fprintf(w, "name:         %s\nkind:         %s\nspec:         %s\nspec digest:  %s\n", s.Name, s.Kind(), s.Path, s.Digest())
	fmt.Fprintln(w, s.Source().Describe(s))
	if inv == nil {
		return fmt.Errorf("environment %s is not built: run `erosion envs build %s`", s.Name, s.Name)
	}
	fmt.Fprintf(w, "digest:       %s\nref:          %s\nsize:         %s\nbuilt:        %s\npython:       %s\n\n",
		inv.Digest, inv.Ref, units.HumanSize(float64(inv.SizeBytes)), inv.BuiltAt.Format("2006-01-02 15:04:05 MST"), inv.Python)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "DISTRIBUTION\tVERSION\n")
	for _, p := range inv.Packages {
		fmt.Fprintf(tw, "%s\t%s\n", p.Name, p.Version)
	}
	return tw.Flush()
}
