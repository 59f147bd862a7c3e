"""What every part of seeding and every app's demo hook share: the demo's domain, password, seed, the
hook order, and the context handed to each hook.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from tqdm import tqdm

MODEL_GTIN_CATEGORIES = {"cases"}  # a brand using one GTIN for every variant of a model

if TYPE_CHECKING:  # models load after Django is set up; hooks import this module at any time
    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller

DEMO_DOMAIN = "demo.comeback.test"
PASSWORD = "comeback-demo"  # docs/design.md §4: every demo login uses it
DEFAULT_SEED = 2024
HOOK_APPS = (  # every app with a demo.py, run in this order (docs/design.md §3 "Demo")
    "catalog",
    "sellers",
    "offers",
    "orders",
    "payouts",
    "invoices",
    "webhooks",
    "passports",
    "tradein",
    "aftersales",
    "repair",
    "recovery",
    "editions",
    "trust",
    "insights",
)


@dataclass
class DemoContext:
    """What seeding hands to each app's `seed_demo(ctx)` hook (shared contract; keep attributes stable)."""

    rng: random.Random
    now: datetime
    password: str
    users: dict[str, User] = field(default_factory=dict)  # by email
    sellers: dict[str, Seller] = field(default_factory=dict)  # by login email
    products: list[ProductModel] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    show_progress: bool = True
    # login email -> (sum of stars, count): the reviews the orders demo posts for each seller
    ratings: dict[str, tuple[int, int]] = field(default_factory=dict)

    def progress(self, iterable: Iterable, desc: str):
        """Wrap a long loop in a progress bar (docs/design.md §5: long commands show progress)."""
        return tqdm(iterable, desc=desc, disable=not self.show_progress, dynamic_ncols=True)


def email(login: str) -> str:
    return f"{login}@{DEMO_DOMAIN}"
