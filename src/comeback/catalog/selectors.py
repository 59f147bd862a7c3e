"""Reads of the catalogue for the storefront and the API: home page, search (browse.py), product page.

Only offers from `offers.selectors.visible_offers(market)` count anywhere here: a product without a
visible offer in the market is not listed (its page can still be opened directly).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef
from django.utils.translation import gettext as _

from comeback.core import markets
from comeback.core.models import Market
from comeback.core.money import Money
from comeback.core.problems import NotFound
from comeback.offers.models import Grade, Offer
from comeback.offers.selectors import Slot, slots_for_product, visible_offers

from . import snapshot
from .browse import (  # noqa: F401 (the storefront and the API read search's names from selectors too)
    DEFAULT_PER_PAGE,
    GRADES,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PRICE,
    SLUG,
    SORTS,
    Filters,
    ProductCard,
    SearchResult,
    categories,
    descendants,
    natural_order,
    run_search,
    search_products,
)
from .models import Category, CategoryKind, ProductModel, Variant

FEATURED = 8
ACCESSORIES_SHOWN = 12


@dataclass
class VariantOption:
    """A variant of the product page's model, with what the market offers for it."""

    id: int
    label: str
    attributes: dict
    sku: str
    gtin: str | None
    from_price: Money | None
    offer_count: int
    grades: list[str]
    variant: Variant | None = field(repr=False, default=None)


@dataclass
class GradeSlot:
    """One grade of the selected variant: the winning offer, the others, and why the winner wins."""

    grade: str
    label: str
    winner: Offer | None
    others: list[Offer]
    reasons: list[str]
    reason_codes: list[str]
    winner_quality: float | None
    runner_up_price: Money | None

    @property
    def available(self) -> bool:
        return self.winner is not None

    @property
    def offer_count(self) -> int:
        return len(self.others) + (1 if self.winner is not None else 0)


@dataclass
class ProductDetail:
    product: ProductModel
    variants: list[VariantOption]
    variant: VariantOption | None
    grades: list[GradeSlot]  # the selected variant's four grades, premium → fair (winner None when none)
    attribute_options: dict[str, list]
    market: Market
    offer_count: int
    slots_by_variant: dict[int, list[GradeSlot]]  # every variant's grades that have offers (the API's view)
    from_price: Money | None
    accessories: list[ProductModel]
    compatible_with: list[ProductModel]


# Why a winner wins (offers.ranking.explain codes) -----------------------------------------------------------

def reason_text(code: str) -> str:
    return {
        "only_offer": _("The only offer in this grade right now"),
        "cheaper_and_at_least_as_good": _("Cheapest offer from a seller rated at least as well"),
        "cheaper_enough_to_outweigh_quality": _("Cheaper by enough to outweigh a slightly lower seller score"),
        "better_quality_worth_the_price": _("A better-rated seller, worth the small price difference"),
        "best_value": _("The best seller quality for its price"),
        "tie_better_battery": _("Same value as the next offer, with a higher guaranteed battery health"),
        "tie_longer_warranty": _("Same value as the next offer, with a longer warranty"),
        "tie_faster_shipping": _("Same value as the next offer, and it ships sooner"),
        "tie_older_offer": _("Same value as the next offer, and it was listed first"),
    }.get(code, code)


# Categories -------------------------------------------------------------------------------------------------

def category_tree() -> list[Category]:
    """Top-level categories, each with `.children_list` (recursively), in display order."""
    all_categories = categories()
    by_parent: dict[int | None, list[Category]] = defaultdict(list)
    for c in all_categories:
        by_parent[c.parent_id].append(c)
    for c in all_categories:
        c.children_list = by_parent.get(c.pk, [])
    return by_parent.get(None, [])


# Home -------------------------------------------------------------------------------------------------------

def home_page(*, market: str) -> dict:
    """Top-level categories with their model counts, popular products and the market's numbers."""
    m = markets.get(market)
    all_categories = categories()
    snap = snapshot.for_market(m.code)
    if snap is not None:
        per_category = {cid: len(pids) for cid, pids in snap.by_category.items()}
        stats = {"product_count": len(snap.entries), "seller_count": snap.seller_count,
                 "offer_count": snap.offer_count, "min_warranty_months": snap.min_warranty_months}
    else:
        offers = visible_offers(m.code)
        stats = offers.aggregate(
            offer_count=Count("id"),
            seller_count=Count("seller_id", distinct=True),
            product_count=Count("variant__product_id", distinct=True),
            min_warranty_months=Min("warranty_months"),
        )
        per_category = dict(
            offers.order_by().values("variant__product__category_id")
            .annotate(n=Count("variant__product_id", distinct=True))
            .values_list("variant__product__category_id", "n")
        )
    roots = [c for c in all_categories if c.parent_id is None]
    for root in roots:
        root.product_count = sum(per_category.get(cid, 0) for cid in descendants(all_categories, root.pk))
    featured = run_search(market=m, filters=Filters(), sort="relevance", page=1, per_page=FEATURED,
                          categories=all_categories, with_facets=False, snap=snap).items
    # `products`, `offers`, `sellers`: the same numbers under the names the home template reads.
    stats.update(products=stats["product_count"], offers=stats["offer_count"], sellers=stats["seller_count"])
    return {"categories": roots, "featured": featured, "stats": stats}


# Product page -----------------------------------------------------------------------------------------------

def _grade_slot(grade: str, slot: Slot | None) -> GradeSlot:
    label = Grade(grade).label
    if slot is None or slot.winner is None:
        return GradeSlot(grade=grade, label=str(label), winner=None, others=[], reasons=[], reason_codes=[],
                         winner_quality=None, runner_up_price=None)
    codes = slot.explanation.reasons if slot.explanation else []
    runner_up = slot.others[0] if slot.others else None
    return GradeSlot(
        grade=grade, label=str(label), winner=slot.winner, others=slot.others,
        reasons=[reason_text(c) for c in codes], reason_codes=list(codes),
        winner_quality=float(slot.quality_of(slot.winner.pk)),
        runner_up_price=Money(runner_up.price_amount, runner_up.currency) if runner_up else None,
    )


def product_detail(
    *, market: str, slug: str | None = None, product_id: int | None = None, variant_id: int | None = None
) -> ProductDetail:
    """A product page: its variants with prices in the market, and per grade the best offer and why.

    A fixed number of queries (product, variants, offers with sellers, accessories, compatible models).
    """
    m = markets.get(market)
    qs = ProductModel.objects.select_related("brand", "category", "category__parent")
    if slug:
        product = qs.filter(slug=str(slug)[:140]).first() if SLUG.match(str(slug)) else None
    elif product_id is not None:
        product = qs.filter(pk=product_id).first() if 0 < product_id < 2**63 else None
    else:
        product = None
    if product is None:
        raise NotFound(_("No such product."), code="product_not_found")

    variants = list(product.variants.all())
    slots = slots_for_product(product.pk, m.code)
    by_variant: dict[int, dict[str, Slot]] = defaultdict(dict)
    for (vid, grade), slot in slots.items():
        by_variant[vid][grade] = slot

    options = []
    for v in variants:
        v_slots = by_variant.get(v.pk, {})
        prices = [o.price_amount for s in v_slots.values() for o in s.offers]
        options.append(VariantOption(
            id=v.pk, label=v.label, attributes=v.attributes, sku=v.sku, gtin=v.gtin,
            from_price=Money(min(prices), m.currency) if prices else None,
            offer_count=sum(len(s.offers) for s in v_slots.values()),
            grades=[g for g in GRADES if g in v_slots], variant=v,
        ))

    if variant_id is not None:
        selected = next((o for o in options if o.id == variant_id), None)
        if selected is None:
            raise NotFound(_("This product has no such variant."), code="variant_not_found")
    else:
        priced = [o for o in options if o.from_price is not None]
        selected = min(priced, key=lambda o: (o.from_price.amount, o.id)) if priced else (options[0] if options else None)

    grades = []
    if selected is not None:
        chosen = by_variant.get(selected.id, {})
        grades = [_grade_slot(g, chosen.get(g)) for g in GRADES]
    slots_by_variant = {
        o.id: [_grade_slot(g, by_variant[o.id][g]) for g in GRADES if g in by_variant.get(o.id, {})]
        for o in options
    }
    priced = [o.from_price.amount for o in options if o.from_price is not None]

    # Correlated EXISTS: each accessory is checked through the offer index, never the whole market.
    accessories = list(
        ProductModel.objects.filter(compatible_with=product)
        .filter(Exists(visible_offers(m.code).filter(variant__product_id=OuterRef("pk"))))
        .select_related("brand", "category").order_by("brand__name", "name")[:ACCESSORIES_SHOWN]
    )
    compatible_with = (
        list(product.compatible_with.select_related("brand", "category").order_by("brand__name", "name"))
        if product.category.kind == CategoryKind.ACCESSORY else []
    )
    return ProductDetail(
        product=product, variants=options, variant=selected, grades=grades,
        attribute_options=_attribute_options(product.category.variant_schema, options), market=m,
        offer_count=sum(len(s.offers) for s in slots.values()), slots_by_variant=slots_by_variant,
        from_price=Money(min(priced), m.currency) if priced else None,
        accessories=accessories, compatible_with=compatible_with,
    )


def _attribute_options(schema: dict, options: list[VariantOption]) -> dict[str, list]:
    """attribute → its values across the variants, for the variant picker (schema order, natural value order)."""
    values: dict[str, set] = defaultdict(set)
    for o in options:
        for k, v in (o.attributes or {}).items():
            if isinstance(v, str | int | float | bool):
                values[k].add(v)
    props = list((schema or {}).get("properties", {})) if isinstance(schema, dict) else []
    names = [n for n in props if n in values] + sorted(n for n in values if n not in props)
    return {n: sorted(values[n], key=lambda v: natural_order(str(v))) for n in names}
