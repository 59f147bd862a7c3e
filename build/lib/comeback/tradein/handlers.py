"""Outbox handlers of trade-in: the collected device's passport (services/passport.py), the customer's payment
once its last precondition lands (services/payouts.py), the staff's alert of a payment past its promise."""

from __future__ import annotations

from comeback.core import outbox

TOPICS = ("tradein.received", "tradein.wiped", "tradein.routed")


def _register(topic: str) -> None:
    def handler(event_id: int, payload: dict) -> None:
        from .services import passport

        if isinstance(payload.get("tradein_id"), int):
            passport.sync(payload["tradein_id"], routed=topic == "tradein.routed")

    outbox.handles(topic)(handler)


for _topic in TOPICS:
    _register(_topic)


# The payment waits for its last precondition: whichever of these events comes last finds everything in place.
PAYOUT_TOPICS = ("tradein.validated", "tradein.lock_off", "tradein.wiped")


def pay_when_ready(event_id: int, payload: dict) -> None:
    from .services.payouts import pay_when_ready

    if isinstance(payload.get("tradein_id"), int):
        pay_when_ready(tradein_id=payload["tradein_id"])


for _topic in PAYOUT_TOPICS:
    outbox.handles(_topic)(pay_when_ready)


@outbox.handles("tradein.payout.overdue")
def alert_staff_of_overdue_payout(event_id: int, payload: dict) -> None:
    """Email the staff that a customer's payment is past its promise (the claim on the trade-in made sure
    this event exists once; a replay after a crash may repeat the email, never lose it)."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from comeback.core import site

    from .processes import PAY_WITHIN_BUSINESS_DAYS

    recipients = list(
        get_user_model().objects.filter(is_staff=True, is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        return
    url = site.absolute(reverse("tradein:staff_payouts"))
    send_mail(
        _("Trade-in %(ref)s: payment overdue") % {"ref": payload.get("ref", "")},
        _(
            "The customer's payment for trade-in %(ref)s is past its %(days)d-business-day promise. See %(url)s"
        )
        % {"ref": payload.get("ref", ""), "days": PAY_WITHIN_BUSINESS_DAYS, "url": url},
        None,
        recipients,
    )
