"""erosion's in-environment runner.

Runs the code cells of a notebook in order, in one process, the way a Jupyter
kernel would, continues past errors (like nbconvert --allow-errors), and writes a
line per finished cell so that a run killed at its time limit still says how far
it got. Works on Python 3.6 and later; uses IPython's InteractiveShell
when it is installed (magics, `!cmd`, last-expression display) and plain exec
otherwise. Standard library only.
"""
import argparse
import io
import json
import os
import re
import sys
import time
import traceback

FORMAT = 1
PIP_LINE = re.compile(r"^\s*[!%]\s*(pip|pip3|conda)\s+install\b")
MAGIC_LINE = re.compile(r"^\s*[!%]")


class CappedText(io.TextIOBase):
    """A text sink that keeps the first `cap` characters and counts the rest."""

    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.kept = 0
        self.total = 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            s = str(s)
        self.total += len(s)
        room = self.cap - self.kept
        if room > 0:
            piece = s[:room]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(s)

    def flush(self):
        pass

    def text(self):
        out = "".join(self.parts)
        if self.total > self.kept:
            out += "\n[... %d more characters truncated by erosion]" % (self.total - self.kept)
        return out


def peak_rss_bytes():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:
        return 0


def strip_pip(source):
    """Removes `!pip install` lines, as the study does; returns (source, removed)."""
    kept, removed = [], []
    for line in source.split("\n"):
        if PIP_LINE.match(line):
            removed.append(line.strip())
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept), removed


def describe(exc):
    tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return {
        "type": type(exc).__name__,
        "module": type(exc).__module__,
        "message": str(exc)[:4000],
        "traceback": "".join(tb)[-20000:],
    }


class IPythonEngine(object):
    name = "ipython"

    def __init__(self):
        from IPython.core.interactiveshell import InteractiveShell
        self.shell = InteractiveShell.instance()
        # Plain tracebacks: the captured output is read in logs, not a terminal.
        for scheme in ("NoColor", "nocolor"):
            try:
                self.shell.colors = scheme
                self.shell.InteractiveTB.set_colors(scheme)
                break
            except Exception:
                pass
        # There is no front end to draw on: any %matplotlib request means Agg.
        def matplotlib_magic(line=""):
            try:
                import matplotlib
                matplotlib.use("Agg")
            except Exception:
                pass
        self.shell.register_magic_function(matplotlib_magic, "line", "matplotlib")

    def run(self, source):
        result = self.shell.run_cell(source, store_history=True)
        exc = result.error_before_exec or result.error_in_exec
        if exc is None and not result.success:
            exc = RuntimeError("cell failed without an exception")
        return exc


class ExecEngine(object):
    name = "exec"

    def __init__(self):
        self.globals = {"__name__": "__main__", "__builtins__": __builtins__}

    def run(self, source):
        # Magics and shell escapes need IPython; without it they are dropped.
        lines = ["" if MAGIC_LINE.match(l) else l for l in source.split("\n")]
        try:
            code = compile("\n".join(lines), "<cell>", "exec")
            exec(code, self.globals)
        except SystemExit as e:
            if e.code not in (None, 0):
                return e
        except KeyboardInterrupt:
            raise
        except BaseException as e:
            return e
        return None


def make_engine(kind):
    if kind in ("auto", "ipython"):
        try:
            return IPythonEngine()
        except ImportError:
            if kind == "ipython":
                raise
    return ExecEngine()


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="erosion notebook runner")
    ap.add_argument("--cells", required=True, help="JSON file: {\"cells\": [source, ...]}")
    ap.add_argument("--out", required=True, help="folder for result.json, cells.jsonl and running")
    ap.add_argument("--workdir", default="/kaggle/working")
    ap.add_argument("--engine", default="auto", choices=["auto", "ipython", "exec"])
    ap.add_argument("--stop-on-error", action="store_true")
    ap.add_argument("--output-cap", type=int, default=65536, help="characters of stdout/stderr kept per cell")
    args = ap.parse_args()
    out_dir = os.path.abspath(args.out)

    with open(args.cells) as f:
        cells = json.load(f)["cells"]
    os.makedirs(args.workdir, exist_ok=True)
    os.chdir(args.workdir)
    os.environ.setdefault("MPLBACKEND", "Agg")
    if "" not in sys.path:
        sys.path.insert(0, "")

    real_out, real_err = sys.stdout, sys.stderr
    header = {
        "format": FORMAT,
        "python": "%d.%d.%d" % sys.version_info[:3],
        "engine": None,
        "started": time.time(),
        "finished": False,
        "pip_removed": [],
        "peak_rss_bytes": 0,
    }
    engine = make_engine(args.engine)
    header["engine"] = engine.name
    # Finished cells are appended one JSON line each (linear in the number of
    # cells); "running" names the cell in progress, so a run killed at its
    # time limit still says where it was.
    log = open(os.path.join(out_dir, "cells.jsonl"), "w")
    running = os.path.join(out_dir, "running")
    for i, source in enumerate(cells):
        source, removed = strip_pip(source)
        header["pip_removed"].extend(removed)
        with open(running, "w") as f:
            f.write(str(i))
        out, err = CappedText(args.output_cap), CappedText(args.output_cap)
        sys.stdout, sys.stderr = out, err
        t0 = time.time()
        try:
            exc = engine.run(source)
        finally:
            sys.stdout, sys.stderr = real_out, real_err
        cell = {
            "index": i,
            "status": "ok" if exc is None else "error",
            "duration_s": time.time() - t0,
            "stdout": out.text(),
            "stderr": err.text(),
            "stdout_bytes": out.total,
            "stderr_bytes": err.total,
        }
        if exc is not None:
            cell["error"] = describe(exc)
        log.write(json.dumps(cell) + "\n")
        log.flush()
        if exc is not None and args.stop_on_error:
            break
    log.close()
    if os.path.exists(running):
        os.remove(running)
    header["finished"] = True
    header["peak_rss_bytes"] = peak_rss_bytes()
    write_json(os.path.join(out_dir, "result.json"), header)


if __name__ == "__main__":
    main()
