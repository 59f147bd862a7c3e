"""The mixed load (`make bench BENCH_ARGS="--scenario mixed"`): the site as a marketplace runs it.

For `--duration` seconds, at the same time:
- 16 browsing connections (wrk, a process per request class, 4 connections each): product pages, searches and
  their API twins, in every market, half spread evenly over the catalogue and half following popularity (the
  URLs of the page scenarios, bench/scenarios.py);
- sellers reprice through the seller API (`PATCH /api/v1/seller/listings/{id}`), 20 changes a second, offers
  picked in proportion to their product's popularity, each a new price within ±10% of the one it had when the
  run started; one change a second is a *probe* (below);
- buyers check out through the API, 5 orders a second (add to cart, then `POST /api/v1/checkout`), French
  offers picked by popularity: stock moves, and each order changes its product's pages;
- trade-in customers ask 5 quotes a second (`POST /api/v1/tradein/quotes`), each from its own address;
- the task worker and the scheduler run beside the server, as in production (the outbox, search snapshots).
Writes are open-loop: they are sent on a Poisson schedule whatever the server's speed, and a write's latency
runs from the moment it was due, so a slow server cannot hide its slowness by slowing the writers down.

Freshness: a probe lowers the price of the cheapest offer of a product in a market (the price its product page
and its search card show) by 1–3 minor units; a separate reader process (bench/freshness.py) then reads the
product page and a search for that product's name until the new price shows. Probe products are kept out of
the random repricing and of checkout, so only the probe moves that price.

Reported: per browsing class req/s, p50, p99, page-cache hit rate and the CPU a miss costs (each request's own
thread CPU, bench/gunicorn_requests.py); per write class p50, p99 and the answers; freshness p50, p99 and max;
hello-world from the same server before and after the mixed load.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import queue
import random
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import accumulate

RATES = {"reprice": 20.0, "checkout": 5.0, "quote": 5.0}
PROBE_EVERY = 1.0  # seconds: one of the reprices each second is a probe
PROBE_PAIRS = 30
BUYERS = 48
SAMPLE_OFFERS = 60_000  # offers kept in memory to pick writes from (a sample on the 10x catalogue)
ADDRESS = {"name": "Bench Buyer", "line1": "1 rue du Test", "postal_code": "75001", "city": "Paris"}
TIERS = ["flawless", "good", "used", "broken"]
QUOTE_MARKETS = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}


@dataclass
class Fixtures:
    reprice: list[tuple[int, str, int]]  # offer id, its seller's token, price when the run started
    reprice_cum: list[float]
    probes: list[dict]
    buyers: list[str]
    checkout: list[int]
    checkout_cum: list[float]
    quotes: list[tuple[int, int]]  # product id, storage

    @staticmethod
    def pick(rng: random.Random, items: list, cum: list[float]):
        return items[bisect.bisect_left(cum, rng.random() * cum[-1])]


def prepare(data: dict, *, seed: int = 11) -> Fixtures:
    """Tokens, probes, buyers and buyback offers in the bench database (new tokens each run)."""
    from django.db.models import F
    from django.db.models.functions import Mod
    from tqdm import tqdm

    from comeback.accounts.models import User
    from comeback.accounts.services import issue_token
    from comeback.offers.models import Offer
    from comeback.offers.selectors import visible_offers
    from comeback.sellers.models import Seller, SellerStatus

    rng = random.Random(seed)
    every = max(1, Offer.objects.count() // SAMPLE_OFFERS)
    rows = list(
        visible_offers()
        .filter(seller__status=SellerStatus.FULL)
        .annotate(bucket=Mod(F("id"), every))
        .filter(bucket=0)
        .values_list("id", "seller_id", "variant__product_id", "market_id", "price_amount", "quantity")
    )
    products = {p["id"]: p for p in data["products"]}
    popularity = data["popularity"]

    probes = []
    pairs = list(dict.fromkeys((r[2], r[3]) for r in rows))
    rng.shuffle(pairs)
    for product_id, market in pairs:
        cheapest = (
            visible_offers(market)
            .filter(variant__product_id=product_id)
            .order_by("price_amount", "id")
            .values("id", "seller_id", "seller__status", "price_amount", "currency")
            .first()
        )
        if (
            cheapest is None
            or cheapest["seller__status"] != SellerStatus.FULL
            or cheapest["price_amount"] < 500
        ):
            continue
        p = products[product_id]
        query = f"{p['brand__name']} {p['name']}"
        probes.append(
            {
                "offer": cheapest["id"],
                "seller": cheapest["seller_id"],
                "price": cheapest["price_amount"],
                "currency": cheapest["currency"],
                "market": market,
                "product": product_id,
                "slug": p["slug"],
                "search": f"/search/?{_urlencode({'q': query, 'market': market})}",
            }
        )
        if len(probes) == min(PROBE_PAIRS, max(1, len(products) // 10)):  # most products stay repriced
            break
    kept_out = {p["product"] for p in probes}
    rows = [r for r in rows if r[2] not in kept_out]

    sellers = {r[1] for r in rows} | {p["seller"] for p in probes}
    users = dict(Seller.objects.filter(id__in=sellers).values_list("id", "user_id"))
    user_objs = User.objects.in_bulk(list(users.values()))
    token = {
        s: issue_token(user=user_objs[users[s]], name="bench").secret
        for s in tqdm(sorted(sellers), desc="seller tokens", unit="seller", leave=False)
    }
    for p in probes:
        p["token"] = token[p["seller"]]
    reprice = [(r[0], token[r[1]], r[4]) for r in rows if r[1] in token]
    weights = [popularity.get(r[2], 0) + 1 for r in rows if r[1] in token]

    buyer_tokens = []
    for i in range(BUYERS):
        user, _ = User.objects.get_or_create(
            email=f"buyer{i}@bench.comeback.test", defaults={"name": f"Buyer {i}"}
        )
        buyer_tokens.append(issue_token(user=user, name="bench").secret)
    france = [r for r in rows if r[3] == "FR" and r[5] >= 3]
    return Fixtures(
        reprice=reprice,
        reprice_cum=list(accumulate(weights)),
        probes=probes,
        buyers=buyer_tokens,
        checkout=[r[0] for r in france],
        checkout_cum=list(accumulate(popularity.get(r[2], 0) + 1 for r in france)),
        quotes=_buyback_offers(rng),
    )


def _urlencode(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _buyback_offers(rng: random.Random) -> list[tuple[int, int]]:
    """Refurbishers buying back 100 models with storage sizes, in every market and tier (made once)."""
    from comeback.catalog.models import Variant
    from comeback.core import clock
    from comeback.sellers.models import Seller, SellerStatus
    from comeback.tradein.models import BuybackOffer

    storages: dict[int, set[int]] = defaultdict(set)
    for product_id, attrs in Variant.objects.filter(attributes__has_key="storage_gb").values_list(
        "product_id", "attributes"
    )[:5_000]:
        if isinstance(attrs.get("storage_gb"), int):
            storages[product_id].add(attrs["storage_gb"])
    targets = [(p, s) for p in sorted(storages)[:100] for s in sorted(storages[p])]
    if not BuybackOffer.objects.exists():
        sellers = list(Seller.objects.filter(status=SellerStatus.FULL).order_by("id")[:20])
        now = clock.now()
        BuybackOffer.objects.bulk_create(
            [
                BuybackOffer(
                    seller=seller,
                    product_id=p,
                    storage_gb=s,
                    market_id=m,
                    tier=tier,
                    price_amount=rng.randint(2_000, 40_000) * (150 if m == "JP" else 1),
                    currency=currency,
                    weekly_capacity=10_000,
                    created_at=now,
                    updated_at=now,
                )
                for p, s in targets
                for m, currency in QUOTE_MARKETS.items()
                for tier in TIERS
                for seller in rng.sample(sellers, 2)
            ],
            batch_size=2_000,
        )
    return targets


@dataclass
class Writes:
    """The writers' record: latency (s, from when the write was due) and answers, per write class."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    answers: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, due: float, answer: str) -> None:
        with self.lock:
            self.latency[kind].append(time.monotonic() - due)
            self.answers[kind][answer] += 1


class Writers:
    """Open-loop writers: one scheduler thread per write class submits to a shared pool at Poisson times."""

    def __init__(self, base_url: str, fx: Fixtures, probes_out, *, seed: int = 5):
        import httpx

        self.base_url, self.fx, self.probes_out = base_url, fx, probes_out
        self.writes = Writes()
        self.rng = random.Random(seed)
        self.local = threading.local()
        self.buyers: queue.Queue = queue.Queue()
        for t in fx.buyers:
            self.buyers.put(t)
        self.probe_cycle = itertools.cycle(fx.probes)
        self.httpx = httpx

    def http(self):
        if getattr(self.local, "client", None) is None:
            self.local.client = self.httpx.Client(base_url=self.base_url, timeout=30)
        return self.local.client

    def _answer(self, call) -> str:
        try:
            r = call()
        except self.httpx.HTTPError as e:
            return type(e).__name__
        return str(r.status_code) if r.status_code < 400 else f"{r.status_code} {_code(r)}"

    def reprice(self, due: float, rng: random.Random) -> None:
        offer, token, base = Fixtures.pick(rng, self.fx.reprice, self.fx.reprice_cum)
        price = max(1, round(base * rng.uniform(0.9, 1.1)))
        self.writes.record("reprice", due, self._patch(offer, token, price))

    def _patch(self, offer: int, token: str, price: int) -> str:
        return self._answer(
            lambda: self.http().patch(
                f"/api/v1/seller/listings/{offer}",
                json={"price": price},
                headers={"Authorization": f"Bearer {token}"},
            )
        )

    def probe(self, due: float, rng: random.Random, probe: dict) -> None:
        previous = probe["price"]
        probe["price"] = previous - rng.randint(1, 3)
        answer = self._patch(probe["offer"], probe["token"], probe["price"])
        answered = time.monotonic()
        self.writes.record("reprice", due, answer)
        if answer == "200":
            self.probes_out.put(
                {k: probe[k] for k in ("slug", "search", "market", "currency", "price")}
                | {"previous": previous, "answered": answered}
            )
        else:
            probe["price"] = previous

    def checkout(self, due: float, rng: random.Random) -> None:
        token = self.buyers.get()
        try:
            auth = {"Authorization": f"Bearer {token}"}
            offer = Fixtures.pick(rng, self.fx.checkout, self.fx.checkout_cum)
            added = self._answer(
                lambda: self.http().post("/api/v1/cart/items", json={"offer_id": offer}, headers=auth)
            )
            if added not in ("200", "201"):
                self.writes.record("checkout", due, f"cart {added}")
                return
            body = {"market": "FR", "shipping_address": ADDRESS, "payment_method": "4242424242424242"}
            key = {"Idempotency-Key": uuid.uuid4().hex}
            answer = self._answer(lambda: self.http().post("/api/v1/checkout", json=body, headers=auth | key))
            self.writes.record("checkout", due, answer)
            if answer not in (
                "200",
                "201",
            ):  # refused (e.g. the stock ran out): empty the cart for the next one
                self._empty_cart(auth)
        finally:
            self.buyers.put(token)

    def _empty_cart(self, auth: dict) -> None:
        try:
            items = self.http().get("/api/v1/cart", params={"market": "FR"}, headers=auth).json()["items"]
            for item in items:
                self.http().delete(f"/api/v1/cart/items/{item['id']}", headers=auth)
        except (self.httpx.HTTPError, ValueError, KeyError):
            pass

    def quote(self, due: float, rng: random.Random) -> None:
        product, storage = rng.choice(self.fx.quotes)  # bench models declare no screen: no screen question
        body = {
            "product_id": product,
            "storage_gb": storage,
            "market": rng.choice(list(QUOTE_MARKETS)),
            "answers": {
                "powers_on": rng.random() > 0.1,
                "body": rng.choice(["flawless", "scratches", "dents"]),
                "functional": rng.random() > 0.1,
                "accounts_removed": True,
            },
        }
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        answer = self._answer(
            lambda: self.http().post(
                "/api/v1/tradein/quotes", json=body, headers={"X-Forwarded-For": address}
            )
        )
        self.writes.record("quote", due, answer)

    def run(self, seconds: float, stop: threading.Event) -> Writes:
        pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="writer")
        start = time.monotonic()
        end = start + seconds

        def schedule(kind: str, rate: float, seed: int) -> None:
            rng = random.Random(seed)
            due, next_probe = start, start + PROBE_EVERY
            while not stop.is_set():
                due += rng.expovariate(rate)
                if due >= end:
                    return
                time.sleep(max(0.0, due - time.monotonic()))
                task_rng = random.Random(rng.random())
                if kind == "reprice" and due >= next_probe and self.fx.probes:
                    next_probe += PROBE_EVERY
                    pool.submit(self.probe, due, task_rng, next(self.probe_cycle))
                else:
                    pool.submit(getattr(self, kind), due, task_rng)

        schedulers = [
            threading.Thread(target=schedule, args=(kind, rate, n), daemon=True)
            for n, (kind, rate) in enumerate(RATES.items())
        ]
        for t in schedulers:
            t.start()
        for t in schedulers:
            t.join()
        pool.shutdown(wait=True)
        return self.writes


def _code(response) -> str:
    try:
        return str(response.json().get("code", ""))
    except ValueError:
        return ""


def start_reader(base_url: str, env: dict):
    """The freshness reader in its own process; returns (process, probes queue, results queue)."""
    import freshness

    ctx = multiprocessing.get_context("spawn")
    probes, results = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(target=freshness.reader_main, args=(base_url, env, probes, results), daemon=True)
    proc.start()
    return proc, probes, results
