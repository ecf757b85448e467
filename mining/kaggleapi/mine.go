package kaggleapi

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"erosion/atomicfile"
	"erosion/mining/builder"
	"erosion/notebook"
)

// Ref names a kernel version to pull: owner/slug, optionally /N, with an
// optional known target score (e.g. the private score from Meta Kaggle).
type Ref struct {
	Owner, Slug string
	Version     int // 0: the current version
	Target      *float64
}

func (r Ref) String() string {
	s := r.Owner + "/" + r.Slug
	if r.Version > 0 {
		s += "/" + strconv.Itoa(r.Version)
	}
	return s
}

// ParseRef reads "owner/slug" or "owner/slug/N".
func ParseRef(s string) (Ref, error) {
	parts := strings.Split(strings.Trim(strings.TrimSpace(s), "/"), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return Ref{}, fmt.Errorf("kernel %q: write owner/slug or owner/slug/VERSION", s)
	}
	r := Ref{Owner: parts[0], Slug: parts[1]}
	if len(parts) == 3 {
		v, err := strconv.Atoi(parts[2])
		if err != nil || v < 1 {
			return Ref{}, fmt.Errorf("kernel %q: the version must be a positive number", s)
		}
		r.Version = v
	}
	return r, nil
}

// ReadRefs reads a kernel list: one "owner/slug[/N] [target-score]" a line;
// blank lines and '#' comments are skipped.
func ReadRefs(path string) ([]Ref, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kernel list %s: %w", path, err)
	}
	var out []Ref
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		r, err := ParseRef(fields[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		if len(fields) > 1 {
			v, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: target score %q is not a number", path, i+1, fields[1])
			}
			r.Target = &v
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("kernel list %s names no kernel: write owner/slug[/VERSION] a line", path)
	}
	return out, nil
}

// MineOptions say what to fetch.
type MineOptions struct {
	Competition string
	// Kernels, when given, are pulled instead of listing the competition's.
	Kernels []Ref
	// MaxKernels stops after this many notebooks (0: no limit).
	MaxKernels int
	// DownloadData fetches the competition's data into the dataset.
	DownloadData bool
	Log          *slog.Logger
}

// listState is the paging state kept in .mine so an interrupted listing
// continues where it stopped.
type listState struct {
	Protocol string   `json:"protocol"`
	Next     *Cursor  `json:"next"` // nil when the listing is complete
	Kernels  []Kernel `json:"kernels"`
}

// Mine fetches a competition's notebooks (and data) into the dataset.
func Mine(ctx context.Context, c *Client, b *builder.Builder, o MineOptions) (*builder.Funnel, error) {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.Competition == "" {
		return nil, errors.New("--competition is required: the slug of the competition the notebooks belong to")
	}
	f := builder.NewFunnel("Kaggle API ("+c.Protocol+") competition "+o.Competition, "kernels")
	if o.DownloadData {
		if err := fetchData(ctx, c, b, o.Competition, log); err != nil {
			return nil, err
		}
	}

	refs := o.Kernels
	if len(refs) > 0 {
		f.Add("requested", "kernels named in the kernel list", len(refs))
	} else {
		ks, err := listAll(ctx, c, b.Dir(), o.Competition, log, f)
		if err != nil {
			return nil, err
		}
		f.Add("listed", "kernels the API lists for the competition (Python notebooks asked for)", len(ks))
		for _, k := range ks {
			if k.Language != "" && !strings.EqualFold(k.Language, "python") || k.KernelType != "" && !strings.EqualFold(k.KernelType, "notebook") {
				continue
			}
			r, err := ParseRef(k.Ref)
			if err != nil {
				f.Broken["listed kernel without a valid ref"]++
				continue
			}
			refs = append(refs, r)
		}
		f.Add("python-notebook", "... that are Python notebooks (where the listing says)", len(refs))
	}
	if o.MaxKernels > 0 && len(refs) > o.MaxKernels {
		refs = refs[:o.MaxKernels]
		f.Add("max-kernels", fmt.Sprintf("... the first %d (--max-kernels)", o.MaxKernels), len(refs))
	}

	pulled, parsed, notPython := 0, 0, 0
	for i, r := range refs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if b.Has(r.String()) {
			pulled++
			parsed++
			continue
		}
		p, err := c.Pull(ctx, r.Owner, r.Slug, r.Version)
		var ae *APIError
		switch {
		case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
			return nil, fmt.Errorf("%w: check the %s", err, c.Creds)
		case errors.As(err, &ae):
			log.Warn("kernel not pulled; skipped", "kernel", r.String(), "status", ae.Status, "message", ae.Message)
			f.Broken[fmt.Sprintf("pull refused (HTTP %d)", ae.Status)]++
			continue
		case err != nil:
			return nil, err
		}
		pulled++
		if !strings.EqualFold(p.Language, "python") && p.Language != "" {
			notPython++
			continue
		}
		rec, src := record(o.Competition, r, p)
		err = b.Add(rec, src)
		switch {
		case errors.Is(err, notebook.ErrInvalid):
			log.Warn("pulled kernel does not parse; dropped", "kernel", r.String(), "error", err)
			continue
		case err != nil:
			return nil, err
		}
		parsed++
		if (i+1)%100 == 0 {
			log.Info("kernels pulled", "done", i+1, "of", len(refs))
		}
	}
	f.Add("pulled", "... pulled", pulled)
	f.Add("python", "... whose pulled source is Python", pulled-notPython)
	f.Add("parses", "... whose notebook parses", parsed)
	return f, nil
}

// listAll lists the competition's kernels, continuing a listing that an
// earlier run left unfinished (state in .mine/kaggle-<slug>.json).
func listAll(ctx context.Context, c *Client, dir, competition string, log *slog.Logger, f *builder.Funnel) ([]Kernel, error) {
	path := filepath.Join(builder.StateDir(dir), "kaggle-list-"+builder.CleanID(competition)+".json")
	st := listState{Protocol: c.Protocol, Next: &Cursor{}}
	if data, err := os.ReadFile(path); err == nil {
		var old listState
		if json.Unmarshal(data, &old) == nil && old.Protocol == c.Protocol {
			st = old
			if st.Next != nil {
				log.Info("continuing an interrupted kernel listing", "competition", competition, "listed", len(st.Kernels))
			}
		}
	}
	if st.Next != nil {
		err := c.ListKernels(ctx, competition, *st.Next, func(ks []Kernel, next *Cursor) error {
			st.Kernels = append(st.Kernels, ks...)
			st.Next = next
			data, _ := json.Marshal(st)
			log.Info("kernels listed", "competition", competition, "so_far", len(st.Kernels))
			return writeFile(path, data)
		})
		if err != nil {
			return nil, err
		}
	}
	if len(st.Kernels) >= ListCap {
		f.Warn("the Kaggle API listed %d kernels for %s: it returns about %d per competition at most, so the rest are missing; enumerate with `erosion mine metakaggle` and pull them with --kernels", len(st.Kernels), competition, ListCap)
		log.Warn("kernel listing reached the API's cap", "competition", competition, "listed", len(st.Kernels), "cap", ListCap)
	}
	// The same kernel can appear on two pages when the order shifts.
	seen := map[string]bool{}
	var out []Kernel
	for _, k := range st.Kernels {
		if !seen[k.Ref] {
			seen[k.Ref] = true
			out = append(out, k)
		}
	}
	return out, nil
}

// record turns a pulled kernel into a dataset record and its file.
func record(competition string, r Ref, p *Pulled) (builder.Record, []byte) {
	m := p.Metadata
	version := r.Version
	if version == 0 {
		version = m.CurrentVersionNumber
	}
	id := builder.CleanID(r.Owner, r.Slug)
	if version > 0 {
		id += "-v" + strconv.Itoa(version)
	}
	ext := ".ipynb"
	if strings.EqualFold(p.Type, "script") {
		ext = ".py"
	}
	rec := builder.Record{ID: id, Competition: competition, File: competition + "/" + id + ext, Title: m.Title, Author: r.Owner,
		KaggleImage: m.DockerImage, TargetScore: r.Target, Source: builder.SourceKaggle, SourceRef: r.String()}
	switch {
	case m.MachineShape != "":
		rec.Accelerator = m.MachineShape
	case m.EnableGPU:
		rec.Accelerator = "GPU"
	case m.EnableTPU:
		rec.Accelerator = "TPU"
	}
	if t, err := time.Parse(time.RFC3339, m.LastRunTime); err == nil {
		rec.Submitted = t.UTC().Format(time.DateOnly)
	} else if len(m.LastRunTime) >= 10 {
		if t, err := time.Parse(time.DateOnly, m.LastRunTime[:10]); err == nil {
			rec.Submitted = t.Format(time.DateOnly)
		}
	}
	if rec.TargetScore == nil {
		rec.TargetNote = "the Kaggle API gives no score: measure one with `erosion dataset targets`, or name it in the kernel list"
	}
	rec.Notes = fmt.Sprintf("Kaggle API kernel %s", r.String())
	if version > 0 && r.Version == 0 {
		rec.Notes += fmt.Sprintf(" (current version %d when mined)", version)
	}
	if len(m.DatasetDataSources) > 0 {
		rec.Notes += "; datasets: " + strings.Join(m.DatasetDataSources, ", ")
	}
	return rec, []byte(p.Source)
}

// fetchData downloads the competition's data archive once and unpacks it
// into competitions/<slug>/data.
func fetchData(ctx context.Context, c *Client, b *builder.Builder, competition string, log *slog.Logger) error {
	state := builder.StateDir(b.Dir())
	done := filepath.Join(state, "kaggle-data-"+builder.CleanID(competition)+".done")
	if _, err := os.Stat(done); err == nil {
		return nil
	}
	zipPath := filepath.Join(state, "kaggle-data-"+builder.CleanID(competition)+".zip")
	if _, err := os.Stat(zipPath); err != nil {
		log.Info("downloading competition data", "competition", competition)
		if err := c.DownloadCompetitionData(ctx, competition, zipPath); err != nil {
			return err
		}
	}
	dst := b.CompetitionDataDir(competition)
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := unzip(zipPath, dst); err != nil {
		return fmt.Errorf("competition %s data: %w (delete %s to download it again)", competition, err, zipPath)
	}
	if err := os.Remove(zipPath); err != nil {
		return err
	}
	return writeFile(done, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"))
}

// unzip extracts an archive, refusing entries that would land outside dst.
func unzip(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return fmt.Errorf("not a zip archive: %w", err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		name := filepath.FromSlash(zf.Name)
		target := filepath.Join(dst, name)
		if !strings.HasPrefix(target, filepath.Clean(dst)+string(filepath.Separator)) {
			return fmt.Errorf("archive entry %q points outside the data folder", zf.Name)
		}
		if zf.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(target)
		if err != nil {
			rc.Close()
			return err
		}
		_, err = io.Copy(out, rc)
		rc.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, data []byte) error { return atomicfile.WriteFile(path, data, 0o644) }
