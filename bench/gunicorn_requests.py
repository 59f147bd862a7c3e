"""gunicorn configuration for the mixed bench: the repository's gunicorn.conf.py plus one line per request.

Each line is `path outcome cpu_us who wall_us`: the request's path and query, the page cache's answer
(X-Page-Cache: hit, stale, survived, miss, or "-"), the CPU time the request's own thread spent on it (time.thread_time
between gunicorn's pre_request and post_request hooks, which a gthread worker runs in the thread that serves the
request, after the body is written), "reader" for the freshness reader's requests (User-Agent), else "-", and the
wall time between the same two hooks. Wall well above CPU is time the thread waited inside the request (for
the GIL, the database's lock, Redis, or the cores); a client's latency well above the wall is time the request
waited for a thread.
So the render CPU of a page-cache miss is measured per request, not inferred from the workers' totals.
The lines go to the file named by BENCH_REQUEST_LOG (one O_APPEND write each: lines never interleave).
"""

import os
import time
from pathlib import Path

_conf = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
exec(compile(_conf.read_text(), str(_conf), "exec"))  # the settings served in production, then the hooks

_fd = None


def pre_request(worker, req):
    req.bench_cpu = time.thread_time()
    req.bench_wall = time.perf_counter()


def post_request(worker, req, environ, resp):
    global _fd
    cpu_us = (time.thread_time() - getattr(req, "bench_cpu", time.thread_time())) * 1e6
    wall_us = (time.perf_counter() - getattr(req, "bench_wall", time.perf_counter())) * 1e6
    outcome = next((v for k, v in resp.headers if k.lower() == "x-page-cache"), "-")
    agent = next((v for k, v in req.headers if k == "USER-AGENT"), "")
    who = "reader" if agent.endswith("-reader") else "-"
    path = req.path + (f"?{req.query}" if req.query else "")
    if _fd is None:
        _fd = os.open(os.environ["BENCH_REQUEST_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(_fd, f"{path.replace(' ', '+')} {outcome} {cpu_us:.0f} {who} {wall_us:.0f}\n".encode())
