"""Reviews: 1–5 stars and a comment, one per delivered line, feeding the seller's rating (docs/design.md §2)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Invalid
from comeback.sellers.models import Seller

from ..events import emit_all
from ..models import Review
from .fulfilment import buyer_line

MAX_COMMENT = 2000


def post_review(*, buyer, line_id: int, stars: int, comment: str = "", at: datetime | None = None) -> Review:
    at = at or clock.now()
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Invalid.field("stars", "stars_range", _("Give 1 to 5 stars."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise Invalid.field("comment", "too_long", _("At most %s characters.") % MAX_COMMENT)
    line = buyer_line(buyer=buyer, line_id=line_id, at=at)
    if line.delivered_at is None:
        raise Conflict(_("You can review an item once it has been delivered."), code="line_not_delivered")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                line=line,
                buyer=buyer,
                seller_id=line.seller_id,
                product_id=line.product_id,
                stars=stars,
                comment=comment,
                created_at=at,
            )
            # F expressions: concurrent reviews of one seller add up instead of overwriting each other.
            Seller.objects.filter(pk=line.seller_id).update(
                rating_sum=F("rating_sum") + stars, rating_count=F("rating_count") + 1
            )
            emit_all(
                [
                    (
                        "review.posted",
                        {
                            "review_id": review.pk,
                            "line_id": line.pk,
                            "order_id": line.order_id,
                            "seller_id": line.seller_id,
                            "product_id": line.product_id,
                            "stars": stars,
                        },
                    )
                ]
            )
    except IntegrityError:
        raise Conflict(_("You have already reviewed this item."), code="review_exists") from None
    return review
