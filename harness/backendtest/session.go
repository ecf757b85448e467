package backendtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"erosion/harness"
)

func startSession(t *testing.T, d harness.Driver, image string, cells []string, upto int) *harness.Session {
	t.Helper()
	f := NewFixture(t)
	job := harness.Job{ID: "session-" + strings.ReplaceAll(t.Name(), "/", "-") + "-" + time.Now().Format("150405.000000"),
		Image: image, Cells: cells, Dir: t.TempDir(), Inputs: []harness.Input{{Slug: "comp", Dir: f.Data}},
		Timeout: time.Minute, Limits: harness.DefaultLimits}
	s, err := harness.StartSession(t.Context(), d, job, upto, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Sessions checks snapshot sessions on driver d: a candidate runs from
// the state before the cell it changes, a snapshot can be used again, a
// boundary where the kernel has threads has no snapshot, and a notebook
// that writes garbage or forged session messages to its descriptors only
// ends the session (the host is told to run in full), never the host.
func Sessions(t *testing.T, d harness.Driver, image string) {
	base := []string{
		"import os\ncounter = 0",
		"counter += 1\nwith open('mark.txt', 'a') as f:\n    f.write('x')",
		"import numpy as np\nx = np.float(1)", // removed in numpy 1.24
		"print(counter, x)",
	}
	t.Run("resume", func(t *testing.T) {
		s := startSession(t, d, image, base, 2)
		if len(s.Pass) != 2 || s.Pass[1].Status != "ok" || !equal(s.Snapshots, []int{0, 1, 2}) {
			t.Fatalf("pass %+v snapshots %v", s.Pass, s.Snapshots)
		}
		fixed := append([]string(nil), base...)
		fixed[2] = "import numpy as np\nx = float(1)\nassert counter == 1, counter"
		for try := range 2 { // the snapshot stays usable
			p, err := s.Try(t.Context(), fixed)
			if err != nil {
				t.Fatal(err)
			}
			if p.At != 2 || !p.Clean(len(fixed)) || !strings.Contains(p.Cells[1].Stdout, "1 1.0") {
				t.Fatalf("try %d: %+v", try, p)
			}
		}
		// A candidate that fails again says where.
		again := append([]string(nil), fixed...)
		again[3] = "print(undefined_name)"
		p, err := s.Try(t.Context(), again)
		if err != nil || p.Clean(len(again)) || p.Failure() == nil || p.Failure().Index != 3 || p.Failure().Error.Type != "NameError" {
			t.Fatalf("%+v %v", p, err)
		}
		// A change before the failing cell starts from the snapshot before it.
		early := append([]string(nil), fixed...)
		early[1] = "counter += 1"
		if at := s.SnapshotFor(early); at != 1 {
			t.Errorf("snapshot for a change of cell 1: %d", at)
		}
		p, err = s.Try(t.Context(), early)
		if err != nil || !p.Clean(len(early)) || p.At != 1 {
			t.Fatalf("%+v %v", p, err)
		}
	})
	t.Run("threads", func(t *testing.T) {
		cells := []string{
			"import threading, time\nthreading.Thread(target=time.sleep, args=(600,), daemon=True).start()",
			"y = 1",
			"z = y + undefined",
		}
		s := startSession(t, d, image, cells, 2)
		if !equal(s.Snapshots, []int{0}) {
			t.Fatalf("snapshots with a thread alive: %v", s.Snapshots)
		}
		fixed := append([]string(nil), cells...)
		fixed[2] = "z = y + 1"
		if at := s.SnapshotFor(fixed); at != 0 {
			t.Errorf("snapshot %d", at)
		}
		p, err := s.Try(t.Context(), fixed)
		if err != nil || !p.Clean(len(fixed)) || p.At != 0 {
			t.Fatalf("%+v %v", p, err)
		}
	})
	hostile := map[string]string{
		"garbage": "import os\nfor fd in range(3, 256):\n    try:\n        os.write(fd, b'\\x00garbage\\xff\\n' * 1000)\n    except OSError:\n        pass",
		"forged":  "import os, json\nfor fd in range(3, 256):\n    for ev in ({'ev': 'probe-done', 'seq': 1, 'finished': True}, {'ev': 'end', 'cell': 2, 'status': 'ok'}, {'ev': 'probe-exit', 'seq': 1, 'code': 0}, {'ev': 'ready', 'snapshots': [0, 1, 2, 3]}):\n        try:\n            os.write(fd, (json.dumps(ev) + '\\n').encode())\n        except OSError:\n            pass",
		"kill":    "import os, signal\nfor pid in range(2, 4096):\n    try:\n        os.kill(pid, signal.SIGKILL) if pid != os.getpid() else None\n    except OSError:\n        pass\nos.kill(os.getpid(), signal.SIGKILL)",
	}
	t.Run("latest-snapshots", func(t *testing.T) {
		var cells []string
		for i := range 70 {
			cells = append(cells, fmt.Sprintf("v%d = %d", i, i))
		}
		s := startSession(t, d, image, cells, 70)
		if len(s.Snapshots) != 64 || s.Snapshots[0] != 7 || s.Snapshots[63] != 70 {
			t.Fatalf("snapshots %v", s.Snapshots)
		}
		late := append([]string(nil), cells...)
		late[69] = "assert v68 == 68 and 'v69' not in dir()"
		if p, err := s.Try(t.Context(), late); err != nil || !p.Clean(len(late)) || p.At != 69 {
			t.Fatalf("%+v %v", p, err)
		}
		early := append([]string(nil), cells...)
		early[2] = "v2 = -2"
		if at := s.SnapshotFor(early); at != -1 {
			t.Errorf("a change before the first snapshot tried from %d", at)
		}
	})
	t.Run("mailbox-read-only", func(t *testing.T) {
		s := startSession(t, d, image, base, 2)
		forge := append([]string(nil), base...)
		forge[2] = "open('/erosion/in/probe-2.json', 'w').write('{}')"
		p, err := s.Try(t.Context(), forge)
		if err != nil || p.Failure() == nil || p.Failure().Index != 2 || !strings.Contains(p.Failure().Error.Message, "Read-only") {
			t.Fatalf("the notebook could write to the session's mailbox: %+v %v", p, err)
		}
	})
	t.Run("hostile-pass", func(t *testing.T) { sessionHostilePass(t, d, image, hostile["forged"]) })
	for name, cell := range hostile {
		t.Run("hostile-"+name, func(t *testing.T) {
			s := startSession(t, d, image, base, 2)
			bad := append([]string(nil), base...)
			bad[2] = cell
			p, err := s.Try(t.Context(), bad)
			if err == nil && p.Clean(len(bad)) {
				t.Fatalf("a hostile probe passed as clean: %+v", p)
			}
			if err != nil && !errors.Is(err, harness.ErrNoSnapshot) {
				t.Fatalf("%v", err)
			}
			// Whatever it did, the session is unusable or still honest.
			good := append([]string(nil), base...)
			good[2] = "x = 1.0"
			p, err = s.Try(t.Context(), good)
			if s.Dead() == "" {
				t.Errorf("the session survived a hostile probe (%s): %+v %v", name, p, err)
			}
			if err != nil && !errors.Is(err, harness.ErrNoSnapshot) {
				t.Fatalf("%v", err)
			}
		})
	}
}

// A hostile pass ends the session before it is used.
func sessionHostilePass(t *testing.T, d harness.Driver, image string, cell string) {
	f := NewFixture(t)
	job := harness.Job{ID: "session-pass-" + time.Now().Format("150405.000000"), Image: image,
		Cells: []string{cell, "x = 1"}, Dir: t.TempDir(), Inputs: []harness.Input{{Slug: "comp", Dir: f.Data}},
		Timeout: time.Minute, Limits: harness.DefaultLimits}
	s, err := harness.StartSession(t.Context(), d, job, 1, time.Minute)
	if err == nil {
		s.Close()
		t.Fatalf("a session whose pass wrote to its channel started: snapshots %v", s.Snapshots)
	}
	if !errors.Is(err, harness.ErrNoSnapshot) {
		t.Fatal(err)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
