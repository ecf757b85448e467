package datasets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"erosion/atomicfile"
	"erosion/notebook"
	"erosion/pydist"
)

// Entry is one row of manifest.parquet: everything known about a notebook
// without running it, plus the target score measured in its era.
type Entry struct {
	NotebookID   string `parquet:"notebook_id"`
	Competition  string `parquet:"competition,dict"`
	Title        string `parquet:"title"`
	Author       string `parquet:"author,dict"`
	Submitted    string `parquet:"submitted"` // YYYY-MM-DD
	Year         int32  `parquet:"year"`
	EraEnv       string `parquet:"era_env,dict"`
	EraEnvDigest string `parquet:"era_env_digest,dict"`
	KaggleImage  string `parquet:"kaggle_image,dict"`
	// TargetScore is the target verdicts use (dataset.yaml's target:
	// chooses between the two below), TargetSource which one it is:
	// TargetKaggle or TargetMeasured ("" when there is none).
	TargetScore  *float64 `parquet:"target_score,optional"`
	TargetNote   string   `parquet:"target_note"` // why there is no target
	TargetSource string   `parquet:"target_source,dict"`
	// KaggleTarget is the Kaggle private-leaderboard score of the
	// notebook's submission (mining); MeasuredTarget the score it got in its
	// era environment (`erosion dataset targets`).
	KaggleTarget   *float64 `parquet:"kaggle_target,optional"`
	MeasuredTarget *float64 `parquet:"measured_target,optional"`
	KaggleRuntimeS *float64 `parquet:"kaggle_runtime_s,optional"`
	Format         string   `parquet:"format,dict"`
	CodeCells      int32    `parquet:"code_cells"`
	Imports        []string `parquet:"imports,list"`
	Distributions  []string `parquet:"distributions,list"`
	NeedsGPU       bool     `parquet:"needs_gpu"`
	UsesInternet   bool     `parquet:"uses_internet"`
	PipInstalls    int32    `parquet:"pip_installs"`
	Stochastic     bool     `parquet:"stochastic"`
	SourceSHA256   string   `parquet:"source_sha256"`
	// Filled by mining (erosion mine); empty for hand-made datasets.
	DataPaths   []string `parquet:"data_paths,list"`  // data files/folders the code names (read_csv args, ../input/...)
	Accelerator string   `parquet:"accelerator,dict"` // what Kaggle ran it on (e.g. "None", "GPU P100")
	Source      string   `parquet:"source,dict"`      // metakaggle | kaggle | github
	SourceRef   string   `parquet:"source_ref"`       // kernel version id, owner/slug/N, or owner/repo@sha:path
}

// ManifestPath is where the manifest lives.
func (d *Dataset) ManifestPath() string { return filepath.Join(d.Dir, "manifest.parquet") }

// Describe fills the static part of a notebook's manifest entry.
func (d *Dataset) Describe(nb Notebook) (Entry, error) {
	path := d.NotebookPath(nb)
	data, err := os.ReadFile(path)
	if err != nil {
		return Entry{}, err
	}
	parsed, err := notebook.Parse(path, data)
	if err != nil {
		return Entry{}, err
	}
	sum := sha256.Sum256(data)
	imports := parsed.Imports()
	e := Entry{
		NotebookID: nb.ID, Competition: nb.Competition, Title: nb.Title, Author: nb.Author,
		Submitted: nb.Submitted, Year: int32(nb.Date().Year()), KaggleImage: nb.KaggleImage,
		Format: parsed.Format, CodeCells: int32(len(parsed.CodeCells())),
		Imports: imports, Distributions: pydist.Distributions(imports),
		NeedsGPU: parsed.NeedsGPU(), UsesInternet: parsed.UsesInternet(), PipInstalls: int32(parsed.PipInstalls()),
		Stochastic: nb.Stochastic, SourceSHA256: hex.EncodeToString(sum[:]),
	}
	return e, nil
}

// WriteManifest writes manifest.parquet atomically.
func (d *Dataset) WriteManifest(rows []Entry) error {
	f, err := atomicfile.Create(d.ManifestPath(), 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := parquet.NewGenericWriter[Entry](f, parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}))
	if _, err := w.Write(rows); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Commit()
}

// Manifest reads manifest.parquet; nil when the dataset has none yet.
func (d *Dataset) Manifest() ([]Entry, error) {
	if _, err := os.Stat(d.ManifestPath()); os.IsNotExist(err) {
		return nil, nil
	}
	rows, err := parquet.ReadFile[Entry](d.ManifestPath())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.ManifestPath(), err)
	}
	for i := range rows {
		legacyTargets(&rows[i])
	}
	return rows, nil
}
