"""Base colours over the makers' marketing names: "Sierra Blue" and "Pacific Blue" are blue, "Midnight" is
black, "Starlight" white. Search offers the base colour as a filter (`colour_group`), so a shopper who wants a
blue phone does not have to know what each brand calls blue.

A name belongs to one base colour: the first colour word it holds ("Midnight Green" is green, "Pink Gold"
pink), else its marketing word ("Midnight", "Graphite", "Sage"); a name with neither stays out of the filter
(it is still listed under its own name where a page shows colours). Two colours in one name ("Neon
Red/Neon Blue") make it multicolour.
"""

from __future__ import annotations

import re
import threading
import time

from django.utils.translation import pgettext, pgettext_lazy

GROUP = "colour_group"  # the attribute name search filters and facets use for the base colour

# In the order a filter lists them.
BASE = {
    "black": pgettext_lazy("colour", "Black"),
    "grey": pgettext_lazy("colour", "Grey"),
    "white": pgettext_lazy("colour", "White"),
    "silver": pgettext_lazy("colour", "Silver"),
    "gold": pgettext_lazy("colour", "Gold"),
    "beige": pgettext_lazy("colour", "Beige"),
    "brown": pgettext_lazy("colour", "Brown"),
    "red": pgettext_lazy("colour", "Red"),
    "orange": pgettext_lazy("colour", "Orange"),
    "yellow": pgettext_lazy("colour", "Yellow"),
    "green": pgettext_lazy("colour", "Green"),
    "blue": pgettext_lazy("colour", "Blue"),
    "purple": pgettext_lazy("colour", "Purple"),
    "pink": pgettext_lazy("colour", "Pink"),
    "multicolour": pgettext_lazy("colour", "Multicolour"),
}
# Colour words, in any language a maker uses in English names.
WORDS = {
    **{key: key for key in BASE},
    "gray": "grey",
    "violet": "purple",
    "lavender": "purple",
    "lilac": "purple",
    "navy": "blue",
    "turquoise": "blue",
    "lime": "green",
    "olive": "green",
    "rose": "pink",
    "coral": "orange",
    "cream": "beige",
}
# Marketing words that name a colour without a colour word (the demo catalogue's and the common makers').
MARKETING = {
    "midnight": "black",
    "obsidian": "black",
    "onyx": "black",
    "carbon": "black",
    "charcoal": "grey",
    "graphite": "grey",
    "titanium": "grey",
    "starlight": "white",
    "snow": "white",
    "chalk": "white",
    "porcelain": "white",
    "frost": "white",
    "platinum": "silver",
    "champagne": "gold",
    "taupe": "beige",
    "hazel": "brown",
    "umber": "brown",
    "marigold": "yellow",
    "lemongrass": "yellow",
    "sage": "green",
    "clover": "green",
    "seafoam": "green",
    "ink": "blue",
    "sea": "blue",
    "bay": "blue",
    "stonewash": "blue",
    "rinse": "blue",
    "denim": "blue",
}
_WORD = re.compile(r"[a-z]+")


def group_of(name: str | None) -> str | None:
    """The base colour of a colour name: "Sierra Blue" -> "blue", "Midnight" -> "black", "Sorta" -> None."""
    words = _WORD.findall(str(name or "").casefold())
    named = [WORDS[w] for w in words if w in WORDS]
    if len(set(named)) > 1 and "/" in str(name):
        return "multicolour"
    if named:
        return named[0]
    return next((MARKETING[w] for w in words if w in MARKETING), None)


def label(key: str) -> str:
    """A base colour's name in the page's language ("blue" -> "Bleu"); an unknown key as it came."""
    return str(BASE[key]) if key in BASE else pgettext("colour", key)


def order(key: str) -> int:
    return list(BASE).index(key) if key in BASE else len(BASE)


# The catalogue's colour names, read once per process and refreshed like the search vocabulary, so a filter
# on a base colour is one `colour IN (...)` condition.
REFRESH_SECONDS = 60
_lock = threading.Lock()
_state: dict = {"at": 0.0, "groups": {}}


def names_in(group: str) -> list[str]:
    """Every colour name of the catalogue's variants that belongs to `group`, sorted."""
    now = time.monotonic()
    if not _state["at"] or now - _state["at"] >= REFRESH_SECONDS:
        with _lock:
            if not _state["at"] or now - _state["at"] >= REFRESH_SECONDS:
                from .models import Variant

                names = (
                    Variant.objects.order_by()
                    .filter(attributes__has_key="colour")
                    .values_list("attributes__colour", flat=True)
                    .distinct()
                )
                groups: dict[str, list[str]] = {}
                for name in names:
                    if isinstance(name, str) and (key := group_of(name)):
                        groups.setdefault(key, []).append(name)
                _state.update(at=now, groups={k: sorted(v) for k, v in groups.items()})
    return _state["groups"].get(group, [])


def forget() -> None:
    """Read the names again on the next filter (tests, and after a catalogue import)."""
    _state["at"] = 0.0
