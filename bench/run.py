"""`make bench`: seed a large catalogue, serve it with gunicorn, load it with wrk, print the table.

    .venv/bin/python bench/run.py [--db sqlite|postgres] [--reuse] [--write-docs] [--duration 15] …

A benchmark, not a test (docs/design.md §5): it prints req/s, p50, p99 and queries per request for the
product page, the search page and their JSON API twins, beside a hello-world Django view served the
same way in the same run; the ratio to that baseline is the figure. Only loopback traffic; the
server is stopped at the end, even on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench"
# Ten times the catalogue (docs/performance.md "Ten times the catalogue"): its own database, so that seeding it
# never wipes the everyday bench, and the page cache off, so every answer is a render of the big catalogue.
TENFOLD = {"variants": 200_000, "offers": 2_000_000}
TENFOLD_PG = "postgres://postgres@127.0.0.1:5432/bench_tenfold"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite", help="database to benchmark")
    p.add_argument("--database-url", default=DEFAULT_PG, help="PostgreSQL URL for --db postgres")
    p.add_argument(
        "--var",
        type=Path,
        default=ROOT / "var" / "bench",
        help="COMEBACK_VAR of the bench (SQLite file, static)",
    )
    p.add_argument("--variants", type=int, default=20_000, help="sellable variants (≈ 6 per model)")
    p.add_argument("--offers", type=int, default=200_000, help="offers over variants × markets × grades")
    p.add_argument("--sellers", type=int, default=1_000, help="sellers, each with a login")
    p.add_argument(
        "--reuse", action="store_true", help="keep the bench database if it already holds the data"
    )
    p.add_argument("--duration", type=int, default=15, help="seconds of load per scenario")
    p.add_argument("--warmup", type=int, default=5, help="seconds of unrecorded load before each scenario")
    p.add_argument(
        "--crawl",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="before a scenario's first round, ask for each of its URLs once (every answer a render): the "
        "render path's CPU is measured there, and the rounds then see the page cache as a running site does (with "
        "--scenario mixed: every browsing URL once before the load; --no-crawl starts it with a cold page cache)",
    )
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds the duration is split into")
    p.add_argument(
        "--alone",
        type=int,
        default=3,
        help="seconds per scenario at one connection, for the latency without queueing (0: skip)",
    )
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    p.add_argument(
        "--wrk-threads", type=int, default=1, help="wrk threads (it shares the cores with the server)"
    )
    # gthread keeps connections alive; sync workers close each one, which costs hello-world ~5× more server CPU
    # per request and would flatter every ratio to it (measured: docs/performance.md, "Server configuration").
    p.add_argument(
        "--worker-class", choices=["sync", "gthread"], default="gthread", help="gunicorn worker class"
    )
    p.add_argument("--workers", type=int, default=cores, help="gunicorn workers")
    p.add_argument("--threads", type=int, default=4, help="threads per worker with --worker-class gthread")
    p.add_argument(
        "--reuse-port",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="a listening socket per gunicorn worker (SO_REUSEPORT): the kernel spreads the load's keep-alive "
        "connections among the workers instead of the first worker to accept taking most of them",
    )
    p.add_argument("--port", type=int, default=8105, help="first port to try (up to 4 more)")
    p.add_argument(
        "--scenarios",
        default="hello,product,search,api_product,api_search,api_suggest",
        help="comma-separated subset (hello is always measured)",
    )
    p.add_argument(
        "--scenario",
        choices=["pages", "mixed", "tenfold"],
        default="pages",
        help="pages: each page scenario alone, no writes (the table above); mixed: browsing while sellers reprice, "
        "buyers check out and trade-in customers ask quotes, with freshness measured (bench/mixed.py); tenfold: "
        f"the pages on PostgreSQL with {TENFOLD['variants']:,} variants and {TENFOLD['offers']:,} offers in "
        "database bench_tenfold, page cache off (sizes and --database-url may still be given)",
    )
    p.add_argument(
        "--tenfold",
        action="store_true",
        help=f"ten times the catalogue ({TENFOLD['variants']:,} variants, {TENFOLD['offers']:,} offers) on "
        "PostgreSQL in database bench_tenfold; with --scenario mixed it reuses that catalogue as it is (never "
        "seeds, never wipes: seed it first with --scenario tenfold) and keeps the page cache on",
    )
    p.add_argument(
        "--page-cache",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="serve with the page cache; --no-page-cache sets PAGE_CACHE_SECONDS=0 for the server, so every "
        "answer is a render and p99 is the render path's",
    )
    p.add_argument(
        "--mixed-hello",
        type=int,
        default=5,
        help="with --scenario mixed: seconds of hello-world before and after",
    )
    p.add_argument(
        "--mixed-background",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="with --scenario mixed: run the task worker and the scheduler beside the server, as production does",
    )
    p.add_argument(
        "--query-sample", type=int, default=25, help="URLs per scenario whose SQL queries are counted"
    )
    p.add_argument("--python-client", action="store_true", help="use the asyncio client even if wrk exists")
    p.add_argument("--write-docs", action="store_true", help="write the results into docs/performance.md")
    p.add_argument(
        "--wait-idle",
        type=int,
        default=0,
        metavar="SECONDS",
        help="before each measured round, wait up to this long (in total) for the machine to be idle",
    )
    p.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness for the bench, its server and wrk (negative needs root: on a shared machine, "
        "-10 keeps other work from skewing the figures)",
    )
    p.add_argument(
        "--redis",
        default="auto",
        metavar="URL",
        help="serve with the Redis cache, as production does: a URL, 'auto' (redis://127.0.0.1:6379/15 when "
        "it answers; the bench empties that database first) or 'none' (each server process keeps its own "
        "page cache in memory, as on a laptop)",
    )
    args = p.parse_args(argv)
    for name in (
        "variants",
        "offers",
        "sellers",
        "duration",
        "rounds",
        "connections",
        "workers",
        "threads",
        "wrk_threads",
    ):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be ≥ 1")
    if args.duration > 600:
        p.error("--duration is capped at 600 s per scenario")
    args.keep_catalogue = False
    if (
        args.scenario == "mixed"
        and args.write_docs
        and (tenfold_sized(args) or args.database_url == TENFOLD_PG)
    ):
        p.error(
            "the mixed section of docs/performance.md is the everyday catalogue's; run 10× without --write-docs"
        )
    if args.scenario == "tenfold" or args.tenfold:
        apply_tenfold(args, p)
    args.redis = resolve_redis(args.redis)
    return args


def tenfold_sized(args: argparse.Namespace) -> bool:
    return args.tenfold or all(getattr(args, name) >= size for name, size in TENFOLD.items())


def apply_tenfold(args: argparse.Namespace, p: argparse.ArgumentParser) -> None:
    """The 10× preset: PostgreSQL, its own database, the big sizes unless given; the pages with every answer a
    render; the mixed load on the catalogue as seeded, which it must never wipe (a reseed takes minutes)."""
    if args.write_docs:
        p.error("ten times the catalogue does not write docs/performance.md (its section is written by hand)")
    if args.scenario == "mixed":
        args.reuse = True
        args.keep_catalogue = True
    else:
        args.scenario = "pages"
        args.page_cache = False
    args.db = "postgres"
    if args.database_url == DEFAULT_PG:
        args.database_url = TENFOLD_PG
    for name, size in TENFOLD.items():
        if getattr(args, name) == p.get_default(name):
            setattr(args, name, size)


AUTO_REDIS = "redis://127.0.0.1:6379/15"


def resolve_redis(choice: str) -> str:
    """The Redis URL to serve with ('' for local memory), emptied so no earlier run's pages are served."""
    if choice in ("", "none"):
        return ""
    url = AUTO_REDIS if choice == "auto" else choice
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except Exception as e:  # any failure means: no usable Redis here
        if choice != "auto":
            raise SystemExit(f"bench: cannot use Redis at {url}: {e}") from e
        print(
            f"bench: no Redis at {url} ({e.__class__.__name__}); the page cache stays in each server process"
        )
        return ""
    return url


def configure(args: argparse.Namespace) -> dict[str, str]:
    """The environment of both this process and the server: a separate database, DEBUG off, a real key."""
    var = args.var.resolve()
    var.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        url = f"sqlite:///{var / 'comeback.sqlite3'}"
    else:
        url = args.database_url
        if not url.startswith(("postgres://", "postgresql://")):
            raise SystemExit(f"bench: --database-url must be a postgres:// URL, got {url!r}")
        ensure_pg_database(url)
    env = {
        "COMEBACK_HOME": str(ROOT),
        "COMEBACK_VAR": str(var),
        "DATABASE_URL": url,
        "DEBUG": "0",
        "COMEBACK_DEMO": "0",
        "SECRET_KEY": _secret_key(var),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "comeback.settings",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    for leak in ("PYTEST_VERSION", "REDIS_URL"):
        os.environ.pop(leak, None)
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    if not args.page_cache:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    return {**os.environ}


def _secret_key(var: Path) -> str:
    """A real key, the same for every run on this bench folder: the keyring's private keys are encrypted with
    it, so a reused bench database needs the key it was built with."""
    path = var / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def ensure_pg_database(url: str) -> None:
    try:
        import psycopg
    except ImportError as e:
        raise SystemExit("bench: psycopg is missing; run `make dev`") from e
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
                print(f"bench: creating database {name!r}")
                conn.execute(f'create database "{name}"')
    except psycopg.OperationalError as e:
        raise SystemExit(f"bench: cannot reach PostgreSQL at {parts.hostname}:{parts.port}: {e}") from e


def reset_database(db: str) -> None:
    """Start from nothing: delete the SQLite file, or drop every table of the bench PostgreSQL database."""
    from django.conf import settings
    from django.db import connection

    if db == "sqlite":
        connection.close()
        name = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        raise SystemExit(f"bench: refusing to wipe database {name!r}; its name must contain 'bench'")
    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE")
        cur.execute("CREATE SCHEMA public")


def busy() -> float:
    """How busy the CPUs are: PSI 'some' pressure over 10 s (0–100) where Linux has it, else load per core × 100."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(line.split()[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return os.getloadavg()[0] / (os.cpu_count() or 1) * 100 if hasattr(os, "getloadavg") else 0.0


class IdleWaiter:
    """Spends a bounded budget of seconds waiting for other work on the machine to calm down."""

    THRESHOLD = 10.0

    def __init__(self, budget: int):
        self.budget = float(budget)
        self.waited = 0.0

    def __call__(self) -> None:
        if self.budget <= self.waited or busy() < self.THRESHOLD:
            return
        start = time.monotonic()
        while busy() >= self.THRESHOLD and self.waited + (time.monotonic() - start) < self.budget:
            time.sleep(2)
        self.waited += time.monotonic() - start


def step(msg: str) -> float:
    print(f"bench: {msg}", flush=True)
    return time.monotonic()


def prepare(args: argparse.Namespace) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    import dataset

    from comeback.core import markets

    t = step(f"migrating the bench database ({args.db})")
    call_command("migrate", interactive=False, verbosity=0)
    have = dataset.counts()
    wanted = {"variants": args.variants, "offers": args.offers, "sellers": args.sellers}
    if args.reuse and all(have[k] >= v for k, v in wanted.items()):
        step(f"reusing {have['variants']:,} variants, {have['offers']:,} offers, {have['sellers']:,} sellers")
        # Migrations since the seeding may have added tables and indexes with no statistics: measured on SQLite,
        # a product page's offer query went from 1 ms to 78 ms until the planner had them again.
        dataset.analyze()
    elif args.keep_catalogue:
        raise SystemExit(
            f"bench: {args.database_url} holds {have['variants']:,} variants, {have['offers']:,} offers and "
            f"{have['sellers']:,} sellers, fewer than asked; the mixed load at 10× never seeds nor wipes it: seed "
            "it first with --scenario tenfold (same sizes and --database-url)"
        )
    else:
        if any(have.values()):
            step("wiping the bench database (sizes differ or --reuse not given)")
            reset_database(args.db)
            call_command("migrate", interactive=False, verbosity=0)
        markets.clear_cache()
        t = step(f"seeding {args.variants:,} variants, {args.offers:,} offers, {args.sellers:,} sellers")
        have = dataset.seed(variants=args.variants, offers=args.offers, sellers=args.sellers)
        step(f"seeded in {time.monotonic() - t:.0f} s")
        rebuild_search_index()
    t = step("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    return have


def rebuild_search_index() -> None:
    try:
        from comeback.catalog.services import rebuild_search_index as rebuild
    except ImportError:
        step(
            "comeback.catalog.services.rebuild_search_index does not exist yet; search runs without an index"
        )
        return
    from tqdm import tqdm

    t = step("rebuilding the search index")
    rebuild(progress=lambda items, desc: tqdm(items, desc=desc, unit="batch"))
    step(f"search index rebuilt in {time.monotonic() - t:.0f} s")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and SIGTERM both unwind through the `with Server` block, which stops gunicorn.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if args.nice:
        try:
            os.nice(args.nice)
        except PermissionError:
            step(f"cannot set niceness {args.nice} (needs root); running at the default priority")
            args.nice = 0
    env = configure(args)
    sys.path.insert(0, str(ROOT / "src"))

    import dataset
    import loadgen
    import report
    import scenarios
    from server import Server, ServerConfig, free_port

    wrk = None if args.python_client else loadgen.find_wrk()
    if wrk is None:
        step(
            "wrk is not available: falling back to the Python asyncio client (less headroom, lower ceilings)"
        )

    sizes = prepare(args)
    if args.scenario == "mixed":
        import mixed_run
        from django.db import connection

        data = dataset.sample()
        info = report.machine(wrk)
        connection.close()
        return mixed_run.run(args=args, env=env, wrk=wrk, info=info, sizes=sizes, data=data)
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    all_scenarios = scenarios.build(dataset.sample())
    known = {s.name for s in all_scenarios}
    if unknown := set(wanted) - known:
        raise SystemExit(
            f"bench: unknown scenario(s) {', '.join(sorted(unknown))}; choose from {', '.join(sorted(known))}"
        )
    chosen = [s for s in all_scenarios if s.name == "hello" or s.name in wanted]

    step(f"counting SQL queries per request on {args.query_sample} URLs per scenario")
    queries = {s.name: scenarios.count_queries(s.urls, sample=args.query_sample) for s in chosen}
    for s in chosen:
        if not queries[s.name].ok:
            step(
                f"warning: {s.name} answers {dict(queries[s.name].statuses)} in-process; its figures are not valid"
            )
    from django.db import connection

    info = report.machine(wrk)  # before the load: its load average shows what else the machine was doing
    connection.close()

    config = ServerConfig(
        worker_class=args.worker_class,
        workers=args.workers,
        threads=args.threads,
        cache="Redis" if args.redis else "local memory",
        reuse_port=args.reuse_port,
    )
    port = free_port(range(args.port, args.port + 5))
    server = Server(config=config, env=env, port=port, log_path=args.var.resolve() / "gunicorn.log")
    step(
        f"serving with {config.describe()} on 127.0.0.1:{port}; {args.connections} connections, "
        f"{args.duration} s per scenario" + ("" if args.page_cache else "; page cache off")
    )
    try:
        with server as base_url:

            def load(
                s, seconds: int, desc: str, connections: int = args.connections, base_url=base_url
            ) -> loadgen.Result:
                if wrk:
                    return loadgen.run_wrk(
                        wrk,
                        base_url=base_url,
                        urls=s.urls,
                        seconds=seconds,
                        connections=connections,
                        threads=min(args.wrk_threads, connections),
                        desc=desc,
                    )
                return loadgen.run_python(
                    base_url=base_url, urls=s.urls, seconds=seconds, connections=connections, desc=desc
                )

            # Rounds interleave the scenarios, so whatever else the machine does weighs on all of them alike.
            per_round = max(1, round(args.duration / args.rounds))
            wait_idle = IdleWaiter(args.wait_idle)
            results: dict[str, list[loadgen.Result]] = {s.name: [] for s in chosen}
            crawled: dict[str, loadgen.Result] = {}
            # Every scenario is crawled before any round, so no round waits behind another's crawl.
            for s in chosen if args.crawl else []:
                if s.name == "hello":
                    continue
                c = crawled[s.name] = server.measure(
                    lambda s=s: loadgen.crawl(
                        base_url=base_url, urls=s.urls, connections=4, desc=f"{s.name:<12} crawl"
                    )
                )
                print(
                    f"  crawl      {s.name:<12} {c.requests:,} distinct URLs in {c.seconds:.0f} s, "
                    f"{c.cpu_ms_per_request or 0:.1f} ms of server CPU per render, errors {c.errors}",
                    flush=True,
                )
            for n in range(args.rounds):
                for s in chosen:
                    if n == 0 and args.warmup:
                        load(s, args.warmup, f"{s.name:<12} warm-up")
                    wait_idle()
                    r = server.measure(
                        lambda s=s, n=n: load(s, per_round, f"{s.name:<12} {n + 1}/{args.rounds}")
                    )
                    results[s.name].append(r)
                    print(
                        f"  round {n + 1}/{args.rounds}  {s.name:<12} {r.rps:8,.0f} req/s  p50 {r.p50_ms:6.1f} ms  "
                        f"p99 {r.p99_ms:6.1f} ms  errors {r.errors}",
                        flush=True,
                    )
            # One connection: the latency a lone visitor sees, without queueing behind the other connections.
            alone: dict[str, loadgen.Result] = {}
            for s in chosen if args.alone else []:
                wait_idle()
                alone[s.name] = load(s, args.alone, f"{s.name:<12} alone", connections=1)
                print(
                    f"  alone      {s.name:<12} {alone[s.name].rps:8,.0f} req/s  p50 {alone[s.name].p50_ms:6.1f} ms  "
                    f"p99 {alone[s.name].p99_ms:6.1f} ms",
                    flush=True,
                )
            rows = [
                report.Row(
                    scenario=s,
                    result=loadgen.Result.merge(results[s.name]),
                    queries=queries[s.name],
                    alone=alone.get(s.name),
                    crawl=crawled.get(s.name),
                )
                for s in chosen
            ]
    except KeyboardInterrupt:
        server.stop()
        print("\nbench: interrupted; server stopped", file=sys.stderr)
        return 130
    finally:
        server.stop()

    if wait_idle.waited:
        step(f"waited {wait_idle.waited:.0f} s in total for the machine to be idle")
    baseline = rows[0].result
    load_desc = (
        f"{info['load']}, {args.wrk_threads} thread(s), "
        f"{args.connections} connections, {args.duration} s per scenario in {args.rounds} interleaved rounds after "
        + ("a crawl of each scenario's distinct URLs and " if args.crawl else "")
        + f"{args.warmup} s warm-up"
        + (f"; bench, server and wrk at niceness {args.nice}" if args.nice else "")
        + ("" if args.page_cache else "; page cache off (PAGE_CACHE_SECONDS=0): every answer a render")
    )
    print()
    print(report.text_table(rows, baseline))
    print()
    notes = report.analysis(rows, baseline)
    for n in notes:
        print(f"  {n}")
    if args.write_docs:
        text = report.section(
            db=args.db,
            info=info,
            sizes=sizes,
            config=config.describe(),
            load=load_desc,
            rows=rows,
            baseline=baseline,
            analysis=notes,
        )
        report.write_docs(ROOT / "docs" / "performance.md", db=args.db, text=text)
        step("results written to docs/performance.md")
    return 1 if any(r.verdict(baseline) == "BROKEN" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
