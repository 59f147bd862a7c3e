"""Search over the catalogue: filters, facets, sorting and pages (the storefront's and the API's search).

Only offers from `offers.selectors.visible_offers(market)` count: a product without a visible offer in the
market is not listed. Price, grade and attribute filters apply to offers, so a card's `from_price` is the
cheapest offer within them.

Search costs a fixed number of queries whatever the page size. In a small market: the full-text match,
one aggregated query for the page (its total from a window function), one for the page's products and
one for every facet at once. In a large market the aggregation runs in memory over a snapshot of the
market's visible offers (snapshot.py), so only the match and the page's products hit the database.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Max, Min, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.catalog import colours, forgiving, search
from comeback.catalog.conditions import grade_label
from comeback.catalog.models import Brand, Category, ProductModel
from comeback.core import locales, markets
from comeback.core.money import Money
from comeback.core.problems import Invalid
from comeback.offers import ranking
from comeback.offers.models import GRADE_ORDER, Offer
from comeback.offers.selectors import visible_offers
from comeback.web.templatetags.comeback import illustration

from . import snapshot
from .snapshot import Row

GRADES = [g.value for g in GRADE_ORDER]
SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")
DEFAULT_PER_PAGE = 24
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_PRICE = 10**12  # minor units; far above any real price, far below an integer overflow
MAX_ATTR_VALUE = 100
ATTR_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
SLUG = re.compile(r"^[-A-Za-z0-9_]{1,140}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# Results ----------------------------------------------------------------------------------------------------


@dataclass
class ProductCard:
    product_id: int
    slug: str
    name: str
    brand_name: str
    category_slug: str
    category_name: str
    illustration: str
    from_price: Money | None
    offer_count: int
    grades: list[str]
    release_year: int | None
    brand_slug: str = ""
    rank: float | None = None  # full-text relevance when the search had words
    page: CardPage | None = field(default=None, repr=False, compare=False)

    # What storefront/_cards.html shows, worked out in Python from what the page's cards share rather than
    # by template tags per card (a search page has up to 24), and only when a template asks: the API never does.
    @property
    def _page(self) -> CardPage:
        if self.page is None:
            self.page = CardPage()
        return self.page

    @property
    def url(self) -> str:
        return self._page.product_url(self.slug)

    @property
    def illustration_url(self) -> str:
        return self._page.illustration_url(self.illustration)

    @property
    def grade_badges(self) -> list[tuple[str, str]]:
        """(grade, label in the page's language) for each grade on offer."""
        return [(g, self._page.grade_label(g)) for g in self.grades]

    @property
    def from_price_text(self) -> str:
        """The price in the market's locale, as `{% money %}` shows it."""
        return self.from_price.format(self._page.locale) if self.from_price is not None else ""

    @property
    def offer_count_text(self) -> str:
        return ngettext("%(n)s offer", "%(n)s offers", self.offer_count) % {"n": self.offer_count}

    @property
    def texts(self) -> dict[str, str]:
        """The card's fixed texts in the page's language."""
        return self._page.texts


@dataclass
class SearchResult:
    items: list[ProductCard]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict
    q: str = ""
    sort: str = "relevance"
    market: str = ""
    currency: str = ""
    corrected_q: str | None = None  # the query actually searched when the typed one found nothing
    # The category table the search read, for the page to reuse (e.g. its fashion navigation) without a query.
    categories: list = field(default_factory=list, repr=False, compare=False)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def categories() -> list[Category]:
    return list(Category.objects.all())


def descendants(categories: list[Category], root_id: int) -> set[int]:
    """The category and every category below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for c in categories:
        children[c.parent_id].append(c.pk)
    out, todo = set(), [root_id]
    while todo:
        cid = todo.pop()
        if cid not in out:
            out.add(cid)
            todo.extend(children.get(cid, []))
    return out


# Search -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    q: str = ""
    words: tuple[str, ...] = ()
    category: str | None = None
    brand: str | None = None
    grade: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    attrs: tuple[tuple[str, str], ...] = ()


def _blank(value):
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _validate(*, q, category, brand, grade, min_price, max_price, attrs, sort, page, per_page) -> Filters:
    errors: list[dict] = []

    def err(f: str, code: str, message: str) -> None:
        errors.append({"field": f, "code": code, "message": str(message)})

    grade, category, brand = _blank(grade), _blank(category), _blank(brand)
    if grade is not None and grade not in GRADES:
        err("grade", "invalid_grade", _("Grade must be one of %s.") % ", ".join(GRADES))
    prices = {}
    for name, value in (("min_price", _blank(min_price)), ("max_price", _blank(max_price))):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            err(name, "price_not_integer", _("Prices are whole numbers in minor units (cents)."))
        elif value < 0:
            err(name, "price_negative", _("A price cannot be negative."))
        elif value > MAX_PRICE:
            err(name, "price_too_high", _("That price is out of range."))
        else:
            prices[name] = value
    if "min_price" in prices and "max_price" in prices and prices["min_price"] > prices["max_price"]:
        err("min_price", "price_range", _("The minimum price is above the maximum price."))
    if sort not in SORTS:
        err("sort", "invalid_sort", _("Sort must be one of %s.") % ", ".join(SORTS))
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        err("page", "page_invalid", _("Pages start at 1."))
    elif page > MAX_PAGE:
        err("page", "page_too_large", _("Pages stop at %d; narrow the search instead.") % MAX_PAGE)
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        err("per_page", "per_page_range", _("Between 1 and %d results per page.") % MAX_PER_PAGE)
    clean_attrs = []
    for name, value in sorted((attrs or {}).items(), key=lambda kv: str(kv[0])):
        value = _blank(value)
        if value is None:
            continue
        if not isinstance(name, str) or not ATTR_NAME.match(name):
            err(f"attrs.{str(name)[:40]}", "invalid_attribute", _("Unknown attribute name."))
            continue
        value = str(value).strip()
        if len(value) > MAX_ATTR_VALUE or _CONTROL.search(value):
            err(f"attrs.{name}", "invalid_attribute_value", _("That value is not valid."))
            continue
        clean_attrs.append((name, value))
    for name, value in (("category", category), ("brand", brand)):
        if value is not None and not (isinstance(value, str) and SLUG.match(value)):
            err(
                name,
                f"unknown_{name}",
                _("No %(what)s %(value)r.") % {"what": name, "value": str(value)[:60]},
            )
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    q = (q or "").strip()
    return Filters(
        q=q,
        words=tuple(search.terms(q)),
        category=category,
        brand=brand,
        grade=grade,
        min_price=prices.get("min_price"),
        max_price=prices.get("max_price"),
        attrs=tuple(clean_attrs),
    )


def _attr_q(name: str, value: str) -> Q:
    """Variant attribute `name` equals `value`, whether the JSON holds it as a string, number or boolean."""
    key = f"variant__attributes__{name}"
    cond = Q(**{key: value})
    if re.fullmatch(r"-?\d{1,15}", value):
        cond |= Q(**{key: int(value)})
    elif re.fullmatch(r"-?\d{1,15}\.\d{1,6}", value):
        cond |= Q(**{key: float(value)})
    elif value.lower() in {"true", "false"}:
        cond |= Q(**{key: value.lower() == "true"})
    return cond


def _filtered_offers(
    market: str,
    f: Filters,
    *,
    category_ids: set[int] | None,
    brand_id: int | None,
    product_ids: list[int] | None,
) -> QuerySet[Offer]:
    offers = visible_offers(market)
    if f.grade:
        offers = offers.filter(grade=f.grade)
    if f.min_price is not None:
        offers = offers.filter(price_amount__gte=f.min_price)
    if f.max_price is not None:
        offers = offers.filter(price_amount__lte=f.max_price)
    if category_ids is not None:
        offers = offers.filter(variant__product__category_id__in=sorted(category_ids))
    if brand_id is not None:
        offers = offers.filter(variant__product__brand_id=brand_id)
    for name, value in f.attrs:
        if name == colours.GROUP:  # derived from the variant's colour name, not stored (catalog/colours.py)
            offers = offers.filter(variant__attributes__colour__in=colours.names_in(value) or ["\x00"])
        else:
            offers = offers.filter(_attr_q(name, value))
    if product_ids is not None:
        offers = offers.filter(variant__product_id__in=product_ids)
    elif f.words:
        sql, params = search.matching_ids_sql(f.q)
        offers = offers.filter(variant__product_id__in=RawSQL(sql, params))
    return offers.order_by()


def _grouped(offers: QuerySet[Offer], sort: str):
    rows = offers.values(pid=F("variant__product_id")).annotate(
        from_price=Min("price_amount"),
        offer_count=Count("id"),
        **{f"g_{g}": Max(Case(When(grade=g, then=Value(1)), default=Value(0))) for g in GRADES},
    )
    if sort == "newest":
        rows = rows.annotate(released=Max("variant__product__release_date"))
    elif sort == "rating":
        # The best-rated seller offering it, with the published prior (offers.ranking.rating_quality).
        prior = float(ranking.RATING_PRIOR_MEAN * ranking.RATING_PRIOR_WEIGHT)
        rows = rows.annotate(
            rating=Max(
                (Value(prior) + Cast("seller__rating_sum", FloatField()))
                / (Value(float(ranking.RATING_PRIOR_WEIGHT)) + Cast("seller__rating_count", FloatField())),
                output_field=FloatField(),
            )
        )
    return rows


def search_products(
    *,
    market: str,
    q: str | None = None,
    category: str | None = None,
    brand: str | None = None,
    grade: str | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    attrs: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    with_facets: bool = True,
    exact: bool = False,
) -> SearchResult:
    """Products with a visible offer in `market` matching the words and filters, with facets.

    Words that find nothing are corrected against the catalogue's vocabulary (`result.corrected_q`) unless
    `exact`; a model query lists devices before accessories (forgiving.py).

    `category` includes its descendants; price, grade and attribute filters apply to the offers (so
    `from_price` is the cheapest offer within them). Invalid filters raise Invalid naming the field.
    """
    m = markets.get(market)
    sort = sort or "relevance"
    filters = _validate(
        q=q,
        category=category,
        brand=brand,
        grade=grade,
        min_price=min_price,
        max_price=max_price,
        attrs=attrs,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    every_category = categories()
    result = run_search(
        market=m,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
        categories=every_category,
        with_facets=with_facets,
        snap=snapshot.for_market(m.code),
        exact=exact,
    )
    result.categories = every_category
    return result


# How each sort orders aggregated rows, in SQL and in memory (same keys, same tie-breaks).
ORDERINGS = {
    "relevance": ("-offer_count", "pid"),
    "price_asc": ("from_price", "pid"),
    "price_desc": ("-from_price", "pid"),
    "newest": (F("released").desc(nulls_last=True), "-pid"),
    "rating": ("-rating", "-offer_count", "pid"),
}
# In memory the same orders come from stable sorts, least significant key first (C-speed attrgetter keys).
_BY_PID, _BY_COUNT, _BY_PRICE = (attrgetter(a) for a in ("pid", "offer_count", "from_price"))


def run_search(
    *,
    market,
    filters: Filters,
    sort: str,
    page: int,
    per_page: int,
    categories: list[Category],
    with_facets: bool,
    snap: snapshot.MarketSnapshot | None,
    exact: bool = False,
) -> SearchResult:
    f = filters
    empty = SearchResult(
        items=[],
        total=0,
        page=page,
        pages=0,
        per_page=per_page,
        q=f.q,
        sort=sort,
        market=market.code,
        currency=market.currency,
        facets={"brand": [], "grade": [], "category": [], "attrs": {}},
    )
    category_ids = brand_id = None
    if f.category:
        root = next((c for c in categories if c.slug == f.category), None)
        if root is None:
            raise Invalid.field("category", "unknown_category", _("No category %r.") % f.category[:60])
        category_ids = descendants(categories, root.pk)
    brands = _brands() if f.brand or with_facets else {}
    if f.brand:
        brand_id = next((pk for pk, (slug, _name) in brands.items() if slug == f.brand), None)
        if brand_id is None:
            raise Invalid.field("brand", "unknown_brand", _("No brand %r.") % f.brand[:60])

    ranks: dict[int, float] = {}
    product_ids = None
    corrected = None
    demoted: frozenset[int] = frozenset()
    if f.words and (sort == "relevance" or snap is not None):
        ranks = dict(search.match(f.q))
        if not ranks and not exact:
            corrected = forgiving.correction(f.q)
            ranks = dict(search.match(corrected)) if corrected else {}
        if not ranks:
            return empty
        product_ids = list(ranks)
        demoted = forgiving.accessories_to_demote(corrected or f.q)
    elif f.words and not exact and not search.match(f.q):
        corrected = forgiving.correction(f.q)
        if corrected:
            f = dataclasses.replace(f, q=corrected, words=tuple(search.terms(corrected)))
    offset = (page - 1) * per_page

    if snap is not None:
        rows, raw = snap.search(
            product_ids=product_ids,
            brand_id=brand_id,
            category_ids=category_ids,
            grade=f.grade,
            min_price=f.min_price,
            max_price=f.max_price,
            attrs=f.attrs,
            want_rating=sort == "rating",
        )
        total = len(rows)
        rows = _ordered(rows, sort, ranks, demoted)[offset : offset + per_page]
        facets = _facet_lists(raw, categories, brands) if with_facets and total else empty.facets
    else:
        offers = _filtered_offers(
            market.code,
            f,
            category_ids=category_ids,
            brand_id=brand_id,
            product_ids=product_ids if product_ids is None or len(product_ids) <= 5_000 else None,
        )
        grouped = _grouped(offers, sort)
        if ranks:
            # Relevance needs the text rank, which lives in the search index: order the matches here.
            rows = _ordered([_row(r) for r in grouped], sort, ranks, demoted)
            total = len(rows)
            rows = rows[offset : offset + per_page]
        else:
            ordered = grouped.annotate(total=Window(Count("*"))).order_by(*ORDERINGS[sort])
            page_rows = list(ordered[offset : offset + per_page])
            total = page_rows[0]["total"] if page_rows else (grouped.count() if page > 1 else 0)
            rows = [_row(r) for r in page_rows]
        facets = (
            _facet_lists(_sql_facets(offers), categories, brands) if with_facets and total else empty.facets
        )

    return SearchResult(
        items=_cards(rows, market, ranks),
        total=total,
        page=page,
        pages=math.ceil(total / per_page) if total else 0,
        per_page=per_page,
        facets=facets,
        q=filters.q,
        sort=sort,
        market=market.code,
        currency=market.currency,
        corrected_q=corrected,
    )


def _ordered(
    rows: list[Row], sort: str, ranks: dict[int, float], demoted: frozenset[int] = frozenset()
) -> list[Row]:
    """Rows in the order ORDERINGS gives in SQL (and, for words, by text rank first, devices before the
    accessories a model query also matches)."""
    rows = sorted(rows, key=_BY_PID, reverse=sort == "newest")
    if ranks and sort == "relevance":
        rows.sort(key=_BY_COUNT, reverse=True)
        rows.sort(key=lambda r: ranks.get(r.pid, 0.0), reverse=True)
        if demoted:
            rows.sort(key=lambda r: r.pid in demoted)
    elif sort == "relevance":
        rows.sort(key=_BY_COUNT, reverse=True)
    elif sort in ("price_asc", "price_desc"):
        rows.sort(key=_BY_PRICE, reverse=sort == "price_desc")
    elif sort == "newest":
        rows.sort(key=lambda r: r.released or 0, reverse=True)  # undated last
    elif sort == "rating":
        rows.sort(key=_BY_COUNT, reverse=True)
        rows.sort(key=lambda r: r.rating or 0.0, reverse=True)
    return rows


def _row(r: dict) -> Row:
    released = r.get("released")
    return Row(
        pid=r["pid"],
        from_price=r["from_price"],
        offer_count=r["offer_count"],
        grades=sum(1 << i for i, g in enumerate(GRADES) if r[f"g_{g}"]),
        rating=r.get("rating"),
        released=released.toordinal() if released else None,
    )


def _cards(rows: list[Row], market, ranks: dict[int, float]) -> list[ProductCard]:
    if not rows:
        return []
    # Plain rows, not model instances: a card needs nine columns, not the JSON of the model and its category.
    products = {
        p["pk"]: p
        for p in ProductModel.objects.filter(pk__in=[r.pid for r in rows])
        .order_by()
        .values(
            "pk",
            "slug",
            "name",
            "release_date",
            "brand__name",
            "brand__slug",
            "category__slug",
            "category__name",
            "category__illustration",
        )
    }
    page = CardPage(locales.format_locale(market))
    cards = []
    for r in rows:
        p = products.get(r.pid)
        if p is None:  # deleted meanwhile
            continue
        cards.append(
            ProductCard(
                product_id=p["pk"],
                slug=p["slug"],
                name=p["name"],
                brand_name=p["brand__name"],
                brand_slug=p["brand__slug"],
                category_slug=p["category__slug"],
                category_name=p["category__name"],
                illustration=p["category__illustration"],
                from_price=Money(int(r.from_price), market.currency),
                offer_count=r.offer_count,
                grades=[g for i, g in enumerate(GRADES) if r.grades >> i & 1],
                release_year=p["release_date"].year if p["release_date"] else None,
                rank=ranks.get(p["pk"]),
                page=page,
            )
        )
    return cards


class CardPage:
    """What the cards of one page share, each worked out once: URLs, grade labels, fixed texts.

    A product URL is the page's one reverse() with the slug put in its place: slugs need no quoting.
    """

    _SLUG = "slug-placeholder"

    def __init__(self, locale: str = "en_GB"):
        self.locale = locale  # the page's language on the market (core/locales.py), for prices
        self._product: list[str] | None = None
        self._illustrations: dict[str, str] = {}
        self._grades: dict[str, str] = {}

    def product_url(self, slug: str) -> str:
        if not SLUG.match(slug):
            return reverse("storefront:product", args=[slug])
        if self._product is None:
            self._product = reverse("storefront:product", args=[self._SLUG]).split(self._SLUG)
        return slug.join(self._product)

    def illustration_url(self, key: str) -> str:
        if key not in self._illustrations:
            self._illustrations[key] = illustration(key)
        return self._illustrations[key]

    def grade_label(self, grade: str) -> str:
        if grade not in self._grades:
            self._grades[grade] = grade_label(grade)
        return self._grades[grade]

    @cached_property
    def texts(self) -> dict[str, str]:
        return {
            "grades_available": _("Grades available"),
            "from": _("from"),
            "unavailable": _("Currently unavailable"),
        }


def _attr_facet_sql() -> str:
    if connection.vendor == "postgresql":
        return (
            "SELECT 'attr', je.key, je.value #>> '{}', COUNT(DISTINCT d.pid) "
            "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid "
            "CROSS JOIN LATERAL jsonb_each(v.attributes) je "
            "WHERE jsonb_typeof(je.value) NOT IN ('object', 'array', 'null') GROUP BY je.key, je.value #>> '{}'"
        )
    return (
        "SELECT 'attr', je.key, CASE je.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
        "ELSE CAST(je.value AS TEXT) END AS val, COUNT(DISTINCT d.pid) "
        "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid, json_each(v.attributes) je "
        "WHERE je.type NOT IN ('object', 'array', 'null') GROUP BY je.key, val"
    )


def _colour_pairs_sql() -> str:
    """(product, colour name) pairs of the matching variants: the base colour facet is counted from them."""
    colour = (
        "v.attributes->>'colour'"
        if connection.vendor == "postgresql"
        else "json_extract(v.attributes, '$.colour')"
    )
    return (
        f"SELECT DISTINCT 'colour', CAST(d.pid AS TEXT), {colour}, 0 "
        "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid "
        f"WHERE {colour} IS NOT NULL"
    )


def _sql_facets(offers: QuerySet[Offer]) -> dict:
    """Matching products per brand, grade, category and variant attribute value: one query."""
    inner, params = offers.values(
        "grade",
        pid=F("variant__product_id"),
        bid=F("variant__product__brand_id"),
        cid=F("variant__product__category_id"),
        vid=F("variant_id"),
    ).query.sql_with_params()
    sql = (
        f"WITH m AS ({inner}) "
        "SELECT 'brand', CAST(bid AS TEXT), '', COUNT(DISTINCT pid) FROM m GROUP BY bid "
        "UNION ALL SELECT 'grade', grade, '', COUNT(DISTINCT pid) FROM m GROUP BY grade "
        "UNION ALL SELECT 'category', CAST(cid AS TEXT), '', COUNT(DISTINCT pid) FROM m GROUP BY cid "
        f"UNION ALL {_attr_facet_sql()} "
        f"UNION ALL {_colour_pairs_sql()}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    raw: dict = {"brand": {}, "grade": {}, "category": {}, "attr": defaultdict(dict)}
    by_colour: dict[str, set[str]] = defaultdict(set)
    for facet, k, v, n in rows:
        if facet == "colour":
            if group := colours.group_of(v):
                by_colour[group].add(k)
        elif facet == "attr":
            raw["attr"][k][str(v)] = n
        else:
            raw[facet][str(k)] = n
    if by_colour:
        raw["attr"][colours.GROUP] = {group: len(pids) for group, pids in by_colour.items()}
    return raw


def _brands() -> dict[int, tuple[str, str]]:
    """Every brand as id -> (slug, name): a small table, read once for the filter and the facet names."""
    return {pk: (slug, name) for pk, slug, name in Brand.objects.order_by().values_list("pk", "slug", "name")}


def _facet_lists(raw: dict, categories: list[Category], brands: dict[int, tuple[str, str]]) -> dict:
    """Counts as the storefront lists them: (slug, name, count) best first; grades in grade order."""
    cats = {str(c.pk): c for c in categories}
    named = {str(pk): v for pk, v in brands.items()}
    return {
        "brand": sorted(
            ((*named[b], n) for b, n in raw["brand"].items() if b in named), key=lambda t: (-t[2], t[1])
        ),
        "grade": [(g, raw["grade"][g]) for g in GRADES if g in raw["grade"]],
        "category": sorted(
            ((cats[c].slug, cats[c].name, n) for c, n in raw["category"].items() if c in cats),
            key=lambda t: (-t[2], t[1]),
        ),
        "attrs": {
            name: sorted(
                values.items(),
                key=(lambda kv: colours.order(kv[0]))
                if name == colours.GROUP
                else (lambda kv: natural_order(kv[0])),
            )
            for name, values in sorted(raw["attr"].items())
        },
    }


def natural_order(value: str) -> tuple:
    """Numbers in numeric order before words in alphabetical order: 64, 128, 256, Black, White."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value.casefold())
