package safefile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestReadRefusesWhatARunCouldShape(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "answers.csv")
	os.WriteFile(outside, []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.csv"), []byte("id,y\n1,2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.csv"), make([]byte, 5000), 0o644)
	os.Symlink(outside, filepath.Join(dir, "link.csv"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.csv"))
	os.Mkdir(filepath.Join(dir, "real"), 0o755)
	os.WriteFile(filepath.Join(dir, "real", "s.csv"), []byte("x"), 0o644)
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "sub"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755)

	ctx := context.Background()
	if data, err := Read(ctx, dir, "ok.csv", 100); err != nil || string(data) != "id,y\n1,2\n" {
		t.Fatalf("regular file: %q %v", data, err)
	}
	if data, err := Read(ctx, dir, "real/s.csv", 100); err != nil || string(data) != "x" {
		t.Fatalf("file in a real folder: %q %v", data, err)
	}
	for name, reason := range map[string]string{
		"missing.csv": "missing", "link.csv": "symlink", "zero.csv": "symlink", "sub/answers.csv": "symlink",
		"fifo.csv": "not-regular", "folder.csv": "not-regular", "big.csv": "too-large", "../x.csv": "outside", "/etc/passwd": "outside",
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(ctx, dir, name, 1000); done <- err }()
		select {
		case err := <-done:
			var p *Problem
			if !errors.As(err, &p) || p.Reason != reason {
				t.Errorf("%s: %v, want %s", name, err, reason)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the read hangs", name)
		}
	}
}

func TestDefuseRemovesLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.csv"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	os.Symlink("/etc/shadow", filepath.Join(dir, "d", "shadow"))
	syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644)
	got, err := Defuse(dir)
	if err != nil || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.csv")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat("/etc/shadow"); err != nil && !os.IsPermission(err) {
		t.Error("the link's target was touched")
	}
}
