"""erosion's snapshot session: try candidate fixes from the state just
before a cell, instead of from cell 0.

Same two-process shape as runner.py (whose pieces it imports): the
supervisor is PID 1 and the only writer of the host channel (stdout); the
kernel runs the notebook's cells 0..upto-1, and at each cell boundary it
forks a snapshot: a copy of itself blocked on a private pipe. Forking is
only done while the kernel has a single thread (/proc/self/task): a fork of
a process with thread pools (BLAS, joblib, IPython's history writer) is not
safe, and the boundary is reported as having no snapshot.

After the pass the kernel waits for commands. The host puts a probe in the
read-only input folder (probe-<seq>.json: the candidate's cells and the
snapshot to start from); the supervisor sees it and tells the kernel, which
wakes that snapshot; the snapshot forks again (so it stays reusable), and
the fork runs the candidate's cells from there, stopping at the first
error. Records come back as in runner.py, checked by the supervisor.

Nothing a session reports is a run's record: the notebook's code runs in
every process here and may write anything to any descriptor it holds, so
probes only guide the repair loop; the accepted notebook is run once more
from a fresh sandbox by runner.py, and that run alone counts. Any doubt
(a message out of order, a probe past its deadline, a dead kernel) closes
the session, and the host falls back to full runs.

The working folder is not part of a snapshot: a probe sees the files as the
last process left them.
"""
import argparse
import errno
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402

SESSION_PROTOCOL = 1
MAX_PROBE_FILE = 64 << 20


def threads():
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


def read_line(fd, limit=1 << 16):
    """A line from fd (blocking), without its newline; None at EOF."""
    buf = b""
    while not buf.endswith(b"\n"):
        try:
            b = os.read(fd, 1)
        except OSError as e:
            if e.errno == errno.EINTR:
                continue
            return None
        if not b:
            return None
        buf += b
        if len(buf) > limit:
            return None
    return buf[:-1].decode("ascii", "replace")


def snapshot_loop(args, engine, r, send):
    """A snapshot: waits for probes on r; each runs in a fork of itself."""
    while True:
        line = read_line(r)
        if line is None:
            os._exit(0)
        try:
            seq, path = line.split(" ", 1)
            seq = int(seq)
        except ValueError:
            os._exit(0)
        child = os.fork()
        if child == 0:
            os.close(r)
            code = 0
            try:
                with open(path) as f:
                    req = json.load(f)
                send({"ev": "probe-start", "seq": seq})
                runner.run_cells(engine, req["cells"], int(req["snapshot"]), send, True, args.output_cap)
                send({"ev": "done"})
            except BaseException:
                code = 70
            os._exit(code)
        while True:
            try:
                _, status = os.waitpid(child, 0)
                break
            except ChildProcessError:
                status = 0
                break
            except OSError as e:
                if e.errno != errno.EINTR:
                    status = 0
                    break
        send({"ev": "probe-exit", "seq": seq, "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
              "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None})


def kernel(args, cells, chan, ctl):
    send = runner.sender(chan)
    runner.prepare_kernel(args)
    if args.engine in ("auto", "ipython"):
        # IPython's history is written by a thread, which would forbid every
        # fork: keep it in memory (the In/Out history works as before).
        try:
            from traitlets.config import Config
            from IPython.core.interactiveshell import InteractiveShell
            c = Config()
            c.HistoryManager.hist_file = ":memory:"
            InteractiveShell.instance(config=c)
        except ImportError:
            pass
    engine = runner.make_engine(args.engine)
    send(runner.hello(engine))
    snaps = {}  # boundary -> write end of its pipe
    upto = min(args.upto, len(cells))
    for i in range(upto + 1):
        n = threads()
        if n == 1 and len(snaps) >= args.max_snapshots:
            # The latest snapshots are the useful ones: the oldest ends
            # (its pipe closed, it exits), as the supervisor assumes.
            oldest = min(snaps)
            os.close(snaps.pop(oldest))
        if n == 1:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(w)
                os.close(ctl)
                for fd in snaps.values():
                    os.close(fd)
                snapshot_loop(args, engine, r, send)
                os._exit(0)
            os.close(r)
            snaps[i] = w
            send({"ev": "snapshot", "at": i, "ok": True})
        else:
            send({"ev": "snapshot", "at": i, "ok": False, "threads": n})
        if i == upto:
            break
        if not runner.run_cells(engine, cells[:i + 1], i, send, True, args.output_cap):
            break
    send({"ev": "ready"})
    while True:
        line = read_line(ctl)
        if line is None:
            os._exit(0)
        try:
            seq, at, path = line.split(" ", 2)
            w = snaps[int(at)]
            runner.write_all(w, ("%d %s\n" % (int(seq), path)).encode("ascii"))
        except (ValueError, KeyError, OSError):
            send({"ev": "probe-exit", "seq": -1, "code": None, "signal": None})


class ProbeCheck(runner.Protocol):
    """A probe's messages: probe-start, start/end from its first cell, done;
    probe-exit from the snapshot that forked it."""

    def __init__(self, seq, first, ncells, output_cap):
        runner.Protocol.__init__(self, ncells, output_cap)
        self.seq = seq
        self.state = "probe-start"
        self.cell = first


def supervise(args, cells):
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else sys.stdout
    emit = runner.sender(out.fileno())
    is_init = os.getpid() == 1
    dumpable_off = runner.set_dumpable(False)
    chan_r, chan_w = os.pipe()
    ctl_r, ctl_w = os.pipe()
    log_r, log_w = os.pipe()
    t0 = time.monotonic()
    deadline = t0 + args.deadline_s if args.deadline_s > 0 else None
    pid = runner.fork_kernel(args, log_w, [chan_w, ctl_r], lambda: kernel(args, cells, chan_w, ctl_r))
    for fd in (chan_w, ctl_r, log_w):
        os.close(fd)
    emit({"ev": "session", "protocol": SESSION_PROTOCOL, "pid1": is_init, "undumpable": dumpable_off,
          "cells": len(cells), "upto": args.upto})

    proto = runner.Protocol(len(cells), args.output_cap)
    phase = "pass"  # pass -> ready -> probing -> ready ...
    snapshots = set()
    probe = None  # (ProbeCheck, deadline)
    seq = 1
    lines = runner.Lines(runner.max_line(args.output_cap))
    open_fds = [chan_r, log_r]
    kernel_done = False
    reason = None

    def handle(msg, now):
        nonlocal phase, probe
        if not isinstance(msg, dict):
            raise ValueError("a message that is not an object")
        ev = msg.get("ev")
        if phase == "pass":
            if ev == "snapshot" and proto.state == "start" and msg.get("at") == proto.cell:
                if msg.get("ok") is True:
                    snapshots.add(proto.cell)
                    if len(snapshots) > args.max_snapshots:
                        snapshots.discard(min(snapshots))
                emit({"ev": "snapshot", "at": proto.cell, "ok": msg.get("ok") is True})
                return
            if ev == "ready" and proto.state == "start":
                phase = "ready"
                emit({"ev": "ready", "snapshots": sorted(snapshots)})
                return
            emit(proto.check(msg, now))
            return
        if phase == "probing":
            check = probe[0]
            if ev == "probe-exit" and msg.get("seq") == check.seq:
                emit({"ev": "probe-done", "seq": check.seq, "finished": check.state == "closed"})
                probe = None
                phase = "ready"
                return
            if check.state == "probe-start":
                if ev != "probe-start" or msg.get("seq") != check.seq:
                    raise ValueError("expected the start of probe %d" % check.seq)
                check.state = "start"
                return
            if check.state == "closed":
                raise ValueError("%r after the probe's end" % (ev,))
            out = check.check(msg, now)
            if out["ev"] != "done":  # the probe's end is told with probe-done
                emit(out)
            return
        raise ValueError("%r while no probe runs" % (ev,))

    while True:
        if runner.reap(pid) is not None:
            kernel_done = True
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            reason = "deadline"
            break
        if probe is not None and now >= probe[1]:
            reason = "probe-deadline"
            break
        if kernel_done and phase != "probing":
            reason = "kernel-exit"
            break
        if phase == "ready":
            path = os.path.join(args.mailbox, "probe-%d.json" % seq)
            if os.path.exists(path):
                try:
                    if os.path.getsize(path) > MAX_PROBE_FILE:
                        raise ValueError("too large")
                    with open(path) as f:
                        req = json.load(f)
                    first, ncells, at = int(req["from"]), len(req["cells"]), int(req["snapshot"])
                    timeout = float(req["timeout_s"])
                    if at not in snapshots or at > first or first > ncells:
                        raise ValueError("no snapshot %d for a probe from cell %d" % (at, first))
                except (ValueError, KeyError, TypeError, OSError) as e:
                    emit({"ev": "probe-refused", "seq": seq, "detail": runner.clip(str(e), 300)})
                    seq += 1
                    continue
                # The snapshot at `at` runs the candidate's cells from `at`.
                probe = (ProbeCheck(seq, at, ncells, args.output_cap), now + timeout)
                emit({"ev": "probe", "seq": seq, "at": at})
                phase = "probing"
                runner.write_all(ctl_w, ("%d %d %s\n" % (seq, at, path)).encode("ascii"))
                seq += 1
        wait = 0.05
        if deadline is not None:
            wait = max(0.0, min(wait, deadline - now))
        for fd, data in runner.read_ready(open_fds, wait):
            if not data and fd == chan_r:
                reason = reason or "channel-closed"
            if fd != chan_r or reason is not None:
                continue
            try:
                for msg in lines.feed(data):
                    handle(msg, time.monotonic())
            except ValueError as e:
                reason = "violation: " + runner.clip(str(e), 300)
        if reason is not None:
            break
    runner.kill_all(pid, is_init)
    emit({"ev": "closed", "reason": reason, "after_s": time.monotonic() - t0})
    sys.exit(0)


def main():
    ap = argparse.ArgumentParser(description="erosion snapshot session")
    ap.add_argument("--upto", type=int, required=True, help="run cells before this one, snapshotting each boundary")
    ap.add_argument("--mailbox", required=True, help="read-only folder where the host puts probe-<n>.json")
    ap.add_argument("--max-snapshots", type=int, default=64)
    args, cells = runner.parse_args(ap)
    supervise(args, cells)


if __name__ == "__main__":
    main()
