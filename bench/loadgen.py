"""Load from a second process: wrk with a Lua script rotating through the scenario's URLs, or, where
wrk cannot be had, a small asyncio HTTP/1.1 client (keep-alive, same percentiles, less headroom).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

LUA = Path(__file__).with_name("rotate.lua")


@dataclass
class Result:
    """Completed requests over wall-clock seconds, and every latency (µs → count) to take percentiles from."""

    requests: int
    seconds: float
    errors: int  # connection errors, timeouts and responses with status ≥ 400
    histogram: Counter = field(default_factory=Counter)
    cpu_seconds: float = 0.0  # the server's CPU time during the run (0 where /proc is missing)
    cache_hits: int = 0  # answers the anonymous page cache served (X-Page-Cache: hit), from the access log
    cache_misses: int = 0

    @property
    def cache_hit_ratio(self) -> float | None:
        seen = self.cache_hits + self.cache_misses
        return self.cache_hits / seen if seen else None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float | None:
        return self.cpu_seconds * 1e3 / self.requests if self.requests and self.cpu_seconds else None

    def percentile_ms(self, q: float) -> float:
        total = sum(self.histogram.values())
        if not total:
            return 0.0
        seen = 0
        for value in sorted(self.histogram):
            seen += self.histogram[value]
            if seen >= q / 100 * total:
                return value / 1e3
        return max(self.histogram) / 1e3

    @property
    def p50_ms(self) -> float:
        return self.percentile_ms(50)

    @property
    def p99_ms(self) -> float:
        return self.percentile_ms(99)

    @property
    def max_ms(self) -> float:
        return max(self.histogram, default=0) / 1e3

    @classmethod
    def merge(cls, rounds: list[Result]) -> Result:
        """Several rounds of one scenario as if they were one run (exact: histograms add up)."""
        histogram: Counter = Counter()
        for r in rounds:
            histogram.update(r.histogram)
        return cls(
            requests=sum(r.requests for r in rounds),
            seconds=sum(r.seconds for r in rounds),
            errors=sum(r.errors for r in rounds),
            histogram=histogram,
            cpu_seconds=sum(r.cpu_seconds for r in rounds),
            cache_hits=sum(r.cache_hits for r in rounds),
            cache_misses=sum(r.cache_misses for r in rounds),
        )


def find_wrk(*, install: bool = True) -> str | None:
    """wrk on PATH; installed with apt when we are root and it is missing; None otherwise."""
    path = shutil.which("wrk")
    if path or not install:
        return path
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: wrk is missing; installing it with apt-get (root)…", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        ok = subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env).returncode == 0
        if not ok:
            subprocess.run(["apt-get", "update", "-q"], env=env)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env)
        return shutil.which("wrk")
    return None


def _ticker(seconds: float, desc: str, stop: threading.Event) -> None:
    with tqdm(
        total=round(seconds),
        desc=desc,
        unit="s",
        leave=False,
        disable=not sys.stderr.isatty(),
        bar_format="{desc} {bar} {n:.0f}/{total:.0f}s",
    ) as bar:
        start = time.monotonic()
        while not stop.wait(0.5):
            bar.n = min(bar.total, round(time.monotonic() - start))
            bar.refresh()


def run_wrk(
    wrk: str, *, base_url: str, urls: list[str], seconds: int, connections: int, threads: int, desc: str
) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as f:
        f.write("\n".join(urls) + "\n")
        paths_file = f.name
    cmd = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base_url,
        "--",
        paths_file,
    ]
    stop = threading.Event()
    ticker = threading.Thread(target=_ticker, args=(seconds, desc, stop), daemon=True)
    ticker.start()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        stop.set()
        ticker.join()
        os.unlink(paths_file)
    lines = {
        ln.split(" ", 1)[0]: ln.split(" ", 1)[1] for ln in out.stdout.splitlines() if ln.startswith("BENCH_")
    }
    if out.returncode != 0 or "BENCH_JSON" not in lines:
        raise SystemExit(f"bench: wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    d = json.loads(lines["BENCH_JSON"])
    histogram: Counter = Counter()
    for pair in filter(None, lines.get("BENCH_HIST", "").split(",")):
        value, count = pair.split(":")
        histogram[int(value)] += int(count)
    errors = d["connect_errors"] + d["read_errors"] + d["write_errors"] + d["status_errors"] + d["timeouts"]
    return Result(requests=d["requests"], seconds=d["duration_us"] / 1e6, errors=errors, histogram=histogram)


def crawl(*, base_url: str, urls: list[str], connections: int, desc: str) -> Result:
    """Ask for each distinct URL once, as a crawler or a visitor's first view would: every answer is a
    render (a page-cache miss), so the server CPU it costs is the render path's."""
    parts = urlsplit(base_url)
    distinct = list(dict.fromkeys(urls))
    local = threading.local()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def fetch(path: str) -> None:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Language": "en", "User-Agent": "comeback-bench"})
            response = conn.getresponse()
            response.read()
            ok = response.status < 400
        except (OSError, http.client.HTTPException):
            conn.close()
            local.conn = None
            ok = False
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            errors[0] += not ok
            bar.update()

    start = time.monotonic()
    with (
        tqdm(
            total=len(distinct), desc=desc, unit="page", leave=False, disable=not sys.stderr.isatty()
        ) as bar,
        ThreadPoolExecutor(max_workers=connections) as pool,
    ):
        list(pool.map(fetch, distinct))
    return Result(
        requests=len(latencies),
        seconds=time.monotonic() - start,
        errors=errors[0],
        histogram=Counter(round(x * 1e6) for x in latencies),
    )


# --- fallback: asyncio client ---------------------------------------------------------------------------


async def _one_connection(
    host: str,
    port: int,
    urls: list[str],
    offset: int,
    deadline: float,
    latencies: list[float],
    errors: list[int],
) -> None:
    reader = writer = None
    i = offset
    while time.monotonic() < deadline:
        path = urls[i % len(urls)]
        i += 1
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            start = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: en\r\n"
                f"User-Agent: comeback-bench\r\n\r\n".encode()
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status = int(head.split(b" ", 2)[1])
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (h.decode("latin-1").partition(":") for h in head.split(b"\r\n")[1:] if h)
            }
            close = headers.get("connection", "").lower() == "close"
            if "content-length" in headers:
                await reader.readexactly(int(headers["content-length"]))
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.read()
                close = True
            latencies.append(time.perf_counter() - start)
            if status >= 400:
                errors[0] += 1
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            errors[0] += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def run_python(*, base_url: str, urls: list[str], seconds: int, connections: int, desc: str) -> Result:
    parts = urlsplit(base_url)
    latencies: list[float] = []
    errors = [0]

    async def main() -> float:
        start = time.monotonic()
        deadline = start + seconds
        await asyncio.gather(
            *(
                _one_connection(parts.hostname, parts.port, urls, n * 7919, deadline, latencies, errors)
                for n in range(connections)
            )
        )
        return time.monotonic() - start

    stop = threading.Event()
    ticker = threading.Thread(target=_ticker, args=(seconds, desc, stop), daemon=True)
    ticker.start()
    try:
        elapsed = asyncio.run(main())
    finally:
        stop.set()
        ticker.join()
    return Result(
        requests=len(latencies),
        seconds=elapsed,
        errors=errors[0],
        histogram=Counter(round(x * 1e6) for x in latencies),
    )
