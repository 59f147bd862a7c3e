"""Quality monitoring: recompute scores, raise and resolve alerts, suspend on a sustained breach,
and tell people a probation review is due (docs/design.md §2 "Quality, measured and public").

Nothing here decides whether listings are visible at a given moment (selectors.selling_q does, from
time); these jobs only write derived numbers and send notices, and are safe to run twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.mail import send_mail
from comeback.core.problems import Conflict

from . import quality
from .metrics import seller_metrics
from .models import AlertStatus, Seller, SellerAlert, SellerStatus
from .processes import Actor

MONITORED = (SellerStatus.PROBATION, SellerStatus.FULL, SellerStatus.SUSPENDED)


def recompute_seller(*, seller: Seller, at: datetime | None = None) -> float:
    """Recompute one seller's score, alerts and breach clock; suspend after a 14-day defect breach."""
    at = at or clock.now()
    windows = seller_metrics(seller, at=at)
    recent = windows["trailing_90_days"]
    lifetime = windows["since_onboarding"].rating
    # Lifetime ratings: the seller's running totals when they know more (reviews seeded or imported before
    # any fact source reported them), else every review since onboarding.
    life_count, life_sum = (
        (seller.rating_count, seller.rating_sum)
        if seller.rating_count > lifetime.count
        else (lifetime.count, lifetime.total)
    )
    found = {b.metric: b for b in quality.breaches(recent)}
    in_breach = bool(found)
    value = quality.score(recent, lifetime_count=life_count, lifetime_sum=life_sum, in_breach=in_breach)
    summary = quality.public_summary(recent, score_value=value, in_breach=in_breach)
    if not recent.rating.count and life_count:
        summary.update(rating_mean=round(life_sum / life_count, 2), rating_count=life_count)
    with transaction.atomic():
        _sync_alerts(seller=seller, found=found, at=at)
        breaching = quality.SUSPENSION_METRIC in found
        since = (seller.breach_since or at) if breaching else None
        changed = seller.quality_score != value or seller.quality_summary != summary
        Seller.objects.filter(pk=seller.pk).update(
            quality_score=value, quality_summary=summary, quality_computed_at=at, breach_since=since
        )
        if changed:  # the ranking and the offers' quality lines read these: cached pages must follow
            outbox.emit("seller.quality.changed", seller_id=seller.pk)
        seller.refresh_from_db()
        if (
            breaching
            and at - since >= quality.SUSTAINED_BREACH
            and seller.status in (SellerStatus.PROBATION, SellerStatus.FULL)
        ):
            b = found[quality.SUSPENSION_METRIC]
            reason = _(
                "Your defect rate has been above %(t).0f%% with 95%% confidence since %(since)s (lower bound "
                "%(v).1f%% on %(n)d delivered orders). Your listings are hidden until a seller-success manager "
                "reviews your corrective actions."
            ) % {"t": 100 * b.threshold, "since": since.date().isoformat(), "v": 100 * b.value, "n": b.trials}
            from .services import suspend

            try:
                with transaction.atomic():
                    suspend(
                        seller=seller,
                        reason=reason,
                        at=at,
                        actor=Actor.PLATFORM,
                        evidence={"trailing_90_days": recent.as_dict(), "breach_since": since.isoformat()},
                    )
            except Conflict:
                pass  # a staff decision got there first: it stands
    return value


def _sync_alerts(*, seller: Seller, found: dict, at: datetime) -> None:
    live = {
        a.metric: a for a in SellerAlert.objects.filter(seller=seller).exclude(status=AlertStatus.RESOLVED)
    }
    for metric, b in found.items():
        fields = {
            "value": min(1.0, max(0.0, b.value)),
            "threshold": b.threshold,
            "events": b.events,
            "trials": b.trials,
            "updated_at": at,
        }
        if metric in live:
            SellerAlert.objects.filter(pk=live[metric].pk).update(**fields)
            continue
        try:
            with transaction.atomic():
                SellerAlert.objects.create(seller=seller, metric=metric, window="90d", opened_at=at, **fields)
        except IntegrityError:
            pass  # a concurrent recompute opened it: one live alert per metric
    for metric, alert in live.items():
        if metric not in found:
            SellerAlert.objects.filter(pk=alert.pk).exclude(status=AlertStatus.RESOLVED).update(
                status=AlertStatus.RESOLVED, resolved_at=at, updated_at=at
            )


def recompute_all(
    *, at: datetime | None = None, progress: Callable[[Iterable, str], Iterable] | None = None
) -> int:
    at = at or clock.now()
    sellers = list(Seller.objects.filter(status__in=MONITORED).order_by("pk"))
    for seller in progress(sellers, "quality") if progress else sellers:
        recompute_seller(seller=seller, at=at)
    return len(sellers)


def notify_due_reviews(*, at: datetime | None = None) -> int:
    """Email the seller and the staff once per deadline when probation has run out. Idempotent."""
    at = at or clock.now()
    sent = 0
    due = Seller.objects.filter(status=SellerStatus.PROBATION, probation_ends_at__lte=at).select_related(
        "user"
    )
    for seller in due:
        claimed = (
            Seller.objects.filter(
                pk=seller.pk, status=SellerStatus.PROBATION, probation_ends_at=seller.probation_ends_at
            )
            .exclude(review_notice_for=seller.probation_ends_at)
            .update(review_notice_for=seller.probation_ends_at)
        )
        if not claimed:
            continue  # another run sent it, or the deadline moved meanwhile
        # The pause is a restriction: trust issues its statement of reasons from this event.
        outbox.emit(
            "seller.listings_paused",
            seller_id=seller.pk,
            probation_ends_at=seller.probation_ends_at.isoformat(),
        )
        send_mail(
            _("Your probation has ended: review in progress"),
            _(
                "Hello %(name)s,\n\nYour 40-day probation on Comeback ended on %(date)s. Your listings are paused "
                "and new listings are refused until a seller-success manager reviews your shop. You will hear from "
                "us with the decision: approval (no daily cap any more), an extension, or removal.\n"
            )
            % {"name": seller.display_name, "date": seller.probation_ends_at.date().isoformat()},
            settings.DEFAULT_FROM_EMAIL,
            [seller.user.email],
            fail_silently=True,
        )
        staff = list(
            type(seller.user).objects.filter(is_staff=True, is_active=True).values_list("email", flat=True)
        )
        if staff:
            send_mail(
                _("Seller review due: %s") % seller.display_name,
                _("%(name)s's probation ended on %(date)s; its listings are paused until you decide.")
                % {"name": seller.display_name, "date": seller.probation_ends_at.date().isoformat()},
                settings.DEFAULT_FROM_EMAIL,
                staff,
                fail_silently=True,
            )
        sent += 1
    return sent
