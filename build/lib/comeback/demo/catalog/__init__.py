"""The demo catalogue: real product models with approximate published figures.

Release dates are the makers' launch dates; `ended` is when the maker stopped placing the model on the
market (its successor's launch) where that is known, else None. Material shares are approximate, rounded
from makers' environmental reports and teardown weights; they sum to 100. Prices are what a refurbished
unit in Good grade, in its cheapest configuration, sells for in France (whole euros); demo.py derives
the other grades, configurations and markets from them. GTINs stay empty: the passport issue allocates
them from a company prefix.

Nothing here assumes a phone: each category brings its own JSON Schemas, battery floor and kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .accessories import ACCESSORIES, PLUG_MARKETS
from .android_phones import ANDROID_PHONES
from .categories import CATEGORIES as _DEVICE_CATEGORIES
from .consoles import CONSOLES
from .earphones import EARPHONES
from .fashion import FASHION_CATEGORIES, FASHION_PRODUCTS, FASHION_ROOT, SIZE_GUIDES
from .jackets import JACKETS
from .laptops import LAPTOPS
from .materials import MATERIALS
from .phones import IPHONES
from .specs import LABELS, ProductSpec
from .tablets import TABLETS
from .watches import WATCHES

if TYPE_CHECKING:
    from .specs import CategorySpec

__all__ = ["CATEGORIES", "LABELS", "MATERIALS", "PLUG_MARKETS", "PRODUCTS", "SIZE_GUIDES", "ProductSpec"]

# The fashion section (fashion.py): its root before the jackets it now holds, its categories after.
_at = next(i for i, c in enumerate(_DEVICE_CATEGORIES) if c.slug == "jackets")
CATEGORIES: list[CategorySpec] = [
    *_DEVICE_CATEGORIES[:_at],
    FASHION_ROOT,
    _DEVICE_CATEGORIES[_at],
    *FASHION_CATEGORIES,
    *_DEVICE_CATEGORIES[_at + 1 :],
]

# The order is the seeding order (and so every id): phones, computers, consoles, wearables, jackets,
# accessories, then fashion.
PRODUCTS: list[ProductSpec] = [
    *IPHONES,
    *ANDROID_PHONES,
    *LAPTOPS,
    *TABLETS,
    *CONSOLES,
    *WATCHES,
    *EARPHONES,
    *JACKETS,
    *ACCESSORIES,
    *FASHION_PRODUCTS,
]
