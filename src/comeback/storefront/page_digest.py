"""What a listing page shows, as a digest the page cache keeps beside the page (storefront/pagecache.py).

Why: a search page reads its offers from the market's search snapshot, published every few seconds while sellers
reprice; each new snapshot made every stored search page stale although most of them show none of the offers
that changed. When a stored page is stale only because of a newer snapshot, the page cache asks its view again;
the view builds its context from the new snapshot as always and, instead of rendering it, compares its digest
with the stored page's (`shows_same`). Equal: the stored page is what the render would give, and it is served.

The digest is taken of the very values the view hands to its template (or, for the API, to its serializer),
so a field added to a card cannot be left out of it. Each value is reduced field by field to numbers, strings
and dates: dataclasses with all their fields (those left out of their repr too), model instances with all their
columns, containers item by item. A value of any other type has no digest: the page is then never revalidated,
only rendered again as before, so an unknown type can cost a render, never a wrong page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from datetime import date, datetime, time
from decimal import Decimal
from operator import attrgetter
from uuid import UUID

from django.db.models import Model
from django.http import HttpResponse
from django.utils.functional import Promise

from .pagecache import rendering_for_cache

log = logging.getLogger(__name__)


def shows_same(request, *shown) -> bool:
    """For a listing view, with everything it hands its template (or serializer), before it renders: the page cache
    keeps that digest beside the page. True when the page cache asks again for a page stored under an older search
    snapshot and it would show the same: the view then answers `same_page()` instead of rendering."""
    if not rendering_for_cache(request):
        return False
    try:
        request._page_cache_shows = digest(*shown)
    except NoDigest as exc:  # stored without a digest: rendered again at the next snapshot, as before
        log.warning("%s is cached without a digest of what it shows: %s", request.path, exc)
        return False
    return request._page_cache_shows == getattr(request, "_page_cache_stored_shows", None)


def same_page() -> HttpResponse:
    """A view's answer when `shows_same` holds: the page cache serves the stored page."""
    response = HttpResponse(status=204)
    response.page_cache_same = True
    return response


_PLAIN = frozenset({str, int, float, bool, type(None), Decimal, date, datetime, time, bytes, UUID})


class NoDigest(TypeError):
    """A value the digest cannot reduce to plain data."""


def digest(*shown) -> str:
    """The digest of what a page is given to show: the same values give the same digest in every process."""
    return hashlib.blake2b(repr(_plain(shown)).encode(), digest_size=16).hexdigest()


def _plain(value):
    kind = type(value)
    if kind in _PLAIN:
        return value
    how = _HOW.get(kind)
    if how is None:
        how = _HOW[kind] = _how(kind)
    return how(value)


def _sequence(value) -> tuple:
    # Plain items as they are, without a call each: most of a page's values are strings and numbers.
    return tuple([v if type(v) in _PLAIN else _plain(v) for v in value])


def _mapping(value) -> tuple:
    return ("{}", _sequence(value.items()))  # in its order: the order shown


def _how(kind: type):
    """How values of this type are reduced to plain data, worked out once per type."""
    if kind is list or kind is tuple:
        return _sequence
    if kind is dict:
        return _mapping
    if dataclasses.is_dataclass(kind):
        # Every field, those left out of its repr too, but for one marked as not shown (browse/results.py).
        names = [f.name for f in dataclasses.fields(kind) if f.metadata.get("shown", True)]
        return _parts(kind.__qualname__, names)
    if issubclass(kind, Model):
        return _parts(kind._meta.label, [f.attname for f in kind._meta.concrete_fields])
    if hasattr(kind, "digest_parts"):  # an object that says itself what it shows (browse/results.py CardPage)
        return lambda v: (kind.__qualname__, _plain(v.digest_parts()))
    if issubclass(kind, Promise):  # a lazy translation: the text it gives in the page's language
        return str
    if issubclass(kind, str | int | float):  # SafeString, a choice's member
        return lambda v: (kind.__qualname__, v)
    if issubclass(kind, tuple | list):  # a NamedTuple
        return lambda v: (kind.__qualname__, *map(_plain, v))
    if issubclass(kind, set | frozenset):
        return lambda v: ("set", *sorted(map(repr, map(_plain, v))))
    if issubclass(kind, dict):
        return lambda v: (kind.__qualname__, *map(_plain, v.items()))

    def refused(v):
        raise NoDigest(f"no digest for {kind.__module__}.{kind.__qualname__}")

    return refused


def _parts(name: str, attributes: list[str]):
    if len(attributes) == 1:
        return lambda v: (name, _plain(getattr(v, attributes[0])))
    read = attrgetter(*attributes) if attributes else lambda v: ()
    return lambda v: (name, _sequence(read(v)))


_HOW: dict[type, object] = {}
