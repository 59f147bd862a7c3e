"""Trade-in quote latency ("median quote latency under 50 ms on the bench", p50/p99 with 5,000 buyback
offers), measured in-process on a dedicated database:

- **service**: `comeback.tradein.services.quotes.request_quote` — questionnaire → tier → the best buyback offer
  with capacity left this week (one query with the capacity subquery) → the quote row written;
- **api**: `POST /api/v1/tradein/quotes` through Django's test client (routing, ninja parsing and
  validation, the rate limiter's cache, JSON rendering) — everything but the network and the WSGI server;
- **baseline**: `GET /api/v1/markets` through the same client, measured in the same run.

The dataset: 5,000 live buyback offers from 20 refurbishers over 50 models × 2 storage sizes × 4 condition
tiers × 5 markets (2 or 3 competing refurbishers per slot), plus 2,000 trade-ins accepted this week so every
candidate carries a capacity count. Quotes ask for a random model, storage, market and condition.

    .venv/bin/python bench/tradein_quotes.py                                  # SQLite (a temporary file)
    .venv/bin/python bench/tradein_quotes.py --database-url postgres://postgres@127.0.0.1:5432/benchtradein

Options: --offers 5000 --quotes 2000 --warmup 200. Prints a table (Markdown with --markdown) that
docs/performance.md copies.

Under valgrind (`valgrind --tool=callgrind --instr-atstart=no … --count service|api`) callgrind counts the
instructions of the timed quotes of that scenario only (bench/count_render.py); divide by --quotes. `--sql`
prints the statements of one quote of each scenario.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]
MARKETS = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}
TIERS = ["flawless", "good", "used", "broken"]


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default="", help="PostgreSQL URL; default: a temporary SQLite file")
    p.add_argument("--offers", type=int, default=5_000)
    p.add_argument("--quotes", type=int, default=2_000, help="timed quotes per scenario")
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument(
        "--count",
        choices=("service", "api"),
        help="under valgrind --tool=callgrind --instr-atstart=no: instructions counted only around these quotes",
    )
    p.add_argument("--sql", action="store_true", help="print the statements of one quote per scenario")
    return p.parse_args(argv)


def setup_django(url: str) -> None:
    var = tempfile.mkdtemp(prefix="comeback-bench-tradein-")
    os.environ["COMEBACK_VAR"] = var
    os.environ["DATABASE_URL"] = url or f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comeback.settings")
    os.environ["RATELIMIT_ENABLED"] = "0"  # a benchmark, not an attack: the limiter's cache hit is still made
    os.environ.setdefault("CONN_MAX_AGE", "600")
    sys.path.insert(0, str(ROOT / "src"))
    if url:
        ensure_pg_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_pg_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(n_offers: int, rng: random.Random) -> list[tuple[int, int]]:
    """The dataset; returns the (product id, storage) pairs quotes ask for."""
    from django.contrib.auth.hashers import make_password
    from tqdm import tqdm

    from comeback.accounts.models import User
    from comeback.catalog.models import Brand, Category, ProductModel, Variant
    from comeback.core import clock
    from comeback.sellers.models import Seller, SellerStatus
    from comeback.tradein.models import BuybackOffer, Quote, TradeIn

    now = clock.now()
    category, _ = Category.objects.get_or_create(
        slug="bench-phones", defaults={"name": "Bench phones", "battery_floor": 80}
    )
    brand, _ = Brand.objects.get_or_create(slug="benchco", defaults={"name": "BenchCo"})
    products = ProductModel.objects.bulk_create(
        [
            ProductModel(
                category=category,
                brand=brand,
                name=f"Bench Phone {i}",
                slug=f"bench-phone-{i}",
                search_text=f"BenchCo Bench Phone {i}",
                attributes={"screen_inches": 6.1, "network": "5G"},
            )
            for i in range(50)
        ]
    )
    Variant.objects.bulk_create(
        [
            Variant(product=p, attributes={"storage_gb": s}, label=f"{s} GB", sku=f"BENCH-{p.pk}-{s}")
            for p in products
            for s in (128, 256)
        ]
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"r{i}@bench-tradein.test", password=password) for i in range(20)]
    )
    sellers = Seller.objects.bulk_create(
        [
            Seller(
                user=u,
                legal_name=f"Bench Refurb {i}",
                display_name=f"Bench Refurb {i}",
                slug=f"bench-refurb-{i}",
                country="FR",
                markets=list(MARKETS),
                status=SellerStatus.FULL,
                rating_sum=45,
                rating_count=10,
            )
            for i, u in enumerate(users)
        ]
    )
    slots = [(p, s, m, t) for p in products for s in (128, 256) for m in MARKETS for t in TIERS]
    rows = []
    three = max(0, n_offers - 2 * len(slots))  # slots with three competing refurbishers, the rest two
    for i, (product, storage, market, tier) in enumerate(tqdm(slots, desc="buyback offers", leave=False)):
        for seller in rng.sample(sellers, k=3 if i < three else 2):
            scale = 150 if market == "JP" else 1
            rows.append(
                BuybackOffer(
                    seller=seller,
                    product=product,
                    storage_gb=storage,
                    market_id=market,
                    tier=tier,
                    price_amount=rng.randint(2_000, 40_000) * scale,
                    currency=MARKETS[market],
                    weekly_capacity=rng.choice((5, 20, 100)),
                    created_at=now,
                    updated_at=now,
                )
            )
    offers = BuybackOffer.objects.bulk_create(rows, batch_size=1000)
    quotes = Quote.objects.bulk_create(
        [
            Quote(
                ref=f"QTE-BENCH{i:06d}",
                product_id=o.product_id,
                storage_gb=o.storage_gb,
                market_id=o.market_id,
                answers={},
                tier=o.tier,
                buyback_offer=o,
                seller_id=o.seller_id,
                price_amount=o.price_amount,
                currency=o.currency,
                created_at=now,
                expires_at=now + timedelta(days=30),
            )
            for i, o in enumerate(rng.choices(offers, k=2_000))
        ],
        batch_size=1000,
    )
    TradeIn.objects.bulk_create(
        [
            TradeIn(
                ref=f"TRD-BENCH{i:06d}",
                quote=q,
                seller_id=q.seller_id,
                buyback_offer_id=q.buyback_offer_id,
                product_id=q.product_id,
                storage_gb=q.storage_gb,
                market_id=q.market_id,
                tier=q.tier,
                currency=q.currency,
                quoted_amount=q.price_amount,
                first_name="B",
                last_name="B",
                date_of_birth="1990-01-01",
                imei="490154203237518",
                payout_method="iban",
                account_holder="B",
                iban="DE89370400440532013000",
                accepted_at=now - timedelta(hours=rng.randint(0, 48)),
                ship_by=now + timedelta(days=14),
            )
            for i, q in enumerate(quotes)
        ],
        batch_size=1000,
    )
    return [(p.pk, s) for p in products for s in (128, 256)]


def random_request(rng: random.Random, targets) -> dict:
    product_id, storage = rng.choice(targets)
    return {
        "product_id": product_id,
        "storage_gb": storage,
        "market": rng.choice(list(MARKETS)),
        "answers": {
            "powers_on": rng.random() > 0.1,
            "screen": rng.choice(["flawless", "scratches", "cracked"]),
            "body": rng.choice(["flawless", "scratches", "dents"]),
            "functional": rng.random() > 0.1,
            "accounts_removed": True,
        },
    }


def timed(fn, n: int, warmup: int, *, count: bool = False, sql: bool = False) -> tuple[list[float], int]:
    from count_render import _instrument
    from django.db import connection

    for _ in range(warmup):
        fn()
    samples = []
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        if show:
            print("   ", sql[:300])
        return execute(sql, params, many, context)

    show = sql

    with connection.execute_wrapper(
        counting
    ):  # request_started resets connection.queries: count here instead
        fn()
    _instrument(count)
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    _instrument(False)
    return samples, count[0]


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client

    from comeback.core.problems import Conflict
    from comeback.tradein.models import BuybackOffer
    from comeback.tradein.services import quotes

    rng = random.Random(6)
    started = time.perf_counter()
    targets = build(args.offers, rng)
    built = time.perf_counter() - started
    client = Client()

    def service():
        body = random_request(rng, targets)
        # no offer for that condition in that market (409): also an answer the customer waits for
        with contextlib.suppress(Conflict):
            quotes.request_quote(**body)

    def api():
        client.post("/api/v1/tradein/quotes", random_request(rng, targets), content_type="application/json")

    def baseline():
        client.get("/api/v1/markets")

    rows = []
    for name, fn in (
        ("baseline: GET /api/v1/markets", baseline),
        ("service: request_quote", service),
        ("api: POST /api/v1/tradein/quotes", api),
    ):
        if args.sql:
            print(name)
        samples, queries = timed(
            fn, args.quotes, args.warmup, count=bool(args.count) and name.startswith(args.count), sql=args.sql
        )
        rows.append((name, len(samples), statistics.median(samples), percentile(samples, 99), queries))
    header = ["scenario", "quotes", "p50 ms", "p99 ms", "queries/quote"]
    body = [[n, f"{c:,}", f"{p50:.2f}", f"{p99:.2f}", str(q)] for n, c, p50, p99, q in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(header)]
    vendor = connection.vendor
    print(
        f"Trade-in quotes on {vendor}: {BuybackOffer.objects.count():,} buyback offers, data built in {built:.1f} s; "
        f"{datetime.now(UTC):%Y-%m-%d}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
        for r in body:
            print("| " + " | ".join(r) + " |")
    else:
        print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for r in body:
            print(
                "  ".join(
                    v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))
                )
            )
    p50 = rows[2][2]
    print(
        f"target: median quote latency under 50 ms — {'pass' if p50 < 50 else 'FAIL'} (api p50 {p50:.2f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
