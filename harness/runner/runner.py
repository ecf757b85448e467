"""erosion's in-environment runner.

Two processes. The supervisor is the sandbox's first process (PID 1 of its
pid namespace): it holds the only channel to the host (its stdout), keeps the
deadline, and reaps every process. The kernel is its child: it runs the code
cells in order in one interpreter, the way a Jupyter kernel would, continues
past errors (like nbconvert --allow-errors), and reports each cell to the
supervisor over a private pipe.

Why two: notebook code runs in the kernel and can do anything its user can.
It cannot reach the host channel (the kernel never holds that descriptor, and
the supervisor is not dumpable, so /proc/1/fd is closed to it), cannot signal
or ptrace PID 1, and cannot rewrite what the supervisor already sent. It can
only lie about the cell it is running, over the pipe; the supervisor accepts
exactly one start and one end per cell, in order, so an extra or out-of-order
message is reported as tampering and ends the run. Timing, exit status, peak
memory and the deadline are the supervisor's own observations.

Works on Python 3.6 and later, standard library only. Uses IPython's
InteractiveShell when installed (magics, `!cmd`, last-expression display),
plain exec otherwise.
"""
import argparse
import errno
import io
import json
import os
import re
import select
import signal
import sys
import time

PROTOCOL = 2
PIP_LINE = re.compile(r"^\s*[!%]\s*(pip|pip3|conda)\s+install\b")
MAGIC_LINE = re.compile(r"^\s*[!%]")
MAX_TYPE = 256
MAX_MESSAGE = 4000
MAX_TRACEBACK = 20000
LOG_TAIL = 16384


def clip(s, n):
    if not isinstance(s, str):
        s = str(s)
    if len(s) <= n:
        return s
    return s[:n] + "...[cut by erosion]"


# ---------------------------------------------------------------- kernel side


class CappedText(io.TextIOBase):
    """A text sink that keeps the first `cap` characters and counts every
    byte written (UTF-8), kept or not."""

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
        self.total += len(s.encode("utf-8", "replace"))
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
        if self.total > self.kept_bytes():
            out += "\n[... %d more bytes truncated by erosion]" % (self.total - self.kept_bytes())
        return out

    def kept_bytes(self):
        return sum(len(p.encode("utf-8", "replace")) for p in self.parts)


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


def safe_text(f, fallback):
    try:
        s = f()
        if isinstance(s, str):
            return s
        return str(s)
    except BaseException:
        return fallback


def describe(exc):
    """The exception as a record. It must never raise: a notebook's exception
    may have a __str__ that raises, frames whose locals raise when read (the
    "did you mean" suggestions of Python 3.12+ read them), or a huge name."""
    import traceback
    typ = safe_text(lambda: type(exc).__name__, "UnknownException")
    module = safe_text(lambda: type(exc).__module__, "")
    message = safe_text(lambda: str(exc), None)
    if message is None:
        message = safe_text(lambda: repr(exc), "<unprintable %s>" % typ)
    # The runner's own frames (exec of the cell) are not the notebook's.
    tb_start = exc.__traceback__
    while tb_start is not None and tb_start.tb_frame.f_code.co_filename == __file__:
        tb_start = tb_start.tb_next
    try:
        tb = "".join(traceback.format_exception(type(exc), exc, tb_start))
    except BaseException:
        # A plain rendering: the frames without suggestions, then the line.
        try:
            tb = "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb_start))
        except BaseException:
            tb = ""
        tb += "%s: %s\n" % (typ, message)
    return {
        "type": clip(typ, MAX_TYPE),
        "module": clip(module, MAX_TYPE),
        "message": clip(message, MAX_MESSAGE),
        "traceback": tb[-MAX_TRACEBACK:],
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
        # The error is recorded once, with its traceback; IPython printing it
        # into the cell's output as well would show it twice.
        self.shell._showtraceback = lambda *a, **k: None

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
        if isinstance(exc, SystemExit) and exc.code in (None, 0):
            return None  # a clean exit, as the exec engine treats it
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


def write_all(fd, data):
    while data:
        try:
            n = os.write(fd, data)
        except OSError as e:
            if e.errno == errno.EINTR:
                continue
            raise
        data = data[n:]


def sender(fd):
    """A function that writes one JSON line to fd."""
    def send(obj):
        write_all(fd, (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii"))
    return send


def prepare_kernel(args):
    os.makedirs(args.workdir, exist_ok=True)
    os.chdir(args.workdir)
    os.environ.setdefault("MPLBACKEND", "Agg")
    if "" not in sys.path:
        sys.path.insert(0, "")


def hello(engine):
    return {"ev": "hello", "protocol": PROTOCOL, "engine": engine.name, "python": "%d.%d.%d" % sys.version_info[:3]}


def run_cells(engine, cells, first, send, stop_on_error, output_cap):
    """Runs cells[first:], reporting a start and an end per cell; False when
    it stopped at an error."""
    real_out, real_err = sys.stdout, sys.stderr
    for i in range(first, len(cells)):
        source, removed = strip_pip(cells[i])
        send({"ev": "start", "cell": i, "pip_removed": removed})
        out, err = CappedText(output_cap), CappedText(output_cap)
        sys.stdout, sys.stderr = out, err
        try:
            exc = engine.run(source)
        finally:
            sys.stdout, sys.stderr = real_out, real_err
        cell = {"ev": "end", "cell": i, "status": "ok" if exc is None else "error",
                "stdout": out.text(), "stderr": err.text(),
                "stdout_bytes": out.total, "stderr_bytes": err.total}
        if exc is not None:
            cell["error"] = describe(exc)
        send(cell)
        if exc is not None and stop_on_error:
            return False
    return True


def kernel(args, cells, chan):
    """Runs the cells; reports to the supervisor over chan."""
    send = sender(chan)
    prepare_kernel(args)
    engine = make_engine(args.engine)
    send(hello(engine))
    run_cells(engine, cells, 0, send, args.stop_on_error, args.output_cap)
    send({"ev": "done"})


# ------------------------------------------------------------ supervisor side


def set_dumpable(on):
    """Non-dumpable: same-uid processes cannot ptrace it or open /proc/<pid>/fd."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(4, 1 if on else 0, 0, 0, 0) == 0  # PR_SET_DUMPABLE
    except Exception:
        return False


def limit_child(args):
    try:
        import resource
        for name, value in (("RLIMIT_CORE", 0), ("RLIMIT_FSIZE", args.max_file_bytes),
                            ("RLIMIT_NOFILE", args.max_open_files)):
            if value and value > 0 or name == "RLIMIT_CORE":
                lim = getattr(resource, name)
                soft, hard = resource.getrlimit(lim)
                v = value if hard == resource.RLIM_INFINITY else min(value, hard)
                resource.setrlimit(lim, (v, v))
    except Exception as e:
        sys.stderr.write("erosion runner: could not set limits: %s\n" % e)
    try:
        # When memory runs out, the kernel is killed, not the supervisor.
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except Exception:
        pass


def fork_kernel(args, log_w, keep, body):
    """Forks the kernel: its own process group, dumpable again, stdout and
    stderr on the supervisor's log pipe, no descriptor but those in keep (it
    never holds the host channel), the resource limits. body runs in it."""
    pid = os.fork()
    if pid != 0:
        return pid
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        set_dumpable(True)
        os.dup2(log_w, 1)
        os.dup2(log_w, 2)
        low = 3
        for fd in sorted(keep) + [65536]:
            os.closerange(low, fd)
            low = fd + 1
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True)
        limit_child(args)
        body()
        os._exit(0)
    except BaseException:
        try:
            import traceback
            traceback.print_exc()
        except BaseException:
            pass
        os._exit(70)


def kill_all(pid, is_init):
    """Kills the kernel's process group and, as PID 1, every process left."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    if is_init:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass


def reap(pid):
    """Reaps every ended child (orphans of the notebook come to PID 1); the
    kernel's (status, rusage) when it is among them, else None."""
    found = None
    while True:
        try:
            wpid, status, rusage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            wpid = 0
        if wpid == 0:
            return found
        if wpid == pid:
            found = (status, rusage)


def read_ready(fds, wait):
    """Waits up to wait seconds for the descriptors in fds: [(fd, data)] of
    those that were ready, data b"" at end of file (and fd leaves fds)."""
    if not fds:
        time.sleep(min(wait, 0.05))
        return []
    try:
        ready, _, _ = select.select(fds, [], [], wait)
    except (OSError, ValueError) as e:
        if getattr(e, "errno", None) == errno.EINTR:
            return []
        raise
    got = []
    for fd in ready:
        try:
            data = os.read(fd, 1 << 16)
        except OSError as e:
            if e.errno == errno.EINTR:
                continue
            data = b""
        if not data:
            fds.remove(fd)
        got.append((fd, data))
    return got


class Lines(object):
    """The kernel's channel cut into lines; a line longer than max_line is
    a violation (ValueError), found before it is all buffered."""

    def __init__(self, max_line):
        self.buf = b""
        self.max = max_line

    def feed(self, data):
        self.buf += data
        while True:
            nl = self.buf.find(b"\n")
            if nl < 0:
                if len(self.buf) > self.max:
                    raise ValueError("a message longer than %d bytes" % self.max)
                return
            line, self.buf = self.buf[:nl], self.buf[nl + 1:]
            yield json.loads(line.decode("ascii"))


def max_line(output_cap):
    """The longest message a kernel may send: an end with two capped
    outputs, every character escaped, and room for the rest."""
    return 16 * output_cap * 2 + (1 << 20)


class Protocol(object):
    """Checks the kernel's messages: hello, then start/end per cell in order,
    then done. Anything else is tampering."""

    def __init__(self, ncells, output_cap):
        self.ncells = ncells
        self.cap = output_cap
        self.state = "hello"
        self.cell = 0
        self.started = None

    def check(self, msg, now):
        """Returns the event to forward (sanitised), or raises ValueError."""
        if not isinstance(msg, dict):
            raise ValueError("a message that is not an object")
        ev = msg.get("ev")
        if self.state == "hello":
            if ev != "hello":
                raise ValueError("%r before hello" % (ev,))
            self.state = "start"
            return {"ev": "hello", "protocol": PROTOCOL,
                    "engine": clip(msg.get("engine", ""), 32), "python": clip(msg.get("python", ""), 32)}
        if self.state == "start":
            if ev == "done":
                self.state = "closed"
                return {"ev": "done"}
            if ev != "start" or msg.get("cell") != self.cell or self.cell >= self.ncells:
                raise ValueError("expected the start of cell %d, got %s of cell %r" % (self.cell, ev, msg.get("cell")))
            self.state = "end"
            self.started = now
            removed = msg.get("pip_removed") or []
            if not isinstance(removed, list):
                removed = []
            return {"ev": "start", "cell": self.cell, "pip_removed": [clip(r, 1000) for r in removed[:100]]}
        if self.state == "end":
            if ev != "end" or msg.get("cell") != self.cell:
                raise ValueError("expected the end of cell %d, got %s of cell %r" % (self.cell, ev, msg.get("cell")))
            status = msg.get("status")
            if status not in ("ok", "error"):
                raise ValueError("cell %d: status %r" % (self.cell, status))
            out = {"ev": "end", "cell": self.cell, "status": status, "duration_s": now - self.started}
            for k in ("stdout", "stderr"):
                out[k] = clip(msg.get(k, ""), self.cap + 100)
            for k in ("stdout_bytes", "stderr_bytes"):
                v = msg.get(k, 0)
                out[k] = v if isinstance(v, int) and v >= 0 else 0
            e = msg.get("error")
            if status == "error":
                if not isinstance(e, dict):
                    e = {}
                out["error"] = {"type": clip(e.get("type", "UnknownException"), MAX_TYPE),
                                "module": clip(e.get("module", ""), MAX_TYPE),
                                "message": clip(e.get("message", ""), MAX_MESSAGE),
                                "traceback": clip(e.get("traceback", ""), MAX_TRACEBACK)}
            self.cell += 1
            self.state = "start"
            return out
        raise ValueError("%r after done" % (ev,))


def supervise(args, cells):
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout
    emit = sender(out.fileno())
    is_init = os.getpid() == 1
    dumpable_off = set_dumpable(False)
    chan_r, chan_w = os.pipe()
    log_r, log_w = os.pipe()
    t0 = time.monotonic()
    deadline = t0 + args.deadline_s if args.deadline_s > 0 else None
    pid = fork_kernel(args, log_w, [chan_w], lambda: kernel(args, cells, chan_w))
    os.close(chan_w)
    os.close(log_w)
    emit({"ev": "supervisor", "protocol": PROTOCOL, "pid1": is_init, "undumpable": dumpable_off,
          "cells": len(cells)})

    proto = Protocol(len(cells), args.output_cap)
    lines = Lines(max_line(args.output_cap))
    log_tail = b""
    log_bytes = 0
    ended = None  # the kernel's (status, rusage)
    kernel_ended = None
    open_fds = [chan_r, log_r]
    violation = None
    timed_out = False

    while True:
        got = reap(pid)
        if got is not None:
            ended, kernel_ended = got, time.monotonic()
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            timed_out = True
            break
        # Done when the kernel has ended and its pipes are drained; a
        # process it left behind may hold them open: give it half a second.
        if ended is not None and (not open_fds or now - kernel_ended > 0.5):
            break
        wait = 0.2
        if deadline is not None:
            wait = max(0.0, min(wait, deadline - now))
        for fd, data in read_ready(open_fds, wait):
            if fd == log_r:
                log_bytes += len(data)
                log_tail = (log_tail + data)[-LOG_TAIL:]
                continue
            try:
                for msg in lines.feed(data):
                    emit(proto.check(msg, time.monotonic()))
                    if proto.state == "closed":
                        break
            except ValueError as e:
                violation = clip(str(e), 500)
                emit({"ev": "violation", "detail": violation})
                kill_all(pid, is_init)
            if violation is not None or proto.state == "closed":
                # Nothing more is read from the channel: after "done" (or a
                # violation) any message is noise from a leftover process.
                if chan_r in open_fds:
                    open_fds.remove(chan_r)

    tail = log_tail.decode("utf-8", "replace")
    if timed_out:
        kill_all(pid, is_init)
        emit({"ev": "deadline", "after_s": time.monotonic() - t0, "log_tail": tail, "log_bytes": log_bytes})
        sys.exit(124)
    code, sig, rss = None, None, 0
    if ended is not None:
        status, rusage = ended
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
        rss = rusage.ru_maxrss * 1024
    emit({"ev": "exit", "code": code, "signal": sig, "peak_rss_bytes": rss,
          "finished": proto.state == "closed", "log_tail": tail, "log_bytes": log_bytes})
    # Whatever the notebook left running (daemons, servers) ends with the run.
    kill_all(pid, is_init)
    sys.exit(0)


def main():
    ap = argparse.ArgumentParser(description="erosion notebook runner")
    ap.add_argument("--stop-on-error", action="store_true")
    args, cells = parse_args(ap)
    supervise(args, cells)


def parse_args(ap):
    """The options runner and session share; the arguments and the cells."""
    ap.add_argument("--cells", required=True, help="JSON file: {\"cells\": [source, ...]}")
    ap.add_argument("--workdir", default="/kaggle/working")
    ap.add_argument("--engine", default="auto", choices=["auto", "ipython", "exec"])
    ap.add_argument("--output-cap", type=int, default=65536, help="characters of stdout/stderr kept per cell")
    ap.add_argument("--deadline-s", type=float, default=0, help="kill everything after this many seconds")
    ap.add_argument("--max-file-bytes", type=int, default=0, help="RLIMIT_FSIZE of the kernel (0: unchanged)")
    ap.add_argument("--max-open-files", type=int, default=0, help="RLIMIT_NOFILE of the kernel (0: unchanged)")
    args = ap.parse_args()
    with open(args.cells) as f:
        cells = json.load(f)["cells"]
    # PID 1 of a pid namespace gets no signal from inside it unless it has a
    # handler: with none, the notebook can neither interrupt nor stop it.
    # (Python installs one for SIGINT; the kernel gets it back.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return args, cells


if __name__ == "__main__":
    main()
