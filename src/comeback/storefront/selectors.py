"""Reads of the catalogue for the storefront and the API: home page, search (browse/), product page.

Only offers from `offers.selectors.visible_offers(market)` count anywhere here: a product without a
visible offer in the market is not listed (its page can still be opened directly).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, Min, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.catalog import conditions, kept
from comeback.catalog.models import Category, CategoryKind, ProductModel, Variant
from comeback.core import clock, markets
from comeback.core.models import Market
from comeback.core.money import Money
from comeback.core.problems import NotFound
from comeback.core.rows import read_together, sends_together
from comeback.offers import authentication, slot_sql
from comeback.offers import photos as unit_photos
from comeback.offers.models import Offer
from comeback.offers.selectors import Slot, rank_offers, visible_offers
from comeback.orders import selectors as buying

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
    runner_up_quality: float | None = None  # the figures the explanation compares, shown beside it
    factors: dict = field(default_factory=dict)  # what the formula compared (offers.ranking.factors)

    @property
    def available(self) -> bool:
        return self.winner is not None

    @property
    def offer_count(self) -> int:
        return len(self.others) + (1 if self.winner is not None else 0)


@dataclass
class ProductDetail:
    """A product page's data. What only the API shows (every variant's slots, accessories, the models an
    accessory fits) is worked out on first read, so the HTML page does not pay for it."""

    product: ProductModel
    variants: list[VariantOption]
    variant: VariantOption | None
    grades: list[GradeSlot]  # the selected variant's grades in its scheme, best first (winner None when none)
    attribute_options: dict[str, list]
    market: Market
    offer_count: int
    from_price: Money | None
    # variant → grade → its ranked slot
    slots: dict[int, dict[str, Slot]] = field(repr=False, default_factory=dict)
    reviews: list | None = None  # the newest reviews, when asked for (`product_detail(reviews=…)`)
    # The shown variant's offers' photos and badges, read with the offers (`product_detail(shown=True)`), for
    # `winners_shown`: (photos read, its rows, badges read, its rows), or None when they were not.
    shown: tuple | None = field(repr=False, default=None)

    @cached_property
    def slots_by_variant(self) -> dict[int, list[GradeSlot]]:
        """Every variant's grades that have offers (the API's view)."""
        return {
            o.id: [_grade_slot(g, self.slots[o.id][g]) for g in GRADES if g in self.slots.get(o.id, {})]
            for o in self.variants
        }

    @cached_property
    def accessories(self) -> list[ProductModel]:
        """Accessories that fit this model and are on sale in the market.

        Most models have none: a cheap look at the compatibility table answers that, and only models with
        accessories pay for the second query, whose offer-visibility subquery costs more to build than to run.
        """
        fitting = ProductModel.compatible_with.through.objects.filter(to_productmodel_id=self.product.pk)
        if not fitting.exists():
            return []
        # Correlated EXISTS: each accessory is checked through the offer index, never the whole market.
        return list(
            ProductModel.objects.filter(compatible_with=self.product)
            .filter(Exists(visible_offers(self.market.code).filter(variant__product_id=OuterRef("pk"))))
            .select_related("brand", "category")
            .order_by("brand__name", "name")[:ACCESSORIES_SHOWN]
        )

    @cached_property
    def compatible_with(self) -> list[ProductModel]:
        """For an accessory, the models it fits (one query); empty for anything else."""
        if self.product.category.kind != CategoryKind.ACCESSORY:
            return []
        fits = self.product.compatible_with.select_related("brand", "category")
        return list(fits.order_by("brand__name", "name"))


# Why a winner wins (offers.ranking.explain codes) -----------------------------------------------------------

# Built once: a page asks for one reason per grade slot (about 20 on a product page, more in the API), and
# rebuilding nine translations per call cost more than the rest of the slot. Lazy, so each call translates
# one text into the request's language.
_REASONS = {
    "only_offer": gettext_lazy("The only offer in this grade right now"),
    "runner_up_in_breach": gettext_lazy(
        "The next offer's seller has an open quality breach; a seller in breach never ranks first"
    ),
    "cheaper_and_at_least_as_good": gettext_lazy(
        "Cheaper, from a seller with at least as good a quality score"
    ),
    "cheaper_enough_to_outweigh_quality": gettext_lazy(
        "Cheaper by enough to outweigh a slightly lower seller score"
    ),
    # The comparison is of quality scores (offers.ranking), not of star ratings: say so.
    "better_quality_worth_the_price": gettext_lazy(
        "A seller with a better quality score, worth the small price difference"
    ),
    "best_value": gettext_lazy("The best seller quality for its price"),
    "tie_better_battery": gettext_lazy(
        "Same value as the next offer, with a higher guaranteed battery health"
    ),
    "tie_longer_warranty": gettext_lazy("Same value as the next offer, with a longer warranty"),
    "tie_faster_shipping": gettext_lazy("Same value as the next offer, and it ships sooner"),
    "tie_older_offer": gettext_lazy("Same value as the next offer, and it was listed first"),
}


def reason_text(code: str) -> str:
    text = _REASONS.get(code)
    return str(text) if text is not None else code


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
        stats = {
            "product_count": len(snap.entries),
            "seller_count": snap.seller_count,
            "offer_count": snap.offer_count,
            "min_warranty_months": snap.min_warranty_months,
        }
    else:
        offers = visible_offers(m.code)
        stats = offers.aggregate(
            offer_count=Count("id"),
            seller_count=Count("seller_id", distinct=True),
            product_count=Count("variant__product_id", distinct=True),
            min_warranty_months=Min("warranty_months"),
        )
        per_category = dict(
            offers.order_by()
            .values("variant__product__category_id")
            .annotate(n=Count("variant__product_id", distinct=True))
            .values_list("variant__product__category_id", "n")
        )
    roots = [c for c in all_categories if c.parent_id is None]
    for root in roots:
        root.product_count = sum(per_category.get(cid, 0) for cid in descendants(all_categories, root.pk))
    featured = run_search(
        market=m,
        filters=Filters(),
        sort="relevance",
        page=1,
        per_page=FEATURED,
        categories=all_categories,
        with_facets=False,
        snap=snap,
    ).items
    # `products`, `offers`, `sellers`: the same numbers under the names the home template reads.
    stats.update(products=stats["product_count"], offers=stats["offer_count"], sellers=stats["seller_count"])
    return {"categories": roots, "featured": featured, "stats": stats}


# Product page -----------------------------------------------------------------------------------------------


def _grade_slot(grade: str, slot: Slot | None) -> GradeSlot:
    label = conditions.grade_label(grade)
    if slot is None or slot.winner is None:
        return GradeSlot(
            grade=grade,
            label=str(label),
            winner=None,
            others=[],
            reasons=[],
            reason_codes=[],
            winner_quality=None,
            runner_up_price=None,
        )
    codes = slot.explanation.reasons if slot.explanation else []
    runner_up_id = slot.explanation.runner_up_id if slot.explanation else None
    runner_up = next(
        (o for o in slot.others if o.pk == runner_up_id), slot.others[0] if slot.others else None
    )
    return GradeSlot(
        grade=grade,
        label=str(label),
        winner=slot.winner,
        others=slot.others,
        reasons=[reason_text(c) for c in codes],
        reason_codes=list(codes),
        winner_quality=float(slot.quality_of(slot.winner.pk)),
        runner_up_price=Money(runner_up.price_amount, runner_up.currency) if runner_up else None,
        runner_up_quality=float(slot.quality_of(runner_up.pk)) if runner_up else None,
        factors=slot.explanation.factors if slot.explanation else {},
    )


def product_detail(
    *,
    market: str,
    slug: str | None = None,
    product_id: int | None = None,
    variant_id: int | None = None,
    reviews: int = 0,
    shown: bool = False,
) -> ProductDetail:
    """A product page: its variants with prices in the market, and per grade the best offer and why; with
    `reviews`, that many of the newest reviews, read in the same round trip as the offers (core/rows.py). With
    `shown`, where that round trip can carry more (PostgreSQL), the photos and badges of the shown variant's
    offers come with it too: `winners_shown` then sends nothing.

    One query (offers with sellers) however many offers once the model is kept (catalog/kept.py; three more,
    model, photos and variants, when this process reads it first); reading `accessories` costs
    one more (two when something fits the model), `compatible_with` one more for an accessory.
    """
    m = markets.get(market)
    found = None  # the model, its variants and photos: kept per process under the catalogue version
    if slug:
        found = kept.product(slug=str(slug)[:140]) if SLUG.match(str(slug)) else None
    elif product_id is not None:
        found = kept.product(product_id=product_id) if 0 < product_id < 2**63 else None
    if found is None:
        raise NotFound(_("No such product."), code="product_not_found")
    product, variants = found.product, found.variants
    at = clock.now()
    offers_read = slot_sql.slot_read(product_id=product.pk, market=m.code, at=at)
    reviews_read = (
        buying.reviews_for_product_read(product_id=product.pk, limit=reviews) if reviews > 0 else None
    )
    photos_read = badges_read = chosen_read = None
    if shown and sends_together(offers_read.alias):
        # The winners are known only once the offers are ranked; their variant's offers are known in SQL.
        shown_cte, params, chosen_read = slot_sql.shown_variant_offers(
            product_id=product.pk, market=m.code, at=at, variant_id=variant_id
        )
        photos_read = unit_photos.listed_shown_read(shown_cte, params)
        badges_read = authentication.badges_shown_read(shown_cte, params)
    offer_rows, review_rows, photo_rows, badge_rows, chosen_rows = read_together(
        [offers_read, reviews_read, photos_read, badges_read, chosen_read]
    )
    slots = rank_offers(slot_sql.offers_from(offers_read, offer_rows))
    by_variant: dict[int, dict[str, Slot]] = defaultdict(dict)
    for (vid, grade), slot in slots.items():
        by_variant[vid][grade] = slot

    options = []
    for v in variants:
        v_slots = by_variant.get(v.pk, {})
        prices = [o.price_amount for s in v_slots.values() for o in s.offers]
        options.append(
            VariantOption(
                id=v.pk,
                label=v.label,
                attributes=v.attributes,
                sku=v.sku,
                gtin=v.gtin,
                from_price=Money(min(prices), m.currency) if prices else None,
                offer_count=sum(len(s.offers) for s in v_slots.values()),
                grades=[g for g in GRADES if g in v_slots],
                variant=v,
            )
        )

    if variant_id is not None:
        selected = next((o for o in options if o.id == variant_id), None)
        if selected is None:
            raise NotFound(_("This product has no such variant."), code="variant_not_found")
    else:
        priced = [o for o in options if o.from_price is not None]
        selected = (
            min(priced, key=lambda o: (o.from_price.amount, o.id))
            if priced
            else (options[0] if options else None)
        )

    grades = []
    if selected is not None:
        chosen = by_variant.get(selected.id, {})
        grades = [_grade_slot(g, chosen.get(g)) for g in product.category.conditions.codes]
    read_variant = chosen_rows[0][0] if chosen_rows else variant_id
    # Kept only when SQL picked the variant picked here (a variant this process does not keep yet could differ).
    shown_rows = (
        (photos_read, photo_rows, badges_read, badge_rows)
        if photos_read is not None and selected is not None and read_variant == selected.id
        else None
    )
    priced = [o.from_price.amount for o in options if o.from_price is not None]
    return ProductDetail(
        product=product,
        variants=options,
        variant=selected,
        grades=grades,
        attribute_options=_attribute_options(product.category.variant_schema, options),
        market=m,
        offer_count=sum(len(s.offers) for s in slots.values()),
        from_price=Money(min(priced), m.currency) if priced else None,
        slots=dict(by_variant),
        reviews=buying.reviews_for_product_from(reviews_read, review_rows)
        if reviews_read is not None
        else None,
        shown=shown_rows,
    )


def winners_shown(
    offers: list[Offer], *, product: str, read: tuple | None = None
) -> tuple[dict[int, list], dict[int, dict]]:
    """The unit photos (offers/photos.py `photos_of`) and authenticated badges of a product page's best offers,
    in one round trip, or none when `read` holds those of their variant's offers (`ProductDetail.shown`);
    `product` names what they all sell, for the photos' alt text."""
    if read is not None:
        photos_read, photo_rows, badges_read, badge_rows = read
    else:
        photos_read, badges_read = (
            unit_photos.listed_read([o.pk for o in offers]),
            authentication.badges_read(offers),
        )
        photo_rows, badge_rows = read_together([photos_read, badges_read])
    ids = {o.pk for o in offers}
    listed = [p for p in unit_photos.listed_from(photos_read, photo_rows) if p.offer_id in ids]
    badges = authentication.badges_from(badges_read, badge_rows)
    return (
        unit_photos.shown_of(offers, listed, product=product),
        {pk: badge for pk, badge in badges.items() if pk in ids},
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
