"""What a writer of an offer event knows of the offer and hands to the after-commit handlers (core/outbox.py
`emit_many(known=…)`), so they need not read it again: where the offer shows. Never stored with the event: the
drain's handlers and the sellers' webhooks read for themselves."""

from __future__ import annotations

# The product (by id and by slug) whose page shows the offer, and the market whose listings show it.
PLACE = ("product_id", "product_slug", "market")


def place(*, product_id: int, product_slug: str, market: str) -> dict:
    return {"product_id": product_id, "product_slug": product_slug, "market": market}
