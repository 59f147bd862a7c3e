"""The demo sellers' ratings, made of real reviews: past orders by three demo shoppers, each line shipped,
delivered and reviewed through the services, so a seller's stars, its review count, its public page and its
rating distribution all count the same rows (called by orders/demo.py).

Each seller's (sum of stars, number of reviews) comes from the demo's seller table (`ctx.ratings`); stars
are spread so their mean is that ratio. Sellers whose offers buyers cannot reach today (suspended,
removed, paused at their probation review) get no new orders, so they show what they have.
"""

from __future__ import annotations

from datetime import timedelta

from comeback.offers.selectors import visible_offers

from .demo import DEMO_BUYER
from .payments.testing import CARD_SUCCEEDS
from .services import cart as cart_service
from .services import checkout as checkout_service
from .services import fulfilment, reviews

SHOPPERS = [("shopper1", "Léa Girard"), ("shopper2", "Jonas Becker"), ("shopper3", "Emily Carter")]
ADDRESSES = {
    "FR": {"name": "", "line1": "8 rue Oberkampf", "postal_code": "75011", "city": "Paris"},
    "DE": {"name": "", "line1": "Torstraße 12", "postal_code": "10119", "city": "Berlin"},
    "GB": {"name": "", "line1": "22 Baker Street", "postal_code": "NW1 6XE", "city": "London"},
    "US": {"name": "", "line1": "350 Fifth Avenue", "postal_code": "10118", "city": "New York"},
    "JP": {"name": "", "line1": "1-1 Chiyoda", "postal_code": "100-0001", "city": "Tokyo"},
}
LINES_PER_ORDER = 4
COMMENTS = {
    5: ["As described, like new.", "Fast delivery, flawless unit.", "Battery better than promised."],
    4: ["Good condition, a faint mark on the side.", "Works perfectly; the box was basic."],
    3: ["Fine, but it took a week to arrive.", "A few scratches more than I expected."],
    2: ["Screen has a visible scratch.", "Slow to ship."],
    1: ["Stopped charging after a week; sent back."],
}


def stars_for(total: int, count: int) -> list[int]:
    """`count` ratings from 1 to 5 whose sum is `total`: as even as possible, the higher ones first."""
    if count <= 0:
        return []
    base, extra = divmod(max(count, min(total, 5 * count)), count)
    return [min(5, base + 1)] * extra + [base] * (count - extra)


def _shoppers(ctx) -> list:
    from comeback.accounts.models import User

    domain = DEMO_BUYER.partition("@")[2]
    hashed = next(iter(ctx.users.values())).password  # every demo login shares one hash
    made = []
    for login, name in SHOPPERS:
        user = User.objects.create(
            email=f"{login}@{domain}",
            name=name,
            password=hashed,
            preferred_market="FR",
            date_joined=ctx.now - timedelta(days=900),
        )
        ctx.users[user.email] = user
        made.append(user)
    return made


def _market_for(seller) -> str | None:
    """The seller's market with the most offers buyers can buy today, or None."""
    best = None
    for market in seller.markets:
        n = visible_offers(market).filter(seller=seller, quantity__gte=2).count()
        if n and (best is None or n > best[1]):
            best = (market, n)
    return best[0] if best else None


def seed_reviews(ctx) -> int:
    """Past reviewed orders for every seller of `ctx.ratings`; returns how many reviews were posted."""
    from .demo import _lines, _ship

    if not any(count for _total, count in ctx.ratings.values()):
        return 0
    shoppers = _shoppers(ctx)
    posted = 0
    n_order = 0
    for login_email, (total, count) in ctx.ratings.items():
        seller = ctx.sellers.get(login_email)
        market = _market_for(seller) if seller is not None and count else None
        if market is None:
            continue
        offers = list(
            visible_offers(market)
            .filter(seller=seller, quantity__gte=2)
            .select_related("variant__product__category")
            .order_by("pk")
        )
        stars = stars_for(total, count)
        ctx.rng.shuffle(stars)
        # Orders from the seller's start (or 300 days ago) to ten days ago, delivered and reviewed since.
        span = min(300, (ctx.now - seller.verified_at).days - 12) if seller.verified_at else 0
        if span < 1:
            continue
        per_order = min(LINES_PER_ORDER, len(offers))  # an offer once per order
        for first in range(0, len(stars), per_order):
            chunk = stars[first : first + per_order]
            picked = [offers[(first + i) % len(offers)] for i in range(len(chunk))]
            buyer = shoppers[n_order % len(shoppers)]
            n_order += 1
            at = ctx.now - timedelta(days=11 + ctx.rng.uniform(0, span))
            for offer in picked:
                cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
            order = checkout_service.checkout(
                buyer=buyer,
                market_code=market,
                idempotency_key=f"demo-review-{seller.pk}-{first}",
                shipping_address={**ADDRESSES[market], "name": buyer.name},
                payment_method=CARD_SUCCEEDS,
                at=at,
            ).order
            batteries = {o.pk: bool(o.variant.product.category.battery_floor) for o in picked}
            for line, n in zip(_lines(order), chunk, strict=True):
                battery = batteries[line.offer_id]
                _ship(
                    ctx,
                    line,
                    accepted=at + timedelta(hours=3),
                    shipped=at + timedelta(days=1),
                    has_battery=battery,
                )
                fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=line.pk, at=at + timedelta(days=3))
                reviews.post_review(
                    buyer=buyer,
                    line_id=line.pk,
                    stars=n,
                    at=at + timedelta(days=4 + ctx.rng.randint(0, 5)),
                    comment=ctx.rng.choice(COMMENTS[n]) if ctx.rng.random() < 0.6 else "",
                )
                posted += 1
    return posted
