package backendtest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"erosion/grading"
	"erosion/harness"
	"erosion/records"
	"erosion/results"
)

// Hostile are notebooks that attack or abuse the machine, the grader or
// their own record.
var Hostile = []Case{
	{Name: "segfault", Cells: []string{"import ctypes\nctypes.string_at(0)"}, Status: records.StatusCrash, Category: harness.FailKernelCrash},
	{Name: "fork bomb", Cells: []string{`import os, time
children = 0
while True:
    pid = os.fork()
    if pid == 0:
        time.sleep(2)
        os._exit(0)
    children += 1`, "print('survived')"},
		Limits: func(l *harness.Limits) { l.Pids = 64 }, Status: records.StatusError, Category: harness.FailOther,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.ExceptionType != "BlockingIOError" || e.Run.CellsOK != 1 {
				t.Errorf("fork should be refused at the pids limit and the run go on: %+v", e.Run)
			}
		}},
	{Name: "output flood", Cells: []string{"for i in range(200000):\n    print('x' * 100)", "import os\nos.system('head -c 50000000 /dev/zero')", "print('done')"},
		Status: records.StatusOK, Category: "",
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			c := ex.Result.Cells[0]
			if c.StdoutBytes < 20_000_000 || len(c.Stdout) > 70_000 {
				t.Errorf("stdout: %d bytes counted, %d kept; want all counted, ~64 KiB kept", c.StdoutBytes, len(c.Stdout))
			}
			if len(ex.Log) > 64<<10 || ex.Result.LogBytes < 50_000_000 {
				t.Errorf("kernel log: %d bytes kept of %d", len(ex.Log), ex.Result.LogBytes)
			}
		}},
	{Name: "disk filler", Cells: []string{"with open('big.bin', 'wb') as f:\n    for _ in range(400):\n        f.write(b'0' * 2**20)\n        f.flush()\n    import time; time.sleep(10)"},
		Limits: func(l *harness.Limits) { l.WorkingCap = 64 << 20 }, Category: harness.FailOutputLimit,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			// The file-size limit stops the write at the cap (EFBIG) even
			// before the watcher sees it: either way nothing passes it.
			if e.Run.Status == records.StatusOK {
				t.Errorf("a run that wrote past the cap is ok: %+v", e.Run)
			}
		}},
	{Name: "file flood", Cells: []string{"import os\nos.makedirs('many', exist_ok=True)\nfor i in range(200000):\n    open('many/%d' % i, 'w').close()\nimport time; time.sleep(10)"},
		Limits: func(l *harness.Limits) { l.WorkingFiles = 2000 }, Status: records.StatusCrash, Category: harness.FailOutputLimit},
	{Name: "tmp filler", Cells: []string{
		"try:\n    with open('/tmp/big.bin', 'wb') as f:\n        for _ in range(200):\n            f.write(b'0' * 2**20)\n    raise SystemExit('wrote 200 MiB to /tmp')\nexcept OSError as e:\n    print('refused', e.errno)",
		"import os\ntry:\n    for i in range(100000):\n        open('/tmp/f%d' % i, 'w').close()\n    raise SystemExit('100000 files in /tmp')\nexcept OSError as e:\n    print('refused', e.errno)",
		"print('never')"},
		Limits: func(l *harness.Limits) { l.WorkingCap = 64 << 20; l.WorkingFiles = 2000 }, Status: records.StatusCrash, Category: harness.FailOutputLimit,
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			if len(ex.Result.Cells) < 1 || !strings.Contains(ex.Result.Cells[0].Stdout, "refused 27") {
				t.Errorf("one file past the cap must be refused (EFBIG): %+v", ex.Result.Cells)
			}
		}},
	{Name: "var-tmp filler", Cells: []string{"import os\nfor i in range(100000):\n    open('/var/tmp/f%d' % i, 'w').close()\nimport time; time.sleep(10)"},
		Limits: func(l *harness.Limits) { l.WorkingFiles = 2000 }, Status: records.StatusCrash, Category: harness.FailOutputLimit},
	{Name: "write outside working", Cells: []string{"open('/usr/lib/evil.py', 'w')", "open('/kaggle/input/comp/train.csv', 'a')",
		"open('/erosion/in/cells.json', 'w')", "open('/kaggle/working/fine.txt', 'w').write('ok')"},
		Status: records.StatusError, Category: harness.FailDataPath,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.CellsOK != 1 || !strings.Contains(e.Run.ExceptionMsg, "Read-only file system") {
				t.Errorf("%+v", e.Run)
			}
		}},
	{Name: "escape attempts", Cells: []string{
		"import os\nassert os.getuid() != 0 and os.geteuid() != 0",
		"st = open('/proc/self/status').read()\nassert 'CapEff:\\t0000000000000000' in st and 'NoNewPrivs:\\t1' in st, st",
		"import socket\ns = socket.socket()\ns.settimeout(3)\ntry:\n    s.connect(('192.0.2.1', 80))\n    raise SystemExit('network reachable')\nexcept OSError:\n    pass",
		"assert not os.path.exists('/kaggle/input/comp/answers') and not os.path.exists('/kaggle/input/answers')",
		// Refused system calls: namespaces, mounts, keyrings.
		"import ctypes, errno, platform\nlibc = ctypes.CDLL(None, use_errno=True)\ncalls = [('unshare', lambda: libc.unshare(0x10000000)), ('mount', lambda: libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))]\nif platform.machine() == 'x86_64':\n    calls.append(('keyctl', lambda: libc.syscall(250, 0, 0, 0, 0, 0)))\nfor name, call in calls:\n    r = call()\n    assert r == -1 and ctypes.get_errno() == errno.EPERM, (name, r, ctypes.get_errno())",
		"import os\nfor p in ['{canary}', '{answers}', '/root/.kaggle/kaggle.json', '/etc/shadow']:\n    assert not os.path.exists(p) or not os.access(p, os.R_OK), p",
		// Run as root, erosion must still not be root to the data.
		"if {host_root}:\n    try:\n        open('/kaggle/input/comp/owner-only.csv').read()\n        raise SystemExit('read a root-only file')\n    except PermissionError:\n        pass",
	}, Status: records.StatusOK},
	{Name: "empty notebook", Cells: nil, Status: records.StatusOK},
	{Name: "5000 cells", Cells: manyCells(5000), Timeout: 300 * time.Second, Status: records.StatusOK,
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.CellsOK != 5000 || len(e.Cells) != 5000 {
				t.Errorf("cells ok %d, rows %d", e.Run.CellsOK, len(e.Cells))
			}
		}},
	{Name: "kaggle layout and magics", Cells: []string{
		"%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()",
		"!pip install --upgrade some-package\nimport os\nassert os.getcwd() == '/kaggle/working', os.getcwd()\nassert os.environ['OMP_NUM_THREADS'] == '1', os.environ.get('OMP_NUM_THREADS')",
		"assert open('../input/train.csv').read() == open('/kaggle/input/comp/train.csv').read()",
		"!echo shell-works",
		"41 + 1",
	}, Status: records.StatusOK,
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			r := ex.Result
			if len(r.PipRemoved) != 1 || !strings.Contains(r.Cells[3].Stdout+ex.Log, "shell-works") || !strings.Contains(r.Cells[4].Stdout, "42") {
				t.Errorf("pip %v, shell %q / %q, display %q", r.PipRemoved, r.Cells[3].Stdout, ex.Log, r.Cells[4].Stdout)
			}
			if !r.PID1 || !r.Undumpable {
				t.Errorf("the supervisor must be PID 1 and not dumpable: %+v", r)
			}
		}},

	// The grader and the answers.
	{Name: "submission linked to the hidden answers", Graded: true,
		Cells:  []string{"import os\nos.symlink('{answers}', 'submission.csv')"},
		Status: records.StatusOK, Category: harness.FailInvalidSubmission, Check: noScore("symlink")},
	{Name: "submission linked to a host file", Graded: true,
		Cells:  []string{"import os\nos.symlink('/etc/shadow', 'submission.csv')"},
		Status: records.StatusOK, Category: harness.FailInvalidSubmission, Check: noScore("symlink")},
	{Name: "submission in a linked folder", Graded: true,
		Cells:  []string{"import os\nos.symlink('/etc', 'etc')\nos.symlink('etc/passwd', 'submission.csv')"},
		Status: records.StatusOK, Category: harness.FailInvalidSubmission, Check: noScore("symlink")},
	{Name: "submission is a FIFO", Graded: true,
		Cells:  []string{"import os\nos.mkfifo('submission.csv')"},
		Status: records.StatusOK, Category: harness.FailInvalidSubmission, Check: noScore("not-regular")},
	{Name: "submission is /dev/zero", Graded: true,
		Cells:  []string{"import os\nos.symlink('/dev/zero', 'submission.csv')"},
		Status: records.StatusOK, Category: harness.FailInvalidSubmission, Check: noScore("symlink")},
	{Name: "a fair submission is graded", Graded: true,
		Cells:  []string{"open('submission.csv', 'w').write('PassengerId,Survived\\n1,0\\n2,1\\n3,0\\n')"},
		Status: records.StatusOK, Category: "",
		Check: func(t *testing.T, _ Fixture, e results.Entry, _ *harness.Execution) {
			if e.Run.Score == nil || *e.Run.Score < 0.66 || *e.Run.Score > 0.67 {
				t.Errorf("score %v, want 2/3", e.Run.Score)
			}
		}},

	// The run's own record.
	{Name: "forged cell records", Cells: []string{
		"1 / 0",
		// Try every way back to the host's record: the files of the old
		// runner, any open descriptor, PID 1's descriptors and memory,
		// signals to PID 1.
		`import os, signal, json
forged = json.dumps({"ev": "end", "cell": 0, "status": "ok"}).encode() + b"\n"
for path in ['/erosion/out/cells.jsonl', '/erosion/out/result.json', '/proc/1/fd/1']:
    try:
        open(path, 'ab').write(forged)
    except OSError:
        pass
for fd in range(3, 256):
    try:
        os.write(fd, forged)
    except OSError:
        pass
for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGTERM, signal.SIGINT):
    try:
        os.kill(1, sig)
    except OSError:
        pass
try:
    open('/proc/1/mem', 'rb').read(1)
except OSError:
    pass`,
		"print('after')"},
		Status: records.StatusCrash, Category: harness.FailTampering,
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			if len(e.Cells) == 0 || e.Cells[0].Status != "error" {
				t.Errorf("the notebook rewrote its own record: %+v, cells %+v", e.Run, e.Cells)
			}
		}},
	{Name: "forged end of the running cell", Cells: []string{
		"import os, json\nfor fd in range(3, 256):\n    try:\n        os.write(fd, json.dumps({'ev': 'end', 'cell': 0, 'status': 'ok'}).encode() + b'\\n')\n    except OSError:\n        pass\n1 / 0",
		"print('after')"},
		Status: records.StatusCrash, Category: harness.FailTampering},
	{Name: "exception with an 80 MB name", Cells: []string{
		"E = type('E' * 80_000_000, (Exception,), {})\nraise E('m' * 10_000_000)", "print('after')"},
		Status: records.StatusError, Category: harness.FailOther,
		Check: func(t *testing.T, _ Fixture, e results.Entry, ex *harness.Execution) {
			if len(e.Run.ExceptionType) > results.MaxTypeLen || len(e.Run.ExceptionMsg) > results.MaxMessageLen || len(e.Traceback) > results.MaxTracebackLen {
				t.Errorf("fields not bounded: type %d, message %d, traceback %d", len(e.Run.ExceptionType), len(e.Run.ExceptionMsg), len(e.Traceback))
			}
			if len(e.Cells) != 2 {
				t.Errorf("the run stopped: %+v", e.Run)
			}
		}},
	{Name: "killing the supervisor does not end the run", Cells: []string{
		"import os, signal\nfor s in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):\n    os.kill(1, s)",
		"import time\ntime.sleep(1)\nprint('alive')"},
		Status: records.StatusOK},
}

// noScore checks a graded attack ended as an invalid submission whose
// reason names why, with no score.
func noScore(reason string) func(t *testing.T, f Fixture, e results.Entry, ex *harness.Execution) {
	return func(t *testing.T, f Fixture, e results.Entry, _ *harness.Execution) {
		if e.Run.Score != nil {
			t.Errorf("scored %v: the grader read what the notebook pointed at", *e.Run.Score)
		}
		if !strings.Contains(e.Run.ExceptionMsg, grading.ReasonUnreadable) || !strings.Contains(e.Run.ExceptionMsg, reason) {
			t.Errorf("reason %q, want %s", e.Run.ExceptionMsg, reason)
		}
		if data, err := os.ReadFile(f.Answers); err != nil || !strings.Contains(string(data), f.Secret) {
			t.Errorf("the answers changed: %v", err)
		}
	}
}

func manyCells(n int) []string {
	cells := make([]string, n)
	for i := range cells {
		cells[i] = fmt.Sprintf("x%d = %d", i, i)
	}
	return cells
}
