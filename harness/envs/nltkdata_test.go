package envs

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testNLTK is a tiny NLTK data folder written for these tests: a stop-word
// list in the layout of NLTK's stopwords corpus.
const testNLTK = "testdata/nltk_data"

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// archive writes the files of dir (relative names, under prefix) as a tar,
// tar.gz or zip; extra adds raw entries (for hostile archives).
func archive(t *testing.T, dir, prefix, path string, extra func(tw *tar.Writer, zw *zip.Writer)) {
	t.Helper()
	var buf bytes.Buffer
	var tw *tar.Writer
	var zw *zip.Writer
	var gz *gzip.Writer
	switch nltkArchive(path) {
	case "zip":
		zw = zip.NewWriter(&buf)
	case "tgz":
		gz = gzip.NewWriter(&buf)
		tw = tar.NewWriter(gz)
	default:
		tw = tar.NewWriter(&buf)
	}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		name := prefix + filepath.ToSlash(rel)
		if info.IsDir() {
			if tw != nil {
				tw.WriteHeader(&tar.Header{Name: name + "/", Typeflag: tar.TypeDir, Mode: 0o700})
			} else {
				zw.Create(name + "/")
			}
			return nil
		}
		b, _ := os.ReadFile(p)
		if tw != nil {
			tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o600, Size: int64(len(b))})
			tw.Write(b)
		} else {
			w, _ := zw.Create(name)
			w.Write(b)
		}
		return nil
	})
	if extra != nil {
		extra(tw, zw)
	}
	if tw != nil {
		tw.Close()
	}
	if gz != nil {
		gz.Close()
	}
	if zw != nil {
		zw.Close()
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func nltkSpec(t *testing.T, dir, data string) *Spec {
	t.Helper()
	p := write(t, dir, "env.yaml", "name: nltk\ndebian: trixie\npackages: [python3, python3-nltk]\nnltk_data: "+data+"\n")
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A spec without nltk_data keeps exactly the digest it had before the field
// existed, so environments already built stay cache hits.
func TestNoNLTKDataKeepsTheDigest(t *testing.T) {
	s := &Spec{Name: "x", Debian: "trixie", Packages: []string{"python3-pandas", "python3"}}
	canon, _ := json.Marshal(struct {
		Builder  string   `json:"builder"`
		Debian   string   `json:"debian"`
		Packages []string `json:"packages"`
	}{builderVersion, "trixie", []string{"python3", "python3-pandas"}})
	sum := sha256.Sum256(canon)
	if want := "sha256:" + hex.EncodeToString(sum[:]); s.Digest() != want {
		t.Errorf("digest %s, want the pre-nltk_data %s", s.Digest(), want)
	}
}

func TestNLTKDataDigest(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, testNLTK, filepath.Join(dir, "a", "nltk_data"))
	copyTree(t, testNLTK, filepath.Join(dir, "b"))
	plain := &Spec{Name: "nltk", Debian: "trixie", Packages: []string{"python3", "python3-nltk"}}
	a := nltkSpec(t, dir, "a/nltk_data")
	b := nltkSpec(t, dir, "b")
	if a.Digest() == plain.Digest() {
		t.Error("NLTK data did not change the digest")
	}
	// The folder's content counts, not where it is.
	if a.Digest() != b.Digest() {
		t.Error("the same NLTK data in another folder changed the digest")
	}
	os.WriteFile(filepath.Join(dir, "b", "corpora", "stopwords", "english"), []byte("the\n"), 0o644)
	if c := nltkSpec(t, dir, "b"); c.Digest() == a.Digest() {
		t.Error("other stop words, same digest")
	}
	archive(t, testNLTK, "", filepath.Join(dir, "data.tar.gz"), nil)
	g := nltkSpec(t, dir, "data.tar.gz")
	if g.Digest() == plain.Digest() || g.Digest() == a.Digest() {
		t.Error("an archive needs a digest of its own")
	}
}

func TestNLTKDataErrorsNameFileAndField(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "empty", "stuff"), 0o755)
	os.WriteFile(filepath.Join(dir, "data.rar"), []byte("x"), 0o644)
	cases := map[string]struct{ body, want string }{
		"missing.yaml": {"debian: trixie\npackages: [python3]\nnltk_data: nowhere\n", "does not exist"},
		"layout.yaml":  {"debian: trixie\npackages: [python3]\nnltk_data: empty\n", "none of NLTK's folders"},
		"format.yaml":  {"debian: trixie\npackages: [python3]\nnltk_data: data.rar\n", "not a folder nor"},
		"image.yaml":   {"image: gcr.io/kaggle-images/python@sha256:" + strings.Repeat("ab", 32) + "\nnltk_data: empty\n", "only debian environments"},
		"python.yaml":  {"python: \"3.8\"\nrequirements: [nltk==3.5]\nnltk_data: empty\n", "only debian environments"},
	}
	for file, c := range cases {
		p := write(t, dir, file, c.body)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "nltk_data") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming the file, nltk_data and %q", file, err, c.want)
		}
	}
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		if info.IsDir() {
			if info.Mode().Perm() != 0o755 {
				t.Errorf("%s: folder mode %v, want 0755", rel, info.Mode().Perm())
			}
			return nil
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("%s: file mode %v, want 0644", rel, info.Mode().Perm())
		}
		b, _ := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return got
}

// Whatever the form (folder, folder holding nltk_data/, tar, tar.gz with a
// top folder, zip), the same files land at usr/share/nltk_data, readable by
// everyone.
func TestBakeNLTKData(t *testing.T) {
	want := readTree(t, testNLTK)
	if !strings.Contains(want["corpora/stopwords/english"], "the\n") {
		t.Fatalf("test data: %v", want)
	}
	dir := t.TempDir()
	copyTree(t, testNLTK, filepath.Join(dir, "folder"))
	copyTree(t, testNLTK, filepath.Join(dir, "home", "nltk_data"))
	archive(t, testNLTK, "", filepath.Join(dir, "plain.tar"), nil)
	archive(t, testNLTK, "nltk_data/", filepath.Join(dir, "prefixed.tgz"), nil)
	archive(t, testNLTK, "", filepath.Join(dir, "data.zip"), nil)
	for _, src := range []string{"folder", "home", "plain.tar", "prefixed.tgz", "data.zip"} {
		t.Run(src, func(t *testing.T) {
			s := nltkSpec(t, dir, src)
			root := t.TempDir()
			if err := bakeNLTKData(s, root); err != nil {
				t.Fatal(err)
			}
			got := readTree(t, filepath.Join(root, NLTKDataDir))
			if len(got) != len(want) {
				t.Errorf("baked %v, want %v", got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// Archives that climb out of the data folder or carry links are refused
// before anything is built.
func TestHostileNLTKArchives(t *testing.T) {
	dir := t.TempDir()
	archive(t, testNLTK, "", filepath.Join(dir, "climb.tar"), func(tw *tar.Writer, _ *zip.Writer) {
		tw.WriteHeader(&tar.Header{Name: "corpora/../../../etc/evil", Typeflag: tar.TypeReg, Mode: 0o644, Size: 1})
		tw.Write([]byte("x"))
	})
	archive(t, testNLTK, "", filepath.Join(dir, "link.tar"), func(tw *tar.Writer, _ *zip.Writer) {
		tw.WriteHeader(&tar.Header{Name: "corpora/passwd", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"})
	})
	archive(t, testNLTK, "", filepath.Join(dir, "abs.zip"), func(_ *tar.Writer, zw *zip.Writer) {
		w, _ := zw.Create("/etc/evil")
		io.WriteString(w, "x")
	})
	os.MkdirAll(filepath.Join(dir, "linked", "corpora"), 0o755)
	os.Symlink("/etc/passwd", filepath.Join(dir, "linked", "corpora", "passwd"))
	for src, want := range map[string]string{"climb.tar": "outside", "link.tar": "link", "abs.zip": "outside", "linked": "link"} {
		s := nltkSpec(t, dir, src)
		root := t.TempDir()
		err := checkNLTKData(s)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), s.Path) {
			t.Errorf("%s: %v, want %q naming %s", src, err, want, s.Path)
		}
		if err := bakeNLTKData(s, root); err == nil {
			t.Errorf("%s: baked", src)
		}
		if _, err := os.Stat(filepath.Join(root, "etc")); err == nil {
			t.Errorf("%s: wrote outside the data folder", src)
		}
	}
}

// The real thing: a Debian environment with NLTK and the test data, built
// with debootstrap, where nltk finds the stop words without being told
// where they are (NLTK searches /usr/share/nltk_data by default).
func TestNLTKDataInBuiltEnvironment(t *testing.T) {
	needBuilder(t)
	s, err := Load("testdata/nltk-env.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	root, err := BuildLogged(t.Context(), s, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("chroot", root, "python3", "-c",
		"from nltk.corpus import stopwords; w = stopwords.words('english'); print(len(w), w[:3])").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "52 ['a', 'an', 'and']" {
		t.Errorf("nltk read %q from the baked data", got)
	}
}
