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
table (Markdown with --markdown).
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
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
MARKETS = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}
PRICE = {"EUR": (9_900, 129_900), "GBP": (8_900, 109_900), "USD": (9_900, 139_900), "JPY": (15_000, 200_000)}
CATEGORIES = ["smartphones", "laptops", "tablets", "smartwatches", "earphones", "game-consoles"]
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
    return p.parse_args(argv)


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


def build(args, rng: random.Random) -> dict:
    """The facts: catalogue, sellers, offers, then orders in batches with their ledger and later events."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from tqdm import tqdm

    from comeback.accounts.models import User
    from comeback.catalog.models import Brand, Category, ProductModel, Variant
    from comeback.core import clock
    from comeback.offers.models import Offer
    from comeback.orders import ledger
    from comeback.orders.models import (
        EntryKind,
        Fulfilment,
        LedgerEntry,
        Order,
        OrderLine,
        Payment,
        Payout,
        Refund,
        Return,
    )
    from comeback.sellers.models import Seller

    now = clock.now()
    start = now - timedelta(days=args.days)
    password = make_password(None)  # unusable: the bench signs staff in with force_login
    with transaction.atomic():
        brand = Brand.objects.create(name="Bench", slug="bench")
        categories = [Category.objects.create(slug=s, name=s.title()) for s in CATEGORIES]
        products = [
            ProductModel.objects.create(
                category=categories[i % len(categories)],
                brand=brand,
                name=f"Model {i}",
                slug=f"bench-model-{i}",
                search_text=f"Model {i}",
            )
            for i in range(60)
        ]
        variants = [
            Variant.objects.create(product=p, attributes={}, label="Standard", sku=f"B-{p.pk}")
            for p in products
        ]
        statuses = ["full"] * 6 + ["probation"] * 2 + ["suspended", "removed", "applied"]
        sellers = []
        for i in range(args.sellers):
            user = User.objects.create(email=f"seller{i}@bench.test", name=f"Seller {i}", password=password)
            sellers.append(
                Seller.objects.create(
                    user=user,
                    legal_name=f"Bench {i} SAS",
                    display_name=f"Bench Refurb {i:03d}",
                    slug=f"bench-{i}",
                    country="FR",
                    markets=rng.sample(list(MARKETS), rng.randint(1, 5)),
                    status=rng.choice(statuses),
                )
            )
        offers = {}
        for s in sellers:
            for m in s.markets:
                v = rng.choice(variants)
                offers[(s.pk, m)] = Offer.objects.create(
                    seller=s,
                    variant=v,
                    market_id=m,
                    grade="good",
                    price_amount=20000,
                    currency=MARKETS[m],
                    quantity=1000,
                    battery_health_min=85,
                )
        buyers = User.objects.bulk_create(
            [User(email=f"buyer{i}@bench.test", name=f"Buyer {i}", password=password) for i in range(500)]
        )
    staff = User.objects.create(email="ops@bench.test", name="Ops", password=password, is_staff=True)
    keys = list(offers)
    batch = 2_000
    n = 0
    for offset in tqdm(range(0, args.lines, batch), desc="facts", unit="batch"):
        with transaction.atomic():
            size = min(batch, args.lines - offset)
            picks = [
                (rng.choice(keys), start + timedelta(seconds=rng.randrange(args.days * 86400)))
                for _ in range(size)
            ]
            orders = []
            for (_seller_id, market), paid_at in picks:
                cur = MARKETS[market]
                price = rng.randint(*PRICE[cur])
                n += 1
                orders.append(
                    Order(
                        ref=f"B{n:09d}",
                        buyer=rng.choice(buyers),
                        market_id=market,
                        currency=cur,
                        status="paid",
                        items_amount=price,
                        fee_amount=price * 15 // 1000,
                        total_amount=price + price * 15 // 1000,
                        idempotency_key=f"b{n}",
                        request_hash="x",
                        created_at=paid_at,
                        reserved_until=paid_at,
                        paid_at=paid_at,
                    )
                )
            Order.objects.bulk_create(orders)
            payments = Payment.objects.bulk_create(
                [
                    Payment(
                        order=o,
                        provider="test",
                        status="captured",
                        amount=o.total_amount,
                        currency=o.currency,
                        created_at=o.paid_at,
                        updated_at=o.paid_at,
                    )
                    for o in orders
                ]
            )
            payment_of = {p.order_id: p.pk for p in payments}
            fulfilments = Fulfilment.objects.bulk_create(
                [
                    Fulfilment(
                        order=o,
                        seller_id=k[0][0],
                        items_amount=o.items_amount,
                        commission_amount=o.items_amount // 10,
                    )
                    for o, k in zip(orders, picks, strict=True)
                ]
            )
            lines = []
            for o, f, ((seller_id, market), paid_at) in zip(orders, fulfilments, picks, strict=True):
                offer = offers[(seller_id, market)]
                product_id = products[rng.randrange(len(products))].pk
                line = OrderLine(
                    order=o,
                    fulfilment=f,
                    seller_id=seller_id,
                    offer=offer,
                    product_id=product_id,
                    title="Bench",
                    grade="good",
                    price_amount=o.items_amount,
                    fee_amount=o.fee_amount,
                    commission_amount=o.items_amount // 10,
                    currency=o.currency,
                    status="paid",
                    paid_at=paid_at,
                )
                fate = rng.random()
                if fate < 0.03:
                    line.status, line.cancelled_at, line.cancelled_by = (
                        "cancelled",
                        paid_at + timedelta(hours=5),
                        "seller",
                    )
                elif fate < 0.97:
                    line.status = "delivered"
                    line.shipped_at = paid_at + timedelta(hours=rng.randint(4, 40))
                    line.delivered_at = line.shipped_at + timedelta(hours=rng.randint(20, 90))
                    line.tracking_number, line.imei = "TRK", "490154203237518"
                    if line.delivered_at > now:
                        line.status, line.delivered_at = "shipped", None
                lines.append(line)
            OrderLine.objects.bulk_create(lines)
            entries, refunds, returns = [], [], []
            for line in lines:
                entries += ledger.entries_for_line(line, EntryKind.PAYMENT, line.paid_at)
                refund_at = None
                if line.cancelled_at:
                    refund_at = line.cancelled_at
                elif line.delivered_at and rng.random() < 0.08:
                    asked = line.delivered_at + timedelta(days=rng.randint(1, 20))
                    if asked < now:
                        reason = rng.choice(
                            ["defect", "changed_mind", "changed_mind", "not_as_described", "wrong_grade"]
                        )
                        returns.append(
                            Return(
                                line=line,
                                order_id=line.order_id,
                                seller_id=line.seller_id,
                                reason=reason,
                                status="refunded",
                                requested_at=asked,
                                refunded_at=asked,
                            )
                        )
                        refund_at = asked + timedelta(days=3)
                if refund_at and refund_at < now:
                    refunds.append(
                        Refund(
                            payment_id=payment_of[line.order_id],
                            line=line,
                            amount=line.paid_amount,
                            currency=line.currency,
                            reason="bench",
                            idempotency_key=f"r{line.pk}",
                            created_at=refund_at,
                            status="succeeded",
                        )
                    )
                    entries += ledger.entries_for_line(line, EntryKind.REFUND, refund_at)
            LedgerEntry.objects.bulk_create(entries, batch_size=5_000)
            Return.objects.bulk_create(returns)
            Refund.objects.bulk_create(refunds)
    # Weekly payouts of delivered lines: one per seller, currency and week.
    with transaction.atomic():
        groups: dict[tuple, list] = {}
        delivered = OrderLine.objects.filter(delivered_at__lt=now - timedelta(days=8)).values_list(
            "pk", "seller_id", "currency", "delivered_at", "price_amount", "commission_amount"
        )
        for pk, seller_id, cur, at, price, commission in delivered.iterator(chunk_size=5_000):
            week = (at + timedelta(days=7 - at.weekday())).date()
            groups.setdefault((seller_id, cur, week), []).append((pk, price - commission))
        for (seller_id, cur, week), items in tqdm(groups.items(), desc="payouts", unit="payout"):
            net = sum(v for _pk, v in items)
            at = datetime.combine(week, dtime(9), tzinfo=UTC)
            p = Payout.objects.create(
                seller_id=seller_id,
                payout_date=week,
                currency=cur,
                amount=net,
                transfer_amount=net,
                created_at=at,
            )
            OrderLine.objects.filter(pk__in=[pk for pk, _v in items]).update(payout=p)
    # Monthly reference rates into EUR, as staff keep them, so "converted to EUR" converts every amount.
    from comeback.insights.models import ExchangeRate

    base = {"GBP": Decimal("1.17"), "USD": Decimal("0.92"), "JPY": Decimal("0.0062")}
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                currency=cur,
                target="EUR",
                rate=(rate * (1 + Decimal(rng.randint(-30, 30)) / 1000)),
                valid_on=(start + timedelta(days=30 * month)).date(),
                source="bench",
                created_at=now,
            )
            for month in range(args.days // 30 + 1)
            for cur, rate in base.items()
        ]
    )
    return {"staff": staff, "seller": sellers[0].pk, "category": categories[0].pk}


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
    from django.test import Client

    from comeback.insights import services
    from comeback.insights.models import DurationDay, SalesDay

    rng = random.Random(9)
    t = time.perf_counter()
    made = build(args, rng)
    built = time.perf_counter() - t
    # The build's objects are garbage now; a server process never holds them, so neither do the timings.
    gc.collect()
    gc.freeze()
    t = time.perf_counter()
    services.refresh()
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
