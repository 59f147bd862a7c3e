"""Profile the mixed load's writes in-process on the bench database: a seller's reprice
(`PATCH /api/v1/seller/listings/{id}`) and a buyer's checkout through the API, with the page cache on as the bench
serves them (Redis), then the task worker's drain of the outbox events they emitted.

    .venv/bin/python bench/profile_writes.py [--db-url sqlite:///var/bench/comeback.sqlite3] [--var var/bench]
        [--redis redis://127.0.0.1:6379/7] [--n 300] [--checkouts 30] [--profile reprice|checkout|drain]

Under valgrind (`valgrind --tool=callgrind --instr-atstart=no … --count reprice|checkout|drain`) callgrind
counts the instructions of the measured reprices, checkouts (`POST /api/v1/checkout` only, not the cart add
before it) or of the drain only (bench/count_render.py).

Prints CPU ms per reprice and per checkout (process time, the test client's own cost included), their
statements, and the CPU ms and statements per outbox event delivered by `outbox.drain()`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

from count_render import _instrument  # noqa: E402
from profile_render import start_django  # noqa: E402

ADDRESS = {
    "name": "Bench Buyer",
    "line1": "1 rue du Test",
    "postal_code": "75001",
    "city": "Paris",
}  # as mixed.py


def _offers(n: int, seed: int) -> list[tuple[int, str, int]]:
    """Offer id, its seller's (new) token and its price, for `n` visible offers of full sellers."""
    from comeback.accounts.models import User
    from comeback.accounts.services import issue_token
    from comeback.offers.selectors import visible_offers
    from comeback.sellers.models import Seller, SellerStatus

    rows = list(
        visible_offers()
        .filter(seller__status=SellerStatus.FULL)
        .order_by("id")
        .values_list("id", "seller_id", "price_amount")[:5000]
    )
    random.Random(seed).shuffle(rows)
    rows = rows[:n]
    users = dict(Seller.objects.filter(id__in={r[1] for r in rows}).values_list("id", "user_id"))
    user_objs = User.objects.in_bulk(list(users.values()))
    token = {s: issue_token(user=user_objs[u], name="bench").secret for s, u in users.items()}
    return [(pk, token[seller], price) for pk, seller, price in rows]


def _reprice(client, offer: int, token: str, price: int):
    return client.patch(
        f"/api/v1/seller/listings/{offer}",
        data=json.dumps({"price": price}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


class _Measured:
    """Around each checkout request (not the cart add before it): its process CPU, and when asked callgrind's
    counting and cProfile."""

    def __init__(self):
        self.count, self.profile, self.cpu, self.n = False, None, 0.0, 0

    def __enter__(self):
        if self.profile:
            self.profile.enable()
        _instrument(self.count)
        self.t0 = time.process_time()

    def __exit__(self, *exc):
        self.cpu += time.process_time() - self.t0
        self.n += 1
        _instrument(False)
        if self.profile:
            self.profile.disable()


CHECKOUT = _Measured()


def _checkout(client, token: str, offer: int) -> int:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = client.post("/api/v1/cart/items", data={"offer_id": offer}, content_type="application/json", **auth)
    if r.status_code not in (200, 201):
        return r.status_code
    body = {"market": "FR", "shipping_address": ADDRESS, "payment_method": "4242424242424242"}
    with CHECKOUT:
        r = client.post(
            "/api/v1/checkout",
            data=body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=os.urandom(8).hex(),
            **auth,
        )
    return r.status_code


def _buyer(client, rng):
    """A buyer who checks out one unit of a random French offer through the API each call."""
    from comeback.accounts.models import User
    from comeback.accounts.services import issue_token
    from comeback.offers.selectors import visible_offers

    france = list(visible_offers("FR").filter(quantity__gte=3).values_list("id", flat=True)[:2000])
    user, _ = User.objects.get_or_create(email="profile-writes@bench.comeback.test", defaults={"name": "P"})
    token = issue_token(user=user, name="bench").secret
    return lambda: _checkout(client, token, rng.choice(france))


def _time_handlers(outbox) -> dict:
    """CPU spent in each outbox handler (and batch handler) during the drains that follow, by name."""
    spent: dict[str, list] = {}

    def timed(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        def run(*a, **kw):
            t0 = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                entry = spent.setdefault(name, [0, 0.0])
                entry[0] += 1
                entry[1] += (time.process_time() - t0) * 1000

        return run

    wrapped: dict = {}  # one wrapper a handler: a batch handler of several topics still gets them at once
    for registry in ("_handlers", "_batch_handlers"):
        for fns in getattr(outbox, registry, {}).values():
            fns[:] = [wrapped.setdefault(fn, timed(fn)) for fn in fns]
    return spent


def _pending() -> Counter:
    from comeback.core.models import OutboxEvent

    return Counter(
        OutboxEvent.objects.filter(processed_at__isnull=True, dead_at__isnull=True).values_list(
            "topic", flat=True
        )
    )


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'comeback.sqlite3'}")
    p.add_argument("--var", default=str(ROOT / "var" / "bench"))
    p.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    p.add_argument("--n", type=int, default=300, help="reprices measured (after 20 warm-up requests)")
    p.add_argument("--checkouts", type=int, default=30, help="API checkouts in France before the drain")
    p.add_argument("--profile", default="", choices=["", "reprice", "checkout", "drain"])
    p.add_argument("--top", type=int, default=35)
    p.add_argument("--callees", default="", help="with --profile: print what this function calls")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--count",
        default="",
        choices=["", "reprice", "checkout", "drain"],
        help="under valgrind --tool=callgrind --instr-atstart=no: instructions counted only around this part",
    )
    args = p.parse_args(argv)
    start_django(db_url=args.db_url, var=args.var, redis=args.redis)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from comeback.core import outbox

    backlog = outbox.drain()  # what the seeding left: not ours to time
    print(f"drained a backlog of {backlog} events first")
    rng = random.Random(args.seed)
    offers = _offers(200, args.seed)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def one():
        offer, token, base = rng.choice(offers)
        r = _reprice(client, offer, token, max(1, round(base * rng.uniform(0.9, 1.1))))
        assert r.status_code == 200, (r.status_code, r.content[:300])

    for _ in range(20):
        one()
    with CaptureQueriesContext(connection) as ctx:
        one()
    print(f"reprice: {len(ctx.captured_queries)} statements")
    for q in ctx.captured_queries:
        print("   ", q["sql"][:160])
    prof = cProfile.Profile(time.process_time) if args.profile == "reprice" else None
    t0 = time.process_time()
    if prof:
        prof.enable()
    _instrument(args.count == "reprice")
    for _ in range(args.n):
        one()
    _instrument(False)
    if prof:
        prof.disable()
    cpu = (time.process_time() - t0) / args.n * 1000
    print(f"reprice: {cpu:.2f} ms CPU per request over {args.n}")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)

    buy = _buyer(client, rng) if args.checkouts else None
    if buy:  # a warm worker: the order handlers' templates, translations and queries seen once
        for _ in range(3):
            buy()
            one()
        outbox.drain()
        with CaptureQueriesContext(connection) as ctx:
            buy()
        print(f"cart add and checkout: {len(ctx.captured_queries)} statements")
        for q in ctx.captured_queries:
            print("   ", q["sql"][:160])
        CHECKOUT.count = args.count == "checkout"
        CHECKOUT.profile = cProfile.Profile(time.process_time) if args.profile == "checkout" else None
        CHECKOUT.cpu, CHECKOUT.n = 0.0, 0
        answers = Counter(buy() for _ in range(args.checkouts))
        CHECKOUT.count = False
        print(f"checkouts: {dict(answers)}")
        print(
            f"checkout: {CHECKOUT.cpu / max(CHECKOUT.n, 1) * 1000:.2f} ms CPU per request over {CHECKOUT.n}"
        )
        if CHECKOUT.profile:
            pstats.Stats(CHECKOUT.profile).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(CHECKOUT.profile).sort_stats("tottime").print_stats(args.top)
            if args.callees:
                pstats.Stats(CHECKOUT.profile).sort_stats("cumulative").print_callees(args.callees)
            CHECKOUT.profile = None

    pending = _pending()
    events = sum(pending.values())
    print(f"outbox: {events} events pending {dict(pending)}")
    spent = _time_handlers(outbox)
    prof = cProfile.Profile(time.process_time) if args.profile == "drain" else None
    t0 = time.process_time()
    if prof:
        prof.enable()
    _instrument(args.count == "drain")
    done = outbox.drain()
    _instrument(False)
    if prof:
        prof.disable()
    cpu = (time.process_time() - t0) * 1000
    print(f"drain: {done} events, {cpu:.0f} ms CPU, {cpu / max(done, 1):.2f} ms per event")
    for name, (calls, ms) in sorted(spent.items(), key=lambda kv: -kv[1][1]):
        print(f"    {name:60} {calls:5} calls {ms:8.1f} ms CPU {ms / calls:6.2f} ms each")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
        if args.callees:
            pstats.Stats(prof).sort_stats("cumulative").print_callees(args.callees)
    for n in (10, 40):  # the statements of a drain, by its size
        for _ in range(n):
            one()
        with CaptureQueriesContext(connection) as ctx:
            done = outbox.drain()
        kinds = Counter(q["sql"].split(" ", 1)[0] for q in ctx.captured_queries)
        print(f"drain of {done} reprices: {len(ctx.captured_queries)} statements {dict(kinds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
