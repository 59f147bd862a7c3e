"""Storefront pages: search (with category landing pages) and the product page.

Views only translate HTTP: they read the query string into the selectors' arguments, turn refusals
(`Invalid`, `NotFound`) into messages on the filter form or a 404 page, and pick the full page or,
for htmx, only the results region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from comeback.catalog import sizes, textile, vocabulary
from comeback.catalog.conditions import DEVICE, grade_label
from comeback.catalog.images import colour_of, model_images
from comeback.core import locales
from comeback.core.money import Money, minor_units
from comeback.core.problems import Invalid, NotFound
from comeback.editions import selectors as editions
from comeback.offers import authentication
from comeback.offers import photos as unit_photos
from comeback.offers.models import GRADE_ORDER
from comeback.orders import selectors as buying

from . import fashion, fragment_keys, selectors, suggest

PER_PAGE = 24
MAX_QUERY_CHARS = 200
ATTR_PREFIX = "attr_"  # ?attr_storage_gb=128&attr_colour=Blue
MAX_ATTRS = 8
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")
DEFAULT_SORT = "relevance"


def _sort_labels() -> list[tuple[str, str]]:
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


def _run_search(market, params: SearchParams):
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


def _chips(
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
                f"{_attr_label(name, unit_suffix=False)}: {vocabulary.attribute_value(name, value)}",
                without(ATTR_PREFIX + name),
            )
        )
    return chips


def _is_partial(request) -> bool:
    # htmx asks for the results region only; a history restore (back button, cache miss) needs the whole page.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _attr_label(name: str, *, unit_suffix: bool = True) -> str:
    """ "storage_gb" -> "Storage (GB)" in the page's language (or "Storage" where the values carry their unit)."""
    return vocabulary.attribute_label(name, unit_suffix=unit_suffix)


def home(request):
    context = selectors.home_page(market=request.market.code)
    return render(request, "storefront/home.html", {**context, "grades": DEVICE.codes})


def search(request, category_slug: str | None = None):
    market = request.market
    params = parse_search(request.GET, market=market, category=category_slug)
    result = _run_search(market, params)
    if result is not None and result.total and params.page > result.pages:
        # Past the last page (an old link, a hand-typed ?page=): show the last page instead of nothing.
        params.page = result.pages
        result = _run_search(market, params)
    if category_slug and params.category != category_slug:
        # /c/<slug>/ names a category that does not exist (or no longer does).
        return render(request, "web/404.html", status=404)
    facets = (result.facets if result is not None else None) or {}
    category_name = next(
        (name for slug, name, _n in facets.get("category", []) if slug == params.category), None
    )
    if params.category and category_name is None:  # a category with nothing on sale right now
        category_name = _category_name(params.category)
    category_name = vocabulary.category_name(category_name) or None
    context = {
        "chips": _chips(request, params, facets, category_name, market),
        # Grade and price errors sit beside their fields; the rest (unknown brand, category…) above the results.
        "notices": [message for name, message in params.errors.items() if name not in ("grade", "price")],
        "params": params,
        "result": result,
        "facets": facets,
        # Storage, colour, size… only mean something within a category; across the catalogue they are noise.
        "attr_facets": [
            (
                name,
                _attr_label(name, unit_suffix=False),
                _in_schema_order(result, params.category, name, values),
            )
            for name, values in (facets.get("attrs") or {}).items()
            # base colours replace the makers' names, unless a shared link filters by one of those
            if not (name == "colour" and "colour_group" in facets["attrs"] and "colour" not in params.attrs)
        ]
        if params.category or params.attrs
        else [],
        "sorts": _sort_labels(),
        "category_name": category_name,
        "min_price_major": (request.GET.get("min_price") or "")[:20],
        "max_price_major": (request.GET.get("max_price") or "")[:20],
        "page_range": _page_range(result.page, result.pages) if result is not None else [],
        "attr_prefix": ATTR_PREFIX,
        # Nothing found for the words: the most offered models, as somewhere to go next.
        "popular": _popular(market) if params.q and (result is None or not result.total) else [],
        # A fashion category has its section's navigation and promises (the search read the categories).
        "fashion_section": fashion.section_of(params.category, result.categories if result else None),
        # The device promise ("100% functional", warranty) only over a category whose scheme makes it.
        "device_promise": _makes_device_promise(result, params.category),
    }
    template = "storefront/_results.html" if _is_partial(request) else "storefront/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _makes_device_promise(result, slug: str | None) -> bool:
    category = (
        next((c for c in (result.categories if result else []) if c.slug == slug), None) if slug else None
    )
    return category is not None and category.conditions.functional_claim


def _in_schema_order(result, slug: str | None, name: str, values: list) -> list:
    """A category's values in the order its variant schema lists them (XS, S, M, L; EU 38, EU 40), when
    it lists them; otherwise as found (numbers, then words)."""
    category = next((c for c in (result.categories if result else []) if c.slug == slug), None)
    prop = ((category.variant_schema or {}).get("properties") or {}).get(name) if category else None
    enum = prop.get("enum") if isinstance(prop, dict) else None
    if not isinstance(enum, list):
        return values
    rank = {str(v): i for i, v in enumerate(enum)}
    return sorted(values, key=lambda kv: rank.get(str(kv[0]), len(rank)))


def _popular(market, n: int = 4) -> list:
    return selectors.search_products(market=market.code, per_page=n, with_facets=False).items


def _category_name(slug: str) -> str | None:
    todo = list(selectors.category_tree())
    while todo:
        category = todo.pop()
        if category.slug == slug:
            return category.name
        todo.extend(getattr(category, "children_list", []))
    return None


def _page_range(page: int, pages: int) -> list[int | None]:
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


def _variant_id(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None


def product(request, slug: str):
    market = request.market
    variant_id = _variant_id(request.GET.get("variant"))
    try:
        try:
            detail = selectors.product_detail(market=market.code, slug=slug, variant_id=variant_id)
        except (Invalid, NotFound):
            if variant_id is None:
                raise
            # An unknown or foreign ?variant= falls back to the product's default variant.
            detail = selectors.product_detail(market=market.code, slug=slug, variant_id=None)
    except (Invalid, NotFound):
        return render(request, "web/404.html", status=404)
    offered = {slot.grade: slot for slot in detail.grades if slot.winner is not None}
    # The very unit each sells; they all sell this page's variant, named once for the photos' alt text.
    subject = f"{detail.product} {detail.variant.label}" if detail.variant else str(detail.product)
    shots = unit_photos.photos_of([slot.winner for slot in offered.values()], product=subject)
    authenticated = authentication.badges([slot.winner for slot in offered.values()])
    scheme = detail.product.category.conditions
    colour = colour_of(detail.variant)
    context = {
        "detail": detail,
        "product": detail.product,
        "conditions": scheme,
        "size_guide": sizes.size_guide_for(detail.product) if scheme.size_guides else None,
        # A garment's fibres per part, manufacturing countries and care symbols: fields of the product row.
        "textile": textile.present(detail.product.textile) if scheme.textile_facts else None,
        # (grade, slot, photos of the very unit, those of them disclosing a defect, the key of what the card shows)
        "grade_cards": [
            (g, slot, unit, [p for p in unit if p.defect], key)
            for g in scheme.codes
            if (slot := offered.get(g)) is not None
            for unit in [shots.get(slot.winner.pk, [])]
            for key in [
                fragment_keys.grade_card_key(
                    grade=g,
                    slot=slot,
                    photos=unit,
                    badge=authenticated.get(slot.winner.pk),
                    scheme=scheme,
                    market=market,
                )
            ]
        ],
        "unavailable_grades": [g for g in scheme.codes if g not in offered],
        "authenticated": authenticated,
        # Add-ons that fit, and those a buyer may attach to each best offer (from its seller), in one read.
        "product_addons": buying.product_addons(
            product_id=detail.product.pk, market_code=market.code, offers=[s.winner for s in offered.values()]
        ),
        "picker": variant_picker(detail.variants, detail.variant),
        # The chosen colour's gallery: its own photos, else those of every colour, else the drawing.
        "model_images": model_images(detail.product, colour=colour),
        "gallery_colour": colour,
        # A numbered piece of an upcycled edition: its number, story and donor passports (docs/fashion.md).
        "edition_item": editions.item_of_variant(detail.variant.id if detail.variant else None)
        if editions.is_numbered(detail.product.category)
        else None,
    }
    # The run itself, so a page without a numbered piece still reads "limited edition", never "second-hand".
    context["edition"] = (
        context["edition_item"].edition
        if context["edition_item"]
        else editions.edition_of_product(detail.product.pk)
        if editions.is_numbered(detail.product.category)
        else None
    )
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "product-main":
        # Another colour or configuration picked: only the region that depends on it (gallery, offers).
        response = render(request, "storefront/_product_main.html", context)
    else:
        response = render(request, "storefront/product.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@dataclass
class PickerOption:
    value: str
    variant_id: int
    current: bool
    exact: bool  # False: choosing it also changes another attribute (no variant keeps the others)
    from_price: Money | None


def variant_picker(
    variants: list[selectors.VariantOption],
    current: selectors.VariantOption | None,
) -> list[tuple[str, list[PickerOption]]]:
    """One row per variant attribute (storage, colour…); each value links to the variant that keeps the
    other attributes of the current one, or failing that the cheapest variant with that value."""
    if current is None or len(variants) < 2:
        return []
    names: list[str] = []
    for v in variants:
        for name in v.attributes or {}:
            if name not in names:
                names.append(name)
    mine = current.attributes or {}
    rows = []
    for name in names:
        values: list = []
        for v in variants:
            value = (v.attributes or {}).get(name)
            if value is not None and value not in values:
                values.append(value)
        if len(values) < 2:
            continue
        options = []
        for value in values:
            wanted = {**mine, name: value}
            exact = next((v for v in variants if (v.attributes or {}) == wanted), None)
            target = exact or min(
                (v for v in variants if (v.attributes or {}).get(name) == value),
                key=lambda v: (v.from_price is None, v.from_price.amount if v.from_price else 0, v.id),
            )
            options.append(
                PickerOption(
                    value=_attr_value(name, value),
                    variant_id=target.id,
                    current=mine.get(name) == value,
                    exact=exact is not None,
                    from_price=target.from_price,
                )
            )
        rows.append((_attr_label(name, unit_suffix=False), options))
    return rows


def _attr_value(name: str, value) -> str:
    if name.endswith("_gb") and isinstance(value, int):
        return f"{value // 1024} TB" if value >= 1024 and value % 1024 == 0 else f"{value} GB"
    return str(value)


def suggestions(request):
    """The search box's list while typing (htmx swaps it in): at most 8 models on sale, or an empty list."""
    found = suggest.suggest(q=request.GET.get("q", ""), market=request.market.code)
    response = render(request, "storefront/_suggestions.html", {"found": found})
    patch_vary_headers(response, ("Cookie",))
    return response
