"""The results table, the machine it ran on, and docs/performance.md (one section per database)."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from loadgen import Result
from scenarios import QueryCount, Scenario


@dataclass
class Row:
    scenario: Scenario
    result: Result
    queries: QueryCount
    alone: Result | None = None  # the same scenario at one connection
    crawl: Result | None = None  # each distinct URL asked for once before the rounds: every answer a render

    @property
    def render_cpu_ms(self) -> float | None:
        return self.crawl.cpu_ms_per_request if self.crawl is not None else None

    def ratio(self, baseline: Result) -> float:
        return self.result.rps / baseline.rps if baseline.rps else 0.0

    def verdict(self, baseline: Result) -> str:
        if not self.queries.ok or self.result.errors or not self.result.requests:
            return "BROKEN"
        t = self.scenario.target
        if t.p99_ms is None and t.min_ratio is None:
            return "—"
        ok = (t.p99_ms is None or self.result.p99_ms <= t.p99_ms) and (
            t.min_ratio is None or self.ratio(baseline) >= t.min_ratio
        )
        return "pass" if ok else "FAIL"


HEADERS = [
    "scenario",
    "req/s",
    "p50 ms",
    "p99 ms",
    "server CPU ms/req",
    "render CPU ms",
    "queries/req",
    "page cache hits",
    "vs hello",
    "errors",
    "target",
    "result",
]


def cells(row: Row, baseline: Result) -> list[str]:
    r, q = row.result, row.queries
    queries = f"{q.mean:.1f}" + (f" (max {q.max})" if q.max != round(q.mean) else "")
    if not q.ok:
        queries += " status " + ",".join(f"{k}×{v}" for k, v in sorted(q.statuses.items()))
    return [
        row.scenario.name,
        f"{r.rps:,.0f}",
        f"{r.p50_ms:.1f}",
        f"{r.p99_ms:.1f}",
        f"{r.cpu_ms_per_request:.2f}" if r.cpu_ms_per_request else "n/a",
        f"{row.render_cpu_ms:.1f}" if row.render_cpu_ms else "—",
        queries,
        f"{r.cache_hit_ratio:.0%}" if r.cache_hit_ratio is not None else "—",
        f"{row.ratio(baseline):.0%}",
        f"{r.errors:,}",
        row.scenario.target.describe(),
        row.verdict(baseline),
    ]


def text_table(rows: list[Row], baseline: Result) -> str:
    body = [cells(r, baseline) for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(HEADERS)]
    numeric = {1, 2, 3, 4, 5, 7, 8, 9}

    def fmt(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if i in numeric else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    return "\n".join([fmt(HEADERS), "  ".join("-" * w for w in widths), *(fmt(b) for b in body)])


def markdown_table(rows: list[Row], baseline: Result) -> str:
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join(["---", *["---:"] * 5, "---", "---:", "---:", "---:", "---", "---"]) + "|",
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(r, baseline)) + " |" for r in rows]
    return "\n".join(lines)


# --- machine --------------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        return f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        return "unknown"


def _os() -> str:
    try:
        text = Path("/etc/os-release").read_text()
        return re.search(r'PRETTY_NAME="?([^"\n]+)', text).group(1) + f", kernel {platform.release()}"
    except (OSError, AttributeError):
        return platform.platform()


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select sqlite_version()")
            return f"SQLite {cur.fetchone()[0]} (WAL)"
        cur.execute("show server_version")
        return f"PostgreSQL {cur.fetchone()[0].split()[0]}"


def machine(wrk: str | None) -> dict[str, str]:
    import django
    import gunicorn

    load = "python asyncio client (wrk unavailable)"
    if wrk:
        out = subprocess.run([wrk, "-v"], capture_output=True, text=True)
        load = (out.stdout + out.stderr).splitlines()[0].split(" Copyright")[0].strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} × {_cpu_model()}",
        "ram": _ram(),
        "os": _os(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "database": database_version(),
        "load": load,
        "loadavg": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else "n/a",
    }


# --- docs/performance.md --------------------------------------------------------------------------------

INTRO = """# Performance

Measured by `make bench` (`bench/run.py`; `make bench BENCH_ARGS="--help"` lists the options). It is
a benchmark, not a test: it prints a table, and the figure is the ratio of each page's throughput to
a hello-world Django view served by the same server in the same run.

Method. A large catalogue is generated with bulk inserts (log-normal popularity, five markets, four
grades, some offers out of stock, paused or withdrawn, some sellers on probation or suspended), then
the search index is rebuilt. gunicorn serves `comeback.wsgi` on 127.0.0.1 with `DEBUG` off and a
real `SECRET_KEY`. wrk, a second process on the same machine, keeps N connections busy, rotating
through 2,000 different URLs per scenario (product pages: half spread evenly over the catalogue,
half following popularity, in every market; searches: text, category, price, grade and page-2
mixes in every market). Each scenario is warmed up, then measured in rounds that interleave the
scenarios, so background activity weighs on all of them alike; the rounds' latency histograms are
merged exactly. Latencies are closed-loop (a connection sends its next request when the previous
one returns), so with N connections the p99 includes queueing behind the other N−1.

Each scenario is also run for a few seconds at one connection: the latency a lone visitor sees.

Page cache. Anonymous pages are served from a page cache (docs/decisions/0004-page-cache.md),
in Redis as in production when Redis answers. Before the rounds, each scenario's distinct URLs are
asked for once (a crawl, as a search engine or the first visitors would): those answers are all
renders, and their CPU is the *render CPU ms* column. The rounds then measure the site as it runs,
and *page cache hits* says what share of their answers the cache served.

Columns. *server CPU ms/req* is the CPU time (user + system, from /proc) the gunicorn processes
spent per request: unlike req/s it hardly depends on what else the machine is doing, and
cores × 1000 / CPU ms bounds the throughput an otherwise idle machine could reach. With
PostgreSQL it leaves out the database server's own CPU (another process). *queries/req*
is counted in-process with Django's test client on a sample of each scenario's URLs (mean, and
the maximum when it differs). Targets, for a 2-core machine:
product page p99 ≤ 50 ms and ≥ 30% of hello-world req/s; search p99 ≤ 100 ms. The API scenarios
are held to the same targets as their HTML counterparts. BROKEN means errors or non-200 answers.

Each database has its own section; a run replaces only its own database's section.
"""


def section(
    *,
    db: str,
    info: dict,
    sizes: dict,
    config: str,
    load: str,
    rows: list[Row],
    baseline: Result,
    analysis: list[str],
) -> str:
    title = "SQLite" if db == "sqlite" else "PostgreSQL"
    lines = [
        f"<!-- bench:{db} -->",
        f"## {title}",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- Software: Python {info['python']}, Django {info['django']}, gunicorn {info['gunicorn']}, {info['database']}",
        f"- Dataset: {sizes['products']:,} product models, {sizes['variants']:,} variants, {sizes['offers']:,} offers, "
        f"{sizes['sellers']:,} sellers",
        f"- Server: {config}, on the same machine as the load generator",
        f"- Load average (1, 5, 15 min) when the load started: {info['loadavg']}",
        f"- Load: {load}",
        "",
        markdown_table(rows, baseline),
        "",
        *[f"- {a}" for a in analysis],
        f"<!-- /bench:{db} -->",
    ]
    return "\n".join(lines) + "\n"


def write_docs(path: Path, *, db: str, text: str) -> None:
    """Replace this database's section and keep everything else (other benchmarks write here too).

    A new file starts with the introduction; a missing section goes before `<!-- notes -->` or at the end.
    """
    old = path.read_text() if path.exists() else INTRO
    pattern = re.compile(rf"<!-- bench:{db} -->.*?<!-- /bench:{db} -->\n?", re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    elif "<!-- notes -->" in old:
        new = old.replace("<!-- notes -->", text + "\n<!-- notes -->", 1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new)


def analysis(rows: list[Row], baseline: Result) -> list[str]:
    """One plain sentence per scenario with a target, so the table reads without arithmetic."""
    out = []
    for row in rows:
        t, r = row.scenario.target, row.result
        if t.p99_ms is None and t.min_ratio is None:
            alone = (
                f"; alone (1 connection) p50 {row.alone.p50_ms:.1f} ms, p99 {row.alone.p99_ms:.1f} ms"
                if row.alone is not None and row.alone.requests
                else ""
            )
            out.append(
                f"{row.scenario.title}: {r.rps:,.0f} req/s, p99 {r.p99_ms:.1f} ms{alone} — the baseline."
            )
            continue
        if row.verdict(baseline) == "BROKEN":
            out.append(
                f"{row.scenario.title}: not measurable — {r.requests:,} requests completed, {r.errors:,} errors "
                f"under load, in-process statuses {dict(row.queries.statuses)}."
            )
            continue
        parts = [f"p99 {r.p99_ms:.1f} ms"]
        if t.p99_ms is not None:
            parts[-1] += f" ({'within' if r.p99_ms <= t.p99_ms else 'over'} {t.p99_ms:g} ms)"
        parts.append(f"{row.ratio(baseline):.0%} of hello-world throughput")
        if t.min_ratio is not None:
            parts[-1] += f" ({'≥' if row.ratio(baseline) >= t.min_ratio else 'below'} {t.min_ratio:.0%})"
        parts.append(f"{row.queries.mean:.1f} queries per rendered page")
        if r.cache_hit_ratio is not None:
            parts.append(f"{r.cache_hit_ratio:.0%} of answers from the page cache")
        if row.render_cpu_ms:
            parts.append(f"a render (cache miss) costs {row.render_cpu_ms:.1f} ms of server CPU")
        if row.alone is not None and row.alone.requests:
            parts.append(f"alone (1 connection) p50 {row.alone.p50_ms:.1f} ms, p99 {row.alone.p99_ms:.1f} ms")
        if r.cpu_ms_per_request and baseline.cpu_ms_per_request:
            parts.append(
                f"{r.cpu_ms_per_request:.1f} ms of server CPU per request "
                f"({r.cpu_ms_per_request / baseline.cpu_ms_per_request:.0f}× hello-world)"
            )
        out.append(f"{row.scenario.title}: " + ", ".join(parts) + f" — {row.verdict(baseline)}.")
    return out
