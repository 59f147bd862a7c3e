"""Search that forgives: typos corrected against the catalogue's own words, and devices before their
accessories when a query names a model (docs/decisions/0007-forgiving-search.md).

Both databases behave the same: the vocabulary (every word of every product title, and the accessory
categories' products) is read once per process and kept under the catalogue version (catalog/kept.py: every
catalogue edit and every write of the search index bumps it), and a misspelt word is matched against it with
rapidfuzz (the standard library's difflib where rapidfuzz is not installed). It was read again every minute:
at ten times the catalogue that was half a second in the request that found it old, in every process.
"""

from __future__ import annotations

import contextlib

from comeback.core import versioned

from . import kept, search

MIN_SCORE = (
    70  # rapidfuzz ratio (0-100) a correction must reach: "iphnoe"->"iphone" 83, "samsng"->"samsung" 92
)
MIN_WORD = 3  # shorter words are not corrected ("s" or "xl" would match anything)


def _load() -> dict:
    return kept.table("forgiving-vocabulary", _read)


def _read() -> dict:
    from .models import Category, CategoryKind, ProductModel

    words: set[str] = set()
    for text in ProductModel.objects.values_list("search_text", flat=True).iterator(chunk_size=5_000):
        title = (text or "").partition("\n")[0]
        words.update(w for w in search.terms(title) if not w.isdigit())
        # terms() keeps at most a few words: read the whole title too
        words.update(w for w in search._WORD.findall(search.fold(title)) if not w.isdigit())
    accessory_categories = list(
        Category.objects.filter(kind=CategoryKind.ACCESSORY).values_list("pk", "name")
    )
    accessory_words: set[str] = set()
    for _pk, name in accessory_categories:
        for w in search._WORD.findall(search.fold(name)):
            accessory_words.update({w, w.rstrip("s"), w.removesuffix("es")})
    accessories = frozenset(
        ProductModel.objects.filter(category_id__in=[pk for pk, _ in accessory_categories]).values_list(
            "pk", flat=True
        )
    )
    return {
        "words": frozenset(words),
        "accessories": accessories,
        "accessory_words": frozenset(accessory_words),
    }


def load() -> None:
    """Read the vocabulary and import the matcher now (a web process's warm-up), not in the request of a first
    misspelt word."""
    _load()
    with contextlib.suppress(ImportError):
        import rapidfuzz.process  # noqa: F401


def forget() -> None:
    """Drop the vocabulary (tests, and after a catalogue import): this process's catalogue copies are read again."""
    versioned.drop_local(kept.VERSION)


def _closest(word: str, vocabulary: frozenset[str]) -> str | None:
    try:
        from rapidfuzz import fuzz, process
    except (
        ImportError
    ):  # pragma: no cover - rapidfuzz is a dependency; difflib keeps search working without it
        import difflib

        found = difflib.get_close_matches(word, vocabulary, n=1, cutoff=MIN_SCORE / 100)
        return found[0] if found else None
    best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    return best[0] if best else None


def correction(q: str | None) -> str | None:
    """The query with each unknown word replaced by the catalogue's closest word, or None if nothing changes.

    "iphnoe 13" -> "iphone 13", "macbok air" -> "macbook air"; numbers and short words are kept as typed."""
    words = search.terms(q)
    if not words:
        return None
    vocabulary = _load()["words"]
    if not vocabulary:
        return None
    fixed = []
    for w in words:
        if (
            w.isdigit()
            or len(w) < MIN_WORD
            or w in vocabulary
            or any(v.startswith(w) for v in vocabulary if v[:2] == w[:2])
        ):
            fixed.append(w)
            continue
        fixed.append(_closest(w, vocabulary) or w)
    return " ".join(fixed) if fixed != words else None


def accessories_to_demote(q: str | None) -> frozenset[int]:
    """Products to list after the devices: accessories, unless the query asks for one ("iphone 13 case")."""
    state = _load()
    if set(search.terms(q)) & state["accessory_words"]:
        return frozenset()
    return state["accessories"]
