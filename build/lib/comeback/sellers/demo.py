"""Demo data of seller trust, run by `comeback seed-demo` after the sellers and offers exist.

The demo-data helper creates a seller in every state (applicant@, probation@ 3 days in, review@ 41 days
in, suspended@, removed@, full seller1@…); this hook adds what the trust process records about them:
the application file, the decision history, today's probation cap use, quality scores, and the alert
that suspended the suspended one. Deterministic: only ctx.now and ctx.rng.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Q

from comeback.core import clock, markets

from . import monitoring
from .models import (
    PROBATION_DAYS,
    AlertStatus,
    DecisionKind,
    ProbationDayCount,
    Seller,
    SellerAlert,
    SellerApplication,
    SellerDecision,
    SellerStatus,
)

STAFF_LOGIN = "staff@demo.comeback.test"
PROCESS = (
    "Incoming devices are logged by IMEI or serial, checked against block lists, tested on a 40-point "
    "functional bench, graded under daylight lamps by two technicians, repaired with genuine or certified "
    "parts (new batteries below 85% health), and wiped with a NIST SP 800-88 Purge certificate per unit."
)
SUSPENSION_DEFECTS = (14, 150)  # defects, delivered: a 9.3% rate whose lower bound is above 5%


def seed_demo(ctx) -> None:
    staff = ctx.users.get(STAFF_LOGIN)
    sellers = sorted(ctx.sellers.values(), key=lambda s: s.pk)
    _applications(ctx, sellers)
    _history(ctx, sellers, staff)
    _probation_counters(ctx, sellers)
    monitoring.recompute_all(at=ctx.now, progress=ctx.progress)
    _suspension_alert(ctx, sellers)


def _applications(ctx, sellers: list[Seller]) -> None:
    SellerApplication.objects.bulk_create(
        [
            SellerApplication(
                seller=s,
                contact_name=s.user.name or s.display_name,
                contact_email=s.user.email,
                contact_phone=s.contact_phone or "+33 1 99 00 00 00",
                markets_wanted=list(s.markets),
                process_description=(s.description + " " + PROCESS).strip(),
                submitted_at=s.created_at,
            )
            for s in sellers
        ]
    )


def _history(ctx, sellers: list[Seller], staff) -> None:
    """Decisions consistent with each seller's state and dates."""
    decisions: list[SellerDecision] = []

    def add(seller, kind, frm, to, at, reason, actor=staff, **extra):
        decisions.append(
            SellerDecision(
                seller=seller,
                kind=kind,
                from_status=frm,
                to_status=to,
                actor=actor,
                reason=reason,
                created_at=at,
                notified_at=at,
                probation_ends_at=extra.pop("ends", None),
                **extra,
            )
        )

    for s in sellers:
        if s.probation_started_at is None:
            continue  # the applicant: nothing decided yet
        start = s.probation_started_at
        ends = start + timedelta(days=PROBATION_DAYS)
        add(
            s,
            DecisionKind.VERIFY,
            SellerStatus.APPLIED,
            SellerStatus.PROBATION,
            start,
            "Company identity, VAT number and registration checked.",
            ends=ends,
        )
        if s.status == SellerStatus.PROBATION:
            continue
        approved = s.approved_at or ends
        add(
            s,
            DecisionKind.APPROVE,
            SellerStatus.PROBATION,
            SellerStatus.FULL,
            approved,
            "Probation review passed: rates within thresholds.",
        )
        changed = s.status_changed_at or ctx.now - timedelta(days=ctx.rng.randint(5, 60))
        if s.status == SellerStatus.SUSPENDED:
            add(
                s,
                DecisionKind.SUSPEND,
                SellerStatus.FULL,
                SellerStatus.SUSPENDED,
                changed,
                s.status_reason,
                actor=None,
            )  # the platform suspended it: see _suspension_alert
        elif s.status == SellerStatus.REMOVED:
            add(s, DecisionKind.REMOVE, SellerStatus.FULL, SellerStatus.REMOVED, changed, s.status_reason)
    SellerDecision.objects.bulk_create(decisions)


def _probation_counters(ctx, sellers: list[Seller]) -> None:
    """Today's (and earlier days') cap use from the listings the demo published during probation."""
    on_probation = [s for s in sellers if s.status == SellerStatus.PROBATION]
    counts: Counter = Counter()
    for s in on_probation:
        for offer in s.offers.filter(~Q(published_at=None), published_at__gte=s.probation_started_at):
            day = clock.local_date(offer.published_at, markets.get(offer.market_id).timezone)
            counts[(s.pk, day)] += 1
    ProbationDayCount.objects.bulk_create(
        [
            ProbationDayCount(seller_id=seller_id, day=day, count=min(n, 5))
            for (seller_id, day), n in sorted(counts.items())
        ]
    )


def _suspension_alert(ctx, sellers: list[Seller]) -> None:
    """The alert that led to the suspension: a defect-rate bound above 5% for more than 14 days."""
    from .metrics import Rate

    defects, delivered = SUSPENSION_DEFECTS
    rate = Rate.of("defect_rate", defects, delivered)
    for s in sellers:
        if s.status != SellerStatus.SUSPENDED:
            continue
        since = (s.status_changed_at or ctx.now) - timedelta(days=14)
        Seller.objects.filter(pk=s.pk).update(breach_since=since, status_before_suspension=SellerStatus.FULL)
        SellerAlert.objects.create(
            seller=s,
            metric="defect_rate",
            window="90d",
            value=round(rate.lower, 4),
            threshold=0.05,
            events=defects,
            trials=delivered,
            status=AlertStatus.OPEN,
            opened_at=since,
            updated_at=ctx.now,
        )
