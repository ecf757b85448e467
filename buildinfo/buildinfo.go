// Package buildinfo says which erosion this is: the version and commit
// stamped at build time (make build), else the VCS revision Go stamped
// into the binary. Every results file records it.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version and commit are set at build time (make build: -ldflags "-X
// erosion/buildinfo.version=... -X erosion/buildinfo.commit=...").
var version, commit = "", ""

// Commit is the commit the binary was built from ("" when unknown, as in
// test binaries) and whether the tree had uncommitted changes.
func Commit() (rev string, dirty bool) {
	if commit != "" {
		rev, dirty = strings.CutSuffix(commit, "-dirty")
		return rev, dirty
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	return rev, dirty
}

// Version is erosion's version: the one set at build time, else 0.1.0
// with the commit, else 0.1.0-dev.
func Version() string {
	if version != "" {
		return version
	}
	if rev, dirty := Commit(); rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		return "0.1.0+" + rev
	}
	return "0.1.0-dev"
}

// Text is what `erosion version` prints: the version, the commit and the
// Go toolchain.
func Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "erosion %s\n", Version())
	rev, dirty := Commit()
	switch {
	case rev == "":
		b.WriteString("commit: unknown (built without version control information)\n")
	case dirty:
		fmt.Fprintf(&b, "commit: %s (with uncommitted changes)\n", rev)
	default:
		fmt.Fprintf(&b, "commit: %s\n", rev)
	}
	fmt.Fprintf(&b, "go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}
