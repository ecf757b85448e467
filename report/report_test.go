package report_test

import (
	"bytes"
	"context"
	stdhtml "html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/datasets"
	"erosion/figures"
	"erosion/records"
	"erosion/report"
)

func build(t *testing.T, ds *datasets.Dataset) (*report.Report, string) {
	t.Helper()
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{Entries: analysistest.Entries(), DatasetName: "fixture"})
	if err != nil {
		t.Fatal(err)
	}
	figs, err := figures.All(s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(report.Input{Study: s, Tables: s.Tables(), Figures: figs, Dataset: ds, Version: "0.1.0+test", FigureDir: "figures"})
	if err != nil {
		t.Fatal(err)
	}
	return r, dir
}

// fixtureDataset is a sealed dataset named like the fixture's runs.
func fixtureDataset(t *testing.T) *datasets.Dataset {
	t.Helper()
	dir := t.TempDir()
	yaml := "name: fixture\nversion: \"2\"\ndescription: Notebooks for the report test.\nlicence: CC0\ntime_limit_s: 600\ntolerance: 0.05\n" +
		"notebooks:\n  - id: n01\n    competition: titanic\n    file: n01.py\n    submitted: \"2017-03-01\"\n"
	files := map[string]string{
		"dataset.yaml": yaml, "notebooks/n01.py": "import pandas as pd\nprint(pd.__version__)\n",
		"competitions/titanic/data/train.csv": "id,y\n1,0\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := datasets.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Seal(); err != nil {
		t.Fatal(err)
	}
	if ds, err = datasets.Load(dir); err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestReportContent(t *testing.T) {
	ds := fixtureDataset(t)
	r, dir := build(t, ds)
	html, err := r.HTML()
	if err != nil {
		t.Fatal(err)
	}
	// Checked as a reader sees it: html/template writes "+" as "&#43;".
	page := stdhtml.UnescapeString(string(html))
	for _, want := range []string{
		"<!DOCTYPE html>", "<style>", // inline CSS
		"Executability and reproducibility per environment",
		"<td>trixie</td><td class=\"r\">10</td><td class=\"r\">4</td><td class=\"r\">40.0</td><td class=\"r\">[16.8, 68.7]</td>",
		"data:image/png;base64,", // figures embedded
		"Failure taxonomy per environment", "McNemar",
		"within 5% (relative) of its target", // the dataset's tolerance
		"fixture v2", "1 from 1 competition</dd>",
		"0.1.0+fixture",               // the runs' erosion version
		"sha256:7777777777777777aaaa", // an environment digest
		"scikit-learn", "0.23.2",      // inventories
		"all 2 match dataset.yaml", // checksums verified
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	// Self-contained: nothing is fetched.
	for _, bad := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html contains %q: it must not load anything", bad)
		}
	}
	if n := strings.Count(page, "<figure"); n != len(figures.Names) {
		t.Errorf("%d figures embedded, want %d", n, len(figures.Names))
	}
	sum, _ := report.DatasetChecksum(ds)
	if !strings.Contains(page, "sha256:"+sum) {
		t.Errorf("dataset checksum sha256:%s missing", sum)
	}
	md := string(r.Markdown())
	for _, want := range []string{"# Environment erosion: study report — fixture", "| trixie | 10 | 4 | 40.0 | [16.8, 68.7] |",
		"![Figure 1: ", "(figures/outcome-classes.png)", "## Provenance", "**Dataset checksum**: sha256:" + sum} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}

	// Same Parquet, same bytes.
	paths, err := r.Write(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := build(t, ds)
	html2, _ := r2.HTML()
	if !bytes.Equal(html, html2) || !bytes.Equal(r.Markdown(), r2.Markdown()) {
		t.Error("the report differs between two builds from the same results")
	}
	if len(paths) != 3 || filepath.Base(paths[0]) != report.HTMLFile || filepath.Base(paths[2]) != report.JSONFile {
		t.Errorf("paths %v", paths)
	}
}

func TestReportWithoutDataset(t *testing.T) {
	r, _ := build(t, nil)
	html, _ := r.HTML()
	if !strings.Contains(string(html), "pass --dataset") {
		t.Error("without a dataset the method should say how to name it")
	}
	if strings.Contains(string(html), "Dataset checksum") {
		t.Error("no checksum without a dataset")
	}
}

// chromium finds Debian's chromium; it skips on a workstation without it
// and fails in CI, whose setup installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/setup-host must install Debian's chromium package")
	}
	t.Skip("chromium not installed (apt-get install chromium); the report's rendering is not checked")
	return ""
}

func headless(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

func TestReportRendersInChromium(t *testing.T) {
	bin := chromium(t)
	r, dir := build(t, fixtureDataset(t))
	out := filepath.Join(dir, "site")
	if _, err := r.Write(out); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.Join(out, report.HTMLFile)

	// The DOM after rendering holds the headline table's text.
	dom := string(headless(t, bin, "--dump-dom", page))
	for _, want := range []string{"Executability and reproducibility per environment", "trixie+llm", "[16.8, 68.7]", "Provenance"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}

	// A screenshot is not blank: text, tables and figures put ink on it,
	// and the figures (data URIs) decoded to images with colour.
	shot := filepath.Join(dir, "shot.png")
	headless(t, bin, "--window-size=1200,2000", "--hide-scrollbars", "--screenshot="+shot, page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	ink, colour, total := 0, 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
			if max(r, g, bl)-min(r, g, bl) > 0x4000 {
				colour++
			}
		}
	}
	t.Logf("screenshot %dx%d: %d of %d sampled pixels not white, %d coloured", b.Dx(), b.Dy(), ink, total, colour)
	if float64(ink)/float64(total) < 0.03 {
		t.Errorf("the screenshot is nearly blank: %d of %d pixels not white", ink, total)
	}
	if colour < 500 {
		t.Errorf("only %d coloured pixels: the figures did not render", colour)
	}
}

// overflowProbe, appended to a copy of the page, writes into the DOM every
// table wider than its box (which would scroll sideways) and whether the
// page itself is wider than the window.
const overflowProbe = `<script>
(function () {
  var out = [];
  document.querySelectorAll("div.scroll").forEach(function (d) {
    if (d.scrollWidth > d.clientWidth + 1) out.push(d.id + " " + d.scrollWidth + ">" + d.clientWidth);
  });
  if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("page " + document.documentElement.scrollWidth + ">" + window.innerWidth);
  var p = document.createElement("pre");
  p.id = "probe";
  p.textContent = "tables=" + document.querySelectorAll("div.scroll").length + " width=" + window.innerWidth + " overflow=[" + out.join("; ") + "]";
  document.body.appendChild(p);
})();
</script>`

// TestReportTablesFitAt1400px renders the report in Chromium 1,400 px wide
// and checks that no table scrolls sideways: the fixture, and a larger
// study of five environments and 79 competitions.
func TestReportTablesFitAt1400px(t *testing.T) {
	bin := chromium(t)
	small, _ := build(t, fixtureDataset(t))
	dir := t.TempDir()
	err := analysistest.Synthetic(4000, 4000, 7, func(rows []records.Run) error {
		_, err := records.Runs.Write(dir, rows)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := analysis.Load(dir, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	large, err := report.Build(report.Input{Study: s, Tables: s.Tables(), Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*report.Report{"fixture": small, "synthetic": large} {
		html, err := r.HTML()
		if err != nil {
			t.Fatal(err)
		}
		page := filepath.Join(t.TempDir(), "report.html")
		probed := strings.Replace(string(html), "</body>", overflowProbe+"\n</body>", 1)
		if err := os.WriteFile(page, []byte(probed), 0o644); err != nil {
			t.Fatal(err)
		}
		dom := string(headless(t, bin, "--window-size=1400,1000", "--dump-dom", "file://"+page))
		i := strings.Index(dom, `<pre id="probe">`)
		if i < 0 {
			t.Fatalf("%s: the probe did not run", name)
		}
		probe := dom[i+len(`<pre id="probe">`):]
		probe = probe[:strings.Index(probe, "</pre>")]
		t.Logf("%s: %s", name, probe)
		if !strings.Contains(probe, "width=1400 ") || strings.Contains(probe, "tables=0 ") {
			t.Errorf("%s: the probe measured nothing: %s", name, probe)
		}
		if !strings.HasSuffix(probe, "overflow=[]") {
			t.Errorf("%s: tables scroll sideways at 1,400 px: %s", name, probe)
		}
	}
}
