"""The demo's offers: every full seller's listings priced by grade and market, and the few listings of the
sellers in the trust states.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import F

from comeback.core import markets
from comeback.core.money import minor_units

from .. import catalog
from .catalogue import product_slug
from .context import DemoContext, email
from .sellers import PROBATION_SCHEDULES, SELLERS, TRUST_LISTINGS, SellerSpec

# Prices: a grade's and a market's factor on the Good-grade French price (docs/design.md §2 Grades: premium >
# excellent > good > fair). Market factors follow observed refurbished prices, e.g. a Good iPhone 13
# 128 GB at about €389 / £349 / $399 / ¥52,800.
# Each condition scheme's grades (catalog/conditions.py), best first; garments are priced from Good too.
SCHEME_GRADE_FACTORS = {
    "device": {"premium": 1.20, "excellent": 1.09, "good": 1.00, "fair": 0.89},
    "apparel": {"new_with_tags": 1.45, "like_new": 1.25, "very_good": 1.12, "good": 1.00},
    "accessory": {"new": 1.35, "excellent": 1.09, "good": 1.00, "fair": 0.89},
}
GRADE_FACTORS = {g: f for factors in SCHEME_GRADE_FACTORS.values() for g, f in factors.items()}
MARKET_FACTORS = {"FR": 1.0, "DE": 0.98, "GB": 0.90, "US": 1.025, "JP": 135.7}
PREMIUM_BATTERY = 90  # docs/design.md §2: Premium means battery ≥ 90% at delivery

# How densely the full sellers list a product, by its popularity (1 niche … 3 best seller): the chance that
# a non-leading configuration is listed in a market, and (min, max) grades per listed configuration and
# sellers per grade. The leading configuration of a best seller is listed everywhere, in every grade, by
# at least three sellers, so the ranking has something to rank.
LISTING_CHANCE = {3: 0.25, 2: 0.17, 1: 0.12}
GRADES_PER_SLOT = {3: (2, 3), 2: (1, 3), 1: (1, 2)}
SELLERS_PER_GRADE = {3: (1, 2), 2: (1, 2), 1: (1, 1)}
LEADING_SELLERS = {
    "premium": (2, 3),
    "excellent": (3, 4),
    "good": (3, 4),
    "fair": (2, 3),
    "new_with_tags": (1, 2),
    "like_new": (2, 3),
    "very_good": (3, 4),
}


class _Pricer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def price(self, euros: float, market) -> int:
        """A realistic shelf price in the market's minor units: ¥52,800; €389.00 or €388.90; $398.99."""
        major = euros * MARKET_FACTORS.get(market.code, 1.0)
        if minor_units(market.currency) == 0:
            return max(100, round(major / 100) * 100)
        whole = max(2, round(major))
        unit = 10 ** minor_units(market.currency)
        if self.rng.random() < 0.5:
            return whole * unit
        return (whole - 1) * unit + (99 if market.currency == "USD" else 90) * unit // 100


def _offer_terms(
    rng: random.Random, *, grade: str, floor: int | None, seller: SellerSpec, in_stock: bool = False
) -> dict:
    if floor is None:
        battery = None
    elif grade == "premium":
        battery = rng.choice([max(floor, PREMIUM_BATTERY), 95, 100])
    else:
        battery = rng.choice([floor, floor, min(100, floor + 5), max(floor, PREMIUM_BATTERY)])
    sold_out = rng.random() < 0.06 and not in_stock
    quantity = 0 if sold_out else min(25, 1 + int(rng.expovariate(1 / 6)))
    return dict(
        grade=grade,
        battery_health_min=battery,
        quantity=quantity,
        warranty_months=rng.choice([12, 12, 18, 24, 24]),
        handling_days=min(3, seller.handling_days + rng.choice([0, 0, 1])),
    )


def _create_offers(ctx: DemoContext, by_product: dict) -> None:
    from comeback.offers.models import Offer, OfferStatus

    rng = ctx.rng
    pricer = _Pricer(rng)
    specs = {s.login: s for s in SELLERS}
    sellers = {s.login: ctx.sellers[email(s.login)] for s in SELLERS}
    market_list = [m for m in markets.all_markets() if m.code in MARKET_FACTORS]
    full = {m.code: [s for s in SELLERS if s.status == "full" and m.code in s.markets] for m in market_list}
    offers: list[Offer] = []

    def add(
        login: str, variant, market, terms: dict, euros: float, published: datetime, status=OfferStatus.ACTIVE
    ):
        offers.append(
            Offer(
                seller=sellers[login],
                variant=variant,
                market=market,
                currency=market.currency,
                price_amount=pricer.price(euros * GRADE_FACTORS[terms["grade"]], market),
                status=status,
                published_at=published,
                **terms,
            )
        )

    for spec in ctx.progress(catalog.PRODUCTS, "Offers"):
        category = by_product[product_slug(spec)][0][0].product.category
        floor = category.battery_floor
        grades = list(SCHEME_GRADE_FACTORS[category.condition_scheme])
        lo_g, hi_g = GRADES_PER_SLOT[spec.popularity]
        lo_s, hi_s = SELLERS_PER_GRADE[spec.popularity]
        for index, (variant, extra) in enumerate(by_product[product_slug(spec)]):
            leading = index == 0
            for market in market_list:
                plug = variant.attributes.get("plug")
                if plug and market.code not in catalog.PLUG_MARKETS[plug]:
                    continue
                if not leading and rng.random() > LISTING_CHANCE[spec.popularity]:
                    continue
                best_seller = leading and spec.popularity == 3
                if best_seller:
                    slot_grades = grades
                else:
                    slot_grades = sorted(rng.sample(grades, rng.randint(lo_g, hi_g)), key=grades.index)
                # A seller prices a configuration once and scales it by grade, so its grades never cross.
                level = {s.login: s.price_level * rng.uniform(0.96, 1.05) for s in full[market.code]}
                for grade in slot_grades:
                    per_grade = LEADING_SELLERS[grade] if best_seller else (lo_s, hi_s)
                    count = min(len(full[market.code]), rng.randint(*per_grade))
                    for s in rng.sample(full[market.code], count):
                        published = ctx.now - timedelta(days=rng.uniform(1, min(180, s.onboarded_days_ago)))
                        terms = _offer_terms(rng, grade=grade, floor=floor, seller=s, in_stock=best_seller)
                        add(
                            s.login,
                            variant,
                            market,
                            terms,
                            (spec.price_eur + extra) * level[s.login],
                            published,
                        )

    # Sellers in the trust states list a few popular configurations.
    popular = [
        (v, extra, spec)
        for spec in catalog.PRODUCTS
        if spec.popularity >= 2
        for v, extra in by_product[product_slug(spec)][:3]
        if "plug" not in v.attributes
    ]
    for login in ("probation", "review", "suspended", "removed"):
        s = specs[login]
        if login in PROBATION_SCHEDULES:
            # Within each day, after the moment probation started (and never in the future).
            times = [
                ctx.now - timedelta(days=days) + timedelta(minutes=5 + 7 * i)
                if days
                else ctx.now - timedelta(minutes=30 + 7 * i)
                for days, n in PROBATION_SCHEDULES[login]
                for i in range(n)
            ]
        else:
            times = sorted(
                (ctx.now - timedelta(days=rng.uniform(30, 300)) for _i in range(TRUST_LISTINGS[login])),
                reverse=True,
            )
        status = OfferStatus.WITHDRAWN if s.status == "removed" else OfferStatus.ACTIVE
        taken = set()
        for published in times:
            while True:
                variant, extra, spec = rng.choice(popular)
                market = markets.get(rng.choice(s.markets))
                grade = rng.choice(list(SCHEME_GRADE_FACTORS[variant.product.category.condition_scheme])[1:])
                if (variant.sku, market.code, grade) not in taken:
                    taken.add((variant.sku, market.code, grade))
                    break
            terms = _offer_terms(rng, grade=grade, floor=variant.product.category.battery_floor, seller=s)
            add(login, variant, market, terms, (spec.price_eur + extra) * s.price_level, published, status)

    Offer.objects.bulk_create(offers, batch_size=500)
    # Listing history: created when published (auto_now_add stamped them all with "now").
    Offer.objects.filter(seller__in=list(sellers.values())).update(
        created_at=F("published_at"), updated_at=F("published_at")
    )
    for o in offers:
        o.created_at = o.updated_at = o.published_at
    ctx.offers = offers
