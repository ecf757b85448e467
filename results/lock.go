package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// LockFile is the writer lock of a results folder.
const LockFile = ".erosion.lock"

// Lock is the exclusive right to write a results folder. Readers (analyze,
// report, DuckDB, pandas) never take it and never wait for it. It is a
// flock: the kernel (or the cluster filesystem) drops it when the holder
// dies, however it dies, so a killed run never leaves a stale lock.
type Lock struct {
	f    *os.File
	root string
}

// Holder is who holds a lock, as written into the lock file.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

// LockedError says another process writes the folder.
type LockedError struct {
	Root   string
	Holder Holder
}

func (e *LockedError) Error() string {
	h := e.Holder
	who := "another erosion process"
	if h.PID > 0 {
		who = fmt.Sprintf("erosion pid %d on %s (%s, since %s)", h.PID, h.Host, h.Command, h.Since.Local().Format(time.DateTime))
	}
	return fmt.Sprintf("results folder %s is being written by %s: wait for it to finish, or choose another --results", e.Root, who)
}

// Acquire takes the writer lock of root, creating the folder. With wait
// false a held lock is an *LockedError at once; with wait true it blocks
// (for short writers such as a Slurm shard publishing its parts).
func Acquire(root, command string, wait bool) (*Lock, error) {
	if err := checkFolder(root); err != nil {
		return nil, err
	}
	path := filepath.Join(root, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("results folder %s: %w: make it writable or choose another --results", root, err)
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			var h Holder
			data := make([]byte, 4096)
			n, _ := f.ReadAt(data, 0)
			json.Unmarshal(data[:n], &h)
			return nil, &LockedError{Root: root, Holder: h}
		}
		return nil, fmt.Errorf("locking %s: %w (the results folder's filesystem must support flock)", path, err)
	}
	host, _ := os.Hostname()
	info, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Command: command, Since: time.Now().UTC()})
	f.Truncate(0)
	f.WriteAt(append(info, '\n'), 0)
	return &Lock{f: f, root: root}, nil
}

// Release gives the lock up. The holder's note is left: it is only read
// while the lock is held.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}

// Root is the locked folder.
func (l *Lock) Root() string { return l.root }

// checkFolder makes root a folder, or says clearly why it cannot be one,
// before anything expensive (a Docker daemon, an environment build) starts.
func checkFolder(root string) error {
	st, err := os.Stat(root)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("results folder %s is a file: remove it or choose another --results", root)
	case err == nil:
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(root, 0o755); err != nil {
			return fmt.Errorf("cannot create results folder %s: %s: choose another --results", root, strings.TrimPrefix(err.Error(), "mkdir "+root+": "))
		}
	default:
		return fmt.Errorf("results folder %s: %w", root, err)
	}
	probe, err := os.CreateTemp(root, ".probe-*")
	if err != nil {
		return fmt.Errorf("results folder %s is not writable: make it writable or choose another --results", root)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}
