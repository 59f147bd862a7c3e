"""Count the instructions of a page-cache hit in-process, served through the WSGI handler as gunicorn calls it:
wall and CPU timings on a shared machine are noise, instruction counts are not.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/hits.cg \\
        .venv/bin/python bench/count_hits.py --redis redis://127.0.0.1:6379/11 [--scenario product] [--n 50]

The page cache is on, in Redis. The script asks `--n` URLs of the scenario (or `/_hello` with `--scenario
hello`) twice uninstrumented (a render stores each page, then a hit warms the process), then switches
callgrind's instrumentation on only around a third pass, of hits. Divide callgrind's total by `--n` for
instructions per hit. `--cookies` sends each request with a CSRF cookie, as a visitor's second page does;
without it each hit makes the visitor a new secret, as a first page does. Exits 1 when a measured answer is not
a 200 hit (hello: not a 200).
"""

from __future__ import annotations

import argparse
import atexit
import io
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from count_render import _instrument
from profile_render import start_django

ROOT = Path(__file__).resolve().parent.parent


def environ(url: str, *, cookie: str = "") -> dict:
    """What gunicorn's gthread worker hands the application for a plain GET from wrk."""
    path, _, query = url.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "RAW_URI": url,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def serve(application, url: str, *, cookie: str = "") -> tuple[str, dict, int]:
    """One request as gunicorn serves it: call, gather the headers, write out the body, close."""
    got = {}

    def start_response(status, headers, exc_info=None):
        got["status"], got["headers"] = status, headers

    body = application(environ(url, cookie=cookie), start_response)
    try:
        size = sum(len(chunk) for chunk in body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return got["status"], dict(got["headers"]), size


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'comeback.sqlite3'}")
    p.add_argument("--var", default=str(ROOT / "var" / "bench"))
    p.add_argument(
        "--redis", required=True, help="a Redis database of its own, emptied first: redis://127.0.0.1:6379/11"
    )
    p.add_argument("--scenario", default="product", help="a page scenario, or hello")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--cookies", action="store_true", help="send a CSRF cookie, as a returning visitor does")
    p.add_argument(
        "--as-served",
        action="store_true",
        help="the access log on (to stderr) and metrics in files, as gunicorn.conf.py serves",
    )
    args = p.parse_args(argv)
    if args.as_served:
        folder = tempfile.mkdtemp(prefix="count-hits-metrics-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    # Per-process copies (markets, the keyring) check their shared version at most once a second: under callgrind a
    # second holds a few requests, so the checks would weigh with the machine's speed. An hour leaves them out.
    os.environ["CONFIG_CHECK_SECONDS"] = "3600"
    start_django(db_url=args.db_url, var=args.var, redis=args.redis)
    if args.as_served:
        logging.getLogger("comeback.access").setLevel(logging.INFO)
    import dataset
    import scenarios

    from comeback.wsgi import application

    if args.scenario == "hello":
        urls = ["/_hello"] * args.n
    else:
        urls = {s.name: s for s in scenarios.build(dataset.sample())}[args.scenario].urls[20 : 20 + args.n]
    from django.core.cache import caches

    caches["pages"].clear()  # every page rendered now: none reaches the end of its time during the run
    cookie = ""
    if args.cookies:
        cookie = "csrftoken=" + "Kw2jAVxHbcQfaUd6H76xBCklDcaQcel9"
    for url in urls + urls:
        serve(application, url, cookie=cookie)
    _instrument(True)
    answers = [serve(application, url, cookie=cookie) for url in urls]
    _instrument(False)
    outcomes = sorted({(status, headers.get("X-Page-Cache", "-")) for status, headers, _size in answers})
    size = sum(size for _s, _h, size in answers) // len(answers)
    for url, (status, headers, _size) in zip(urls, answers, strict=True):
        if (status, headers.get("X-Page-Cache", "-")) != ("200 OK", "hit"):
            print(f"  {url}: {status} {headers.get('X-Page-Cache', '-')}")
    print(f"{args.scenario}: {len(urls)} requests, answers {outcomes}, {size:,} bytes on average", flush=True)
    wanted = {("200 OK", "-")} if args.scenario == "hello" else {("200 OK", "hit")}
    return 0 if set(outcomes) <= wanted else 1


if __name__ == "__main__":
    raise SystemExit(main())
