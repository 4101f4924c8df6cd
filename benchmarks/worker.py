"""A persistent child process that runs one adapter page by page, with a per-page time limit.

The child is a fresh interpreter (``python -c``, so it imports only ``benchmarks.tools`` and the one
library under test, not the parent's modules), talking over a socket pair. It warms its
adapter up once on a tiny page, then answers one page at a time. A page that overruns the limit gets
the child killed; the next page starts a fresh one. Peak memory is the child's peak resident set
(``VmHWM``, also read just before a kill), the maximum over every child of the tool.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from dataclasses import dataclass
from typing import Any

_STARTUP_LIMIT = 120.0
_WARMUP_PAGE = ("<!DOCTYPE html><html lang='en'><head><title>Warm-up</title></head><body><article>"
                "<h1>A warm-up page</h1><p>This paragraph exists so that every extractor loads its models, "
                "stoplists and caches before the clock starts, and not on the first real page.</p>"
                "<p>A second paragraph of plain text follows the first one here.</p></article></body></html>")


@dataclass(frozen=True, slots=True)
class Outcome:
    value: Any            # the adapter's result, None on error or timeout
    error: str | None     # "ExceptionType" on error, "Timeout" on timeout, "WorkerDied" on a crash
    seconds: float        # time inside the adapter (the limit for a timeout)


def _no_network() -> None:
    import socket

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise OSError("network access is disabled in benchmark workers")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def _quiet() -> None:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)


def _resolve(target: str) -> Any:
    from . import tools

    return tools.TOOLS[target] if target in tools.TOOLS else getattr(tools, target)


def serve(fd: int, target: str) -> None:
    """The child's loop: answer ``(html, url)`` requests on the socket ``fd`` until told to stop."""
    conn = Connection(fd)

    _no_network()
    _quiet()
    fn = _resolve(target)
    try:
        fn(_WARMUP_PAGE, None)
    except Exception:  # an unavailable tool fails on every page instead, where it is counted
        pass
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        html, url = msg
        start = time.perf_counter()
        try:
            value, error = fn(html, url), None
        except Exception as exc:
            value, error = None, type(exc).__name__
        seconds = time.perf_counter() - start
        conn.send((value, error, seconds, _peak_rss_kib(os.getpid())))


def _peak_rss_kib(pid: int) -> int:
    """Peak resident set of a process: ``VmHWM``, which, unlike ``ru_maxrss``, starts afresh at exec
    (``ru_maxrss`` would report the parent's size from before the child's exec)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if pid == os.getpid() else 0


class Worker:
    """Runs ``target`` (an adapter name, or a function name in ``benchmarks.tools``) in a child."""

    def __init__(self, target: str, timeout: float) -> None:
        self.target = target
        self.timeout = timeout
        self.peak_kib = 0
        self.restarts = 0
        self._proc: Any = None
        self._conn: Any = None

    def _start(self) -> None:
        parent, child = socket.socketpair()
        code = f"from benchmarks.worker import serve; serve({child.fileno()}, {self.target!r})"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=[child.fileno()], env=env,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        child.close()
        self._conn = Connection(parent.detach())
        if not self._conn.poll(_STARTUP_LIMIT) or self._conn.recv() != "ready":
            self._kill()
            raise RuntimeError(f"worker for {self.target} did not start")

    def _kill(self) -> None:
        if self._proc is not None:
            self.peak_kib = max(self.peak_kib, _peak_rss_kib(self._proc.pid))
            self._proc.kill()
            self._proc.wait()
            self._conn.close()
        self._proc = self._conn = None

    def call(self, html: str, url: str | None) -> Outcome:
        """Run the adapter on one page; never raises for what the page or the adapter does."""
        if self._proc is None:
            try:
                self._start()
            except (RuntimeError, EOFError, OSError):
                return Outcome(None, "WorkerDied", 0.0)
        try:
            self._conn.send((html, url))
            if not self._conn.poll(self.timeout):
                self._kill()
                self.restarts += 1
                return Outcome(None, "Timeout", self.timeout)
            value, error, seconds, maxrss = self._conn.recv()
        except (EOFError, OSError):
            self._kill()
            self.restarts += 1
            return Outcome(None, "WorkerDied", 0.0)
        self.peak_kib = max(self.peak_kib, maxrss)
        return Outcome(value, error, seconds)

    def close(self) -> None:
        if self._proc is not None:
            try:
                self._conn.send(None)
                self._proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._kill()
