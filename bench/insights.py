"""Operator insights dashboard latency ("the dashboard under 300 ms on the bench data set").

Builds a year of marketplace facts on a dedicated database — orders with their lines, payments and the
ledger postings checkout writes (`comeback.orders.ledger.entries_for_line`), deliveries, returns,
refunds, cancellations, payouts and trade-ins — across 5 markets, 6 categories and `--sellers` sellers;
then times `comeback refresh-insights --full` once, and the staff dashboard page (`GET /staff/insights/`,
all nine panels rendered with their SVG charts and tables) through Django's test client for several
filter sets, with the number of queries. Facts are bulk-inserted (a benchmark of reads, not of checkout).

    .venv/bin/python bench/insights.py                                   # SQLite (a temporary file)
    .venv/bin/python bench/insights.py --database-url postgres://postgres@127.0.0.1:5432/benchinsights

Options (defaults: what `make bench` runs): --lines 30000 --sellers 100 --days 364 --requests 30. Prints a
table (Markdown with --markdown). `--tenfold` is ten times the sales (--lines 300000 --sellers 1000) on
PostgreSQL, in database bench_insights_tenfold unless --database-url names another. The facts are written by
bench/insights_facts.py (COPY on PostgreSQL), with progress bars.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# Ten times the sales of `make bench`'s run, on PostgreSQL in a database of its own (this bench drops and
# recreates its database, so it must never be given the catalogue's bench_tenfold).
TENFOLD = {"lines": 300_000, "sellers": 1_000}
TENFOLD_PG = "postgres://postgres@127.0.0.1:5432/bench_insights_tenfold"
SCENARIOS = [
    ("all markets, 12 weeks", {"weeks": "12"}),
    ("one market, 12 weeks", {"weeks": "12", "market": "FR"}),
    ("converted to EUR, 52 weeks", {"weeks": "52", "convert": "EUR"}),
    ("one seller, 26 weeks", {"weeks": "26", "seller": "SELLER"}),
    ("one category, last week", {"weeks": "1", "category": "CATEGORY"}),
]


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default="", help="PostgreSQL URL; default: a temporary SQLite file")
    p.add_argument("--lines", type=int, default=30_000, help="order lines sold over the period")
    p.add_argument("--sellers", type=int, default=100)
    p.add_argument("--days", type=int, default=364)
    p.add_argument("--requests", type=int, default=30, help="timed requests per scenario")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument(
        "--tenfold",
        action="store_true",
        help=f"ten times the sales: --lines {TENFOLD['lines']:,} --sellers {TENFOLD['sellers']:,} (unless given) "
        f"on PostgreSQL, by default in {TENFOLD_PG.rsplit('/', 1)[1]}",
    )
    args = p.parse_args(argv)
    if args.tenfold:
        for name, size in TENFOLD.items():
            if getattr(args, name) == p.get_default(name):
                setattr(args, name, size)
        args.database_url = args.database_url or TENFOLD_PG
    if args.database_url and "insights" not in urlparse(args.database_url).path:
        p.error("this bench drops its database first: its name must contain 'insights'")
    return args


def setup_django(url: str) -> None:
    var = tempfile.mkdtemp(prefix="comeback-bench-insights-")
    os.environ["COMEBACK_VAR"] = var
    os.environ["DATABASE_URL"] = url or f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comeback.settings")
    os.environ.setdefault("CONN_MAX_AGE", "600")
    sys.path.insert(0, str(ROOT / "src"))
    if url:
        ensure_pg_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)  # DEBUG off serves the hashed manifest


def ensure_pg_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(client, params: dict, requests: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds per request, and the queries of one request (counted by an execute
    wrapper: the test client's request_started signal resets Django's own query log)."""
    from django.db import connection

    client.get("/staff/insights/", params)  # warm the template and market caches
    executed = []
    with connection.execute_wrapper(lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)):
        response = client.get("/staff/insights/", params)
    assert response.status_code == 200, response.status_code
    wall, cpu = [], []
    for _ in range(requests):
        w, c = time.perf_counter(), time.process_time()
        client.get("/staff/insights/", params)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu, len(executed)


def main(argv=None) -> None:
    args = parse_args(argv)
    setup_django(args.database_url)
    import insights_facts
    from django.test import Client
    from tqdm import tqdm

    from comeback.insights import services
    from comeback.insights.models import DurationDay, SalesDay

    rng = random.Random(9)
    t = time.perf_counter()
    made = insights_facts.build(lines=args.lines, sellers=args.sellers, days=args.days, rng=rng)
    built = time.perf_counter() - t
    # The build's objects are garbage now; a server process never holds them, so neither do the timings.
    gc.collect()
    gc.freeze()
    t = time.perf_counter()
    services.refresh(progress=lambda items, desc: tqdm(list(items), desc=str(desc), unit="market"))
    refreshed = time.perf_counter() - t
    client = Client()
    client.force_login(made["staff"])
    rows = []
    for name, params in SCENARIOS:
        params = {
            k: str(made["seller"]) if v == "SELLER" else str(made["category"]) if v == "CATEGORY" else v
            for k, v in params.items()
        }
        wall, cpu, queries = timed(client, params, args.requests)
        wall.sort()
        rows.append(
            (
                name,
                statistics.median(wall),
                wall[max(0, int(len(wall) * 0.99) - 1)],
                statistics.median(cpu),
                queries,
            )
        )
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\nInsights dashboard — {engine}, {args.lines:,} order lines, {args.sellers} sellers, {args.days} days; "
        f"rollups: {SalesDay.objects.count():,} sales rows, {DurationDay.objects.count():,} duration rows"
    )
    print(
        f"facts built in {built:.0f} s; `refresh-insights --full` took {refreshed:.1f} s; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    sep = "|" if args.markdown else " "
    header = ["scenario", "p50 ms", "p99 ms", "CPU p50 ms", "queries"]
    if args.markdown:
        print("\n| " + " | ".join(header) + " |\n|---|---:|---:|---:|---:|")
    else:
        print(f"\n{header[0]:<30} {header[1]:>8} {header[2]:>8} {header[3]:>11} {header[4]:>8}")
    for name, p50, p99, cpu, queries in rows:
        if args.markdown:
            print(f"| {name} {sep} {p50:.0f} {sep} {p99:.0f} {sep} {cpu:.0f} {sep} {queries} |")
        else:
            print(f"{name:<30} {p50:>8.0f} {p99:>8.0f} {cpu:>11.0f} {queries:>8}")
    slowest = max(p50 for _n, p50, _p99, _cpu, _q in rows)
    print(
        f"\nslowest p50: {slowest:.0f} ms (target: under 300 ms); load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
