"""Reports of listings (docs/trust.md "Reports"; DSA Art. 16, 17, 32): anyone reports a listing as illegal,
unsafe, counterfeit or misleading; staff work the queue; withdrawing the listing gives the seller a statement of
reasons, and buyers of a product found illegal or unsafe in the last 6 months are told.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.mail import send_mail
from comeback.core.problems import Conflict, Invalid, NotFound

from . import statements
from .models import Report, ReportReason, ReportStatus, StatementKind

BUYERS_TOLD_WITHIN = timedelta(days=183)  # DSA Art. 32: those who bought in the last six months
TELL_BUYERS = (ReportReason.ILLEGAL, ReportReason.UNSAFE, ReportReason.COUNTERFEIT)


def file(
    *, offer_id: int, reason: str, details: str, reporter=None, email: str = "", at: datetime | None = None
):
    at = at or clock.now()
    from comeback.offers.models import Offer

    if not Offer.objects.filter(pk=offer_id).exists():
        raise NotFound(_("No listing %s.") % offer_id, code="offer_not_found")
    errors = []
    if reason not in ReportReason.values:
        errors.append(
            {
                "field": "reason",
                "code": "invalid_reason",
                "message": _("Reason is one of %s.") % ", ".join(ReportReason.values),
            }
        )
    details = (details or "").strip()
    if len(details) < 10:
        errors.append(
            {
                "field": "details",
                "code": "details_required",
                "message": _("Describe the problem in at least 10 characters."),
            }
        )
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    with transaction.atomic():
        report = Report.objects.create(
            offer_id=offer_id,
            reason=reason,
            details=details[:4000],
            reporter=reporter if getattr(reporter, "pk", None) else None,
            reporter_email=(email or getattr(reporter, "email", "") or "")[:254],
            created_at=at,
        )
        outbox.emit("report.filed", report_id=report.pk, offer_id=offer_id, reason=reason)
    return report


def decide(*, report_id: int, action: str, note: str, by, at: datetime | None = None) -> Report:
    """`withdraw` the listing (the seller gets a statement of reasons; buyers are told for illegal, unsafe or
    counterfeit goods) or `dismiss` the report. Once."""
    at = at or clock.now()
    report = Report.objects.select_related("offer").filter(pk=report_id).first()
    if report is None:
        raise NotFound(_("No report %s.") % report_id, code="report_not_found")
    errors = []
    if action not in ("withdraw", "dismiss"):
        errors.append(
            {"field": "action", "code": "invalid_action", "message": _("Action is withdraw or dismiss.")}
        )
    note = (note or "").strip()
    if len(note) < 10:
        errors.append({"field": "note", "code": "note_required", "message": _("Record the facts you found.")})
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    status = ReportStatus.ACTIONED if action == "withdraw" else ReportStatus.DISMISSED
    with transaction.atomic():
        moved = Report.objects.filter(pk=report.pk, status=ReportStatus.OPEN).update(
            status=status, decision_note=note[:4000], decided_at=at, decided_by=by
        )
        if not moved:
            raise Conflict(_("This report was already decided."), code="report_already_decided")
        if action == "withdraw":
            from comeback.offers.services import withdraw_by_staff

            withdraw_by_staff(offer_id=report.offer_id, at=at)
            statements.issue(
                seller_id=report.offer.seller_id,
                kind=StatementKind.LISTING_WITHDRAWN,
                subject=f"offer:{report.offer_id}",
                facts=_("Reported as %(reason)s. Staff found: %(note)s")
                % {"reason": ReportReason(report.reason).label.lower(), "note": note},
                automated=False,
                source_key=f"report:{report.pk}",
                at=at,
            )
            if report.reason in TELL_BUYERS:
                outbox.emit("report.buyers_to_tell", report_id=report.pk)
    report.refresh_from_db()
    return report


def tell_buyers(event_id: int, payload: dict) -> None:
    """Email everyone who bought the reported product in the last six months, once per report."""
    from comeback.orders.models import OrderLine

    report = (
        Report.objects.select_related("offer__variant__product").filter(pk=payload.get("report_id")).first()
    )
    if report is None or report.buyers_notified_at is not None:
        return
    at = clock.now()
    product = report.offer.variant.product
    emails = sorted(
        set(
            OrderLine.objects.filter(
                offer__variant__product=product, order__created_at__gte=at - BUYERS_TOLD_WITHIN
            ).values_list("order__buyer__email", flat=True)
        )
    )
    if not Report.objects.filter(pk=report.pk, buyers_notified_at__isnull=True).update(
        buyers_notified_at=at, buyers_notified=len(emails)
    ):
        return  # another delivery told them
    for email in emails:
        send_mail(
            _("Important information about a product you bought: %s") % product.name,
            _(
                "Hello,\n\nYou bought %(product)s on Comeback in the last six months. A listing of this product was "
                "found %(reason)s and withdrawn. What we know: %(note)s\n\nIf you have questions, or want to return "
                "or have the item checked, reply to this email or open a request from your order.\n"
            )
            % {
                "product": product.name,
                "reason": ReportReason(report.reason).label.lower(),
                "note": report.decision_note,
            },
            settings.DEFAULT_FROM_EMAIL,
            [email],
            fail_silently=True,
        )
