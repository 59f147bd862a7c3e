"""The keys of the product page's cached fragments (`{% fragment %}`, web/templatetags/comeback.py).

A grade card is kept per process under a key made of every value it shows: the slot's offers and their
sellers (the fields the slot query loads, offers/slot_sql.py SLOT_FIELDS), the ranking's explanation, the
winner's photos and authentication, the grade, the condition scheme and the market's terms. The page's
language is added by the tag. So a price, stock, rating or photo change makes a new key and the next render
shows it: a card is never invalidated, only no longer asked for (the store forgets the least recently used).
The offers' `updated_at` is not a version: stock moves and checkout update rows without touching it.

The rest of the page is kept too, in regions named by what they show (`product_page_key`, `product_top_key`):
the model as the process keeps it (its generation, below), the market's terms, and for the top of the page the
variants' prices in the market, read on every request with the offers.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import weakref
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


# A kept model's generation ------------------------------------------------------------------------------------
# The model, its brand, category, variants and photos are read once per process and catalogue version
# (catalog/kept.py): the instance a page gets is the same until a catalogue edit makes the process read it
# again, as a new instance. So the instance itself names the data's generation. A number per live instance,
# forgotten when it is (a later instance may reuse the memory address, never the number).
_generations: dict[int, tuple[weakref.ref, int]] = {}
_numbers = itertools.count(1)
_generations_lock = threading.Lock()


def kept_generation(instance) -> int:
    """The number of this kept instance: the same for every request that gets it, new for a new read."""
    address = id(instance)
    with _generations_lock:
        found = _generations.get(address)
        if found is not None and found[0]() is instance:
            return found[1]
        number = next(_numbers)
        _generations[address] = (weakref.ref(instance, _forgetter(address)), number)
        return number


def _forgetter(address: int):
    def forget(ref) -> None:
        # No lock: run while the instance is freed, possibly inside kept_generation; its address is not yet free.
        if _generations.get(address, (None,))[0] is ref:
            del _generations[address]

    return forget


def product_page_key(*, product, market) -> tuple:
    """The key of the regions of a product page that show only the model and the market's terms: the title,
    the breadcrumb, the grades' heading, the guarantees, the description and the avoided impact."""
    return (
        kept_generation(product),
        market.code,
        market.currency,
        market.locale,
        market.local_name,
        market.commercial_warranty_min_months,
        market.return_window_days,
        market.legal_guarantee_months,
        market.legal_guarantee_note,
    )


def product_top_key(*, page: tuple, detail, cards: int) -> tuple:
    """The key of the page's top (photos, title, price, configuration picker, key facts): the model and the
    market, the chosen variant, each variant's lowest price in the market and the offers counted."""
    return (
        page,
        detail.variant.id if detail.variant else None,
        tuple((v.id, v.from_price.amount if v.from_price else None) for v in detail.variants),
        detail.offer_count,
        cards,
    )
