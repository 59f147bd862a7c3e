"""Emails to sellers when a decision is taken about them, delivered from the outbox after commit.

Each handler claims its decision with a guarded update first, so a replayed event sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import clock, outbox

from .models import DecisionKind, SellerDecision

SUBJECTS = {
    DecisionKind.VERIFY: gettext_lazy("Welcome to Comeback: your 40-day probation starts now"),
    DecisionKind.REJECT: gettext_lazy("Your Comeback seller application"),
    DecisionKind.APPROVE: gettext_lazy("You are now a full Comeback seller"),
    DecisionKind.EXTEND: gettext_lazy("Your probation was extended"),
    DecisionKind.REMOVE: gettext_lazy("Your shop was removed from Comeback"),
    DecisionKind.SUSPEND: gettext_lazy("Your listings are suspended"),
    DecisionKind.REINSTATE: gettext_lazy("Your listings are visible again"),
}


@outbox.handles("seller.decision")
def email_decision(event_id: int, payload: dict) -> None:
    decision_id = payload.get("decision_id")
    if not SellerDecision.objects.filter(pk=decision_id, notified_at__isnull=True).update(notified_at=clock.now()):
        return
    d = SellerDecision.objects.select_related("seller__user").get(pk=decision_id)
    lines = [_("Hello %s,") % d.seller.display_name, "", str(SUBJECTS.get(d.kind, d.kind)) + "."]
    if d.kind == DecisionKind.VERIFY:
        lines.append(_("For 40 days you may publish up to 5 new listings per day; then a seller-success manager "
                       "reviews your orders, shipping, returns and reviews. Log in to the seller portal to list, "
                       "or create an API token."))
    if d.probation_ends_at and d.kind in (DecisionKind.VERIFY, DecisionKind.EXTEND):
        lines.append(_("Probation ends on %s.") % d.probation_ends_at.date().isoformat())
    if d.reason:
        lines += ["", _("Reason: %s") % d.reason]
    send_mail(str(SUBJECTS.get(d.kind, d.kind)), "\n".join(lines), settings.DEFAULT_FROM_EMAIL,
              [d.seller.user.email], fail_silently=True)
