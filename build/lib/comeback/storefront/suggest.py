"""Suggestions as you type: the product models whose title starts the words typed, on sale in the market.

Fast because nothing here asks the search index per keystroke: every product title is read once per
process into a word index, kept under the catalogue version like the forgiving search's vocabulary
(catalog/kept.py: every catalogue edit and every write of the search index bumps it),
a prefix is found by bisecting the sorted words, and prices come from the market's search snapshot
(snapshot.py) or, for a small market, one aggregate over the few candidates. A query that matches nothing
is corrected the way search corrects it (forgiving.py): "iphnoe 1" suggests the iPhone 12 and 13.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from django.db.models import Count, Min

from comeback.catalog import forgiving, kept, search
from comeback.core import versioned

LIMIT = 8  # what a list under a search box shows without scrolling
CANDIDATES = 200  # ranked by their titles before the market is asked about them
MIN_CHARS = 2  # one letter would suggest a random tenth of the catalogue


@dataclass(frozen=True)
class Title:
    pid: int
    slug: str
    brand: str
    name: str
    words: tuple[str, ...]  # folded, in title order


@dataclass(frozen=True)
class Suggestion:
    product_id: int
    slug: str
    brand: str
    name: str
    from_price: int  # minor units of the market's currency
    offer_count: int


@dataclass(frozen=True)
class Suggestions:
    q: str
    corrected: str | None  # the query the suggestions answer, when the typed one matched nothing
    items: list[Suggestion]


def _load() -> dict:
    return kept.table("suggest-titles", _read)


def _read() -> dict:
    from comeback.catalog.models import ProductModel

    titles: dict[int, Title] = {}
    index: dict[str, list[int]] = {}
    rows = ProductModel.objects.order_by().values_list("pk", "slug", "brand__name", "name")
    for pid, slug, brand, name in rows.iterator(chunk_size=5_000):
        words = tuple(search._WORD.findall(search.fold(f"{brand} {name}")))
        titles[pid] = Title(pid, slug, brand, name, words)
        for w in set(words):
            index.setdefault(w, []).append(pid)
    return {"titles": titles, "index": index, "words": sorted(index)}


def load() -> None:
    """Read the titles now (a web process's warm-up, snapshot_warm.py), not in a visitor's request."""
    _load()


def forget() -> None:
    """Drop the titles (tests, and after a catalogue import): this process's catalogue copies are read again."""
    versioned.drop_local(kept.VERSION)


def _having(word: str, state: dict, *, typing: bool) -> set[int]:
    """Products with a title word starting with `word`. A number is whole ("1" is not "13") unless it is
    the word being typed."""
    index = state["index"]
    if word.isdigit() and not typing:
        return set(index.get(word, ()))
    words = state["words"]
    found: set[int] = set()
    i = bisect_left(words, word)
    while i < len(words) and words[i].startswith(word):
        found.update(index[words[i]])
        i += 1
    return found


def _matching(words: list[str], state: dict, *, typing_last: bool) -> set[int]:
    found: set[int] | None = None
    last = len(words) - 1
    # the longest word narrows most
    for i, w in sorted(enumerate(words), key=lambda iw: len(iw[1]), reverse=True):
        have = _having(w, state, typing=typing_last and i == last)
        found = have if found is None else found & have
        if not found:
            return set()
    return found or set()


def _title_rank(title: Title, words: list[str], demoted: frozenset[int]) -> tuple:
    # Devices before their accessories, then the titles the words say most completely ("iphone 13" puts
    # "Apple iPhone 13" before "Apple iPhone 13 Pro Max"), then alphabetical for a stable list.
    return (title.pid in demoted, len(title.words) - len(words), title.words)


def _on_sale(market: str, pids: list[int]) -> dict[int, tuple[int, int]]:
    """(lowest price, offer count) of each product with a visible offer in the market."""
    from . import snapshot

    snap = snapshot.for_market(market)
    if snap is not None:
        out = {}
        for pid in pids:
            entry = snap.entries.get(pid)
            if entry is not None:
                out[pid] = (entry.everything.low, entry.everything.n)
        return out
    from comeback.offers.selectors import visible_offers

    rows = (
        visible_offers(market)
        .filter(variant__product_id__in=pids)
        .order_by()
        .values("variant__product_id")
        .annotate(low=Min("price_amount"), n=Count("id"))
        .values_list("variant__product_id", "low", "n")
    )
    return {pid: (low, n) for pid, low, n in rows}


def suggest(*, q: str | None, market: str, limit: int = LIMIT) -> Suggestions:
    """Up to `limit` product models on sale in `market` whose title holds every word of `q` (the last one
    may be unfinished), devices first; when nothing matches, the same for the corrected query."""
    typed = (q or "").strip()[: search.MAX_QUERY_CHARS]
    words = search.terms(typed)
    if len("".join(words)) < MIN_CHARS:
        return Suggestions(typed, None, [])
    state = _load()
    typing_last = not (q or "").endswith(" ")  # "iphone 1" may become 13; "iphone 1 " is done
    corrected = None
    found = _matching(words, state, typing_last=typing_last)
    if not found:
        corrected = forgiving.correction(typed)
        if corrected:
            words = search.terms(corrected)
            found = _matching(words, state, typing_last=typing_last)
    if not found:
        return Suggestions(typed, None, [])
    demoted = forgiving.accessories_to_demote(" ".join(words))
    titles = state["titles"]
    ranked = sorted((titles[pid] for pid in found), key=lambda t: _title_rank(t, words, demoted))
    shortlist = ranked[:CANDIDATES]
    prices = _on_sale(market, [t.pid for t in shortlist])
    items = [
        Suggestion(t.pid, t.slug, t.brand, t.name, *prices[t.pid]) for t in shortlist if t.pid in prices
    ][:limit]
    return Suggestions(typed, corrected, items)
