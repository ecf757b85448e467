// Package safefile reads a file that an untrusted run left in a folder,
// without letting the run decide what the host reads: the path must stay
// beneath the folder with no symbolic link at any level, the file must be
// a regular file (not a FIFO, device or socket, which could block or never
// end), and no more than a bound is read.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Problem is why a file was refused; Reason is a short stable word.
type Problem struct {
	Reason string // missing, symlink, not-regular, too-large, outside, unreadable
	Detail string
}

func (p *Problem) Error() string { return p.Reason + ": " + p.Detail }

// Read returns the content of dir/rel. It never follows a symlink, never
// opens anything but a regular file, stops at max bytes (a larger file is a
// *Problem), and gives up when ctx ends.
func Read(ctx context.Context, dir, rel string, max int64) ([]byte, error) {
	f, err := Open(dir, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Problem{"unreadable", err.Error()}
	}
	if st.Size() > max {
		return nil, &Problem{"too-large", fmt.Sprintf("%s is %d bytes, more than the %d allowed", rel, st.Size(), max)}
	}
	var out []byte
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := f.Read(buf)
		out = append(out, buf[:n]...)
		if int64(len(out)) > max {
			return nil, &Problem{"too-large", fmt.Sprintf("%s grew past the %d bytes allowed", rel, max)}
		}
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, &Problem{"unreadable", err.Error()}
		}
	}
}

// Open opens dir/rel for reading under the rules of Read (without the size
// bound). The caller closes the file.
func Open(dir, rel string) (*os.File, error) {
	clean := filepath.Clean(rel)
	if !filepath.IsLocal(clean) {
		return nil, &Problem{"outside", fmt.Sprintf("%s is not a path inside the folder", rel)}
	}
	root, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &Problem{"unreadable", fmt.Sprintf("%s: %v", dir, err)}
	}
	defer unix.Close(root)
	// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	// writer forever; the type is checked right after.
	flags := unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC | unix.O_NOCTTY
	fd, err := unix.Openat2(root, clean, &unix.OpenHow{
		Flags:   uint64(flags),
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS | unix.RESOLVE_NO_XDEV,
	})
	if errors.Is(err, unix.ENOSYS) {
		fd, err = walk(root, clean, flags)
	}
	if err != nil {
		return nil, problem(rel, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &Problem{"unreadable", err.Error()}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, &Problem{"not-regular", fmt.Sprintf("%s is a %s, not a regular file", rel, kind(st.Mode))}
	}
	// Back to blocking reads for a regular file.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, &Problem{"unreadable", err.Error()}
	}
	return os.NewFile(uintptr(fd), filepath.Join(dir, clean)), nil
}

// walk opens clean one component at a time, refusing symlinks, for kernels
// older than openat2 (Linux 5.6).
func walk(root int, clean string, flags int) (int, error) {
	parts := strings.Split(clean, string(filepath.Separator))
	dirfd, err := unix.Dup(root)
	if err != nil {
		return -1, err
	}
	for i, p := range parts {
		last := i == len(parts)-1
		fl := unix.O_PATH | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
		if last {
			fl = flags
		}
		next, err := unix.Openat(dirfd, p, fl, 0)
		unix.Close(dirfd)
		if err != nil {
			return -1, err
		}
		dirfd = next
	}
	return dirfd, nil
}

func problem(rel string, err error) error {
	switch {
	case errors.Is(err, unix.ENOENT):
		return &Problem{"missing", fmt.Sprintf("no file %s", rel)}
	case errors.Is(err, unix.ELOOP), errors.Is(err, unix.ENOTDIR):
		return &Problem{"symlink", fmt.Sprintf("%s is (or lies under) a symbolic link", rel)}
	case errors.Is(err, unix.EXDEV):
		return &Problem{"outside", fmt.Sprintf("%s leads out of the folder", rel)}
	}
	return &Problem{"unreadable", fmt.Sprintf("%s: %v", rel, err)}
}

func kind(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return "FIFO"
	case unix.S_IFCHR:
		return "character device"
	case unix.S_IFBLK:
		return "block device"
	case unix.S_IFSOCK:
		return "socket"
	case unix.S_IFDIR:
		return "folder"
	case unix.S_IFLNK:
		return "symbolic link"
	}
	return "special file"
}

// Defuse removes from dir everything a later reader could be tricked by:
// symbolic links, FIFOs, sockets and devices (anything not a regular file
// or folder), without following any link. It returns what it removed,
// relative to dir.
func Defuse(dir string) ([]string, error) {
	var removed []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable corners are left; nothing follows them
		}
		if d.Type().IsRegular() || d.IsDir() {
			return nil
		}
		if rerr := os.Remove(p); rerr == nil {
			rel, _ := filepath.Rel(dir, p)
			removed = append(removed, rel)
		}
		return nil
	})
	return removed, err
}
