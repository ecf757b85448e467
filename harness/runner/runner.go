// Package runner is the small Python program erosion runs inside an
// environment (shipped in the binary), its command line, and the reader of
// the record stream it sends back.
//
// The program is two processes (see runner.py): a supervisor that is the
// sandbox's PID 1 and holds the only channel to the host, and a kernel that
// runs the notebook's cells. The supervisor writes one JSON object per line
// to its stdout; Collect turns that stream into a Result. The stream is
// read with bounds (line length, number of cells, field sizes), so even a
// supervisor that misbehaved cannot make the host read without limit.
package runner

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// Source is runner.py. It needs only the standard library of Python 3.6+.
//
//go:embed runner.py
var Source []byte

// Protocol is the version of the stream runner.py speaks.
const Protocol = 2

// Input is what the runner reads: the code cells' sources, in order.
type Input struct {
	Cells []string `json:"cells"`
}

// Options are the runner's settings for one run.
type Options struct {
	CellsPath    string  // inside the sandbox
	Workdir      string  // /kaggle/working
	OutputCap    int     // characters of stdout/stderr kept per cell
	DeadlineS    float64 // the supervisor kills everything after this long
	StopOnError  bool
	MaxFileBytes int64 // RLIMIT_FSIZE of the kernel
	MaxOpenFiles int   // RLIMIT_NOFILE of the kernel
}

// Args is the runner's command line inside the sandbox.
func Args(script string, o Options) []string {
	args := []string{"python3", script, "--cells", o.CellsPath, "--workdir", o.Workdir,
		"--output-cap", strconv.Itoa(o.OutputCap), "--deadline-s", strconv.FormatFloat(o.DeadlineS, 'f', 1, 64)}
	if o.MaxFileBytes > 0 {
		args = append(args, "--max-file-bytes", strconv.FormatInt(o.MaxFileBytes, 10))
	}
	if o.MaxOpenFiles > 0 {
		args = append(args, "--max-open-files", strconv.Itoa(o.MaxOpenFiles))
	}
	if o.StopOnError {
		args = append(args, "--stop-on-error")
	}
	return args
}

// Result is what the supervisor reported about one run.
type Result struct {
	Python     string
	Engine     string
	PID1       bool // the supervisor ran as the sandbox's PID 1
	Undumpable bool // and could not be ptraced by the notebook
	PipRemoved []string
	Cells      []Cell
	Running    *int // the cell in progress when the stream ended, if any
	Finished   bool // the kernel ran every cell and said so
	Exited     bool // the supervisor saw the kernel exit and reported it
	ExitCode   *int // the kernel's exit code, or
	Signal     *int // the signal that killed it
	PeakRSS    int64
	Deadline   bool   // the supervisor's own deadline ended the run
	Violation  string // the kernel broke the protocol (tampering), or the stream was malformed
	LogTail    string // the end of what the kernel printed to its file descriptors
	LogBytes   int64
}

// Cell is one executed code cell.
type Cell struct {
	Index       int     `json:"cell"`
	Status      string  `json:"status"` // ok | error
	DurationS   float64 `json:"duration_s"`
	Stdout      string  `json:"stdout"`
	Stderr      string  `json:"stderr"`
	StdoutBytes int64   `json:"stdout_bytes"`
	StderrBytes int64   `json:"stderr_bytes"`
	Error       *Error  `json:"error,omitempty"`
}

// Error is the exception a cell raised.
type Error struct {
	Type      string `json:"type"`
	Module    string `json:"module"`
	Message   string `json:"message"`
	Traceback string `json:"traceback"`
}

type event struct {
	Ev         string   `json:"ev"`
	Protocol   int      `json:"protocol"`
	PID1       bool     `json:"pid1"`
	Undumpable bool     `json:"undumpable"`
	Python     string   `json:"python"`
	Engine     string   `json:"engine"`
	PipRemoved []string `json:"pip_removed"`
	Detail     string   `json:"detail"`
	Code       *int     `json:"code"`
	Signal     *int     `json:"signal"`
	PeakRSS    int64    `json:"peak_rss_bytes"`
	Finished   bool     `json:"finished"`
	LogTail    string   `json:"log_tail"`
	LogBytes   int64    `json:"log_bytes"`
	Cell
}

// Collector reads a supervisor stream as it arrives.
type Collector struct {
	mu     sync.Mutex
	res    Result
	cells  int // how many cells the run has: a bound on what is accepted
	maxOut int // bound on a cell's kept output
}

// NewCollector is for a run of n cells whose kept output per stream is
// outputCap characters.
func NewCollector(n, outputCap int) *Collector {
	return &Collector{cells: n, maxOut: 4*outputCap + 1024}
}

// MaxLine is the longest line accepted from a supervisor.
func (c *Collector) MaxLine() int { return 16*c.maxOut + (1 << 20) }

// Collect reads r to its end (the sandbox's stdout). It stops reading at
// the first line it cannot accept and records why.
func (c *Collector) Collect(r io.Reader) {
	br := bufio.NewReaderSize(r, 1<<16)
	first := true
	for {
		line, err := readLine(br, c.MaxLine())
		if errors.Is(err, errTooLong) {
			c.fail("the runner sent a line longer than the limit")
			io.Copy(io.Discard, r)
			return
		}
		if len(line) > 0 {
			var ev event
			if jerr := json.Unmarshal(line, &ev); jerr != nil {
				c.fail("the runner sent a line that is not JSON")
				io.Copy(io.Discard, r)
				return
			}
			if first && (ev.Ev != "supervisor" || ev.Protocol != Protocol) {
				c.fail(fmt.Sprintf("the runner speaks another protocol (%q, version %d)", ev.Ev, ev.Protocol))
				io.Copy(io.Discard, r)
				return
			}
			first = false
			if msg := c.apply(ev); msg != "" {
				c.fail(msg)
				io.Copy(io.Discard, r)
				return
			}
		}
		if err != nil {
			return
		}
	}
}

var errTooLong = errors.New("line too long")

func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > max {
			return nil, errTooLong
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
		}
		return buf, err
	}
}

func (c *Collector) fail(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.res.Violation == "" {
		c.res.Violation = msg
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// apply adds one event; a non-empty answer is a reason to stop reading.
func (c *Collector) apply(ev event) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := &c.res
	switch ev.Ev {
	case "supervisor":
		r.PID1, r.Undumpable = ev.PID1, ev.Undumpable
	case "hello":
		r.Python, r.Engine = clip(ev.Python, 32), clip(ev.Engine, 32)
	case "start":
		i := ev.Cell.Index
		if i != len(r.Cells) || i >= c.cells {
			return fmt.Sprintf("the runner started cell %d out of order", i)
		}
		r.Running = &i
		for _, p := range ev.PipRemoved {
			if len(r.PipRemoved) < 1000 {
				r.PipRemoved = append(r.PipRemoved, clip(p, 1000))
			}
		}
	case "end":
		cell := ev.Cell
		if r.Running == nil || cell.Index != *r.Running {
			return fmt.Sprintf("the runner ended cell %d, which it had not started", cell.Index)
		}
		cell.Stdout, cell.Stderr = clip(cell.Stdout, c.maxOut), clip(cell.Stderr, c.maxOut)
		if cell.Error != nil {
			e := *cell.Error
			e.Type, e.Module = clip(e.Type, 256), clip(e.Module, 256)
			e.Message, e.Traceback = clip(e.Message, 4100), clip(e.Traceback, 20100)
			cell.Error = &e
		}
		r.Cells = append(r.Cells, cell)
		r.Running = nil
	case "done":
		r.Finished = true
	case "violation":
		r.Violation = "the notebook wrote to erosion's record channel: " + clip(ev.Detail, 500)
	case "deadline":
		r.Deadline = true
		r.LogTail, r.LogBytes = clip(ev.LogTail, 32<<10), ev.LogBytes
	case "exit":
		r.Exited = true
		r.ExitCode, r.Signal, r.PeakRSS = ev.Code, ev.Signal, ev.PeakRSS
		r.LogTail, r.LogBytes = clip(ev.LogTail, 32<<10), ev.LogBytes
	default:
		return fmt.Sprintf("the runner sent an unknown event %q", clip(ev.Ev, 40))
	}
	return ""
}

// Result is what has been collected so far (a copy).
func (c *Collector) Result() *Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.res
	r.Cells = append([]Cell(nil), c.res.Cells...)
	return &r
}
