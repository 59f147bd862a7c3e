"""The rivals a seller's offers are ranked against, read by hand: the same rows, columns and objects as the ORM's

    visible_offers(at=…).filter(variant_id__in=…, market_id__in=…, grade__in=…)
        .select_related("seller").only(*CANDIDATE_FIELDS)

without compiling it on every reprice: every reprice answers with its offer's standing, and compiling that
visibility filter was about a third of the request's CPU (docs/performance.md "A reprice's standing read by
hand, 2026-12-07"). The visibility rule is slot_sql.VISIBLE, shared with the product page's read; the rows
become the instances the ORM builds (core/rows.py), the seller cached on its offer. tests/offers/test_standing_sql.py
holds the two equal on both databases.
"""

from __future__ import annotations

from datetime import datetime

from django.db import router

from comeback.core.rows import Columns, Read, read_together
from comeback.sellers.models import Seller

from .models import Offer
from .slot_sql import VISIBLE, offers_with_sellers, visible_params

# The columns `selectors.candidate` reads: the slot's keys and the offer's seller with them.
CANDIDATE_FIELDS = (
    "variant_id",
    "market_id",
    "grade",
    "price_amount",
    "battery_health_min",
    "warranty_months",
    "handling_days",
    "seller__quality_score",
    "seller__rating_sum",
    "seller__rating_count",
    "seller__quality_summary",
)

# CANDIDATE_FIELDS split by table, with the ids the ORM loads too (the offer's, its seller's, and the join).
OFFER = Columns(Offer, "o", {"id", "seller_id"} | {f for f in CANDIDATE_FIELDS if "__" not in f})
SELLER = Columns(
    Seller, "s", {"id"} | {f.removeprefix("seller__") for f in CANDIDATE_FIELDS if f.startswith("seller__")}
)


def _in(values: list) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def rivals(*, keys: set[tuple[int, str, str]], at: datetime) -> list[Offer]:
    """The offers a buyer may see at `at` whose variant, market and grade are each among those of `keys`
    (variant, market, grade), each with its seller loaded; in no particular order (the ranking orders them)."""
    if not keys:
        return []
    variants, markets, grades = (sorted({k[i] for k in keys}) for i in range(3))
    alias = router.db_for_read(Offer)
    sql = (
        f"SELECT {OFFER.select()}, {SELLER.select()}"
        f' FROM "{Offer._meta.db_table}" o INNER JOIN "{Seller._meta.db_table}" s ON o."seller_id" = s."id"'
        f' WHERE {VISIBLE} AND o."variant_id" IN {_in(variants)} AND o."market_id" IN {_in(markets)}'
        f' AND o."grade" IN {_in(grades)}'
    )
    [rows] = read_together([Read(alias, sql, [*visible_params(alias, at), *variants, *markets, *grades])])
    return offers_with_sellers(alias, rows, OFFER, SELLER)
