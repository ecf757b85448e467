// Package report writes the study report: one self-contained HTML page
// (inline CSS, figures embedded as data URIs) and the same content as
// Markdown, from a Study, its tables and figures. Nothing in it depends on
// the clock or the machine: the same results give the same bytes.
package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"erosion/analysis"
	"erosion/datasets"
	"erosion/figures"
	"erosion/verdict"
)

// Input is what a report is made from.
type Input struct {
	Study   *analysis.Study
	Tables  []analysis.Table
	Figures []*figures.Figure
	// Dataset is the dataset the runs came from, when known: its
	// description, tolerance and checksum go into the method and the
	// provenance.
	Dataset *datasets.Dataset
	// Version is the erosion that writes the report.
	Version string
	// FigureDir is where the Markdown finds the figures' PNGs, relative
	// to the Markdown file.
	FigureDir string
}

// Report is the content, ready to render.
type Report struct {
	Title string
	// Incomplete, when set, says the results do not cover the plan; it
	// replaces the headline numbers at the top.
	Incomplete string
	Headline   []Number
	Sentences  []string
	Headtable  Table
	Figures    []Figure
	Tables     []Table
	Method     Method
	Provenance []KV
	Generated  string
	// Summary is report.json.
	Summary Summary
}

// Number is one headline figure.
type Number struct {
	Env, Value, What, CI string
}

// Table is an analysis table rendered for the page.
type Table struct {
	Name, Title, Note string
	Heads             []Head
	Rows              [][]string
	Markdown          string
}

// Head is a column head.
type Head struct {
	Text  string
	Right bool
}

// Figure is a figure embedded in the page.
type Figure struct {
	Name, Caption string
	DataURI       template.URL
	Width         float64 // CSS pixels at 96 per inch
	MarkdownPath  string
}

// Method is the method in brief.
type Method struct {
	Dataset     []KV
	Criteria    []string
	Statistics  []string
	Inventories []Inventory
}

// Inventory is an environment's full package list.
type Inventory struct {
	Env, Digest, Kind, Python string
	Packages                  []KV
}

// KV is a labelled value.
type KV struct{ K, V string }

// Build assembles the report.
func Build(in Input) (*Report, error) {
	s := in.Study
	r := &Report{Title: "Environment erosion: study report", Generated: in.Version}
	if len(s.Datasets) > 0 {
		r.Title += " — " + strings.Join(s.Datasets, ", ")
	}
	if inc := Incomplete(s.Progress()); inc != "" {
		r.Incomplete = strings.ToUpper(inc[:1]) + inc[1:] + ". The numbers below are partial, not the study's result: " +
			"finish the runs (erosion run --resume) and write the report again."
	}
	r.Summary = Summarize(s, in.Version)
	for _, rate := range s.Rates() {
		if r.Incomplete != "" {
			break // no headline rate for a partial study
		}
		n := Number{Env: rate.Env}
		// A modernized environment counts every candidate, and says how
		// many the agent gave up on.
		of, gaveUp := "", ""
		if m, ok := s.ModernizationOf(rate.Env); ok {
			of, gaveUp = " candidates", fmt.Sprintf("; agent gave up on %d", m.GaveUp)
			if m.NotAttempted > 0 {
				gaveUp += fmt.Sprintf(", %d not attempted", m.NotAttempted)
			}
		}
		if rate.Reproducible.N > 0 {
			n.Value = fmt.Sprintf("%.1f%%", 100*rate.Reproducible.P)
			n.What = fmt.Sprintf("reproducible (%d of %d graded%s%s)", rate.Reproducible.K, rate.Reproducible.N, of, gaveUp)
			n.CI = fmt.Sprintf("95%% CI %.1f–%.1f", 100*rate.Reproducible.Lo, 100*rate.Reproducible.Hi)
		} else {
			n.Value = fmt.Sprintf("%.1f%%", 100*rate.Executable.P)
			n.What = fmt.Sprintf("executable (%d of %d%s%s)", rate.Executable.K, rate.Executable.N, of, gaveUp)
			n.CI = fmt.Sprintf("95%% CI %.1f–%.1f", 100*rate.Executable.Lo, 100*rate.Executable.Hi)
		}
		r.Headline = append(r.Headline, n)
	}
	r.Sentences = s.Headline()
	for _, t := range in.Tables {
		rt := renderTable(t)
		if t.Name == "environments" {
			r.Headtable = rt
			continue
		}
		r.Tables = append(r.Tables, rt)
	}
	for _, f := range in.Figures {
		png, err := f.PNG()
		if err != nil {
			return nil, err
		}
		r.Figures = append(r.Figures, Figure{Name: f.Name, Caption: f.Caption,
			DataURI:      template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)),
			Width:        float64(f.Width) / 72 * 96,
			MarkdownPath: filepath.ToSlash(filepath.Join(in.FigureDir, f.Name+".png"))})
	}
	m, err := method(in)
	if err != nil {
		return nil, err
	}
	r.Method = m
	if r.Provenance, err = provenance(in); err != nil {
		return nil, err
	}
	return r, nil
}

func renderTable(t analysis.Table) Table {
	rt := Table{Name: t.Name, Title: t.Title, Note: t.Note}
	for _, c := range t.Columns {
		rt.Heads = append(rt.Heads, Head{Text: c.Head, Right: c.Right})
	}
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = c.Text
		}
		rt.Rows = append(rt.Rows, cells)
	}
	var b bytes.Buffer
	t.Markdown(&b)
	rt.Markdown = b.String()
	return rt
}

func method(in Input) (Method, error) {
	s := in.Study
	var m Method
	tol := verdict.DefaultTolerance
	if ds := in.Dataset; ds != nil {
		if ds.Tolerance > 0 {
			tol = ds.Tolerance
		}
		comps := map[string]bool{}
		for _, nb := range ds.Notebooks {
			comps[nb.Competition] = true
		}
		m.Dataset = append(m.Dataset,
			KV{"Dataset", fmt.Sprintf("%s v%s", ds.Name, ds.Version)},
			KV{"Description", ds.Description},
			KV{"Notebooks", fmt.Sprintf("%d from %d competition%s", len(ds.Notebooks), len(comps), map[bool]string{true: "s"}[len(comps) != 1])},
			KV{"Licence", ds.Licence})
		if ds.TimeLimitS > 0 {
			m.Dataset = append(m.Dataset, KV{"Time limit", fmt.Sprintf("%d s per run", ds.TimeLimitS)})
		}
		confirm := max(1, ds.ConfirmRuns)
		m.Dataset = append(m.Dataset, KV{"Confirmation", fmt.Sprintf("%d run(s) per reproduced notebook", confirm)})
	} else {
		m.Dataset = append(m.Dataset, KV{"Dataset", strings.Join(s.Datasets, ", ") + " (folder not given: pass --dataset for its description, years and checksum)"})
	}
	m.Dataset = append(m.Dataset,
		KV{"Results", fmt.Sprintf("%d notebooks, %d environments, %d runs (%d infrastructure failures, not counted)", s.Notebooks(), len(s.Envs), s.RunRows, s.InfraRuns)})
	m.Criteria = []string{
		"Executable: the notebook ran to its end without a cell raising (whole notebook, errors allowed to continue, as nbconvert --allow-errors).",
		fmt.Sprintf("Reproducible: the notebook wrote a valid submission whose graded score is within %.0f%% (relative) of its target score; "+
			"where confirmation ran, a one-sample t-test on the normalised scores of the repeated runs keeps it reproducible when p ≥ %.2f.", 100*tol, verdict.Alpha),
		"Outcome classes: error-free or error × reproducible or non-reproducible, and failed (timeout, crash, no output, environment not built). " +
			"Notebooks without a target fall back to executability (clean or error).",
		"One outcome per notebook and environment: its latest attempt; runs the backend could not execute (infrastructure failures) are not outcomes.",
		"Backported: each notebook ran in the environment of its era (nearest its date); modernized: a repair agent's version of the notebook (environment+agent), " +
			"counted over every notebook the agent was to fix (every notebook that did not meet the criterion in the environment): " +
			"where the agent produced no run (it gave up before a fix ran, or never reached the notebook), the notebook keeps its outcome in the environment.",
	}
	m.Statistics = []string{
		"Proportions with Wilson score 95% intervals.",
		"Transitions compare two environments on the notebooks both ran; McNemar's exact test (two-sided, binomial on the discordant pairs) tests whether fixed and broken differ.",
		"Run durations: empirical quantiles and CDF over the latest attempt per notebook (a timeout counts at the limit).",
	}
	for _, inv := range s.Inventories() {
		mi := Inventory{Env: inv.Env, Digest: inv.Digest, Kind: inv.Kind, Python: inv.Python}
		for _, p := range s.Packages {
			if p.Environment == inv.Env && p.EnvDigest == inv.Digest {
				mi.Packages = append(mi.Packages, KV{p.Name, p.Version})
			}
		}
		slices.SortFunc(mi.Packages, func(a, b KV) int {
			return cmp.Or(strings.Compare(strings.ToLower(a.K), strings.ToLower(b.K)), strings.Compare(a.K, b.K))
		})
		m.Inventories = append(m.Inventories, mi)
	}
	return m, nil
}

func provenance(in Input) ([]KV, error) {
	s := in.Study
	kv := []KV{
		{"Runs written by erosion", strings.Join(s.Versions, ", ")},
		{"Report written by erosion", in.Version},
		{"Backends", strings.Join(s.Backends, ", ")},
	}
	if !s.First.IsZero() {
		kv = append(kv, KV{"Runs finished", s.First.Format("2006-01-02 15:04 MST") + " to " + s.Last.Format("2006-01-02 15:04 MST")})
	}
	for _, env := range s.Envs {
		kv = append(kv, KV{"Environment " + env, strings.Join(s.Digests[env], ", ")})
	}
	if ds := in.Dataset; ds != nil {
		sum, err := DatasetChecksum(ds)
		if err != nil {
			return nil, err
		}
		kv = append(kv, KV{"Dataset checksum", "sha256:" + sum + " (of dataset.yaml, which records every file's sha256)"})
		problems, err := ds.VerifyChecksums()
		if err != nil {
			return nil, err
		}
		if len(problems) == 0 {
			kv = append(kv, KV{"Dataset files", fmt.Sprintf("all %d match dataset.yaml's checksums", ds.SealedFiles())})
		} else {
			kv = append(kv, KV{"Dataset files", fmt.Sprintf("%d problems: %s", len(problems), strings.Join(problems, "; "))})
		}
	}
	return kv, nil
}

// DatasetChecksum is the sha256 of the dataset's dataset.yaml: it records
// the checksum of every other file, so it stands for the whole dataset.
func DatasetChecksum(ds *datasets.Dataset) (string, error) {
	data, err := os.ReadFile(filepath.Join(ds.Dir, "dataset.yaml"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// HTML renders the self-contained page.
func (r *Report) HTML() ([]byte, error) {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

// Markdown renders the report as Markdown; figures are linked to their
// PNGs (Input.FigureDir).
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	if r.Incomplete != "" {
		fmt.Fprintf(&b, "> **%s**\n\n## Partial results\n\n", r.Incomplete)
	} else {
		b.WriteString("## Headline\n\n")
	}
	for _, s := range r.Sentences {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	fmt.Fprintf(&b, "\n### %s\n\n%s\n%s\n\n", r.Headtable.Title, r.Headtable.Markdown, r.Headtable.Note)
	if len(r.Figures) > 0 {
		b.WriteString("## Figures\n\n")
		for i, f := range r.Figures {
			fmt.Fprintf(&b, "![Figure %d: %s](%s)\n\n*Figure %d.* %s\n\n", i+1, f.Caption, f.MarkdownPath, i+1, f.Caption)
		}
	}
	b.WriteString("## Tables\n\n")
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "### %s\n\n%s\n%s\n\n", t.Title, t.Markdown, t.Note)
	}
	b.WriteString("## Method\n\n")
	for _, kv := range r.Method.Dataset {
		fmt.Fprintf(&b, "- **%s**: %s\n", kv.K, kv.V)
	}
	b.WriteString("\n**Criteria**\n\n")
	for _, c := range r.Method.Criteria {
		fmt.Fprintf(&b, "- %s\n", c)
	}
	b.WriteString("\n**Statistics**\n\n")
	for _, c := range r.Method.Statistics {
		fmt.Fprintf(&b, "- %s\n", c)
	}
	if len(r.Method.Inventories) > 0 {
		b.WriteString("\n**Environments** (full inventories: the packages table, and report.html)\n\n")
		for _, inv := range r.Method.Inventories {
			fmt.Fprintf(&b, "- %s: %s, Python %s, %d distributions, digest `%s`\n", inv.Env, inv.Kind, inv.Python, len(inv.Packages), inv.Digest)
		}
	}
	b.WriteString("\n## Provenance\n\n")
	for _, kv := range r.Provenance {
		fmt.Fprintf(&b, "- **%s**: %s\n", kv.K, kv.V)
	}
	return b.Bytes()
}

// Files are the report's file names.
const (
	HTMLFile     = "report.html"
	MarkdownFile = "report.md"
)

// Write renders report.html, report.md and report.json into dir and
// returns their paths.
func (r *Report) Write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report folder %s: %w", dir, err)
	}
	html, err := r.HTML()
	if err != nil {
		return nil, err
	}
	hp, mp := filepath.Join(dir, HTMLFile), filepath.Join(dir, MarkdownFile)
	if err := analysis.WriteFileAtomic(hp, html); err != nil {
		return nil, err
	}
	if err := analysis.WriteFileAtomic(mp, r.Markdown()); err != nil {
		return nil, err
	}
	jp, err := r.Summary.WriteJSON(dir)
	if err != nil {
		return nil, err
	}
	return []string{hp, mp, jp}, nil
}
