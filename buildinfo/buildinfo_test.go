package buildinfo

import (
	"strings"
	"testing"
)

// A commit and version set at build time are what erosion says it is.
func TestStamped(t *testing.T) {
	if !strings.HasPrefix(Text(), "erosion "+Version()+"\ncommit: ") {
		t.Errorf("unstamped: %q", Text())
	}
	commit = "0123456789abcdef-dirty"
	defer func() { commit = "" }()
	if rev, dirty := Commit(); rev != "0123456789abcdef" || !dirty {
		t.Errorf("commit %q dirty %v", rev, dirty)
	}
	if Version() != "0.1.0+0123456789ab-dirty" || !strings.Contains(Text(), "commit: 0123456789abcdef (with uncommitted changes)") {
		t.Errorf("version %q, text %q", Version(), Text())
	}
	version = "1.2.3"
	defer func() { version = "" }()
	if Version() != "1.2.3" {
		t.Errorf("version %q", Version())
	}
}
