"""The insights bench's facts (bench/insights.py): a year of a marketplace's sales, written fast.

Orders, payments, fulfilments, lines, ledger postings, returns, refunds and payouts are built as model instances
with their primary keys given here (the tables are empty: the bench's database is new), so no row waits for the
database to number it; they go in with COPY on PostgreSQL (executemany on SQLite), the whole year in one
transaction, so a line may name its payout before the payouts are written (foreign keys are checked at commit).
At ten times the sales (300,000 lines, 1,000 sellers) the ORM's bulk inserts and one UPDATE per payout took
more than 10 minutes; see docs/performance.md "Operator insights".
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from tqdm import tqdm

MARKETS = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}
PRICE = {"EUR": (9_900, 129_900), "GBP": (8_900, 109_900), "USD": (9_900, 139_900), "JPY": (15_000, 200_000)}
CATEGORIES = ["smartphones", "laptops", "tablets", "smartwatches", "earphones", "game-consoles"]
BATCH = 5_000  # lines generated and written at a time
PAYOUT_AFTER = timedelta(days=8)  # lines delivered this long ago have been paid out, weekly


# Values the database driver takes as they are: only the others go through the field's conversion, which costs
# more than the rest of the bench together when asked of every value (profiled: 349,401 calls for 3,000 lines).
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
PLAIN_ON_POSTGRESQL = {"DateField", "DateTimeField", "DecimalField"}  # psycopg adapts them itself


def _value_of(field, db):
    """How to read one field of an unsaved instance as the database stores it."""
    plain = PLAIN | (PLAIN_ON_POSTGRESQL if db.vendor == "postgresql" else set())
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda o: field.get_db_prep_save(field.pre_save(o, True), db)
    if field.get_internal_type() in plain:
        return lambda o, name=field.attname: getattr(o, name)
    return lambda o, name=field.attname: field.get_db_prep_save(getattr(o, name), db)


def write(model, objs: list) -> None:
    """Insert unsaved instances whose primary keys are set: COPY on PostgreSQL, executemany on SQLite."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per value
    fields = model._meta.concrete_fields
    values = [_value_of(f, db) for f in fields]
    rows = (tuple(v(o) for v in values) for o in objs)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        while chunk := list(islice(rows, 2_000)):
            cur.executemany(sql, chunk)


def reset_sequences(models: list) -> None:
    """After rows numbered here, the next row the application inserts gets the next free key."""
    from django.core.management.color import no_style

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


def catalogue(*, sellers: int, rng: random.Random, password: str) -> dict:
    """Brand, categories, 60 models, the sellers (in every trust state) with an offer per market, 500 buyers."""
    from comeback.accounts.models import User
    from comeback.catalog.models import Brand, Category, ProductModel, Variant
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller

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
        Variant.objects.create(product=p, attributes={}, label="Standard", sku=f"B-{p.pk}") for p in products
    ]
    statuses = ["full"] * 6 + ["probation"] * 2 + ["suspended", "removed", "applied"]
    users = User.objects.bulk_create(
        [User(email=f"seller{i}@bench.test", name=f"Seller {i}", password=password) for i in range(sellers)]
    )
    seller_objs = []
    for i, user in enumerate(tqdm(users, desc="sellers", unit="seller", leave=False)):
        seller_objs.append(
            Seller.objects.create(  # one by one: save() derives a probation's dates
                user=user,
                legal_name=f"Bench {i} SAS",
                display_name=f"Bench Refurb {i:03d}",
                slug=f"bench-{i}",
                country="FR",
                markets=rng.sample(list(MARKETS), rng.randint(1, 5)),
                status=rng.choice(statuses),
            )
        )
    keys = [(s.pk, m) for s in seller_objs for m in s.markets]
    made = Offer.objects.bulk_create(
        [
            Offer(
                seller_id=seller_id,
                variant=rng.choice(variants),
                market_id=m,
                grade="good",
                price_amount=20000,
                currency=MARKETS[m],
                quantity=1000,
                battery_health_min=85,
            )
            for seller_id, m in keys
        ]
    )
    buyers = User.objects.bulk_create(
        [User(email=f"buyer{i}@bench.test", name=f"Buyer {i}", password=password) for i in range(500)]
    )
    return {
        "offers": dict(zip(keys, made, strict=True)),
        "products": products,
        "buyers": [b.pk for b in buyers],
        "sellers": seller_objs,
        "categories": categories,
    }


class Facts:
    """Numbers the rows of each table and gathers the weekly payouts as the lines are made."""

    def __init__(self, *, now: datetime, rng: random.Random):
        self.now, self.rng = now, rng
        self.ids = {name: itertools.count(1) for name in ("order", "line", "entry", "refund", "return")}
        self.payouts: dict[tuple, list[int]] = {}  # (seller, currency, week) → [id, net amount]

    def payout_of(self, line) -> int | None:
        if line.delivered_at is None or line.delivered_at >= self.now - PAYOUT_AFTER:
            return None
        at = line.delivered_at
        week = (at + timedelta(days=7 - at.weekday())).date()
        payout = self.payouts.setdefault((line.seller_id, line.currency, week), [len(self.payouts) + 1, 0])
        payout[1] += line.price_amount - line.commission_amount
        return payout[0]

    def batch(self, picks: list, made: dict) -> None:
        """One batch of paid orders of one line each, with what happened to them since."""
        from comeback.orders import ledger
        from comeback.orders.models import (
            EntryKind,
            Fulfilment,
            LedgerEntry,
            Order,
            OrderLine,
            Payment,
            Refund,
            Return,
        )

        rng, now, ids = self.rng, self.now, self.ids
        orders = []
        for (_seller_id, market), paid_at in picks:
            cur = MARKETS[market]
            price = rng.randint(*PRICE[cur])
            n = next(ids["order"])
            orders.append(
                Order(
                    id=n,
                    ref=f"B{n:09d}",
                    buyer_id=rng.choice(made["buyers"]),
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
        # One payment and one fulfilment per order: they share the order's number.
        payments = [
            Payment(
                id=o.pk,
                order_id=o.pk,
                provider="test",
                status="captured",
                amount=o.total_amount,
                currency=o.currency,
                created_at=o.paid_at,
                updated_at=o.paid_at,
            )
            for o in orders
        ]
        fulfilments = [
            Fulfilment(
                id=o.pk,
                order_id=o.pk,
                seller_id=k[0][0],
                items_amount=o.items_amount,
                commission_amount=o.items_amount // 10,
            )
            for o, k in zip(orders, picks, strict=True)
        ]
        lines, entries, refunds, returns = [], [], [], []
        for o, ((seller_id, market), paid_at) in zip(orders, picks, strict=True):
            line = OrderLine(
                id=next(ids["line"]),
                order_id=o.pk,
                fulfilment_id=o.pk,
                seller_id=seller_id,
                offer_id=made["offers"][(seller_id, market)].pk,
                product_id=made["products"][rng.randrange(len(made["products"]))].pk,
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
            line.payout_id = self.payout_of(line)
            lines.append(line)
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
                            id=next(ids["return"]),
                            line_id=line.pk,
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
                        id=next(ids["refund"]),
                        payment_id=o.pk,
                        line_id=line.pk,
                        amount=line.paid_amount,
                        currency=line.currency,
                        reason="bench",
                        idempotency_key=f"r{line.pk}",
                        created_at=refund_at,
                        status="succeeded",
                    )
                )
                entries += ledger.entries_for_line(line, EntryKind.REFUND, refund_at)
        for entry in entries:
            entry.pk = next(ids["entry"])
        for model, objs in (
            (Order, orders),
            (Payment, payments),
            (Fulfilment, fulfilments),
            (OrderLine, lines),
            (LedgerEntry, entries),
            (Return, returns),
            (Refund, refunds),
        ):
            write(model, objs)

    def write_payouts(self) -> None:
        from comeback.orders.models import Payout

        payouts = [
            Payout(
                id=pk,
                seller_id=seller_id,
                payout_date=week,
                currency=cur,
                amount=net,
                transfer_amount=net,
                created_at=datetime.combine(week, dtime(9), tzinfo=UTC),
            )
            for (seller_id, cur, week), (pk, net) in self.payouts.items()
        ]
        for i in tqdm(range(0, len(payouts), BATCH), desc="payouts", unit="batch"):
            write(Payout, payouts[i : i + BATCH])


def build(*, lines: int, sellers: int, days: int, rng: random.Random) -> dict:
    """The facts: catalogue, sellers, offers, then a year of orders with their ledger and later events."""
    from django.contrib.auth.hashers import make_password

    from comeback.accounts.models import User
    from comeback.core import clock
    from comeback.insights.models import ExchangeRate
    from comeback.orders.models import (
        Fulfilment,
        LedgerEntry,
        Order,
        OrderLine,
        Payment,
        Payout,
        Refund,
        Return,
    )

    now = clock.now()
    start = now - timedelta(days=days)
    password = make_password(None)  # unusable: the bench signs staff in with force_login
    with transaction.atomic():
        made = catalogue(sellers=sellers, rng=rng, password=password)
    staff = User.objects.create(email="ops@bench.test", name="Ops", password=password, is_staff=True)
    keys = list(made["offers"])
    facts = Facts(now=now, rng=rng)
    with transaction.atomic():
        with tqdm(total=lines, desc="facts", unit="line", unit_scale=True) as bar:
            for offset in range(0, lines, BATCH):
                size = min(BATCH, lines - offset)
                picks = [
                    (rng.choice(keys), start + timedelta(seconds=rng.randrange(days * 86400)))
                    for _ in range(size)
                ]
                facts.batch(picks, made)
                bar.update(size)
        facts.write_payouts()
    reset_sequences([Order, Payment, Fulfilment, OrderLine, LedgerEntry, Return, Refund, Payout])
    # Monthly reference rates into EUR, as staff keep them, so "converted to EUR" converts every amount.
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
            for month in range(days // 30 + 1)
            for cur, rate in base.items()
        ]
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # as autovacuum would after a bulk load: the refresh plans on real statistics
    return {"staff": staff, "seller": made["sellers"][0].pk, "category": made["categories"][0].pk}
