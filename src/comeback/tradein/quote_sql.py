"""What a quote reads, by hand: the model (with its brand and category), its variants' attributes, and the
market's live buyback offers of the model for the storage (every tier, with their sellers and this week's
capacity row), the same rows and objects as the ORM's

    selectors.tradeable_product(product_id), Variant.objects.filter(product=…).values_list("attributes"),
    selectors.eligible_offers(…) for each tier (its `used_this_week`, plus the capacity row's id)

without compiling them on every quote: compiling the offers' filter (seller trust, the capacity subquery) was
about a third of a quote's CPU (docs/performance.md "Trade-in quotes"). On PostgreSQL the three reads go in
one round trip (core/rows.py). The rule of who may buy is `sellers.selectors.selling_q`: a change there must
change SELLING (below) too; tests/tradein/test_quote_sql.py holds the reads equal to the ORM's on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connections, router

from comeback.catalog.models import Brand, Category, CategoryKind, ProductModel, Variant
from comeback.core.rows import Columns, Read, read_together, split
from comeback.sellers.models import PROBATION_DAYS, Seller, SellerStatus

from .models import BuybackCapacity, BuybackOffer, BuybackStatus

PRODUCT = Columns.every(ProductModel, "p")
BRAND = Columns.every(Brand, "b")
CATEGORY = Columns.every(Category, "c")
VARIANT = Columns(Variant, "v", {"id", "attributes"})
OFFER = Columns.every(BuybackOffer, "o")
# What ranking (selectors.candidate), the approved markets and the quote's answer read of the seller.
SELLER = Columns(
    Seller, "s", {"id", "display_name", "markets", "quality_score", "rating_sum", "rating_count"}
)
CAPACITY = Columns(BuybackCapacity, "w", {"id", "reserved"})

# `selling_q(at, "seller__")` on sellers `s`: full sellers, probation before its deadline (the published 40
# days when unset), and a shop with notice of removal only until the removal is due.
SELLING = (
    '(s."status" = %s OR (s."status" = %s AND (s."probation_ends_at" > %s'
    ' OR (s."probation_ends_at" IS NULL AND s."probation_started_at" > %s))))'
    ' AND (s."removal_due_at" IS NULL OR s."removal_due_at" > %s)'
)

_PRODUCT_SQL = (
    f"SELECT {PRODUCT.select()}, {BRAND.select()}, {CATEGORY.select()}"
    f' FROM "{ProductModel._meta.db_table}" p'
    f' INNER JOIN "{Brand._meta.db_table}" b ON p."brand_id" = b."id"'
    f' INNER JOIN "{Category._meta.db_table}" c ON p."category_id" = c."id"'
    ' WHERE p."id" = %s AND NOT (c."kind" = %s)'
)
_VARIANTS_SQL = f'SELECT {VARIANT.select()} FROM "{Variant._meta.db_table}" v WHERE v."product_id" = %s'
_OFFERS_SQL = (
    f"SELECT {OFFER.select()}, {SELLER.select()}, {CAPACITY.select()}"
    f' FROM "{BuybackOffer._meta.db_table}" o'
    f' INNER JOIN "{Seller._meta.db_table}" s ON o."seller_id" = s."id"'
    f' LEFT OUTER JOIN "{BuybackCapacity._meta.db_table}" w'
    ' ON w."buyback_offer_id" = o."id" AND w."week_start" = %s'
    f' WHERE o."market_id" = %s AND o."status" = %s AND o."product_id" = %s AND o."storage_gb" IN (%s, %s)'
    f" AND {SELLING}"
)


@dataclass
class QuoteInputs:
    """The model (None when it is unknown or not traded in), its variants' attributes, and the live offers
    of the model in the market for the storage, every tier, each with `used_this_week` and `capacity_id`
    (this week's capacity row, None before its first quote)."""

    product: ProductModel | None
    variant_attributes: list = field(default_factory=list)
    offers: list[BuybackOffer] = field(default_factory=list)


def quote_inputs(
    *, product_id: int, storage_gb: int, market, week: datetime | None, at: datetime
) -> QuoteInputs:
    """One quote's reads; the offers' only when `market` (with its `week` start) is known."""
    alias = router.db_for_read(BuybackOffer)
    adapt = connections[alias].ops.adapt_datetimefield_value
    reads = [
        Read(alias, _PRODUCT_SQL, [product_id, CategoryKind.ACCESSORY.value]),
        Read(alias, _VARIANTS_SQL, [product_id]),
        None
        if market is None
        else Read(
            alias,
            _OFFERS_SQL,
            [
                adapt(week),
                market.code,
                BuybackStatus.ACTIVE.value,
                product_id,
                0,
                storage_gb,
                SellerStatus.FULL.value,
                SellerStatus.PROBATION.value,
                adapt(at),
                adapt(at - timedelta(days=PROBATION_DAYS)),
                adapt(at),
            ],
        ),
    ]
    product_rows, variant_rows, offer_rows = read_together(reads)
    if not product_rows:
        return QuoteInputs(None)
    p, b, c = split(product_rows[0], PRODUCT, BRAND, CATEGORY)
    product = PRODUCT.build(alias, p)
    ProductModel.brand.field.set_cached_value(product, BRAND.build(alias, b))
    ProductModel.category.field.set_cached_value(product, CATEGORY.build(alias, c))
    cache_seller = BuybackOffer.seller.field.set_cached_value
    offers = []
    for row in offer_rows:
        o, s, (capacity_id, reserved) = split(row, OFFER, SELLER, CAPACITY)
        offer = OFFER.build(alias, o)
        cache_seller(offer, SELLER.build(alias, s))
        offer.used_this_week = reserved or 0
        offer.capacity_id = capacity_id
        offers.append(offer)
    attributes = [VARIANT.build(alias, row).attributes for row in variant_rows]
    return QuoteInputs(product, attributes, offers)


_TAKE_PLACE = (
    f'UPDATE "{BuybackCapacity._meta.db_table}" SET "reserved" = "reserved" + 1 WHERE "id" = %s AND "reserved" <'
    f' (SELECT "weekly_capacity" FROM "{BuybackOffer._meta.db_table}" WHERE "id" = %s)'
)


def take_place(*, capacity_id: int, offer_id: int) -> bool:
    """One place of a capacity row taken when the offer's capacity (read in the same statement) still has one:
    the guarded increment the ORM's `filter(reserved__lt=Subquery(…)).update(…)` sent, written once."""
    with connections[router.db_for_write(BuybackCapacity)].cursor() as cursor:
        cursor.execute(_TAKE_PLACE, [capacity_id, offer_id])
        return cursor.rowcount == 1
