"""Who may sell now: probation's phase and deadlines, derived from time, and today's listing cap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Min, Q

from comeback.core import clock

from .. import shop_sql
from ..models import (
    PROBATION_DAILY_CAP,
    PROBATION_DAYS,
    ProbationDayCount,
    Seller,
    SellerStatus,
)


def seller_for_user(user) -> Seller | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # Read by hand (shop_sql.py): every seller API call asks it first, and compiling the ORM's read cost more
    # than running it.
    return shop_sql.shop_of_user(user.pk)


def selling_q(at: datetime, prefix: str = "") -> Q:
    """Sellers whose listings buyers may see at `at`: full sellers, and probation before its deadline; a
    shop with notice of removal only until the removal is due (the job carrying it out may come later).

    `prefix` lets other apps filter through a relation, e.g. `selling_q(at, "seller__")` on offers.
    """
    p = prefix
    in_probation = Q(**{f"{p}status": SellerStatus.PROBATION}) & (
        Q(**{f"{p}probation_ends_at__gt": at})
        # rows saved without a deadline (bulk loads) fall back to the published 40 days
        | Q(
            **{
                f"{p}probation_ends_at__isnull": True,
                f"{p}probation_started_at__gt": at - timedelta(days=PROBATION_DAYS),
            }
        )
    )
    not_due = Q(**{f"{p}removal_due_at__isnull": True}) | Q(**{f"{p}removal_due_at__gt": at})
    return (Q(**{f"{p}status": SellerStatus.FULL}) | in_probation) & not_due


def probation_deadlines_around(at: datetime) -> tuple[datetime | None, datetime | None]:
    """The last probation (or noticed removal) deadline at or before `at` and the next one after it, among
    sellers it still applies to: the moments `selling_q` changes with time alone, which no event announces
    (the page cache bounds its pages by them). One query."""
    fallback = timedelta(days=PROBATION_DAYS)  # rows without a deadline: the published 40 days
    probation = Q(status=SellerStatus.PROBATION)
    no_deadline = probation & Q(probation_ends_at__isnull=True, probation_started_at__isnull=False)
    noticed = ~Q(status=SellerStatus.REMOVED)
    found = Seller.objects.filter(
        Q(status=SellerStatus.PROBATION) | Q(removal_due_at__isnull=False)
    ).aggregate(
        last=Max("probation_ends_at", filter=probation & Q(probation_ends_at__lte=at)),
        next=Min("probation_ends_at", filter=probation & Q(probation_ends_at__gt=at)),
        last_started=Max(
            "probation_started_at", filter=no_deadline & Q(probation_started_at__lte=at - fallback)
        ),
        next_started=Min(
            "probation_started_at", filter=no_deadline & Q(probation_started_at__gt=at - fallback)
        ),
        last_removal=Max("removal_due_at", filter=noticed & Q(removal_due_at__lte=at)),
        next_removal=Min("removal_due_at", filter=noticed & Q(removal_due_at__gt=at)),
    )
    started = found["last_started"] and found["last_started"] + fallback
    last = [d for d in (found["last"], started, found["last_removal"]) if d]
    upcoming = [
        d
        for d in (
            found["next"],
            found["next_started"] and found["next_started"] + fallback,
            found["next_removal"],
        )
        if d
    ]
    return max(last, default=None), min(upcoming, default=None)


def publishable_q(at: datetime) -> Q:
    """Sellers who may publish a new listing at `at` (the probation cap is checked on top)."""
    return selling_q(at)


class Phase:
    """Where a seller stands, including the time-derived review wait (not a stored status)."""

    APPLIED = "applied"
    REJECTED = "rejected"
    PROBATION = "probation"
    REVIEW_PENDING = "review_pending"
    FULL = "full"
    SUSPENDED = "suspended"
    REMOVED = "removed"


def phase(seller: Seller, at: datetime | None = None) -> str:
    at = at or clock.now()
    if seller.status == SellerStatus.PROBATION:
        ends = probation_deadline(seller)
        return Phase.REVIEW_PENDING if ends is not None and at >= ends else Phase.PROBATION
    return str(seller.status)


def probation_deadline(seller: Seller) -> datetime | None:
    if seller.probation_ends_at is not None:
        return seller.probation_ends_at
    if seller.probation_started_at is not None:
        return seller.probation_started_at + timedelta(days=PROBATION_DAYS)
    return None


@dataclass(frozen=True)
class CapToday:
    market: str
    timezone: str
    day: object
    used: int
    limit: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def resets_local(self) -> str:
        """The local wall-clock moment the cap resets, e.g. "2027-03-02 00:00"."""
        return self.resets_at.strftime("%Y-%m-%d %H:%M")


def cap_today(
    seller: Seller, market_codes: list[str] | None = None, *, at: datetime | None = None
) -> list[CapToday]:
    """Today's use of the probation cap, per market the seller sells in (one query)."""
    from comeback.core import markets

    at = at or clock.now()
    rows = []
    for code in market_codes if market_codes is not None else (seller.markets or []):
        m = markets.find(code)
        if m is not None:
            rows.append((m, clock.local_date(at, m.timezone)))
    counts = dict(
        ProbationDayCount.objects.filter(seller=seller, day__in={d for _m, d in rows}).values_list(
            "day", "count"
        )
    )
    return [
        CapToday(
            market=m.code,
            timezone=m.timezone,
            day=d,
            used=counts.get(d, 0),
            limit=PROBATION_DAILY_CAP,
            resets_at=clock.start_of_next_local_day(at, m.timezone),
        )
        for m, d in rows
    ]
