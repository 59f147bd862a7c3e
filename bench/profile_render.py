"""Profile the render path (page cache off) in-process on the bench database: CPU per request for each page
scenario, and with --profile the functions that take the time (cProfile).

    .venv/bin/python bench/profile_render.py [--db-url sqlite:///var/bench/comeback.sqlite3] [--n 200]
        [--scenarios product,search] [--profile product] [--passes 2]

With --passes 2 the same URLs are asked again: the first pass renders every fragment (grade cards, product
cards: `{% fragment %}`), the second finds those whose data did not change, as a site with no page cache does
once its pages have been seen. It exits 1 when a measured page answered 5xx.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _secret(var: Path) -> str:
    """The bench folder's key (bench/run.py writes it): the bench database's signing keys are encrypted with it."""
    path = var / "secret_key"
    return path.read_text().strip() if path.exists() else "bench-" + "x" * 50


def start_django(*, db_url: str, var: str, redis: str = "") -> None:
    """Django on the bench database as the bench's server runs it (DEBUG off), in this process; a 404 or 503 is
    not logged as an error while pages are asked. The page cache is off, unless `redis` is given: then it is on
    in Redis, as the server runs the mixed load (bench/profile_writes.py)."""
    os.environ.update(
        DATABASE_URL=db_url,
        COMEBACK_VAR=var,
        DEBUG="0",
        SECRET_KEY=_secret(Path(var)),
        ALLOWED_HOSTS="*",
        DJANGO_SETTINGS_MODULE="comeback.settings",
        LOG_LEVEL="WARNING",
        ACCESS_LOG="0",
    )
    if redis:
        os.environ.update(REDIS_URL=redis, RATELIMIT_PROXY_COUNT="1")
        os.environ.pop("PAGE_CACHE_SECONDS", None)
    else:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'comeback.sqlite3'}")
    p.add_argument("--var", default=str(ROOT / "var" / "bench"))
    p.add_argument("--n", type=int, default=200, help="URLs per scenario (after 20 warm-up requests)")
    p.add_argument("--scenarios", default="product,search,api_product,api_search")
    p.add_argument("--profile", default="", help="a scenario to run under cProfile")
    p.add_argument("--top", type=int, default=30)
    p.add_argument(
        "--passes", type=int, default=1, help="times each URL list is asked (fragments kept after the first)"
    )
    args = p.parse_args(argv)
    start_django(db_url=args.db_url, var=args.var)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    import dataset
    import scenarios
    from django.test import Client

    built = {s.name: s for s in scenarios.build(dataset.sample())}
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    failed = False  # a page that answered 5xx was not rendered: its time would flatter the path
    for name in args.scenarios.split(","):
        urls = built[name].urls
        for url in urls[:20]:
            client.get(url)
        picked = urls[20 : 20 + args.n]
        for n in range(1, args.passes + 1):
            last = n == args.passes
            profiler = cProfile.Profile() if name == args.profile and last else None
            cpu0, wall0 = time.thread_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            statuses = [client.get(url).status_code for url in picked]
            if profiler:
                profiler.disable()
            failed = failed or any(status >= 500 for status in statuses)
            cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
            label = name if args.passes == 1 else f"{name} #{n}"
            print(
                f"{label:<14} {cpu / len(picked) * 1e3:6.2f} ms CPU, {wall / len(picked) * 1e3:6.2f} ms wall per"
                f" request ({len(picked)} URLs, statuses {sorted(set(statuses))})",
                flush=True,
            )
        if profiler:
            stats = pstats.Stats(profiler)
            print(f"  {stats.total_calls / len(picked):,.0f} Python calls per request")
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
