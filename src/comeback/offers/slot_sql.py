"""The product page's slot offers, read by hand: the same rows, columns and objects as the ORM's

    visible_offers(market).filter(variant__product_id=…).select_related("seller").only(*SLOT_FIELDS).order_by("id")

without compiling it on every request. Compiling that visibility filter (seller trust, probation deadlines)
cost the ORM about 1.2 ms a page and building the instances 0.7 ms, against 0.06 ms for running the SQL
(docs/performance.md "Render path: product page, 2026-12-06 (night)"). The rows become the same model
instances the ORM builds (core/rows.py; the seller cached on its offer as select_related does), so what reads
them cannot tell the difference; a field outside SLOT_FIELDS (below) is still deferred (read on access).
tests/offers/test_slot_sql.py holds the two equal on both databases. The visibility rule is `visible_offers`
and `sellers.selectors.selling_q`: a change there must change VISIBLE (below) too, which standing_sql.py
shares (the parity tests fail until it does).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connections, router

from comeback.core.rows import Columns, Read, read_together
from comeback.sellers.models import PROBATION_DAYS, SELLING_STATUSES, Seller, SellerStatus

from .models import Offer, OfferStatus

# What the ranking, the product page and the product API read of a slot's offers and their sellers. The rest
# (about 20 seller columns, two of them JSON, and the offer's timestamps) is left unloaded: building it cost
# more than running the query.
SLOT_FIELDS = (
    "id",
    "seller_id",
    "variant_id",
    "market_id",
    "grade",
    "price_amount",
    "currency",
    "quantity",
    "battery_health_min",
    "warranty_months",
    "handling_days",
    "status",
    "seller__display_name",
    "seller__slug",
    "seller__status",
    "seller__rating_sum",
    "seller__rating_count",
    "seller__quality_score",
    "seller__quality_summary",
)

# SLOT_FIELDS split by table: the offer's own columns, and the seller's (its id is the join).
OFFER = Columns(Offer, "o", {f for f in SLOT_FIELDS if "__" not in f})
SELLER = Columns(
    Seller, "s", {"id"} | {f.removeprefix("seller__") for f in SLOT_FIELDS if f.startswith("seller__")}
)

# `visible_offers` on offers `o` joined to their sellers `s`, its parameters from `visible_params`: active and in
# stock, from a seller allowed to sell (`sellers.selectors.selling_q`) ...
VISIBLE = (
    'o."status" = %s AND o."quantity" > 0 AND s."status" IN ({selling})'
    # ... full sellers, and probation before its deadline (the published 40 days when unset) ...
    ' AND (s."status" = %s OR (s."status" = %s AND (s."probation_ends_at" > %s'
    ' OR (s."probation_ends_at" IS NULL AND s."probation_started_at" > %s))))'
    # ... and a shop with notice of removal only until the removal is due
    ' AND (s."removal_due_at" IS NULL OR s."removal_due_at" > %s)'
).replace("{selling}", ", ".join(["%s"] * len(SELLING_STATUSES)))


def visible_params(alias: str, at: datetime) -> list:
    """The parameters of VISIBLE at `at`, for the database `alias`."""
    adapt = connections[alias].ops.adapt_datetimefield_value
    return [
        OfferStatus.ACTIVE.value,
        *(s.value for s in SELLING_STATUSES),
        SellerStatus.FULL.value,
        SellerStatus.PROBATION.value,
        adapt(at),
        adapt(at - timedelta(days=PROBATION_DAYS)),
        adapt(at),
    ]


_SQL = (
    f"SELECT {OFFER.select()}, {SELLER.select()}"
    ' FROM "offers_offer" o'
    ' INNER JOIN "sellers_seller" s ON o."seller_id" = s."id"'
    ' INNER JOIN "catalog_variant" v ON o."variant_id" = v."id"'
    f' WHERE {VISIBLE} AND o."market_id" = %s AND v."product_id" = %s'
    ' ORDER BY o."id"'
)


_OF_PRODUCT = (
    ' FROM "offers_offer" o'
    ' INNER JOIN "sellers_seller" s ON o."seller_id" = s."id"'
    ' INNER JOIN "catalog_variant" v ON o."variant_id" = v."id"'
    f' WHERE {VISIBLE} AND o."market_id" = %s AND v."product_id" = %s'
)
# The variant a product page shows when its address names none: the one with the lowest price among the slot
# offers, the lowest id on a tie (storefront/selectors.py `product_detail` picks it the same way).
_VISIBLE_CTE = f'WITH visible AS (SELECT o."id", o."variant_id", o."price_amount"{_OF_PRODUCT})'
_CHEAPEST = 'SELECT "variant_id" FROM visible ORDER BY "price_amount", "variant_id" LIMIT 1'
SHOWN_IDS = 'SELECT "id" FROM shown'  # the shown offers' ids, in a statement that starts with `shown_cte`


def shown_variant_offers(
    *, product_id: int, market: str, at: datetime, variant_id: int | None
) -> tuple[str, list, Read | None]:
    """The slot offers of the variant a product page shows (`variant_id`, or the cheapest when None), as a
    common table expression `shown` (with its parameters) that a statement selecting SHOWN_IDS starts with, so
    their photos and badges can be read in the offers' round trip; and, when `variant_id` is None, the statement
    naming that variant (no row when nothing is on sale), for the reader to check it picked the same one.
    Each statement repeats the visibility filter once: psycopg converts a batch of at most 50 parameters and
    4,096 characters once per process, a longer one on every call."""
    alias = router.db_for_read(Offer)
    where = [*visible_params(alias, at), market, product_id]
    if variant_id is not None:
        return (
            f'WITH shown AS (SELECT o."id"{_OF_PRODUCT} AND o."variant_id" = %s)',
            [*where, variant_id],
            None,
        )
    cte = f'{_VISIBLE_CTE}, shown AS (SELECT "id" FROM visible WHERE "variant_id" = ({_CHEAPEST}))'
    return cte, list(where), Read(alias, f"{_VISIBLE_CTE} {_CHEAPEST}", list(where))


def slot_read(*, product_id: int, market: str, at: datetime) -> Read:
    """The statement of `slot_offers`, to send with others (core/rows.py `read_together`)."""
    alias = router.db_for_read(Offer)
    return Read(alias, _SQL, [*visible_params(alias, at), market, product_id])


def offers_from(read: Read, rows: list[tuple]) -> list[Offer]:
    """The offers of the rows `read` answered, each with its seller loaded."""
    return offers_with_sellers(read.alias, rows, OFFER, SELLER)


def offers_with_sellers(alias: str, rows: list[tuple], offer: Columns, seller: Columns) -> list[Offer]:
    """Rows of `offer` then `seller` columns as offers, each with its seller cached as select_related does."""
    n_offer = len(offer)
    cache_seller = Offer.seller.field.set_cached_value
    offers = []
    for row in rows:
        built = offer.build(alias, row[:n_offer])
        cache_seller(built, seller.build(alias, row[n_offer:]))
        offers.append(built)
    return offers


def slot_offers(*, product_id: int, market: str, at: datetime) -> list[Offer]:
    """The offers a buyer may see of `product_id` in `market` at `at`, by id, each with its seller loaded."""
    read = slot_read(product_id=product_id, market=market, at=at)
    [rows] = read_together([read])
    return offers_from(read, rows)
