"""The seller's process: application → probation → full / extended / removed (DESIGN.md §2 Probation).

The onboarding workflow, the 40-day probation cap and the review land with issue "Seller trust";
this module is where each rule about *whether a seller may act now* is enforced.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden

from .models import SELLING_STATUSES, Seller, SellerStatus


def ensure_may_publish(*, seller: Seller, market, at: datetime) -> None:
    """Raise a problem naming the rule when `seller` may not publish a new listing at `at`."""
    if seller.status not in SELLING_STATUSES:
        reason = {
            SellerStatus.APPLIED: _("Your application is awaiting verification."),
            SellerStatus.REJECTED: _("Your application was rejected."),
            SellerStatus.SUSPENDED: _("Your listings are suspended until staff review your quality alerts."),
            SellerStatus.REMOVED: _("Your shop was removed from Comeback."),
        }.get(seller.status, _("Your shop cannot list right now."))
        raise Forbidden(reason, code=f"seller_{seller.status}")
