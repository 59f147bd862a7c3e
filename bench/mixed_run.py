"""Runs the mixed scenario (bench/mixed.py) for bench/run.py and reports it: a table per kind of figure, and a
section of docs/performance.md per database with --write-docs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from request_log import Served, read_log, server_split
from server import cpu_of, machine_busy

BROWSING = ("product", "search", "api_product", "api_search")
TARGETS = {  # p99 ms, minimum share of hello-world per connection (docs/performance.md)
    "product": (50, 0.30),
    "search": (100, None),
    "api_product": (50, 0.30),
    "api_search": (100, None),
}
FRESHNESS_TARGETS = {"product": 1.0, "search": 5.0}  # seconds, p99


def group_cpu(pgid: int) -> float:
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def settle(env: dict, var: Path) -> None:
    """Bring the bench database to where a running site stands before the load: every periodic job run once
    (a fresh database has never run the daily seller jobs, whose first run recomputes every seller's quality
    score, and each change makes every cached page stale) and the events it emitted handled. Without it the
    scheduler started beside the server runs them during the crawl and the load."""
    comeback = Path(sys.executable).with_name("comeback")
    started = time.monotonic()
    with (var / "settle.log").open("w") as log:
        for cmd in (["scheduler", "--once"], ["worker", "--batch"]):
            subprocess.run([str(comeback), *cmd], env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    print(
        f"bench: mixed: periodic jobs run and their events handled in {time.monotonic() - started:.0f} s",
        flush=True,
    )


@contextlib.contextmanager
def background(env: dict, var: Path, *, enabled: bool = True):
    """The task worker and the scheduler, as production runs them beside the web nodes."""
    comeback = Path(sys.executable).with_name("comeback")
    if not enabled:
        yield []
        return
    procs = [
        subprocess.Popen(
            [str(comeback), *cmd],
            env=env,
            stdout=(var / f"{cmd[0]}.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for cmd in (
            ["worker", "--interval", "0.2"],
            ["scheduler"],
        )  # in this order: the report splits their CPU
    ]
    try:
        yield procs
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)


@dataclass
class Outcome:
    browsing: dict = field(default_factory=dict)  # class → loadgen.Result
    hello: object = None
    served: dict = field(default_factory=dict)
    writes: object = None
    freshness: list = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0
    background_cpu: float = 0.0
    worker_cpu: float = 0.0  # the task worker's share of background_cpu (the rest is the scheduler's)
    machine_cpu: float = 0.0  # every process of the machine: load generators, databases, other tenants
    postgres_cpu: float = 0.0  # every PostgreSQL process, other databases' included
    redis_cpu: float = 0.0
    crawled: dict = field(default_factory=dict)  # class → distinct URLs rendered before the load


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def measure(*, args, env, wrk, server, base_url, urls: dict, fx, procs) -> Outcome:
    import loadgen
    import mixed

    per_class = max(1, args.connections // len(BROWSING))

    def browse(name: str, seconds: int, desc: str, connections: int = per_class, out=None):
        r = loadgen.run_wrk(
            wrk,
            base_url=base_url,
            urls=urls[name],
            seconds=seconds,
            connections=connections,
            threads=1,
            desc=desc,
        )
        if out is not None:
            out[name] = r
        return r

    def hello(desc: str):
        return server.measure(lambda: browse("hello", args.mixed_hello, desc, connections=args.connections))

    out = Outcome()
    if args.crawl:
        # The page cache as hours of traffic leave it: every URL rendered once before the load, so a miss during
        # the load is a page some write made stale (or a search the newest snapshot made stale), not a first visit.
        for name in BROWSING:
            c = loadgen.crawl(base_url=base_url, urls=urls[name], connections=4, desc=f"{name:<12} crawl")
            out.crawled[name] = c.requests
            print(
                f"  crawl  {name:<12} {c.requests:,} distinct URLs in {c.seconds:.0f} s, {c.errors} errors",
                flush=True,
            )
    first = hello("hello        before")
    print(f"  hello before  {first.rps:8,.0f} req/s  p99 {first.p99_ms:6.1f} ms", flush=True)
    warm = [threading.Thread(target=browse, args=(n, args.warmup, f"{n:<12} warm-up")) for n in BROWSING]
    for t in warm:
        t.start()
    for t in warm:
        t.join()

    reader, probes, results = mixed.start_reader(base_url, env)
    writers = mixed.Writers(base_url, fx, probes)
    stop = threading.Event()
    log_offset = Path(server.config.request_log).stat().st_size
    cpu0, bg0 = server.cpu_seconds(), sum(group_cpu(p.pid) for p in procs)
    machine0, pg0, redis0 = machine_busy(), cpu_of("postgres"), cpu_of("redis-server")
    worker0 = group_cpu(procs[0].pid) if procs else 0.0
    start = time.monotonic()
    writes_box = {}
    threads = [
        threading.Thread(
            target=browse, args=(n, args.duration, f"{n:<12} mixed"), kwargs={"out": out.browsing}
        )
        for n in BROWSING
    ]
    threads.append(
        threading.Thread(target=lambda: writes_box.update(w=writers.run(args.duration, stop)), daemon=True)
    )
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    finally:
        stop.set()
    out.seconds = time.monotonic() - start
    out.server_cpu = server.cpu_seconds() - cpu0
    out.background_cpu = sum(group_cpu(p.pid) for p in procs) - bg0
    out.worker_cpu = group_cpu(procs[0].pid) - worker0 if procs else 0.0
    out.machine_cpu = machine_busy() - machine0
    out.postgres_cpu, out.redis_cpu = cpu_of("postgres") - pg0, cpu_of("redis-server") - redis0
    out.served = read_log(Path(server.config.request_log), log_offset)
    out.writes = writes_box.get("w", writers.writes)
    probes.put(None)
    try:
        out.freshness = results.get(timeout=60)
    except Exception:
        print("bench: the freshness reader did not answer", file=sys.stderr)
    reader.join(5)
    if reader.is_alive():
        reader.kill()
    last = hello("hello        after")
    print(f"  hello after   {last.rps:8,.0f} req/s  p99 {last.p99_ms:6.1f} ms", flush=True)
    out.hello = loadgen.Result.merge([first, last])
    return out


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v:,.1f}"


def _share(v: float | None) -> str:
    return "—" if v is None else f"{v:.0%}"


def tables(out: Outcome, *, connections: int) -> tuple[list[str], list[str]]:
    """Markdown tables and one plain sentence per target."""
    per_class = max(1, connections // len(BROWSING))
    hello = out.hello
    hello_per_conn = hello.rps / connections if hello and hello.requests else 0.0
    lines = [
        "| request class | req/s | p50 ms | p99 ms | in-server p99 ms | vs hello per connection | page-cache hits | "
        "CPU ms per hit | render CPU ms per miss | errors | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
        f"| hello (before and after, {connections} connections) | {hello.rps:,.0f} | {hello.p50_ms:.1f} | "
        f"{hello.p99_ms:.1f} | — | 100% | — | {_ms(out.served.get('hello', Served()).ms_per_request)} | — | "
        f"{hello.errors} | baseline | — |",
    ]
    notes, total = [], 0.0
    for name in BROWSING:
        r = out.browsing.get(name)
        if r is None:
            continue
        total += r.rps
        s = out.served.get(name, Served())
        p99_max, ratio_min = TARGETS[name]
        ratio = (r.rps / per_class) / hello_per_conn if hello_per_conn else None
        ok = r.p99_ms <= p99_max and (ratio_min is None or (ratio or 0) >= ratio_min)
        verdict = "BROKEN" if r.errors or not r.requests else ("pass" if ok else "FAIL")
        target = f"p99 ≤ {p99_max} ms" + (f", ≥ {ratio_min:.0%} of hello" if ratio_min else "")
        lines.append(
            f"| {name} ({per_class} connections) | {r.rps:,.0f} | {_ms(r.p50_ms if r.requests else None)} | "
            f"{_ms(r.p99_ms if r.requests else None)} | {_ms(pct(s.walls_ms, 99))} | {_share(ratio)} | "
            f"{_share(s.hit_ratio)} | {_ms(s.ms_per_hit)} | {_ms(s.ms_per_miss)} | {r.errors} | {target} | {verdict} |"
        )
        notes.append(
            f"{name}: {r.requests:,} answers, {r.errors:,} errors or timeouts (10 s), p99 "
            f"{_ms(r.p99_ms if r.requests else None)} ms (target {p99_max} ms), {_share(ratio)} of hello-world per connection, "
            f"{_share(s.hit_ratio)} page-cache hits, a miss costs {_ms(s.ms_per_miss)} ms of CPU — {verdict}."
        )
    lines.append(
        f"| all browsing ({connections} connections) | {total:,.0f} | | | | "
        f"{_share(total / hello.rps if hello.rps else None)} | | | | | | |"
    )
    lines += [
        "",
        "| write | answered | per s | p50 ms | p99 ms | in-server p50 ms | in-server p99 ms | CPU ms | answers |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    w = out.writes
    for kind in ("reprice", "checkout", "quote"):
        lat = w.latency.get(kind, [])
        answers = ", ".join(f"{k}: {v:,}" for k, v in sorted(w.answers.get(kind, {}).items()))
        lines.append(
            f"| {kind} | {len(lat):,} | {len(lat) / out.seconds:.1f} | {_ms(_ms_of(pct(lat, 50)))} | "
            f"{_ms(_ms_of(pct(lat, 99)))} | {_in_server(out, kind)} | {answers} |"
        )
    lines += [
        "",
        "| freshness (answer → new price seen) | probes | seen | p50 ms | p99 ms | max ms | target | result |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for page, limit in FRESHNESS_TARGETS.items():
        rows = [f for f in out.freshness if f[0] == page and f[2]]
        seen = [f[1] for f in rows if f[1] is not None]
        p99 = pct(seen, 99)
        ok = rows and len(seen) == len(rows) and p99 is not None and p99 <= limit
        verdict = "pass" if ok else "FAIL"
        lines.append(
            f"| {page} page | {len(rows)} | {len(seen)} | {_ms(_ms_of(pct(seen, 50)))} | {_ms(_ms_of(p99))} | "
            f"{_ms(_ms_of(max(seen, default=None)))} | p99 ≤ {limit:g} s | {verdict} |"
        )
        unlisted = sum(1 for f in out.freshness if f[0] == page and not f[2])
        notes.append(
            f"freshness of the {page} page: p50 {_ms(_ms_of(pct(seen, 50)))} ms, p99 {_ms(_ms_of(p99))} ms over "
            f"{len(seen)} of {len(rows)} probes seen"
            + (f" ({unlisted} probes' product not on the page read)" if unlisted else "")
            + f" — {verdict}."
        )
    reader = (
        out.served.get("reader:product", Served()).requests
        + out.served.get("reader:search", Served()).requests
    )
    notes.append(
        f"CPU over the {out.seconds:.0f} s: server {out.server_cpu:.1f} s "
        f"({out.server_cpu / out.seconds:.2f} cores), task worker and scheduler {out.background_cpu:.1f} s; "
        f"the freshness reader made {reader:,} requests."
    )
    rest = out.machine_cpu - out.server_cpu - out.background_cpu - out.postgres_cpu - out.redis_cpu
    notes.append(
        f"Where the machine's {os.cpu_count()} cores went ({out.machine_cpu / out.seconds:.2f} busy): "
        f"server {out.server_cpu / out.seconds:.2f}, task worker {out.worker_cpu / out.seconds:.2f}, "
        f"scheduler {(out.background_cpu - out.worker_cpu) / out.seconds:.2f}, "
        f"PostgreSQL {out.postgres_cpu / out.seconds:.2f}, Redis {out.redis_cpu / out.seconds:.2f}, "
        f"the load generators and everything else {max(rest, 0.0) / out.seconds:.2f} "
        "(wrk, the writers, the freshness reader, and any other tenant of the machine)."
    )
    notes.append(server_split(out.served, out.server_cpu, browsing=BROWSING))
    return lines, notes


def _in_server(out: Outcome, kind: str) -> str:
    """A write's wall time inside its server thread (p50, p99) and CPU per request; a checkout is its cart
    add and its checkout, two requests."""
    parts = [out.served.get(c, Served()) for c in (("cart", "checkout") if kind == "checkout" else (kind,))]
    walls = [w for s in parts for w in s.walls_ms]
    cpu = sum(s.ms_per_request or 0.0 for s in parts) if any(s.requests for s in parts) else None
    return f"{_ms(pct(walls, 50))} | {_ms(pct(walls, 99))} | {_ms(cpu)}"


def _crawl_line(out: Outcome) -> str:
    if not out.crawled:
        return "cold (`--no-crawl`): the load starts with no page kept, so a class's first pass over its URLs is all renders"
    counts = ", ".join(f"{name} {n:,}" for name, n in out.crawled.items())
    return (
        f"warm, as hours of traffic leave it: each class's distinct URLs were rendered once before the load ({counts}); "
        "a miss during the load is a page a write made stale, or a search a newer snapshot made stale"
    )


def _ms_of(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1e3


def run(*, args, env, wrk, info: dict, sizes: dict, data: dict) -> int:
    """The whole mixed scenario on the prepared bench database: fixtures, server, load, report."""
    import mixed
    import report
    import scenarios
    from server import Server, ServerConfig, free_port

    if wrk is None:
        raise SystemExit("bench: the mixed scenario needs wrk (apt-get install wrk)")
    from django.db import connection

    print("bench: mixed: seller tokens, buyers, probes and buyback offers", flush=True)
    fx = mixed.prepare(data)
    connection.close()
    urls = {s.name: s.urls for s in scenarios.build(data)}
    var = args.var.resolve()
    request_log = var / "requests.log"
    request_log.write_text("")
    env = {
        **env,
        "RATELIMIT_PROXY_COUNT": "1",
    }  # quotes come from many customers' addresses (X-Forwarded-For)
    config = ServerConfig(
        worker_class=args.worker_class,
        workers=args.workers,
        threads=args.threads,
        cache="Redis" if args.redis else "local memory",
        reuse_port=args.reuse_port,
        request_log=str(request_log),
    )
    if args.mixed_background:
        settle(env, var)
    port = free_port(range(args.port, args.port + 5))
    server = Server(config=config, env=env, port=port, log_path=var / "gunicorn.log")
    print(
        f"bench: mixed load for {args.duration} s on {config.describe()}, 127.0.0.1:{port}: "
        f"{args.connections} browsing connections, {mixed.RATES}",
        flush=True,
    )
    try:
        with server as base_url, background(env, var, enabled=args.mixed_background) as procs:
            out = measure(
                args=args, env=env, wrk=wrk, server=server, base_url=base_url, urls=urls, fx=fx, procs=procs
            )
    except KeyboardInterrupt:
        server.stop()
        print("\nbench: interrupted; server stopped", file=sys.stderr)
        return 130
    lines, notes = tables(out, connections=args.connections)
    print()
    print("\n".join(lines))
    print()
    for n in notes:
        print(f"  {n}")
    if args.write_docs:
        db = "SQLite" if args.db == "sqlite" else "PostgreSQL"
        text = "\n".join(
            [
                f"<!-- bench:mixed-{args.db} -->",
                f"## Mixed load, {db}",
                "",
                f"- Date: {info['date']}",
                f"- Machine: {info['cpu']}, {info['ram']} RAM, {info['os']}",
                f"- Software: Python {info['python']}, Django {info['django']}, gunicorn {info['gunicorn']}, "
                f"{info['database']}",
                f"- Dataset: {sizes['products']:,} product models, {sizes['variants']:,} variants, "
                f"{sizes['offers']:,} offers, {sizes['sellers']:,} sellers",
                f"- Server: {config.describe()}; the task worker and the scheduler beside it",
                f"- Load average (1, 5, 15 min) when the load started: {info['loadavg']}",
                f"- Load: {info['load']}, {args.duration} s of {args.connections} browsing connections "
                f"(4 request classes × {max(1, args.connections // 4)}) after {args.warmup} s of warm-up, with "
                f"reprices {mixed.RATES['reprice']:g}/s, checkouts {mixed.RATES['checkout']:g}/s and quotes "
                f"{mixed.RATES['quote']:g}/s; hello-world {args.mixed_hello} s before and after",
                f"- Page cache: {_crawl_line(out)}",
                "",
                *lines,
                "",
                *(f"- {n}" for n in notes),
                f"<!-- /bench:mixed-{args.db} -->",
                "",
            ]
        )
        report.write_docs(
            Path(__file__).resolve().parent.parent / "docs" / "performance.md",
            db=f"mixed-{args.db}",
            text=text,
        )
        print("bench: results written to docs/performance.md")
    bad = any(r.errors for r in out.browsing.values())
    return 1 if bad else 0
