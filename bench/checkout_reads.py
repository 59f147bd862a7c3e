"""Checkout under the mixed load's reads (`bench/checkout.py --with-reads 16`): the spread scenario again, on
offers of its own, while the bench's gunicorn server (bench/server.py) serves the bench catalogue and wrk keeps
N browsing connections busy on the mixed load's four request classes (product page, search page and their API
twins: the page scenarios' URLs, bench/scenarios.py), N/4 connections each.

The catalogue is seeded once into the checkout's database (bench/dataset.py, `--catalogue-*` sizes) and reused
by later runs, so the reads and the checkouts share one PostgreSQL database, as on the site. The browsing
load is warmed up first, then measured over exactly the checkout's window: wrk starts when the buyers do.
The report puts the checkout alone (the spread row of the same run) beside the checkout under reads, and the
reads' req/s, p50 and p99 per class (docs/performance.md "Checkout").
"""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSING = ("product", "search", "api_product", "api_search")  # the mixed load's reads (bench/mixed_run.py)
CHECKOUT_PRODUCT = "benchco-one"  # checkout's own fixtures: one model with every checkout offer, not browsed
TARGET_ORDERS = 300  # orders/s on PostgreSQL, under the reads too (docs/performance.md, Checkout)


@dataclass(frozen=True)
class Plan:
    connections: int
    warmup: int = 5
    variants: int = 20_000
    offers: int = 200_000
    sellers: int = 1_000
    redis: str = "auto"
    port: int = 8105
    var: Path = ROOT / "var" / "bench-checkout"

    @property
    def per_class(self) -> int:
        return max(1, self.connections // len(BROWSING))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--with-reads",
        type=int,
        default=0,
        metavar="N",
        help="also run the spread scenario while N browsing connections (N/4 per class: product, search, API "
        "product, API search) read the bench catalogue through gunicorn (0: checkout alone)",
    )
    parser.add_argument(
        "--reads-warmup", type=int, default=5, help="seconds of browsing before the checkouts"
    )
    parser.add_argument("--catalogue-variants", type=int, default=20_000, help="with --with-reads")
    parser.add_argument("--catalogue-offers", type=int, default=200_000, help="with --with-reads")
    parser.add_argument("--catalogue-sellers", type=int, default=1_000, help="with --with-reads")
    parser.add_argument(
        "--reads-redis",
        default="auto",
        metavar="URL",
        help="the server's page cache, as bench/run.py --redis: a URL, 'auto' or 'none' (each process's memory)",
    )
    parser.add_argument("--reads-port", type=int, default=8105, help="first port to try for the server")
    parser.add_argument(
        "--reads-var",
        type=Path,
        default=ROOT / "var" / "bench-checkout",
        help="COMEBACK_VAR of the server (static files, its key, its logs)",
    )


def plan_from(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Plan | None:
    if args.with_reads < 0:
        parser.error("--with-reads must be ≥ 0")
    if not args.with_reads:
        return None
    if args.with_reads < len(BROWSING):
        parser.error(f"--with-reads needs at least {len(BROWSING)} connections, one per request class")
    for name in ("catalogue_variants", "catalogue_offers", "catalogue_sellers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be ≥ 1")
    return Plan(
        connections=args.with_reads,
        warmup=max(0, args.reads_warmup),
        variants=args.catalogue_variants,
        offers=args.catalogue_offers,
        sellers=args.catalogue_sellers,
        redis=args.reads_redis,
        port=args.reads_port,
        var=args.reads_var,
    )


def configure(plan: Plan, url: str) -> None:
    """The environment the server and this process share (before Django starts): bench/run.py's, on `url`."""
    import run

    plan.var.mkdir(parents=True, exist_ok=True)
    run.configure(
        argparse.Namespace(
            var=plan.var,
            db="postgres",
            database_url=url,
            redis=run.resolve_redis(plan.redis),
            page_cache=True,
        )
    )


def prepare(plan: Plan) -> dict[str, list[str]]:
    """The catalogue in the checkout's database (seeded unless already there), its static files; the URLs."""
    import dataset
    import run
    import scenarios

    run.prepare(
        argparse.Namespace(
            db="postgres",
            reuse=True,
            keep_catalogue=False,
            variants=plan.variants,
            offers=plan.offers,
            sellers=plan.sellers,
        )
    )
    data = dataset.sample()
    data["products"] = [p for p in data["products"] if p["slug"] != CHECKOUT_PRODUCT]
    return {s.name: s.urls for s in scenarios.build(data) if s.name in BROWSING}


@dataclass
class Reads:
    """What the browsing connections got during the checkouts."""

    connections: int
    classes: dict = field(default_factory=dict)  # class → loadgen.Result
    server_cpu: float = 0.0
    cache_hits: int = 0
    cache_misses: int = 0

    @property
    def rps(self) -> float:
        return sum(r.rps for r in self.classes.values())

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.classes.values())

    def merged(self):
        import loadgen

        return loadgen.Result.merge(list(self.classes.values()))


class Browsing:
    """The server and the wrk processes: `with Browsing(...) as b:`, `b.warm_up()`, then `b.start(seconds)`
    when the buyers start and `b.finish()` after them."""

    def __init__(self, plan: Plan, urls: dict[str, list[str]]):
        import loadgen
        from server import Server, ServerConfig, free_port

        self.plan, self.urls = plan, urls
        self.wrk = loadgen.find_wrk()
        if self.wrk is None:
            raise SystemExit("bench: --with-reads needs wrk (apt-get install wrk)")
        import os

        self.config = ServerConfig(
            worker_class="gthread",
            workers=os.cpu_count() or 1,
            threads=4,
            cache="Redis" if os.environ.get("REDIS_URL") else "local memory",
            reuse_port=True,
        )
        port = free_port(range(plan.port, plan.port + 5))
        self.server = Server(
            config=self.config, env={**os.environ}, port=port, log_path=plan.var.resolve() / "gunicorn.log"
        )
        self.reads = Reads(connections=plan.per_class * len(BROWSING))
        self.threads: list[threading.Thread] = []

    def __enter__(self) -> Browsing:
        self.base_url = self.server.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()

    def _load(self, name: str, seconds: int, desc: str, out: dict | None = None) -> None:
        import loadgen

        r = loadgen.run_wrk(
            self.wrk,
            base_url=self.base_url,
            urls=self.urls[name],
            seconds=seconds,
            connections=self.plan.per_class,
            threads=1,
            desc=desc,
        )
        if out is not None:
            out[name] = r

    def _all(self, seconds: int, desc: str, out: dict | None = None) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._load, args=(n, seconds, f"{n:<12} {desc}", out)) for n in BROWSING
        ]
        for t in threads:
            t.start()
        return threads

    def warm_up(self) -> None:
        for t in self._all(self.plan.warmup, "warm-up") if self.plan.warmup else []:
            t.join()

    def start(self, seconds: float) -> None:
        self._cpu, self._log = self.server.cpu_seconds(), self.server.access_log_offset()
        self.threads = self._all(max(1, round(seconds)), "reads", self.reads.classes)

    def finish(self) -> Reads:
        for t in self.threads:
            t.join()
        self.reads.server_cpu = self.server.cpu_seconds() - self._cpu
        self.reads.cache_hits, self.reads.cache_misses = self.server.cache_counts(self._log)
        return self.reads


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v:,.1f}"


def report(alone, loaded, reads: Reads) -> str:
    """The checkout alone beside the checkout under reads (two checkout.Outcome), then the reads per class."""
    rows = [
        "| checkout, spread | buyers | orders | orders/s | p50 ms | p99 ms | CPU ms/order app + db | oversold "
        "| units sold = lines = stock consumed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, o in (("alone", alone), (f"under {reads.connections} reading connections", loaded)):
        check = f"{o.units_sold} = {o.lines} = {o.stock_consumed} {'✓' if o.reconciled else '✗'}"
        rows.append(
            f"| {label} | {o.buyers} in {o.processes} processes | {o.orders:,} | {o.rate:,.0f} | {o.p50_ms:.1f} "
            f"| {o.p99_ms:.1f} | {o.app_cpu_ms:.1f} + {o.db_cpu_ms:.1f} | {o.oversold} | {check} |"
        )
    per_class = max(1, reads.connections // len(BROWSING))
    rows += [
        "",
        f"| reads during the checkouts ({reads.connections} connections) | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in BROWSING:
        r = reads.classes.get(name)
        if r is not None:
            ok = bool(r.requests)
            rows.append(
                f"| {name} ({per_class} connections) | {r.rps:,.0f} | {_ms(r.p50_ms if ok else None)} "
                f"| {_ms(r.p99_ms if ok else None)} | {r.errors:,} |"
            )
    merged = reads.merged() if reads.classes else None
    ok = bool(merged and merged.requests)
    rows.append(
        f"| all reads | {reads.rps:,.0f} | {_ms(merged.p50_ms if ok else None)} "
        f"| {_ms(merged.p99_ms if ok else None)} | {reads.errors:,} |"
    )
    seen = reads.cache_hits + reads.cache_misses
    verdict = (
        "met" if loaded.rate >= TARGET_ORDERS and not loaded.oversold and loaded.reconciled else "NOT met"
    )
    rows += [
        "",
        f"Checkout ≥ {TARGET_ORDERS} orders/s under the reads: {verdict} — {loaded.rate:,.0f} orders/s "
        f"(p99 {loaded.p99_ms:.1f} ms) against {alone.rate:,.0f} alone (p99 {alone.p99_ms:.1f} ms) in the same run; "
        f"the server served {reads.rps:,.0f} reads/s with {reads.server_cpu:.1f} s of CPU"
        + (f", {reads.cache_hits / seen:.0%} of its pages from the page cache." if seen else "."),
    ]
    return "\n".join(rows)
