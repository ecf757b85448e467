// Package backendtest is the conformance suite every execution backend
// passes: the same hostile and broken notebooks, run for real, must end in
// the same recorded outcomes whichever backend ran them.
package backendtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/harness"
	"erosion/notebook"
	"erosion/records"
)

// Case is one notebook and the outcome it must be recorded with.
type Case struct {
	Name     string
	Cells    []string
	Timeout  time.Duration
	Limits   func(*harness.Limits)
	Status   string
	Category string
	Check    func(t *testing.T, e harness.Entry, ex *harness.Execution)
}

// Taxonomy raises one real exception per failure category.
var Taxonomy = []Case{
	{Name: "missing-module", Cells: []string{"from sklearn.cross_validation import train_test_split"}, Status: records.StatusError, Category: harness.FailMissingModule},
	{Name: "removed-api", Cells: []string{"import pandas as pd\npd.DataFrame({'a': [1]}).ix[0]"}, Status: records.StatusError, Category: harness.FailRemovedAPI},
	{Name: "removed-import", Cells: []string{"from sklearn.preprocessing import Imputer"}, Status: records.StatusError, Category: harness.FailRemovedAPI},
	{Name: "changed-signature", Cells: []string{"from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)"}, Status: records.StatusError, Category: harness.FailChangedSig},
	{Name: "value-dtype", Cells: []string{"import pandas as pd\npd.Series(['male', 'female']).astype(float)"}, Status: records.StatusError, Category: harness.FailValueDtype},
	{Name: "data-path", Cells: []string{"import pandas as pd\npd.read_csv('../input/no-such-file.csv')"}, Status: records.StatusError, Category: harness.FailDataPath},
	// TEST-NET-1: never routed; inside the run there is no route at all.
	{Name: "network", Cells: []string{"import urllib.request\nurllib.request.urlopen('http://192.0.2.1/', timeout=5)"}, Status: records.StatusError, Category: harness.FailNetwork},
	{Name: "gpu", Cells: []string{"import ctypes\nctypes.CDLL('libcuda.so.1')"}, Status: records.StatusError, Category: harness.FailGPU},
	{Name: "other", Cells: []string{"1 / 0"}, Status: records.StatusError, Category: harness.FailOther},
	{Name: "timeout", Cells: []string{"x = 1", "while True:\n    pass"}, Timeout: 3 * time.Second, Status: records.StatusTimeout, Category: harness.FailTimeout,
		Check: func(t *testing.T, e harness.Entry, _ *harness.Execution) {
			if e.Run.FailingCell != 1 || e.Run.CellsOK != 1 {
				t.Errorf("the timeout is in cell 1 after one ok cell: %+v", e.Run)
			}
		}},
	{Name: "out-of-memory", Cells: []string{"blocks = []\nwhile True:\n    blocks.append(bytearray(32 * 2**20))"},
		Limits: func(l *harness.Limits) { l.MemoryBytes = 256 << 20 }, Category: harness.FailOOM},
	{Name: "kernel-crash", Cells: []string{"print('bye')", "import os\nos._exit(3)", "print('never')"}, Status: records.StatusCrash, Category: harness.FailKernelCrash,
		Check: func(t *testing.T, e harness.Entry, _ *harness.Execution) {
			if e.Run.FailingCell != 1 {
				t.Errorf("the crash is in cell 1: %+v", e.Run)
			}
		}},
}

// Hostile are notebooks that attack or abuse the machine.
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
		Check: func(t *testing.T, e harness.Entry, _ *harness.Execution) {
			if e.Run.ExceptionType != "BlockingIOError" || e.Run.CellsOK != 1 {
				t.Errorf("fork should be refused at the pids limit and the run go on: %+v", e.Run)
			}
		}},
	{Name: "output flood", Cells: []string{"for i in range(200000):\n    print('x' * 100)", "import os\nos.system('head -c 50000000 /dev/zero')", "print('done')"},
		Status: records.StatusOK, Category: "",
		Check: func(t *testing.T, e harness.Entry, ex *harness.Execution) {
			c := ex.Result.Cells[0]
			if c.StdoutBytes < 20_000_000 || len(c.Stdout) > 70_000 {
				t.Errorf("stdout: %d bytes counted, %d kept; want all counted, ~64 KiB kept", c.StdoutBytes, len(c.Stdout))
			}
			if len(ex.Stderr) > 1<<20 {
				t.Errorf("runner log not capped: %d bytes", len(ex.Stderr))
			}
		}},
	{Name: "disk filler", Cells: []string{"with open('big.bin', 'wb') as f:\n    for _ in range(400):\n        f.write(b'0' * 2**20)\n        f.flush()\n    import time; time.sleep(10)"},
		Limits: func(l *harness.Limits) { l.WorkingCap = 64 << 20 }, Status: records.StatusCrash, Category: harness.FailOutputLimit},
	{Name: "write outside working", Cells: []string{"open('/usr/lib/evil.py', 'w')", "open('/kaggle/input/comp/train.csv', 'a')", "open('/kaggle/working/fine.txt', 'w').write('ok')"},
		Status: records.StatusError, Category: harness.FailDataPath,
		Check: func(t *testing.T, e harness.Entry, _ *harness.Execution) {
			if e.Run.CellsOK != 1 || !strings.Contains(e.Run.ExceptionMsg, "Read-only file system") {
				t.Errorf("%+v", e.Run)
			}
		}},
	{Name: "escape attempts", Cells: []string{
		"import os\nassert os.getuid() != 0 and os.geteuid() != 0",
		"st = open('/proc/self/status').read()\nassert 'CapEff:\\t0000000000000000' in st and 'NoNewPrivs:\\t1' in st, st",
		"import socket\ns = socket.socket()\ns.settimeout(3)\ntry:\n    s.connect(('192.0.2.1', 80))\n    raise SystemExit('network reachable')\nexcept OSError:\n    pass",
		"assert not os.path.exists('/kaggle/input/comp/answers')",
	}, Status: records.StatusOK},
	{Name: "empty notebook", Cells: nil, Status: records.StatusOK},
	{Name: "5000 cells", Cells: manyCells(5000), Timeout: 120 * time.Second, Status: records.StatusOK,
		Check: func(t *testing.T, e harness.Entry, _ *harness.Execution) {
			if e.Run.CellsOK != 5000 || len(e.Cells) != 5000 {
				t.Errorf("cells ok %d, rows %d", e.Run.CellsOK, len(e.Cells))
			}
		}},
	{Name: "kaggle layout and magics", Cells: []string{
		"%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()",
		"!pip install --upgrade some-package\nimport os\nassert os.getcwd() == '/kaggle/working', os.getcwd()\nassert os.environ['OMP_NUM_THREADS'] == '2', os.environ.get('OMP_NUM_THREADS')",
		"assert open('../input/train.csv').read() == open('/kaggle/input/comp/train.csv').read()",
		"!echo shell-works",
		"41 + 1",
	}, Status: records.StatusOK,
		Check: func(t *testing.T, e harness.Entry, ex *harness.Execution) {
			r := ex.Result
			if len(r.PipRemoved) != 1 || !strings.Contains(r.Cells[3].Stdout, "shell-works") || !strings.Contains(r.Cells[4].Stdout, "42") {
				t.Errorf("pip %v, shell %q, display %q", r.PipRemoved, r.Cells[3].Stdout, r.Cells[4].Stdout)
			}
		}},
}

func manyCells(n int) []string {
	cells := make([]string, n)
	for i := range cells {
		cells[i] = fmt.Sprintf("x%d = %d", i, i)
	}
	return cells
}

// Run runs the cases on backend b in environment image and checks each
// recorded outcome.
func Run(t *testing.T, b harness.Backend, image string, cases []Case) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, "train.csv"), []byte("PassengerId,Survived\n1,0\n2,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			e, ex := RunCase(t, b, image, data, c)
			if c.Status != "" && e.Run.Status != c.Status {
				t.Errorf("status %s, want %s (%s: %s; stderr %q)", e.Run.Status, c.Status, e.Run.ExceptionType, e.Run.ExceptionMsg, ex.Stderr)
			}
			if e.Run.FailureCategory != c.Category {
				t.Errorf("failure category %q, want %q (%s: %s)", e.Run.FailureCategory, c.Category, e.Run.ExceptionType, e.Run.ExceptionMsg)
			}
			if c.Check != nil && !t.Failed() {
				c.Check(t, e, ex)
			}
		})
	}
}

// RunCase runs one case and returns its journal entry and what the backend saw.
func RunCase(t *testing.T, b harness.Backend, image, data string, c Case) (harness.Entry, *harness.Execution) {
	t.Helper()
	nb := &notebook.Notebook{Path: c.Name}
	for _, cell := range c.Cells {
		nb.Cells = append(nb.Cells, notebook.Cell{Kind: notebook.Code, Source: cell})
	}
	lim := harness.DefaultLimits
	if c.Limits != nil {
		c.Limits(&lim)
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	id := strings.NewReplacer(" ", "-", "/", "-").Replace(strings.ToLower(t.Name()))
	job := harness.Job{
		ID: fmt.Sprintf("%s-%d", id, time.Now().UnixNano()%1e6), Image: image, Cells: c.Cells,
		Inputs: []harness.Input{{Slug: "comp", Dir: data}}, Dir: t.TempDir(), Timeout: timeout, Limits: lim,
	}
	start := time.Now()
	ex, err := b.Run(t.Context(), job)
	if err != nil {
		t.Fatalf("backend failed (not the notebook): %v", err)
	}
	task := harness.Task{Study: "conformance", Dataset: "cases", NotebookID: id, Notebook: nb, Env: harness.Env{Name: "env"}}
	return harness.Outcome(task, ex, nil, start, time.Now()), ex
}
