"""The production server under test: gunicorn serving comeback.wsgi on loopback, killed at the end."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    worker_class: str  # "sync" or "gthread"
    workers: int
    threads: int = 1
    cache: str = "local memory"  # where the page cache lives (docs/decisions/0004-page-cache.md)
    reuse_port: bool = False  # a listening socket per worker, the kernel spreading connections among them
    request_log: str = (
        ""  # a file for one line per request with its thread's CPU time (bench/gunicorn_requests.py)
    )

    def describe(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        sockets = ", a socket per worker (SO_REUSEPORT)" if self.reuse_port else ""
        return f"gunicorn {self.worker_class}, {self.workers} workers{threads}{sockets}, page cache in {self.cache}"


def free_port(candidates: range) -> int:
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(
                socket.SOL_SOCKET, socket.SO_REUSEADDR, 1
            )  # as gunicorn does: TIME_WAIT is no obstacle
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"bench: no free port in {candidates.start}-{candidates.stop - 1} on 127.0.0.1")


class Server:
    """Start with `with Server(...) as base_url:`; the process group is terminated on exit, even on Ctrl-C."""

    def __init__(self, *, config: ServerConfig, env: dict[str, str], port: int, log_path: Path):
        self.config = config
        self.env = env
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [
            str(gunicorn),
            "comeback.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.config.workers),
            "--worker-class",
            self.config.worker_class,
            "--log-level",
            "warning",
            "--backlog",
            "2048",
            "--timeout",
            "60",
        ]
        if self.config.worker_class == "gthread":
            cmd += ["--threads", str(self.config.threads)]
        if self.config.reuse_port:
            cmd.append("--reuse-port")
        if self.config.request_log:
            cmd += ["--config", str(Path(__file__).with_name("gunicorn_requests.py"))]
        # One word per request: whether the page cache answered it (hit, miss, or "-" where it does not apply).
        cmd += ["--access-logfile", str(self.access_log_path), "--access-logformat", "%({x-page-cache}o)s"]
        return cmd

    @property
    def access_log_path(self) -> Path:
        return self.log_path.with_name("access.log")

    def access_log_offset(self) -> int:
        try:
            return self.access_log_path.stat().st_size
        except OSError:
            return 0

    def cache_counts(self, since: int) -> tuple[int, int]:
        """(hits, misses) of the page cache logged after byte offset `since`; a copy served while another
        request renders it again ("stale") or one a newer search snapshot cannot change ("survived") counts as a hit."""
        try:
            with self.access_log_path.open("rb") as f:
                f.seek(since)
                words = f.read().split()
        except OSError:
            return 0, 0
        return words.count(b"hit") + words.count(b"stale") + words.count(b"survived"), words.count(b"miss")

    def measure(self, load):
        """Run `load()` (it returns a loadgen.Result) and charge it the server CPU and page-cache answers of
        that time."""
        cpu_before, log_offset = self.cpu_seconds(), self.access_log_offset()
        result = load()
        result.cpu_seconds = self.cpu_seconds() - cpu_before
        result.cache_hits, result.cache_misses = self.cache_counts(log_offset)
        return result

    def __enter__(self) -> str:
        gunicorn = Path(self.command()[0])
        if not gunicorn.exists():
            raise SystemExit(f"bench: {gunicorn} is missing; run `make dev` first")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        # A new session makes the server and its workers one process group we can stop by its id.
        env = (
            {**self.env, "BENCH_REQUEST_LOG": self.config.request_log}
            if self.config.request_log
            else self.env
        )
        self.proc = subprocess.Popen(
            self.command(), env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_ready()
        return self.base_url

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/_hello", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(
            f"bench: gunicorn did not answer on {self.base_url} within {timeout:.0f}s:\n{self.tail()}"
        )

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server's processes (master and workers), from /proc.

        Unlike req/s and latency, CPU time per request hardly depends on what else the machine runs.
        """
        if self.proc is None:
            return 0.0
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended while we looked
            # fields[0] is field 3 of proc(5): state; pgrp is field 5, utime 14, stime 15
            if int(fields[2]) == self.proc.pid:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            # SIGQUIT is gunicorn's quick shutdown; the measurement is over, so after a short grace the whole
            # process group (master and workers, nothing else: it is their own session) is killed.
            os.kill(self.proc.pid, signal.SIGQUIT)
            self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=5)

    def __exit__(self, *exc) -> None:
        self.stop()


def cpu_of(name_prefix: str) -> float:
    """Seconds of CPU used so far by every process whose name starts with `name_prefix` (postgres, redis-server),
    including their children that already exited (a postmaster's reaped backends). Linux /proc; 0 elsewhere."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if name.startswith(name_prefix):
            total += sum(int(x) for x in rest[11:15])  # utime, stime, and reaped children's cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """Seconds of CPU the whole machine has been busy (every core, every process), from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in first[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
