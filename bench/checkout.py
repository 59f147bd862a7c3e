"""Checkout benchmark on PostgreSQL: concurrent buyers checking out through the real service
(`comeback.orders.services.checkout.checkout`: conditional stock UPDATE, order, fulfilments, lines,
payment via the test provider, ledger, outbox, all in the same transactions as in production).

Two scenarios, each with 32 concurrent buyers: 32 database connections, 32 checkouts in flight. They run as
threads in 2 OS processes per CPU (4 here), like an app server's workers, so that Python's GIL is not the
limit and 32 processes do not thrash 2 cores; `--processes 32` gives the former one process per buyer.

- **spread**: 1,000 offers with plenty of stock; each buyer orders one unit of a random offer.
- **hot**: 10 offers with little stock; every buyer fights for them until they are sold out.

It prints orders/s, p50 and p99 checkout latency, the oversell count (must be 0), the reconciliation
(units sold = order lines = stock consumed), and — measured in the same run on the same database —
the raw pgbench rate of one conditional UPDATE + INSERT, the ceiling any checkout could reach.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchcheckout .venv/bin/python bench/checkout.py

Options: --buyers 32 --processes 4 --seconds 15 --offers 1000 --hot-offers 10 --hot-stock 40
--prepare-threshold 5. The database is created if missing and its orders tables are emptied first. Each
buyer's cart item is inserted with one plain INSERT before each checkout (a buyer adds to the cart, then
checks out); the checkout alone is what is timed. Prepared statements are on, as in production's default
settings (DB_PREPARE_THRESHOLD=5: PostgreSQL plans checkout's statements once per connection), unless
`--prepare-threshold 0` (docs/buying.md "Benchmark"). `--with-reads 16` also runs the spread scenario under the
mixed load's reads, served by gunicorn from the bench catalogue in the same database (bench/checkout_reads.py).

CPU per order: app = the buyer processes (the part inside checkout() is printed below the table); db = the
buyers' own PostgreSQL backends, read from /proc (the server-wide figure, which includes whatever else the
server runs, is printed too).
"""

from __future__ import annotations

import argparse
import atexit
import multiprocessing as mp
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import checkout_reads
from server import cpu_of

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/benchcheckout"
ADDRESS = {"name": "Bench Buyer", "line1": "1 rue du Test", "postal_code": "75001", "city": "Paris"}


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    if "COMEBACK_VAR" not in os.environ:  # set once by the parent; the buyer processes inherit it
        var = tempfile.mkdtemp(prefix="comeback-bench-checkout-")
        os.environ["COMEBACK_VAR"] = var
        atexit.register(shutil.rmtree, var, True)  # forked buyers leave through os._exit: only the parent
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comeback.settings")
    os.environ.setdefault("CONN_MAX_AGE", "600")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def libpq_url(url: str) -> str:
    """The URL without Django's OPTIONS (`?prepare_threshold=…`), which libpq and pgbench do not know."""
    return url.split("?", 1)[0]


def ensure_database(url: str) -> None:
    import psycopg

    url = libpq_url(url)
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# Fixtures ---------------------------------------------------------------------------------------
def build_fixtures(*, offers: int, hot_offers: int, hot_stock: int, buyers: int) -> dict:
    """Fresh sellers, offers and buyers for this run (orders of earlier runs are emptied first)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from comeback.accounts.models import User
    from comeback.catalog.models import Brand, Category, ProductModel, Variant
    from comeback.core import markets
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller, SellerStatus

    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE orders_ledgerentry, orders_refund, orders_return, orders_review, orders_payment, "
            "orders_orderline, orders_fulfilment, orders_order, orders_payout, orders_cartitem, orders_cart, "
            "core_outboxevent RESTART IDENTITY CASCADE"
        )
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cur:  # outbox drains queued by earlier runs (no worker runs here)
        cur.execute(f"TRUNCATE {DBTaskResult._meta.db_table}")
    markets.clear_cache()
    run = uuid.uuid4().hex[:8]  # fresh sellers and buyers per run: nothing of other apps is ever deleted

    category, _ = Category.objects.get_or_create(
        slug="bench-phones", defaults={"name": "Bench phones", "battery_floor": 80}
    )
    brand, _ = Brand.objects.get_or_create(slug="benchco", defaults={"name": "BenchCo"})
    product, _ = ProductModel.objects.get_or_create(
        slug="benchco-one", defaults={"category": category, "brand": brand, "name": "One"}
    )
    total = offers + hot_offers + 1  # the last one is for counting a checkout's statements
    variants = list(Variant.objects.filter(product=product).order_by("id")[:total])
    for i in range(len(variants), total):
        variants.append(
            Variant.objects.create(product=product, label=f"Variant {i}", sku=f"BENCH-CHK-{i:05d}")
        )
    password = make_password(None)
    seller_users = User.objects.bulk_create(
        [User(email=f"seller{i}-{run}@bench-checkout.test", password=password) for i in range(20)]
    )
    sellers = Seller.objects.bulk_create(
        [
            Seller(
                user=u,
                legal_name=f"Bench Seller {i}",
                display_name=f"Bench Seller {i}",
                slug=f"bench-chk-{run}-{i}",
                country="FR",
                markets=["FR"],
                status=SellerStatus.FULL,
            )
            for i, u in enumerate(seller_users)
        ]
    )
    rng = random.Random(4)
    rows = []
    for i, variant in enumerate(variants):
        hot = offers <= i < offers + hot_offers
        rows.append(
            Offer(
                seller=sellers[i % len(sellers)],
                variant=variant,
                market_id="FR",
                grade="good",
                price_amount=rng.randint(5_000, 90_000),
                currency="EUR",
                quantity=hot_stock if hot else 1_000_000,
                battery_health_min=85,
                warranty_months=12,
                handling_days=1,
                status="active",
            )
        )
    created = Offer.objects.bulk_create(rows)
    buyer_users = User.objects.bulk_create(
        [User(email=f"buyer{i}-{run}@bench-checkout.test", password=password) for i in range(buyers)]
    )
    with connection.cursor() as cur:
        # Fresh statistics, as autovacuum would give a live database: planned on stale ones (a bulk load it has not
        # seen yet), the checkout's offer lookup scanned every offer of the market instead of using the key.
        cur.execute("ANALYZE")
    return {
        "spread": [o.pk for o in created[:offers]],
        "hot": [o.pk for o in created[offers : offers + hot_offers]],
        "probe": created[-1].pk,
        "buyers": [u.pk for u in buyer_users],
    }


def statements_per_checkout(buyer_id: int, offer_id: int) -> str:
    """The SQL of one checkout of one unit, on an offer of its own, described in a sentence. The second of two
    checkouts is counted: the first of a run also queues the outbox drain that later ones find queued."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comeback.accounts.models import User
    from comeback.orders.models import Cart, CartItem
    from comeback.orders.services.checkout import checkout

    warm_up()
    buyer = User.objects.get(pk=buyer_id)
    cart, _ = Cart.objects.get_or_create(user=buyer, market_id="FR")
    for _round in range(2):
        CartItem.objects.create(cart=cart, offer_id=offer_id, quantity=1)
        with CaptureQueriesContext(connection) as captured:
            checkout(
                buyer=buyer,
                market_code="FR",
                idempotency_key=uuid.uuid4().hex,
                shipping_address=ADDRESS,
                payment_method="4242424242424242",
            )
    transactions, inside, writes, reads, in_tx = 0, 0, 0, 0, False
    for q in captured.captured_queries:
        sql = q["sql"].lstrip().upper()
        if sql == "BEGIN":
            transactions, in_tx = transactions + 1, True
        elif sql in ("COMMIT", "ROLLBACK"):
            in_tx = False
        elif in_tx:
            inside += 1
        elif sql.startswith(("INSERT", "UPDATE", "DELETE")):
            writes += 1
        else:
            reads += 1

    def n(count: int, what: str) -> str:
        return f"{count} {what}{'' if count == 1 else 's'}"

    return (
        f"A checkout of one unit runs {inside + writes + reads} SQL statements: {inside} in "
        f"{n(transactions, 'transaction')}, {n(writes, 'single-statement write')} and {n(reads, 'read')} "
        f"outside them (BEGIN/COMMIT not counted); pgbench runs 2 statements in 1 transaction."
    )


# One buyer --------------------------------------------------------------------------------------
@dataclass
class BuyerResult:
    latencies: list[float] = field(default_factory=list)
    sold: dict[int, int] = field(default_factory=dict)
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    checkout_cpu: float = 0.0  # seconds of this process's CPU inside checkout() calls
    backend_cpu: float | None = None  # seconds of CPU of this buyer's PostgreSQL backend during the run


def buyer_process(
    url: str, buyer_ids: list[int], offer_ids: list[int], seconds: float, start, out, stop_when_sold_out: bool
):
    """One OS process running some of the buyers, one thread (and database connection) each."""
    setup_django(url)
    threads = [
        threading.Thread(target=buyer_loop, args=(b, offer_ids, seconds, start, out, stop_when_sold_out))
        for b in buyer_ids
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def buyer_loop(buyer_id: int, offer_ids: list[int], seconds: float, start, out, stop_when_sold_out: bool):
    from django.db import connection

    from comeback.accounts.models import User
    from comeback.core import clock
    from comeback.core.problems import Conflict
    from comeback.orders.models import Cart, CartItem, OrderStatus
    from comeback.orders.services.checkout import checkout

    connection.close()
    buyer = User.objects.get(pk=buyer_id)
    cart, _ = Cart.objects.get_or_create(user=buyer, market_id="FR")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    rng = random.Random(buyer_id)
    result = BuyerResult()
    sold_out: set[int] = set()
    start.wait()
    backend_before = _process_cpu(backend)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        candidates = [o for o in offer_ids if o not in sold_out] if stop_when_sold_out else offer_ids
        if not candidates:
            break
        offer_id = rng.choice(candidates)
        # The buyer adds to the cart: one plain INSERT, so the harness costs little beside the checkout.
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO orders_cartitem (cart_id, offer_id, quantity, added_at) VALUES (%s, %s, 1, %s)",
                [cart.pk, offer_id, clock.now()],
            )
        began, cpu_began = time.perf_counter(), time.thread_time()
        try:
            order = checkout(
                buyer=buyer,
                market_code="FR",
                idempotency_key=uuid.uuid4().hex,
                shipping_address=ADDRESS,
                payment_method="4242424242424242",
            ).order
        except Conflict as exc:
            result.checkout_cpu += time.thread_time() - cpu_began
            result.refused += 1
            if exc.code == "out_of_stock":
                sold_out.add(offer_id)
            CartItem.objects.filter(cart=cart).delete()
            continue
        except Exception as exc:  # reported, never hidden
            result.errors.append(repr(exc)[:200])
            CartItem.objects.filter(cart=cart).delete()
            continue
        result.checkout_cpu += time.thread_time() - cpu_began
        result.latencies.append(time.perf_counter() - began)
        if order.status == OrderStatus.PAID:
            result.sold[offer_id] = result.sold.get(offer_id, 0) + 1
    backend_after = _process_cpu(backend)
    if backend_before is not None and backend_after is not None:
        result.backend_cpu = backend_after - backend_before
    connection.close()
    out.put(result)


def warm_up() -> None:
    """Load, before forking, what the first checkout would otherwise load in each of 32 processes: the URL
    configuration (every app's views and API), the holiday calendar, the payment provider."""
    from django.urls import reverse

    from comeback.core import clock, markets
    from comeback.orders import payments
    from comeback.orders.calendar import business_deadline

    reverse("orders:pay_confirm", args=["ORD-WARMUP"])
    market = markets.get("FR")
    business_deadline(clock.now(), 1, tz=market.timezone, country=market.code)
    payments.get_provider()


# A scenario -------------------------------------------------------------------------------------
@dataclass
class Outcome:
    name: str
    buyers: int
    processes: int
    offers: int
    seconds: float
    orders: int
    refused: int
    errors: list[str]
    p50_ms: float
    p99_ms: float
    app_cpu_ms: (
        float  # CPU of the buyer processes per order (Django, psycopg, the test provider, the cart INSERT)
    )
    db_cpu_ms: (
        float  # CPU of the buyers' own PostgreSQL backends per order (server-wide if /proc cannot tell)
    )
    checkout_cpu_ms: float  # the part of app_cpu_ms spent inside checkout() itself
    server_cpu_ms: float  # CPU of every PostgreSQL process per order: includes other databases' load
    oversold: int
    units_sold: int
    lines: int
    stock_consumed: int
    reads: object = None  # checkout_reads.Reads: what the browsing connections got beside this scenario

    @property
    def rate(self) -> float:
        return self.orders / self.seconds if self.seconds else 0.0

    @property
    def reconciled(self) -> bool:
        return self.units_sold == self.lines == self.stock_consumed


def run_scenario(
    url: str,
    name: str,
    offer_ids: list[int],
    buyer_ids: list[int],
    seconds: float,
    stop_when_sold_out: bool,
    processes: int,
    on_start=None,
) -> Outcome:
    from django.db import connection
    from django.db.models import Count, Sum
    from tqdm import tqdm

    from comeback.offers.models import Offer
    from comeback.orders.models import LineStatus, OrderLine

    before = dict(Offer.objects.filter(pk__in=offer_ids).values_list("pk", "quantity"))
    warm_up()
    connection.close()
    app_before, db_before = _children_cpu(), cpu_of("postgres")
    ctx = mp.get_context("fork")
    start = ctx.Barrier(len(buyer_ids) + 1)
    out = ctx.Queue()
    groups = [buyer_ids[i::processes] for i in range(min(processes, len(buyer_ids)))]
    procs = [
        ctx.Process(
            target=buyer_process, args=(url, group, offer_ids, seconds, start, out, stop_when_sold_out)
        )
        for group in groups
    ]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    if on_start is not None:  # what runs beside the buyers, over their window (bench/checkout_reads.py)
        on_start(seconds)
    results = []
    with tqdm(total=len(buyer_ids), desc=f"{name}: buyers done", unit="buyer", leave=False) as bar:
        for _ in buyer_ids:
            results.append(out.get())
            bar.update()
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join()
    app_cpu, db_cpu = _children_cpu() - app_before, cpu_of("postgres") - db_before

    latencies = sorted(x for r in results for x in r.latencies)
    sold: dict[int, int] = {}
    for r in results:
        for k, v in r.sold.items():
            sold[k] = sold.get(k, 0) + v
    after = dict(Offer.objects.filter(pk__in=offer_ids).values_list("pk", "quantity"))
    paid_lines = dict(
        OrderLine.objects.filter(offer_id__in=offer_ids, status=LineStatus.PAID)
        .values("offer_id")
        .annotate(n=Count("id"))
        .values_list("offer_id", "n")
    )
    negative = Offer.objects.filter(pk__in=offer_ids, quantity__lt=0).count()
    oversold = negative + sum(1 for pk, n in paid_lines.items() if n > before[pk])
    consumed = sum(before[pk] - after[pk] for pk in offer_ids)
    assert Offer.objects.filter(pk__in=offer_ids).aggregate(s=Sum("quantity"))["s"] is not None
    orders = sum(len(r.latencies) for r in results)
    own_db = None if any(r.backend_cpu is None for r in results) else sum(r.backend_cpu for r in results)
    return Outcome(
        name=name,
        buyers=len(buyer_ids),
        processes=len(groups),
        offers=len(offer_ids),
        seconds=elapsed,
        orders=orders,
        refused=sum(r.refused for r in results),
        app_cpu_ms=1000 * app_cpu / max(orders, 1),
        db_cpu_ms=1000 * (db_cpu if own_db is None else own_db) / max(orders, 1),
        checkout_cpu_ms=1000 * sum(r.checkout_cpu for r in results) / max(orders, 1),
        server_cpu_ms=1000 * db_cpu / max(orders, 1),
        errors=[e for r in results for e in r.errors],
        p50_ms=1000 * statistics.median(latencies) if latencies else 0.0,
        p99_ms=1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else 0.0,
        oversold=oversold,
        units_sold=sum(sold.values()),
        lines=sum(paid_lines.values()),
        stock_consumed=consumed,
    )


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float | None:
    """Seconds of CPU used so far by one process (a PostgreSQL backend on this host); None if unknown."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    if not text[text.index("(") + 1 : text.rindex(")")].startswith("postgres"):
        return None  # another host's backend: the pid means nothing here
    rest = text[text.rindex(")") + 2 :].split()
    return sum(int(x) for x in rest[11:13]) / os.sysconf("SC_CLK_TCK")


# pgbench ----------------------------------------------------------------------------------------
PGBENCH_SCRIPT = """\\set id random(1, {offers})
BEGIN;
UPDATE bench_offer SET quantity = quantity - 1 WHERE id = :id AND quantity >= 1;
INSERT INTO bench_line (offer_id) VALUES (:id);
END;
"""


def find_pgbench() -> str | None:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"), reverse=True)
    return str(candidates[0]) if candidates else None


def pgbench_rate(url: str, *, clients: int, seconds: int, offers: int) -> float | None:
    """Transactions/s of one conditional UPDATE + one INSERT, on tables shaped like offers and lines."""
    import psycopg

    binary = find_pgbench()
    if binary is None:
        return None
    url = libpq_url(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_line, bench_offer")
        conn.execute(
            "CREATE TABLE bench_offer (id int PRIMARY KEY, quantity int NOT NULL CHECK (quantity >= 0))"
        )
        conn.execute(
            "CREATE TABLE bench_line (id bigserial PRIMARY KEY, offer_id int NOT NULL REFERENCES bench_offer,"
            " created_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute("INSERT INTO bench_offer SELECT g, 1000000 FROM generate_series(1, %s) g", [offers])
    parts = urlparse(url)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT.format(offers=offers))
    cmd = [
        binary,
        "-n",
        "-c",
        str(clients),
        "-j",
        "2",
        "-T",
        str(seconds),
        "-f",
        script.name,
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        parts.path.lstrip("/"),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    os.unlink(script.name)
    match = re.search(
        r"tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)",
        done.stdout,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_line, bench_offer")
    return float(match.group(1)) if match else None


# Report -----------------------------------------------------------------------------------------
def report(outcomes: list[Outcome], pgbench: float | None, statements: str) -> str:
    head = (
        "| scenario | buyers | offers | orders | orders/s | p50 ms | p99 ms | CPU ms/order app + db | refused "
        "| oversold | units sold = lines = stock consumed |"
    )
    rows = [head, "|" + "---|" * 11]
    for o in outcomes:
        check = f"{o.units_sold} = {o.lines} = {o.stock_consumed} {'✓' if o.reconciled else '✗'}"
        rows.append(
            f"| {o.name} | {o.buyers} in {o.processes} processes | {o.offers:,} | {o.orders:,} | {o.rate:,.0f} | {o.p50_ms:.1f} "
            f"| {o.p99_ms:.1f} | {o.app_cpu_ms:.1f} + {o.db_cpu_ms:.1f} | {o.refused:,} | {o.oversold} | {check} |"
        )
    if pgbench is not None:
        rows.append(
            f"| pgbench: conditional UPDATE + INSERT | {outcomes[0].buyers} | {outcomes[0].offers:,} | — "
            f"| {pgbench:,.0f} | — | — | — | — | — | — |"
        )
    rows.append("")
    rows.append(statements)
    rows.append(
        "CPU per order: app = the buyer processes (checkout alone: "
        + ", ".join(f"{o.name} {o.checkout_cpu_ms:.1f} ms" for o in outcomes)
        + "; the rest is the cart INSERT and the loop); db = the buyers' own PostgreSQL backends "
        "(all PostgreSQL processes, other databases' load included: "
        + ", ".join(f"{o.name} {o.server_cpu_ms:.1f} ms" for o in outcomes)
        + ")."
    )
    return "\n".join(rows)


def measure(
    *,
    url: str = DEFAULT_URL,
    buyers: int = 32,
    seconds: float = 15,
    offers: int = 1000,
    hot_offers: int = 10,
    hot_stock: int = 40,
    prepare_threshold: int = 5,
    processes: int | None = None,
    reads=None,
) -> tuple[list[Outcome], float | None, str]:
    """Run both scenarios and pgbench; for bench/run.py to call (DATABASE_URL must be PostgreSQL). With `reads`
    (a checkout_reads.Plan), the spread scenario runs a third time, under reads: the last outcome, with its `reads`."""
    ensure_database(url)
    # The settings' DB_PREPARE_THRESHOLD (5 by default on PostgreSQL); `?prepare_threshold=` in the URL wins.
    os.environ["DB_PREPARE_THRESHOLD"] = str(prepare_threshold) if prepare_threshold > 0 else "off"
    processes = processes or 2 * (os.cpu_count() or 1)
    if reads is not None:
        checkout_reads.configure(reads, url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    urls = checkout_reads.prepare(reads) if reads is not None else {}
    # Under reads, the spread scenario runs again on offers of its own: its lines are counted per offer.
    spread = offers * (2 if reads is not None else 1)
    fixtures = build_fixtures(offers=spread, hot_offers=hot_offers, hot_stock=hot_stock, buyers=buyers)
    fixtures["spread"], fixtures["spread_reads"] = fixtures["spread"][:offers], fixtures["spread"][offers:]
    statements = statements_per_checkout(fixtures["buyers"][0], fixtures["probe"])
    outcomes = [
        run_scenario(
            url,
            "spread",
            fixtures["spread"],
            fixtures["buyers"],
            seconds,
            stop_when_sold_out=False,
            processes=processes,
        ),
        run_scenario(
            url,
            "hot",
            fixtures["hot"],
            fixtures["buyers"],
            seconds,
            stop_when_sold_out=True,
            processes=processes,
        ),
    ]
    if reads is not None:
        with checkout_reads.Browsing(reads, urls) as browsing:
            browsing.warm_up()
            outcomes.append(
                run_scenario(
                    url,
                    "spread under reads",
                    fixtures["spread_reads"],
                    fixtures["buyers"],
                    seconds,
                    stop_when_sold_out=False,
                    processes=processes,
                    on_start=browsing.start,
                )
            )
            outcomes[-1].reads = browsing.finish()
    return outcomes, pgbench_rate(url, clients=buyers, seconds=int(seconds), offers=offers), statements


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--hot-offers", type=int, default=10)
    parser.add_argument("--hot-stock", type=int, default=40, help="units per hot offer")
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="OS processes the buyers run in, one thread each (default: 2 per CPU; --processes "
        "equal to --buyers gives one process per buyer)",
    )
    parser.add_argument(
        "--prepare-threshold",
        type=int,
        default=5,
        help="DB_PREPARE_THRESHOLD for the run, as production sets it (0: no prepared statements)",
    )
    checkout_reads.add_arguments(parser)
    args = parser.parse_args(argv)
    args.reads = checkout_reads.plan_from(args, parser)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("The checkout benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")  # others' load, before ours
    outcomes, rate, statements = measure(
        url=url,
        buyers=args.buyers,
        seconds=args.seconds,
        offers=args.offers,
        hot_offers=args.hot_offers,
        hot_stock=args.hot_stock,
        prepare_threshold=args.prepare_threshold,
        processes=args.processes,
        reads=args.reads,
    )
    under_reads = outcomes[2:]
    outcomes = outcomes[:2]
    print(
        f"\nCheckout benchmark — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} CPUs, "
        f"load average {load:.1f} before the run — PostgreSQL, prepared statements "
        f"{'after ' + str(args.prepare_threshold) + ' runs' if args.prepare_threshold > 0 else 'off'}"
    )
    print(report(outcomes, rate, statements))
    for o in under_reads:
        print()
        print(checkout_reads.report(outcomes[0], o, o.reads))
    outcomes += under_reads
    errors = [e for o in outcomes for e in o.errors]
    if errors:
        print(f"\n{len(errors)} unexpected errors, e.g. {errors[0]}", file=sys.stderr)
    bad = any(o.oversold or not o.reconciled for o in outcomes) or errors
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
