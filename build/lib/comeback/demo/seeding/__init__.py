"""Demo data: `comeback seed-demo` (docs/design.md §4 demo logins).

Deterministic (a fixed random seed) and re-runnable: every run first deletes the previous demo rows —
users whose email ends with @demo.comeback.test, the demo product models, and everything hanging off
either — then recreates them. Categories and brands are updated in place, never deleted, since
other data may use them.

After its own catalogue, sellers and offers, seeding runs the optional hooks of other apps: for each
app in HOOK_APPS, `comeback.<app>.demo.seed_demo(ctx)` if that module exists (see DemoContext).
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import time
from dataclasses import dataclass, field

from django.db import transaction

from comeback.core import clock, markets

from .. import catalog
from .catalogue import _create_catalogue, _upsert_categories
from .context import DEFAULT_SEED, DEMO_DOMAIN, HOOK_APPS, MODEL_GTIN_CATEGORIES, PASSWORD, DemoContext
from .logins import DemoLogin, demo_logins
from .offers import _create_offers
from .purge import demo_product_slugs, purge_demo_data
from .sellers import _create_people

__all__ = [
    "DEFAULT_SEED",
    "DEMO_DOMAIN",
    "HOOK_APPS",
    "MODEL_GTIN_CATEGORIES",
    "PASSWORD",
    "DemoContext",
    "DemoLogin",
    "DemoSummary",
    "catalog",
    "demo_logins",
    "demo_product_slugs",
    "purge_demo_data",
    "run_hooks",
    "seed",
]


@dataclass
class DemoSummary:
    categories: int = 0
    products: int = 0
    variants: int = 0
    users: int = 0
    sellers: int = 0
    offers: int = 0
    hooks: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_hooks(ctx: DemoContext) -> list[str]:
    """Let other apps add their demo data: `comeback.<app>.demo.seed_demo(ctx)` when the module exists."""
    ran = []
    for app in HOOK_APPS:
        name = f"comeback.{app}.demo"
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the app itself is not there
            found = None
        if found is None:
            continue
        module = importlib.import_module(name)
        with transaction.atomic():
            module.seed_demo(ctx)
        ran.append(app)
    return ran


def seed(*, random_seed: int = DEFAULT_SEED, hooks: bool = True, show_progress: bool = True) -> DemoSummary:
    """Reset the demo data and load it again: catalogue, people, sellers, offers, then the apps' hooks."""
    from comeback.catalog import services as catalog_services

    started = time.perf_counter()
    ctx = DemoContext(
        rng=random.Random(random_seed), now=clock.now(), password=PASSWORD, show_progress=show_progress
    )
    markets.changed()
    with transaction.atomic():
        purge_demo_data()
        categories = _upsert_categories()
        by_product = _create_catalogue(ctx, categories)
        _create_people(ctx)
        _create_offers(ctx, by_product)
        # Each create also reindexes its product after commit; rebuilding here makes search complete
        # inside this transaction already (a test's transaction never commits).
        catalog_services.rebuild_search_index(progress=ctx.progress)
    summary = DemoSummary(
        categories=len(categories),
        products=len(ctx.products),
        variants=sum(len(v) for v in by_product.values()),
        users=len(ctx.users),
        sellers=len(ctx.sellers),
        offers=len(ctx.offers),
    )
    if hooks:
        summary.hooks = run_hooks(ctx)
        if "sellers" in summary.hooks:
            # Scores from the facts the hooks just wrote (orders, reviews), so the ranking uses them.
            from comeback.sellers.monitoring import recompute_all

            with transaction.atomic():
                recompute_all(at=ctx.now, progress=ctx.progress)
    summary.seconds = time.perf_counter() - started
    return summary
