"""Keep the anonymous page cache honest: after commit, events that change what a product page or a
search shows make the cached pages stale (web/pagecache.py). Idempotent: bumping twice only costs a
render."""

from __future__ import annotations

from comeback.core import outbox
from comeback.web import pagecache

# Offer price, stock or status, and reviews (seller ratings) change the product's page.
OFFER_TOPICS = ("offer.published", "offer.updated", "order.line.paid", "order.line.cancelled", "review.posted")
# A seller's status decides whether all of its offers are visible; its quality score ranks them.
CATALOGUE_TOPICS = ("seller.decision", "seller.quality.changed")


def _product_of_offer(offer_id) -> tuple[int, str, str] | None:
    from comeback.offers.models import Offer

    return (
        Offer.objects.filter(pk=offer_id)
        .values_list("variant__product_id", "variant__product__slug", "market_id")
        .first()
    )


def on_offer_event(event_id: int, payload: dict) -> None:
    found = _product_of_offer(payload.get("offer_id"))
    if found is None:
        pagecache.bump_catalogue()
        return
    product_id, slug, market = found
    # Only that market's listings: a price change in Germany leaves French searches cached.
    pagecache.bump(
        pagecache.product_gen_key(product_id), pagecache.product_gen_key(slug), pagecache.listing_gen_key(market)
    )


def on_catalogue_event(event_id: int, payload: dict) -> None:
    pagecache.bump_catalogue()


def register() -> None:
    for topic in OFFER_TOPICS:
        outbox.handles(topic)(on_offer_event)
    for topic in CATALOGUE_TOPICS:
        outbox.handles(topic)(on_catalogue_event)
