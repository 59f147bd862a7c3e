"""A search's filters: checking the query (4xx naming the field), and the offers they select."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, Count, F, FloatField, Max, Min, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from comeback.catalog import colours, search
from comeback.core.problems import Invalid
from comeback.offers import ranking
from comeback.offers.models import GRADE_ORDER, Offer
from comeback.offers.selectors import visible_offers

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
