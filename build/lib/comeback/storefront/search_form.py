"""The search page's form: the query string read into checked filters (a refused one dropped and reported
beside its field), the chips of the active filters, and the pieces of the results page around them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.catalog import vocabulary
from comeback.catalog.conditions import grade_label
from comeback.core import locales
from comeback.core.money import Money, minor_units
from comeback.core.problems import Invalid, NotFound
from comeback.offers.models import GRADE_ORDER

from . import selectors

PER_PAGE = 24
MAX_QUERY_CHARS = 200
ATTR_PREFIX = "attr_"  # ?attr_storage_gb=128&attr_colour=Blue
MAX_ATTRS = 8
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")
DEFAULT_SORT = "relevance"


def sort_labels() -> list[tuple[str, str]]:
    # Translated at request time, in the request's language.
    return [
        ("relevance", _("Best match")),
        ("price_asc", _("Price: low to high")),
        ("price_desc", _("Price: high to low")),
        ("newest", _("Newest models")),
        ("rating", _("Best-rated sellers")),
    ]


@dataclass
class SearchParams:
    """What the query string asks for, already checked; `errors` maps a field to the message shown beside it."""

    q: str = ""
    category: str | None = None
    brand: str | None = None
    grade: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: int = 1
    exact: bool = False  # search the words as typed, without correcting them
    errors: dict[str, str] = field(default_factory=dict)

    def selector_kwargs(self) -> dict:
        return {
            "q": self.q,
            "category": self.category,
            "brand": self.brand,
            "grade": self.grade,
            "min_price": self.min_price,
            "max_price": self.max_price,
            "attrs": dict(self.attrs),
            "sort": self.sort,
            "page": self.page,
            "per_page": PER_PAGE,
            "exact": self.exact,
            # The page shows attribute facets within a category or once one is chosen (views/public.py).
            "attr_facets": bool(self.category or self.attrs),
        }

    def drop(self, name: str, message: str) -> bool:
        """Forget a refused filter so the page can still show results; False if nothing could be dropped."""
        dropped = False
        if name.startswith("attr"):
            key = name.split(".", 1)[1] if "." in name else None
            if key in self.attrs:
                del self.attrs[key]
            else:
                self.attrs.clear()
            dropped, name = True, "attrs"
        elif name in ("price", "min_price", "max_price"):
            dropped = self.min_price is not None or self.max_price is not None
            self.min_price = self.max_price = None
            name = "price"
        elif name in _DEFAULTS and getattr(self, name) != _DEFAULTS[name]:
            setattr(self, name, _DEFAULTS[name])
            dropped = True
        if dropped:
            self.errors.setdefault(name, str(message))
        return dropped


_DEFAULTS = {"q": "", "category": None, "brand": None, "grade": None, "sort": DEFAULT_SORT, "page": 1}


def _text(value: str | None, limit: int = 80) -> str | None:
    value = (value or "").strip()[:limit]
    return value or None


def _price(raw: str | None, currency: str) -> int | None:
    """A price typed in major units ("349", "349.90", "349,90") as minor units of `currency`; ValueError if not one."""
    raw = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation as e:
        raise ValueError(raw) from e
    if not value.is_finite() or value < 0 or value > Decimal(10) ** 9:
        raise ValueError(raw)
    return int((value * (Decimal(10) ** minor_units(currency))).to_integral_value())


def parse_search(query, *, market, category: str | None = None) -> SearchParams:
    p = SearchParams()
    p.q = (query.get("q") or "").strip()[:MAX_QUERY_CHARS]
    p.exact = query.get("exact") == "1"
    p.category = category or _text(query.get("category"))
    p.brand = _text(query.get("brand"))
    grade = _text(query.get("grade"))
    if grade is not None:
        if grade in [g.value for g in GRADE_ORDER]:
            p.grade = grade
        else:
            p.errors["grade"] = _("There is no grade called “%(grade)s”; choose one of %(grades)s.") % {
                "grade": grade[:20],
                "grades": ", ".join(grade_label(g.value) for g in GRADE_ORDER),
            }
    try:
        p.min_price = _price(query.get("min_price"), market.currency)
        p.max_price = _price(query.get("max_price"), market.currency)
    except ValueError:
        p.min_price = p.max_price = None
        p.errors["price"] = _("Enter prices as numbers, for example 150 or 149.99.")
    if p.min_price is not None and p.max_price is not None and p.min_price > p.max_price:
        p.errors["price"] = _("The minimum price is higher than the maximum.")
        p.min_price = p.max_price = None
    for key in query:
        if key.startswith(ATTR_PREFIX) and len(p.attrs) < MAX_ATTRS:
            value = _text(query.get(key))
            name = key[len(ATTR_PREFIX) :][:40]
            if value is not None and name:
                p.attrs[name] = value
    sort = query.get("sort") or DEFAULT_SORT
    p.sort = sort if sort in SORTS else DEFAULT_SORT
    try:
        p.page = max(1, min(int(query.get("page") or 1), 10_000))
    except (TypeError, ValueError):
        p.page = 1
    return p


def run_search(market, params: SearchParams):
    """Call the selector; a refused filter is dropped (and reported) and the search retried."""
    for _attempt in range(6):
        try:
            return selectors.search_products(market=market.code, **params.selector_kwargs())
        except Invalid as e:
            errors = e.errors or [{"field": "", "message": e.detail}]
            dropped = [params.drop(err.get("field") or "", err.get("message") or e.detail) for err in errors]
            if not any(dropped):
                params.errors.setdefault("form", e.detail)
                return None
        except NotFound as e:
            if not params.drop("category", e.detail) and not params.drop("brand", e.detail):
                params.errors.setdefault("form", e.detail)
                return None
    return None


def chips(
    request, params: SearchParams, facets: dict, category_name: str | None, market
) -> list[tuple[str, str]]:
    """The active filters as (label, URL without that filter), for the removable chips above the results."""

    def without(*keys: str, path: str | None = None) -> str:
        query = request.GET.copy()
        for key in (*keys, "page"):
            query.pop(key, None)
        encoded = query.urlencode()
        return (path or request.path) + (f"?{encoded}" if encoded else "")

    chips: list[tuple[str, str]] = []
    if params.q:
        chips.append((f"“{params.q}”", without("q")))
    if params.category:
        chips.append(
            (category_name or params.category, without("category", path=reverse("storefront:search")))
        )
    if params.brand:
        name = next((n for slug, n, _c in facets.get("brand", []) if slug == params.brand), params.brand)
        chips.append((name, without("brand")))
    if params.grade:
        chips.append((grade_label(params.grade), without("grade")))
    if params.min_price is not None or params.max_price is not None:
        low = (
            locales.money(Money(params.min_price, market.currency), market)
            if params.min_price is not None
            else "…"
        )
        high = (
            locales.money(Money(params.max_price, market.currency), market)
            if params.max_price is not None
            else "…"
        )
        chips.append((f"{low} – {high}", without("min_price", "max_price")))
    for name, value in params.attrs.items():
        chips.append(
            (
                f"{attr_label(name, unit_suffix=False)}: {vocabulary.attribute_value(name, value)}",
                without(ATTR_PREFIX + name),
            )
        )
    return chips


def attr_label(name: str, *, unit_suffix: bool = True) -> str:
    """ "storage_gb" -> "Storage (GB)" in the page's language (or "Storage" where the values carry their unit)."""
    return vocabulary.attribute_label(name, unit_suffix=unit_suffix)


def filters_key(
    *, params: SearchParams, facets: dict, attr_facets: list, chips: list, market, prices: tuple
) -> str:
    """The key of the filter form (`{% fragment "search-filters" %}` in _results.html): a digest of everything
    it shows, the page's language added by the tag. A new facet count (a price or stock change) or another
    selected value makes a new key, so nothing is invalidated."""
    shown = (
        market.code,
        market.currency,
        params.q,
        params.category,
        params.brand,
        params.grade,
        sorted(params.attrs.items()),
        params.errors.get("grade"),
        params.errors.get("price"),
        facets.get("category"),
        facets.get("brand"),
        facets.get("grade"),
        attr_facets,
        len(chips),
        prices,
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def makes_device_promise(result, slug: str | None) -> bool:
    category = (
        next((c for c in (result.categories if result else []) if c.slug == slug), None) if slug else None
    )
    return category is not None and category.conditions.functional_claim


def in_schema_order(result, slug: str | None, name: str, values: list) -> list:
    """A category's values in the order its variant schema lists them (XS, S, M, L; EU 38, EU 40), when
    it lists them; otherwise as found (numbers, then words)."""
    category = next((c for c in (result.categories if result else []) if c.slug == slug), None)
    prop = ((category.variant_schema or {}).get("properties") or {}).get(name) if category else None
    enum = prop.get("enum") if isinstance(prop, dict) else None
    if not isinstance(enum, list):
        return values
    rank = {str(v): i for i, v in enumerate(enum)}
    return sorted(values, key=lambda kv: rank.get(str(kv[0]), len(rank)))


def popular(market, n: int = 4) -> list:
    return selectors.search_products(market=market.code, per_page=n, with_facets=False).items


def category_name(slug: str) -> str | None:
    todo = list(selectors.category_tree())
    while todo:
        category = todo.pop()
        if category.slug == slug:
            return category.name
        todo.extend(getattr(category, "children_list", []))
    return None


def page_range(page: int, pages: int) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    if pages <= 1:
        return []
    shown = {1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)}
    out: list[int | None] = []
    last = 0
    for n in sorted(shown):
        if n - last > 1:
            out.append(None)
        out.append(n)
        last = n
    return out
