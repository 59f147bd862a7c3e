"""A product page's recent reviews, read by hand: the same rows and objects as the ORM's

    Review.objects.filter(product_id=…).select_related("seller", "buyer").only(*REVIEW_FIELDS)[:limit]

without compiling it on every page (about half a millisecond, for a list that is often empty). The rows become
the instances the ORM builds (core/rows.py); tests/orders/test_review_sql.py holds the two equal on both
databases.
"""

from __future__ import annotations

from django.db import router

from comeback.accounts.models import User
from comeback.core.rows import Columns, Read, read_together
from comeback.sellers.models import Seller

from .models import Review

REVIEW = Columns(Review, "r", {"id", "buyer_id", "seller_id", "product_id", "stars", "comment", "created_at"})
BUYER = Columns(User, "u", {"id", "name"})
SELLER = Columns(Seller, "s", {"id", "display_name"})

# Newest first, as Review.Meta.ordering.
_SQL = (
    f"SELECT {REVIEW.select()}, {BUYER.select()}, {SELLER.select()}"
    ' FROM "orders_review" r'
    ' INNER JOIN "accounts_user" u ON r."buyer_id" = u."id"'
    ' INNER JOIN "sellers_seller" s ON r."seller_id" = s."id"'
    ' WHERE r."product_id" = %s ORDER BY r."created_at" DESC, r."id" DESC LIMIT %s'
)


def reviews_read(*, product_id: int, limit: int) -> Read:
    """The statement of `recent_reviews`, to send with others (core/rows.py `read_together`)."""
    return Read(router.db_for_read(Review), _SQL, [product_id, limit])


def reviews_from(read: Read, rows: list[tuple]) -> list[Review]:
    """The reviews of the rows `read` answered, each with its buyer and seller loaded."""
    n_review, n_buyer = len(REVIEW), len(BUYER)
    reviews = []
    for row in rows:
        review = REVIEW.build(read.alias, row[:n_review])
        Review.buyer.field.set_cached_value(
            review, BUYER.build(read.alias, row[n_review : n_review + n_buyer])
        )
        Review.seller.field.set_cached_value(review, SELLER.build(read.alias, row[n_review + n_buyer :]))
        reviews.append(review)
    return reviews


def recent_reviews(*, product_id: int, limit: int) -> list[Review]:
    """The product's `limit` newest reviews, each with its buyer (name only) and seller (display name only)."""
    read = reviews_read(product_id=product_id, limit=limit)
    [rows] = read_together([read])
    return reviews_from(read, rows)
