"""The events a seller can subscribe to (docs/webhooks.md lists them with payload examples).

Each is an outbox topic emitted by the app that owns the change; every payload carries `seller_id`
and the ids it is about. `ping` is only ever sent by "send test".
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comeback.core import rule_numbers
from comeback.orders.services.checkout import confirm

ALL = "*"
CLAIM_ANSWER_DAYS = "claim.answer_business_days"  # aftersales' rule (core/rule_numbers.py)
PING = "ping"


def _line_paid() -> str:
    """Written when shown, from the accept deadline that applies then and in the reader's language."""
    days = confirm.ACCEPT_WITHIN_BUSINESS_DAYS
    return ngettext(
        "A line was paid: accept it within %(days)d business day.",
        "A line was paid: accept it within %(days)d business days.",
        days,
    ) % {"days": days}


def _claim_opened() -> str:
    """Written when shown, from the answer deadline aftersales gives (its AppConfig.ready)."""
    days = rule_numbers.number(CLAIM_ANSWER_DAYS)
    return ngettext(
        "A buyer opened a warranty claim: answer within %(days)d business day.",
        "A buyer opened a warranty claim: answer within %(days)d business days.",
        days,
    ) % {"days": days}


TOPICS: dict[str, str] = {
    "order.created": _("An order with at least one of your lines was placed."),
    "order.line.paid": lazy(_line_paid, str)(),
    "order.line.accepted": _("You accepted a line."),
    "order.line.shipped": _("A line was shipped (tracking and IMEI/serial recorded)."),
    "order.line.delivered": _("A line was delivered."),
    "order.line.cancelled": _("A line was cancelled."),
    "order.line.refunded": _("A line was refunded."),
    "return.requested": _("A buyer asked to return a line."),
    "return.received": _("A returned item was received."),
    "return.refunded": _("A return was refunded."),
    "review.posted": _("A buyer reviewed a line."),
    "offer.published": _("One of your listings was published."),
    "offer.updated": _("One of your listings changed (price, stock, status…)."),
    "claim.opened": lazy(_claim_opened, str)(),
    "claim.answered": _("You answered a warranty claim."),
    "claim.repaired": _("You recorded a claim's repair as done and shipped back."),
    "claim.reopened": _("A buyer reopened a warranty claim."),
    "claim.escalated": _("A claim passed its deadline unanswered: staff handle it."),
    "claim.decided": _("Staff decided a claim."),
    "claim.resolved": _("A claim was resolved."),
    "claim.message": _("A new message on a claim."),
}


def is_known(name: str) -> bool:
    return name == ALL or name in TOPICS


def matches(subscribed: list[str], topic: str) -> bool:
    return topic == PING or ALL in subscribed or topic in subscribed
