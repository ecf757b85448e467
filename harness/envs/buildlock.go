package envs

import (
	"errors"
	"os"
	"syscall"
)

// A build in progress holds an exclusive flock on its .build-* folder, so
// that `erosion envs prune` run meanwhile (another process) can tell it from
// the leftover of a build that was killed: the kernel drops the lock with
// its holder.

// lockBuild locks the build folder dir until release is called.
func lockBuild(dir string) (release func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// BuildInProgress reports whether a process is building in the .build-*
// folder dir (it holds the folder's lock).
func BuildInProgress(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	return errors.Is(err, syscall.EWOULDBLOCK)
}
