"""The keys of the product page's cached fragments (`{% fragment %}`, web/templatetags/comeback.py).

A grade card is kept per process under a key made of every value it shows: the slot's offers and their
sellers (the fields the slot query loads, offers/slot_sql.py SLOT_FIELDS), the ranking's explanation, the
winner's photos and authentication, the grade, the condition scheme and the market's terms. The page's
language is added by the tag. So a price, stock, rating or photo change makes a new key and the next render
shows it: a card is never invalidated, only no longer asked for (the store forgets the least recently used).
The offers' `updated_at` is not a version: stock moves and checkout update rows without touching it.
"""

from __future__ import annotations

import hashlib
from operator import attrgetter

from comeback.offers.slot_sql import SLOT_FIELDS

# "seller__display_name" -> offer.seller.display_name: what the card may read of an offer without a query.
_READ = tuple(attrgetter(f.replace("__", ".")) for f in SLOT_FIELDS)


def offer_values(offer) -> tuple:
    return tuple(read(offer) for read in _READ)


def addon_values(addon) -> tuple:
    """What the add-to-cart form shows of an add-on its buyer may attach (orders/_add_to_cart.html)."""
    return (
        addon.pk,
        str(addon.variant.product),
        addon.variant.label,
        addon.grade,
        addon.price_amount,
        addon.currency,
    )


def grade_card_key(*, grade: str, slot, photos: list, badge, scheme, market, addons=()) -> str:
    """The key of one grade card of a product page: a digest of everything the card shows."""
    shown = (
        grade,
        scheme.code,
        market.code,
        market.legal_guarantee_months,
        market.return_window_days,
        [offer_values(o) for o in [slot.winner, *slot.others]],
        slot.reason_codes,
        slot.reasons,
        slot.winner_quality,
        slot.runner_up_quality,
        slot.runner_up_price,
        photos,
        badge,
        [addon_values(a) for a in addons or ()],
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
