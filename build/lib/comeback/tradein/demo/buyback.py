"""Buyback offers from the demo refurbishers for popular models, in every market and condition tier, priced
from the model's resale price (a refurbisher pays about half of what a good refurbished unit sells for).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min

from comeback.core import markets
from comeback.core.money import minor_units
from comeback.offers.models import Offer

from .. import selectors
from ..models import (
    BuybackOffer,
    Tier,
)

# What a refurbisher pays, as a share of a good refurbished unit's price, per condition tier.
TIER_SHARE = {Tier.FLAWLESS: 0.58, Tier.GOOD: 0.50, Tier.USED: 0.38, Tier.BROKEN: 0.14}
TRADEIN_CATEGORIES = (
    "smartphones",
    "tablets",
    "handheld-consoles",
    "home-consoles",
    "laptops",
    "smartwatches",
)


def _round(amount: float, currency: str) -> int:
    """Whole units (EUR 123.00 → 12300; JPY to the hundred) so buyback prices read like real ones."""
    if minor_units(currency) == 0:
        return max(100, int(round(amount / 100) * 100))
    unit = 10 ** minor_units(currency)
    return max(unit, int(round(amount / unit)) * unit)


def _buyback_offers(ctx) -> list:
    """Every selling refurbisher buys some popular models in some markets; the leaders are bought by 3."""
    buyers = [
        s for s in sorted(ctx.sellers.values(), key=lambda s: s.pk) if s.status in ("full", "probation")
    ]
    if not buyers:
        return []
    resale = {}
    for pid, market, currency, price in (
        Offer.objects.filter(variant__product__in=ctx.products, grade="good")
        .values("variant__product_id", "market_id", "currency")
        .annotate(p=Min("price_amount"))
        .values_list("variant__product_id", "market_id", "currency", "p")
    ):
        resale[(pid, market)] = (price, currency)
    products = [p for p in ctx.products if p.category.slug in TRADEIN_CATEGORIES]
    rows = []
    for product in ctx.progress(products, "Trade-in buyback offers"):
        storages = selectors.storage_options(product)[:2] or [0]
        for market in markets.all_markets():
            if (product.pk, market.code) not in resale:
                continue
            price, currency = resale[(product.pk, market.code)]
            # Only refurbishers approved for the market buy back there.
            local = [s for s in buyers if market.code in (s.markets or [])]
            chosen = ctx.rng.sample(local, k=min(len(local), ctx.rng.choice((2, 3))))
            for seller in chosen:
                jitter = ctx.rng.uniform(0.9, 1.06)
                for storage in storages:
                    bump = 1.0 + 0.08 * storages.index(storage)
                    for tier, share in TIER_SHARE.items():
                        rows.append(
                            BuybackOffer(
                                seller=seller,
                                product=product,
                                storage_gb=storage,
                                market=market,
                                tier=tier,
                                price_amount=_round(price * share * jitter * bump, currency),
                                currency=currency,
                                weekly_capacity=ctx.rng.choice((20, 50, 100, 250)),
                                created_at=ctx.now - timedelta(days=60),
                                updated_at=ctx.now - timedelta(days=ctx.rng.randrange(1, 30)),
                            )
                        )
    BuybackOffer.objects.bulk_create(rows, batch_size=2000)
    return buyers
