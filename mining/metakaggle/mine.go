package metakaggle

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"erosion/mining/builder"
	"erosion/notebook"
)

// CodePath is where Meta Kaggle Code keeps a kernel version's source: the id
// zero-padded to 10 digits gives two folders, [0:4] and [4:7], and the file
// is named by the unpadded id, e.g. 111437241 → 0111/437/111437241.ipynb.
func CodePath(codeDir string, kernelVersionID int64, ext string) string {
	p := fmt.Sprintf("%010d", kernelVersionID)
	return filepath.Join(codeDir, p[0:4], p[4:7], strconv.FormatInt(kernelVersionID, 10)+ext)
}

// MissingCodeFile lists, in the dataset, the selected versions Meta Kaggle
// Code lacks, in the kernel-list format of `erosion mine kaggle --kernels`.
const MissingCodeFile = "missing-code.txt"

// otherExts are the other files Meta Kaggle Code holds (scripts).
var otherExts = []string{".py", ".r", ".R", ".rmd", ".Rmd"}

// Mine selects the candidates, finds each one's notebook in Meta Kaggle Code
// and adds it to the dataset with its target score (the private score of
// the submission it produced), dates, Kaggle image, accelerator and runtime.
// The returned funnel ends with the code-file and parse stages.
func Mine(ctx context.Context, o Options, b *builder.Builder) (*builder.Funnel, error) {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if st, err := os.Stat(o.CodeDir); err != nil || !st.IsDir() {
		return nil, inputError{fmt.Errorf("Meta Kaggle Code folder %q not found: pass --code with the folder holding 0000/, 0001/, ...", o.CodeDir)}
	}
	cands, f, err := Select(ctx, o)
	if err != nil {
		return nil, err
	}
	var withFile []Candidate
	var missingLines []string
	notIpynb := 0
	for _, c := range cands {
		if _, err := os.Stat(CodePath(o.CodeDir, c.KernelVersionID, ".ipynb")); err == nil {
			withFile = append(withFile, c)
			continue
		}
		script := false
		for _, ext := range otherExts {
			if _, err := os.Stat(CodePath(o.CodeDir, c.KernelVersionID, ext)); err == nil {
				script = true
				break
			}
		}
		if script {
			notIpynb++
		} else if ref := c.Ref(); ref != "" && c.VersionNumber > 0 {
			line := fmt.Sprintf("%s/%d", ref, c.VersionNumber)
			if c.PrivateScore != nil {
				line += " " + strconv.FormatFloat(*c.PrivateScore, 'g', -1, 64)
			}
			missingLines = append(missingLines, fmt.Sprintf("%s  # kernel version %d, %s", line, c.KernelVersionID, c.Competition))
		}
	}
	f.Add("code-ipynb", "... whose .ipynb is in Meta Kaggle Code", len(withFile))
	if missing := len(cands) - len(withFile) - notIpynb; missing > 0 {
		f.Broken["kernel version → Meta Kaggle Code file"] = missing
	}
	// The versions Meta Kaggle Code lacks can still be pulled by version
	// with the Kaggle API: `erosion mine kaggle --kernels missing-code.txt`.
	if len(missingLines) > 0 {
		text := "# Selected kernel versions missing from Meta Kaggle Code: owner/slug/version target-score.\n" +
			"# Pull them with `erosion mine kaggle --competition SLUG --kernels missing-code.txt` (one competition at a time).\n" +
			strings.Join(missingLines, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(b.Dir(), MissingCodeFile), []byte(text), 0o644); err != nil {
			return nil, err
		}
		f.Warn("%d selected versions are not in Meta Kaggle Code; their refs are in %s", len(missingLines), MissingCodeFile)
	}
	if notIpynb > 0 {
		f.Warn("%d versions with a notebook language id have only a script file in Meta Kaggle Code", notIpynb)
	}

	parsed, python := 0, 0
	for i, c := range withFile {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ref := strconv.FormatInt(c.KernelVersionID, 10)
		if b.Has(ref) {
			parsed, python = parsed+1, python+1 // added by an earlier, interrupted mine
			continue
		}
		path := CodePath(o.CodeDir, c.KernelVersionID, ".ipynb")
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		nb, err := notebook.Parse(path, data)
		if errors.Is(err, notebook.ErrInvalid) {
			log.Warn("notebook does not parse; dropped", "kernel_version", c.KernelVersionID, "error", err)
			continue
		} else if err != nil {
			return nil, err
		}
		parsed++
		// A notebook language id says little about the kernel: R notebooks
		// are .ipynb files too.
		if nb.Language != "" && nb.Language != "python" {
			log.Info("notebook kernel is not Python; dropped", "kernel_version", c.KernelVersionID, "language", nb.Language)
			continue
		}
		python++
		if err := b.Add(record(c), data); err != nil {
			return nil, err
		}
		if (i+1)%1000 == 0 {
			log.Info("notebooks copied", "done", i+1, "of", len(withFile))
		}
	}
	f.Add("parses", "... whose notebook parses (nbformat 3 or 4)", parsed)
	f.Add("python-kernel", "... whose notebook kernel is Python (or unnamed)", python)
	return f, nil
}

// record is what the dataset keeps of a candidate.
func record(c Candidate) builder.Record {
	nbID := builder.CleanID(c.KernelSlug, strconv.FormatInt(c.KernelVersionID, 10))
	if c.KernelSlug == "" || nbID == "" {
		nbID = "kv-" + strconv.FormatInt(c.KernelVersionID, 10)
	}
	r := builder.Record{
		ID: nbID, Competition: c.Competition, File: c.Competition + "/" + nbID + ".ipynb",
		Title: c.Title, Author: c.Author, KaggleImage: c.DockerImage, Accelerator: c.Accelerator,
		TargetScore: c.PrivateScore, Source: builder.SourceMetaKaggle, SourceRef: strconv.FormatInt(c.KernelVersionID, 10),
	}
	if r.TargetScore == nil {
		r.TargetNote = "the submission has no private score"
	} else {
		r.TargetSource = builder.TargetKagglePrivate
	}
	date := c.Submitted
	if date.IsZero() {
		date = c.Created
	}
	if !date.IsZero() {
		r.Submitted = date.Format(time.DateOnly)
	}
	if c.RuntimeMS >= 0 {
		s := float64(c.RuntimeMS) / 1000
		r.RuntimeS = &s
	}
	r.Notes = fmt.Sprintf("Meta Kaggle kernel version %d (version %d of kernel %d", c.KernelVersionID, c.VersionNumber, c.KernelID)
	if ref := c.Ref(); ref != "" {
		r.Notes += ", " + ref
	}
	r.Notes += fmt.Sprintf("), submission %d", c.SubmissionID)
	if !c.Created.IsZero() {
		r.Notes += ", created " + c.Created.Format(time.RFC3339)
	}
	if c.RuntimeMS >= 0 {
		r.Notes += fmt.Sprintf(", ran %.1f s on Kaggle", float64(c.RuntimeMS)/1000)
	}
	if c.Accelerator != "" {
		r.Notes += ", accelerator " + c.Accelerator
		if c.GPU {
			r.Notes += " (GPU)"
		}
	}
	if c.Internet != nil {
		r.Notes += fmt.Sprintf(", internet %s", map[bool]string{true: "on", false: "off"}[*c.Internet])
	}
	if c.DockerImage != "" {
		r.Notes += ", image " + c.DockerImage
	}
	if len(c.CompetitionSources) > 0 {
		r.Notes += ", competition data " + strings.Join(c.CompetitionSources, " ")
	}
	return r
}

// ReadList reads a competition list file: one slug a line; blank lines and
// '#' comments are skipped.
func ReadList(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, inputError{fmt.Errorf("competition list %s not found: pass a file with one competition slug a line", path)}
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range splitLines(string(data)) {
		if line != "" {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("competition list %s names no competition: write one slug a line", path)
	}
	return out, nil
}

// splitLines returns the trimmed lines of s with '#' comments removed.
func splitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.TrimSpace(line))
	}
	return out
}
