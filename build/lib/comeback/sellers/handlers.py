"""Outbox handlers of sellers.

The quality score follows the facts (docs/seller-quality.md "When the score moves"): each fact that counts in
a seller's metrics recomputes its score, alerts and breach as soon as the outbox delivers it (seconds), not only
when the daily job runs. Recomputing is idempotent, so a replayed event is harmless.

A decision about a seller is emailed to it; the handler claims the decision with a guarded update first, so
a replayed event sends nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from comeback.core import clock, outbox
from comeback.core.mail import send_mail

from . import removal
from .models import PROBATION_DAILY_CAP, PROBATION_DAYS, DecisionKind, SellerDecision

# Every fact a metric counts: delivery (denominators), cancellation, return, warranty claim, review, and a
# mystery order's inspection.
FACT_TOPICS = (
    "order.line.delivered",
    "order.line.cancelled",
    "return.requested",
    "return.received",
    "claim.opened",
    "claim.resolved",
    "review.posted",
    "mystery.inspected",
)


def recompute_for_fact(event_id: int, payload: dict) -> None:
    from .models import Seller
    from .monitoring import MONITORED, recompute_seller

    seller_id = payload.get("seller_id")
    if not isinstance(seller_id, int):
        return
    seller = Seller.objects.filter(pk=seller_id, status__in=MONITORED).first()
    if seller is not None:
        recompute_seller(seller=seller)


for _topic in FACT_TOPICS:
    outbox.handles(_topic)(recompute_for_fact)


def _payment_account(event_id: int, payload: dict) -> None:
    from .traceability import on_payment_account

    on_payment_account(event_id, payload)


outbox.handles("payouts.bank_account.registered")(_payment_account)


SUBJECTS = {
    DecisionKind.VERIFY: gettext_lazy("Welcome to Comeback: your %(days)d-day probation starts now"),
    DecisionKind.REJECT: gettext_lazy("Your Comeback seller application"),
    DecisionKind.APPROVE: gettext_lazy("You are now a full Comeback seller"),
    DecisionKind.EXTEND: gettext_lazy("Your probation was extended"),
    DecisionKind.REMOVE: gettext_lazy("Your shop was removed from Comeback"),
    DecisionKind.SUSPEND: gettext_lazy("Your listings are suspended"),
    DecisionKind.REINSTATE: gettext_lazy("Your listings are visible again"),
    DecisionKind.NOTICE: ngettext_lazy(
        "Notice: your shop will be removed from Comeback in %(notice_days)d day",
        "Notice: your shop will be removed from Comeback in %(notice_days)d days",
        "notice_days",
    ),
    DecisionKind.CANCEL_NOTICE: gettext_lazy("The removal notice on your shop was withdrawn"),
}


def _subject(kind: str) -> str:
    # Formatted here, in the reader's language: the numbers come from the constants that hold the rules.
    return str(SUBJECTS.get(kind, kind) % {"days": PROBATION_DAYS, "notice_days": removal.NOTICE_DAYS})


@outbox.handles("seller.decision")
def email_decision(event_id: int, payload: dict) -> None:
    decision_id = payload.get("decision_id")
    if not SellerDecision.objects.filter(pk=decision_id, notified_at__isnull=True).update(
        notified_at=clock.now()
    ):
        return
    d = SellerDecision.objects.select_related("seller__user").get(pk=decision_id)
    lines = [_("Hello %s,") % d.seller.display_name, "", _subject(d.kind) + "."]
    if d.kind == DecisionKind.VERIFY:
        lines.append(
            _(
                "For %(days)d days you may publish up to %(cap)d new listings per day; then a seller-success "
                "manager reviews your orders, shipping, returns and reviews. Log in to the seller portal to "
                "list, or create an API token."
            )
            % {"days": PROBATION_DAYS, "cap": PROBATION_DAILY_CAP}
        )
    if d.probation_ends_at and d.kind in (DecisionKind.VERIFY, DecisionKind.EXTEND):
        lines.append(_("Probation ends on %s.") % d.probation_ends_at.date().isoformat())
    due = (d.evidence or {}).get("effective_at") if d.kind == DecisionKind.NOTICE else None
    if due:
        lines.append(
            _(
                "Your shop stays open until %s, then it is removed. The statement of reasons is in the seller "
                "portal (Statements), where you can contest it."
            )
            % due[:10]
        )
    if d.reason:
        lines += ["", _("Reason: %s") % d.reason]
    send_mail(
        _subject(d.kind),
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [d.seller.user.email],
        fail_silently=True,
    )
