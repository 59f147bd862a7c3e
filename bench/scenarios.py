"""What the benchmark requests: for each scenario, a long list of realistic URLs to rotate through,
and the number of SQL queries each kind of request costs (measured in-process on a sample).
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

MARKETS = {"FR": 35, "DE": 20, "GB": 15, "US": 20, "JP": 10}
# One euro in each market's main unit (for price filters written in major units).
EURO = {"FR": 1, "DE": 1, "GB": 0.86, "US": 1.08, "JP": 160}
MINOR = {"FR": 100, "DE": 100, "GB": 100, "US": 100, "JP": 1}
GRADES = ["premium", "excellent", "good", "fair"]
URLS_PER_SCENARIO = 2_000


@dataclass(frozen=True)
class Target:
    """The figure a scenario must reach (docs/performance.md, Targets)."""

    p99_ms: float | None = None
    min_ratio: float | None = None  # of the hello-world req/s

    def describe(self) -> str:
        parts = []
        if self.p99_ms is not None:
            parts.append(f"p99 ≤ {self.p99_ms:g} ms")
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:.0%} of hello")
        return ", ".join(parts) or "baseline"


@dataclass
class Scenario:
    name: str
    title: str
    urls: list[str]
    target: Target = field(default_factory=Target)


def _market(rng: random.Random) -> str:
    return rng.choices(list(MARKETS), weights=list(MARKETS.values()))[0]


def _text_query(rng: random.Random, data: dict) -> str:
    """What people type: a brand, a series, a brand and series, a full model name, a category word."""
    product = rng.choice(data["products"])
    kind = rng.choices(
        ["brand", "series", "brand_series", "model", "category", "lower_model"],
        weights=[20, 15, 20, 25, 10, 10],
    )[0]
    words = product["name"].split()
    if kind == "brand":
        return product["brand__name"]
    if kind == "series":
        return rng.choice(data["series"])
    if kind == "brand_series":
        return f"{product['brand__name']} {words[0]}"
    if kind == "category":
        return product["category__slug"].rstrip("s")
    if kind == "lower_model":
        return " ".join(words[:2]).lower()
    return f"{product['brand__name']} {product['name']}"


def _price_range(rng: random.Random, market: str, *, minor: bool) -> dict[str, int]:
    low_eur = rng.choice([0, 100, 200, 300, 500])
    high_eur = low_eur + rng.choice([150, 300, 600, 1000])
    scale = EURO[market] * (MINOR[market] if minor else 1)
    out = {"max_price": round(high_eur * scale)}
    if low_eur:
        out["min_price"] = round(low_eur * scale)
    return out


def _search_params(rng: random.Random, data: dict, *, minor_prices: bool) -> dict:
    market = _market(rng)
    mix = rng.choices(
        ["text", "text_category", "category", "text_price", "text_grade", "text_page2"],
        weights=[40, 15, 15, 15, 8, 7],
    )[0]
    params: dict = {}
    if mix != "category":
        params["q"] = _text_query(rng, data)
    if mix in {"text_category", "category"}:
        params["category"] = rng.choice(data["categories"])
    if mix == "text_price":
        params.update(_price_range(rng, market, minor=minor_prices))
    if mix == "text_grade":
        params["grade"] = rng.choice(GRADES)
    if mix == "text_page2":
        params["page"] = 2
    params["market"] = market
    return params


def _typing(rng: random.Random, data: dict) -> str:
    """What a search box holds between two keystrokes: the start of a query, sometimes with a typo."""
    query = _text_query(rng, data)
    typed = query[: rng.randint(2, max(2, len(query)))]
    if len(typed) > 4 and rng.random() < 0.2:  # two letters swapped: "iphnoe"
        i = rng.randrange(1, len(typed) - 2)
        typed = typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :]
    return typed


def _products_by_traffic(rng: random.Random, data: dict, n: int) -> list[dict]:
    """Half the product views are spread evenly over the catalogue, half follow popularity (offer count)."""
    products = data["products"]
    weights = [data["popularity"].get(p["id"], 0) + 1 for p in products]
    even = [rng.choice(products) for _ in range(n // 2)]
    popular = rng.choices(products, weights=weights, k=n - n // 2)
    picked = even + popular
    rng.shuffle(picked)
    return picked


def build(data: dict, *, seed: int = 7, n: int = URLS_PER_SCENARIO) -> list[Scenario]:
    rng = random.Random(seed)
    viewed = _products_by_traffic(rng, data, n)
    product_urls = [f"/p/{p['slug']}/?market={_market(rng)}" for p in viewed]
    api_product_urls = [f"/api/v1/products/{p['id']}?market={_market(rng)}" for p in viewed]
    rng.shuffle(api_product_urls)
    search_urls = []
    for _ in range(n):
        params = _search_params(rng, data, minor_prices=False)
        if set(params) == {"category", "market"}:  # browsing a category: its landing page
            search_urls.append(f"/c/{params['category']}/?market={params['market']}")
        else:
            search_urls.append(f"/search/?{urlencode(params)}")
    api_search_urls = [
        f"/api/v1/products?{urlencode(_search_params(rng, data, minor_prices=True))}" for _ in range(n)
    ]
    suggest_urls = [
        f"/api/v1/search/suggest?{urlencode({'q': _typing(rng, data), 'market': _market(rng)})}"
        for _ in range(n)
    ]
    page = Target(p99_ms=50, min_ratio=0.30)
    search = Target(p99_ms=100)
    return [
        Scenario("hello", "hello-world Django view (/_hello)", ["/_hello"]),
        Scenario("product", "product page (/p/<slug>/)", product_urls, page),
        Scenario("search", "search page (/search/)", search_urls, search),
        Scenario("api_product", "API product (/api/v1/products/{id})", api_product_urls, page),
        Scenario("api_search", "API search (/api/v1/products?q=)", api_search_urls, search),
        Scenario(
            "api_suggest", "API suggestions (/api/v1/search/suggest?q=)", suggest_urls, Target(p99_ms=50)
        ),
    ]


@dataclass
class QueryCount:
    mean: float
    max: int
    statuses: Counter

    @property
    def ok(self) -> bool:
        return set(self.statuses) <= {200}


def count_queries(urls: list[str], *, sample: int = 25) -> QueryCount:
    """SQL queries per request, measured with Django's test client on a sample of the scenario's URLs.

    The process is warmed first (market cache, URL resolvers) so the figure is the steady-state cost.
    The page cache is off here: the figure is what rendering a page costs (a cache hit costs none).
    """
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # 404s are reported in the table, not logged
    settings.PAGE_CACHE_SECONDS = 0
    client = Client(raise_request_exception=False)
    client.get(urls[0])
    step = max(1, len(urls) // sample)
    picked = urls[::step][:sample]
    per_request, statuses = [], Counter()
    for url in picked:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        statuses[response.status_code] += 1
        per_request.append(len(ctx.captured_queries))
    return QueryCount(mean=sum(per_request) / len(per_request), max=max(per_request), statuses=statuses)
