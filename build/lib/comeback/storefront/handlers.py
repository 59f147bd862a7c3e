"""Keep the anonymous page cache honest: events that change what a product page or a search shows make the
cached pages stale (storefront/pagecache.py). Idempotent: bumping twice only costs a render.

Twice over: `pages_changed` runs in the writing process right after its commit (outbox.after_commit), so a
change shows on every node at once whatever the workers are doing; the outbox handlers run the same bumps
again from the drain, the backstop when the first bump could not be made (Redis away, a crash after commit).

An offer's pages are its product's (by id and by slug) and its market's listings. A writer that read them
already (checkout's cart, a reprice's offer) hands them to the after-commit call (offers/events.py); otherwise,
and always in the drain, they are read here.
"""

from __future__ import annotations

from comeback.core import outbox
from comeback.offers.events import PLACE

from . import pagecache

# Offer price, stock or status, and reviews (seller ratings) change the product's page.
OFFER_TOPICS = (
    "offer.published",
    "offer.updated",
    "order.line.paid",
    "order.line.cancelled",
    "review.posted",
)
# A seller's status decides whether all of its offers are visible; its quality score ranks them.
CATALOGUE_TOPICS = ("seller.decision", "seller.quality.changed")
# A model's official photos (catalog/gallery.py) and its textile facts (catalog/textile.py) change its own page only.
PRODUCT_TOPICS = ("catalog.model.images", "catalog.model.textile")


def _offer_keys(product_id: int, slug: str, market: str) -> tuple[str, ...]:
    # Only that market's listings: a price change in Germany leaves French searches cached.
    return (
        pagecache.product_gen_key(product_id),
        pagecache.product_gen_key(slug),
        pagecache.listing_gen_key(market),
    )


def _bumps_for_offers(offer_ids) -> set[str]:
    from comeback.offers.models import Offer

    keys: set[str] = set()
    found = 0
    for product_id, slug, market in Offer.objects.filter(pk__in=offer_ids).values_list(
        "variant__product_id", "variant__product__slug", "market_id"
    ):
        found += 1
        keys.update(_offer_keys(product_id, slug, market))
    if found < len(set(offer_ids)):
        keys.add(pagecache.CATALOGUE_GEN)  # an offer we cannot place: every page
    return keys


def pages_of(payloads: list[dict]) -> set[str]:
    """The generations of every page these offer, product and seller events affect."""
    keys: set[str] = set()
    placed = set()
    for p in payloads:
        if "offer_id" in p and all(p.get(name) for name in PLACE):  # its writer knew where it shows
            keys.update(_offer_keys(*(p[name] for name in PLACE)))
            placed.add(p["offer_id"])
    offer_ids = {p["offer_id"] for p in payloads if "offer_id" in p} - placed
    if offer_ids:
        keys |= _bumps_for_offers(offer_ids)
    for p in payloads:
        if "offer_id" not in p and "product_id" in p:
            keys.update(pagecache.product_gen_key(ref) for ref in (p["product_id"], p.get("slug")) if ref)
    if any("offer_id" not in p and "product_id" not in p for p in payloads):
        keys.add(pagecache.CATALOGUE_GEN)
    return keys


def pages_changed(payloads: list[dict]) -> None:
    """Every page the transaction's offer and seller events affect, made stale with one round trip."""
    keys = pages_of(payloads)
    if keys:
        pagecache.bump(*sorted(keys))


def on_events(events: list[tuple[int, str, dict]]) -> None:
    """A drain's batch of such events: one read of their offers and one round trip for all their pages."""
    pages_changed([payload for _id, _topic, payload in events])


def register() -> None:
    outbox.after_commit(*OFFER_TOPICS, *CATALOGUE_TOPICS, *PRODUCT_TOPICS)(pages_changed)
    outbox.handles_many(*OFFER_TOPICS, *CATALOGUE_TOPICS, *PRODUCT_TOPICS)(on_events)
