"""Outbox handlers of after-sales (registered in AftersalesConfig.ready()): the unit's passport and emails.

Each is idempotent: passport events carry a key (`claim:<id>:opened`), emails a `SentNotice` row per
(event, recipient), so a replayed event records and sends nothing twice.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from comeback.core import markets, outbox, site
from comeback.core.mail import send_mail
from comeback.core.problems import Problem

from .models import Claim, SentNotice
from .processes import ANSWER_BUSINESS_DAYS

log = logging.getLogger(__name__)
_registered = False


def _claim(payload: dict) -> Claim | None:
    return (
        Claim.objects.select_related("buyer", "seller__user", "order_line")
        .filter(pk=payload.get("claim_id"))
        .first()
    )


# Passport ---------------------------------------------------------------------------------------------
def _record(claim: Claim, kind: str, data: dict, key: str) -> None:
    from comeback.passports.handlers import passport_for_line
    from comeback.passports.kinds import Actor
    from comeback.passports.services import record_event

    passport = passport_for_line(claim.order_line_id)
    if passport is None:  # units sold before passports existed, or never shipped through Comeback
        return
    try:
        record_event(passport=passport, kind=kind, data=data, actor=Actor.system(), key=key)
    except Problem as exc:  # a closed passport (the unit moved on): the late fact is not recorded
        log.info("passport %s: %s not recorded: %s", passport.serial, kind, exc)


def on_opened_passport(event_id: int, payload: dict) -> None:
    claim = _claim(payload)
    if claim is not None:
        _record(
            claim,
            "claim_opened",
            {"fault_category": claim.fault, "claim_ref": claim.ref},
            f"claim:{claim.pk}:opened",
        )


def on_resolved_passport(event_id: int, payload: dict) -> None:
    claim = _claim(payload)
    if claim is not None and claim.resolution:
        _record(
            claim,
            "claim_resolved",
            {"resolution": claim.resolution, "claim_ref": claim.ref},
            f"claim:{claim.pk}:resolved:{event_id}",
        )


# Emails -----------------------------------------------------------------------------------------------
def _send(key: str, *, to: str, claim: Claim, subject, headline, url: str) -> bool:
    if not to:
        return False
    try:
        with transaction.atomic():
            SentNotice.objects.create(key=key[:160])
    except IntegrityError:
        return False  # already sent
    market = markets.find(claim.market)
    try:
        with translation.override(market.language if market else "en"):
            params = {"ref": claim.ref, "title": claim.order_line.title, "days": ANSWER_BUSINESS_DAYS}
            body = render_to_string(
                "aftersales/emails/claim_update.txt",
                {"claim": claim, "headline": str(headline) % params, "url": url, "market": market},
            )
            send_mail(str(subject) % params, body, None, [to])
    except Exception:
        SentNotice.objects.filter(key=key[:160]).delete()
        raise
    return True


def _url(name: str, claim: Claim) -> str:
    return site.absolute(reverse(name, args=[claim.pk]))


def _to_buyer(event_id: int, claim: Claim, subject, headline) -> None:
    _send(
        f"claim:{event_id}:buyer",
        to=claim.buyer.email,
        claim=claim,
        subject=subject,
        headline=headline,
        url=_url("aftersales:claim", claim),
    )


def _to_seller(event_id: int, claim: Claim, subject, headline) -> None:
    _send(
        f"claim:{event_id}:seller",
        to=claim.seller.user.email,
        claim=claim,
        subject=subject,
        headline=headline,
        url=_url("aftersales:seller_claim", claim),
    )


def _to_staff(event_id: int, claim: Claim, subject, headline) -> None:
    for user in get_user_model().objects.filter(is_staff=True, is_active=True).order_by("id")[:50]:
        _send(
            f"claim:{event_id}:staff:{user.pk}",
            to=user.email,
            claim=claim,
            subject=subject,
            headline=headline,
            url=_url("aftersales:staff_claim", claim),
        )


EMAILS = {
    # topic: (recipients, subject, headline)
    "claim.opened": [
        (
            _to_seller,
            _("New warranty claim %(ref)s"),
            _(
                "A buyer opened warranty claim %(ref)s on “%(title)s”. Answer it within %(days)d business days."
            ),
        ),
        (
            _to_buyer,
            _("Your warranty claim %(ref)s"),
            _(
                "We received your warranty claim %(ref)s on “%(title)s”. The seller answers within %(days)d business days."
            ),
        ),
    ],
    "claim.answered": [
        (
            _to_buyer,
            _("The seller answered your claim %(ref)s"),
            _("The seller answered your warranty claim %(ref)s on “%(title)s”."),
        )
    ],
    "claim.repaired": [
        (
            _to_buyer,
            _("Your repaired unit is on its way (%(ref)s)"),
            _("The seller repaired “%(title)s” and shipped it back. Confirm once it works again."),
        )
    ],
    "claim.reopened": [
        (
            _to_seller,
            _("Warranty claim %(ref)s was reopened"),
            _("The buyer reopened warranty claim %(ref)s: answer again within %(days)d business days."),
        )
    ],
    "claim.escalated": [
        (
            _to_staff,
            _("Escalated warranty claim %(ref)s"),
            _("Warranty claim %(ref)s on “%(title)s” passed its answer deadline without an answer."),
        ),
        (
            _to_seller,
            _("You missed the deadline of claim %(ref)s"),
            _(
                "Warranty claim %(ref)s passed its deadline without your answer: Comeback staff now handle it."
            ),
        ),
        (
            _to_buyer,
            _("Comeback staff now handle your claim %(ref)s"),
            _("The seller did not answer warranty claim %(ref)s in time: Comeback staff now handle it."),
        ),
    ],
    "claim.settled_by_return": [
        (
            _to_seller,
            _("Claim %(ref)s settled by a return"),
            _(
                "The buyer returned “%(title)s”: the return settles warranty claim %(ref)s (one remedy, not "
                "two). Receive and refund the return instead."
            ),
        )
    ],
    "claim.decided": [
        (
            _to_buyer,
            _("A decision on your claim %(ref)s"),
            _("Comeback staff decided warranty claim %(ref)s."),
        ),
        (_to_seller, _("A decision on claim %(ref)s"), _("Comeback staff decided warranty claim %(ref)s.")),
    ],
}


def on_claim_email(event_id: int, payload: dict, *, topic: str) -> None:
    claim = _claim(payload)
    if claim is None:
        return
    for recipient, subject, headline in EMAILS[topic]:
        recipient(event_id, claim, subject, headline)


def on_message_email(event_id: int, payload: dict) -> None:
    claim = _claim(payload)
    if claim is None:
        return
    author = payload.get("author")
    subject, headline = (
        _("New message on claim %(ref)s"),
        _("There is a new message on warranty claim %(ref)s."),
    )
    if author != "buyer":
        _to_buyer(event_id, claim, subject, headline)
    if author != "seller":
        _to_seller(event_id, claim, subject, headline)


def register() -> None:
    global _registered
    if _registered:
        return
    outbox.handles("claim.opened")(on_opened_passport)
    outbox.handles("claim.resolved")(on_resolved_passport)
    for topic in EMAILS:
        outbox.handles(topic)(
            lambda event_id, payload, topic=topic: on_claim_email(event_id, payload, topic=topic)
        )
    outbox.handles("claim.message")(on_message_email)
    _registered = True
