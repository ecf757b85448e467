package runner

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// SessionSource is session.py: a snapshot session (see its docstring). It
// imports runner.py from its own folder, so runner.py itself, and with it
// every run's hash, is unchanged by sessions.
//
//go:embed session.py
var SessionSource []byte

// SessionProtocol is the version of the stream session.py speaks.
const SessionProtocol = 1

// SessionOptions are a session's settings.
type SessionOptions struct {
	Options
	Upto    int    // run the cells before this one, snapshotting each boundary
	Mailbox string // the read-only folder (inside) where probe-<n>.json appear
}

// SessionArgs is session.py's command line inside the sandbox.
func SessionArgs(script string, o SessionOptions) []string {
	args := []string{"python3", script, "--cells", o.CellsPath, "--workdir", o.Workdir,
		"--output-cap", strconv.Itoa(o.OutputCap), "--deadline-s", strconv.FormatFloat(o.DeadlineS, 'f', 1, 64),
		"--upto", strconv.Itoa(o.Upto), "--mailbox", o.Mailbox}
	if o.MaxFileBytes > 0 {
		args = append(args, "--max-file-bytes", strconv.FormatInt(o.MaxFileBytes, 10))
	}
	if o.MaxOpenFiles > 0 {
		args = append(args, "--max-open-files", strconv.Itoa(o.MaxOpenFiles))
	}
	return args
}

// SessionEvent is one line of a session's stream, bounded and checked by
// ReadSession. Its content comes from processes that ran notebook code:
// it guides the repair loop and is never a run's record.
type SessionEvent struct {
	Ev        string `json:"ev"`
	Protocol  int    `json:"protocol"`
	Seq       int    `json:"seq"`
	At        int    `json:"at"`
	OK        bool   `json:"ok"`
	Snapshots []int  `json:"snapshots"`
	Finished  bool   `json:"finished"`
	Reason    string `json:"reason"`
	Detail    string `json:"detail"`
	Cell
}

var sessionEvents = map[string]bool{"session": true, "hello": true, "snapshot": true, "start": true, "end": true,
	"ready": true, "probe": true, "probe-done": true, "probe-refused": true, "closed": true}

// ReadSession reads a session's stream r into out (closed at the end). A
// line that is too long, not JSON, of an unknown event or of another
// protocol ends the stream with a "closed" event that says so, and the
// rest of r is discarded.
func ReadSession(r io.Reader, outputCap int, out chan<- SessionEvent) {
	defer close(out)
	maxOut := 4*outputCap + 1024
	br := bufio.NewReaderSize(r, 1<<16)
	first := true
	stop := func(reason string) {
		out <- SessionEvent{Ev: "closed", Reason: reason}
		io.Copy(io.Discard, r)
	}
	for {
		line, err := readLine(br, 16*maxOut+(1<<20))
		if errors.Is(err, errTooLong) {
			stop("the session sent a line longer than the limit")
			return
		}
		if len(line) > 0 {
			var ev SessionEvent
			if json.Unmarshal(line, &ev) != nil || !sessionEvents[ev.Ev] {
				stop(fmt.Sprintf("the session sent a line that is not one of its events (%.40q)", line))
				return
			}
			if first && (ev.Ev != "session" || ev.Protocol != SessionProtocol) {
				stop("the session speaks another protocol")
				return
			}
			first = false
			ev.Stdout, ev.Stderr = clip(ev.Stdout, maxOut), clip(ev.Stderr, maxOut)
			ev.Reason, ev.Detail = clip(ev.Reason, 500), clip(ev.Detail, 500)
			if len(ev.Snapshots) > 100_000 {
				ev.Snapshots = nil
			}
			if ev.Error != nil {
				e := *ev.Error
				e.Type, e.Module = clip(e.Type, 256), clip(e.Module, 256)
				e.Message, e.Traceback = clip(e.Message, 4100), clip(e.Traceback, 20100)
				ev.Error = &e
			}
			out <- ev
			if ev.Ev == "closed" {
				io.Copy(io.Discard, r)
				return
			}
		}
		if err != nil {
			return
		}
	}
}
