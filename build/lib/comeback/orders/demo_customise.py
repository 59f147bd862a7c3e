"""Demo customisations for buyer@demo.comeback.test (docs/fashion.md "Customisation"): a refurbished watch
bought with a new strap from the same seller, delivered, so its passport says "customised with …"; and a
phone bought with a new case, shipped in one parcel.

When the watch's seller lists no new strap that fits, the demo lists one for it through the offers service,
as the seller would. Deterministic: the first match in id order.
"""

from __future__ import annotations

from datetime import timedelta

from comeback.catalog import compatibility
from comeback.core.problems import Problem
from comeback.offers import services as offers
from comeback.offers.models import Offer, OfferStatus

from .services import customise

# (main category, accessory category, the demo's key, days ago, delivered)
PAIRS = (
    ("smartwatches", "watch-straps", "demo-customised-watch", 9, True),
    ("smartphones", "cases", "demo-customised-phone", 2, False),
)
NEW_ADDON_PRICE = 2900  # €29: a new strap or case listed by the demo


def _new_addon(seller, main: Offer, accessory_slug: str) -> Offer | None:
    fitting = compatibility.accessories_for([main.variant.product_id])
    found = (
        Offer.objects.filter(
            seller=seller,
            market_id=main.market_id,
            status=OfferStatus.ACTIVE,
            grade="new",
            quantity__gt=0,
            variant__product_id__in=fitting,
            variant__product__category__slug=accessory_slug,
        )
        .order_by("price_amount", "id")
        .first()
    )
    if found is not None:
        return found
    from comeback.catalog.models import Variant

    variant = (
        Variant.objects.filter(product_id__in=fitting, product__category__slug=accessory_slug)
        .order_by("id")
        .first()
    )
    if variant is None:
        return None
    draft = offers.ListingDraft(
        variant_id=variant.pk,
        market=main.market_id,
        grade="new",
        price=NEW_ADDON_PRICE,
        currency=main.currency,
        quantity=5,
        warranty_months=12,
        handling_days=main.handling_days,
    )
    try:
        return offers.publish_listing(seller=seller, draft=draft)
    except Problem:  # the shop may not list now (a rule of its own): no customisation for this pair
        return None


def seed_customisations(ctx, buyer, devices: list, used: set, *, checkout, ship) -> None:
    """`checkout(at=, key=)` checks the buyer's cart out; `ship(line, accepted=, shipped=)` ships a line."""
    from .services import cart as cart_service
    from .services import fulfilment

    for main_slug, accessory_slug, key, days, delivered in PAIRS:
        for main in devices:
            category = main.variant.product.category
            if main.pk in used or main_slug not in {category.slug, getattr(category.parent, "slug", "")}:
                continue
            addon = _new_addon(main.seller, main, accessory_slug)
            if addon is None:
                continue
            used.update({main.pk, addon.pk})
            t = ctx.now - timedelta(days=days)
            item = cart_service.add_to_cart(user=buyer, offer_id=main.pk, quantity=1)
            customise.attach_addon(user=buyer, offer_id=addon.pk, attach_to=item.pk)
            placed = checkout(at=t, key=key)
            lines = list(placed.lines.select_related("order__buyer", "seller").order_by("id"))
            main_line = next(ln for ln in lines if ln.attached_to_id is None)
            ship(main_line, accepted=t + timedelta(hours=3), shipped=t + timedelta(hours=20))  # the strap too
            if delivered:
                for line in lines:
                    fulfilment.buyer_confirm_delivery(buyer=buyer, line_id=line.pk, at=t + timedelta(days=3))
            break
