"""The staff queues (verification, reviews, alerts), a seller's history, and a public seller."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet

from comeback.core import clock

from ..models import (
    AlertStatus,
    Seller,
    SellerAlert,
    SellerDecision,
    SellerStatus,
)


def verification_queue() -> QuerySet[Seller]:
    """Applicants awaiting verification, oldest application first."""
    return (
        Seller.objects.filter(status=SellerStatus.APPLIED)
        .select_related("user", "application")
        .order_by("created_at", "id")
    )


def review_queue(*, at: datetime | None = None) -> QuerySet[Seller]:
    """Probation sellers whose deadline has passed: listings paused, oldest deadline first."""
    at = at or clock.now()
    return (
        Seller.objects.filter(status=SellerStatus.PROBATION, probation_ends_at__lte=at)
        .select_related("user")
        .order_by("probation_ends_at", "id")
    )


# How far ahead the staff pages list probations about to end.
UPCOMING_REVIEW_WINDOW = timedelta(days=7)


def upcoming_reviews(*, at: datetime | None = None, within: timedelta | None = None) -> QuerySet[Seller]:
    at = at or clock.now()
    within = within or UPCOMING_REVIEW_WINDOW
    return Seller.objects.filter(
        status=SellerStatus.PROBATION, probation_ends_at__gt=at, probation_ends_at__lte=at + within
    ).order_by("probation_ends_at", "id")


def alerts_queue() -> QuerySet[SellerAlert]:
    """Live alerts, the longest-standing first."""
    return (
        SellerAlert.objects.exclude(status=AlertStatus.RESOLVED)
        .select_related("seller")
        .order_by("opened_at", "id")
    )


def live_alerts(seller: Seller) -> list[SellerAlert]:
    return list(seller.alerts.exclude(status=AlertStatus.RESOLVED).order_by("opened_at"))


def history(seller: Seller) -> list[SellerDecision]:
    return list(
        SellerDecision.objects.filter(seller=seller).select_related("actor").order_by("-created_at", "-id")
    )


def staff_counts(*, at: datetime | None = None) -> dict[str, int]:
    at = at or clock.now()
    return {
        "applications": verification_queue().count(),
        "reviews": review_queue(at=at).count(),
        "alerts": alerts_queue().count(),
        "suspended": Seller.objects.filter(status=SellerStatus.SUSPENDED).count(),
    }


def public_seller(slug: str) -> Seller | None:
    """A seller page exists once the shop was verified; applicants and rejected applications stay private."""
    return (
        Seller.objects.filter(slug=slug)
        .exclude(status__in=[SellerStatus.APPLIED, SellerStatus.REJECTED])
        .first()
    )
