"""Passports fed by buying, through the outbox (registered in PassportsConfig.ready()).

`order.line.shipped`, `order.line.delivered` and `return.received` all call `sync_line`, which brings a
line's passport up to date with the line as it is now: opened (or continued, or a new life of a unit
seen before), graded and sold when it ships; ownership and warranty when delivered; back with the seller
when a return is received. Every event carries an idempotency key, so a replayed or late event, or two
handlers racing, never records a fact twice; the order of topics does not matter.

Orders are read, never written: `comeback.orders.models` is the buying app's published data.
"""

from __future__ import annotations

import logging

from comeback.core import clock, markets, outbox
from comeback.core.problems import Conflict
from comeback.offers import photos as unit_photos

from . import selectors, services
from .kinds import Actor
from .models import Passport, PassportEvent, Source

log = logging.getLogger(__name__)
TOPICS = ("order.line.shipped", "order.line.delivered", "return.received")
_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    for topic in TOPICS:
        outbox.handles(topic)(on_line_event)
    outbox.handles("claim.guarantee_extended")(on_guarantee_extended)
    outbox.handles("device.handed_over")(on_handed_over)
    _registered = True


def on_handed_over(event_id: int, payload: dict) -> None:
    """Staff recorded that a unit changed hands outside the platform: its passport chain shows the change."""
    identifier, hand_over_id = payload.get("identifier"), payload.get("hand_over_id")
    if not isinstance(identifier, str) or not identifier or not isinstance(hand_over_id, int):
        return
    match = (
        {"imei": identifier}
        if identifier.isdigit() and len(identifier) == 15
        else {"maker_serial": identifier}
    )
    passport = Passport.objects.filter(status="active", **match).order_by("-life", "-id").first()
    if passport is None:
        return
    services.record_event(
        passport=passport,
        kind="ownership_changed",
        data={"channel": "hand-over"},
        actor=Actor.system(),
        key=f"handover:{hand_over_id}",
    )


def on_guarantee_extended(event_id: int, payload: dict) -> None:
    """The buyer chose repair within the legal guarantee: the unit's passport says how long it now runs."""
    line_id, months = payload.get("line_id"), payload.get("months")
    if not isinstance(line_id, int) or not isinstance(months, int):
        return
    passport = passport_for_line(line_id)
    if passport is None or passport.status != "active":
        return
    services.record_event(
        passport=passport,
        kind="guarantee_extended",
        data={"months": months, "reason": "repair_chosen", "claim_ref": str(payload.get("ref", ""))},
        actor=Actor.system(),
        key=f"claim:{payload.get('claim_id')}:guarantee_extended",
    )


def on_line_event(event_id: int, payload: dict) -> None:
    line_id = payload.get("line_id")
    if isinstance(line_id, int):
        sync_line(line_id=line_id)


def line_key(line_id: int, fact: str) -> str:
    return f"order_line:{line_id}:{fact}"


def passport_for_line(line_id: int) -> Passport | None:
    event = PassportEvent.objects.select_related("passport").filter(key=line_key(line_id, "sold")).first()
    return event.passport if event else None


def sync_line(*, line_id: int) -> Passport | None:
    """The passport of a shipped order line, up to date with the line. Idempotent."""
    from comeback.orders.models import OrderLine, Return

    line = (
        OrderLine.objects.select_related(
            "offer__variant__product__category", "offer__variant__product__brand", "seller", "order"
        )
        .filter(pk=line_id)
        .first()
    )
    if line is None or line.shipped_at is None:
        return None
    if line.attached_to_id is not None and line.imei == "" and line.serial == "":
        # An add-on shipped in its item's parcel is recorded on the item's passport, not one of its own.
        return sync_line(line_id=line.attached_to_id)
    passport = passport_for_line(line.pk) or _open_for_line(line)
    try:
        _authenticated(passport, line)
        _customised(passport, line)
        if line.delivered_at is not None:
            _delivered(passport, line)
        ret = Return.objects.filter(line=line, received_at__isnull=False).first()
        if ret is not None:
            services.record_event(
                passport=passport,
                kind="returned",
                data={"reason": ret.reason},
                actor=Actor.system(),
                at=ret.received_at,
                key=f"return:{ret.pk}:received",
            )
    except Conflict as exc:  # the unit has moved on (a new life, recycled): the late fact is not recorded
        log.info("passport %s: %s", passport.serial, exc)
    return passport


def _open_for_line(line) -> Passport:
    """A line's unit: the seller's own stock passport for it, a new life of a unit seen before, or new."""
    variant = line.offer.variant
    product = variant.product
    seller = line.seller
    unit = selectors.active_unit(product=product, imei=line.imei, maker_serial=line.serial)
    if unit is None and not line.imei and not line.serial:
        unit = selectors.listed_unit(product=product, offer_id=line.offer_id)
    at = line.paid_at or line.shipped_at
    if unit is not None and unit.issuer_id == seller.pk and not selectors.with_owner(unit):
        passport = unit  # the refurbisher registered this unit as stock: the same life goes on
    else:
        passport = services.open_passport(
            variant=variant,
            source=Source.ORDER_LINE,
            source_ref=str(line.pk),
            issuer=seller,
            imei=line.imei,
            maker_serial=line.serial,
            previous=unit,
            at=at,
        )
    if passport.status != "active":  # pragma: no cover - only if a racing writer closed it meanwhile
        return passport
    actor = Actor.of_seller(seller)
    services.record_event(
        passport=passport,
        kind="graded",
        at=at,
        actor=actor,
        key=line_key(line.pk, "graded"),
        data={
            "grade": line.grade,
            "battery_health_min": line.offer.battery_health_min,
            # The photos of this very unit the buyer saw: kept in its grading report.
            "photos": unit_photos.keep_for_passport(line.offer),
        },
    )
    services.record_event(
        passport=passport,
        kind="sold",
        at=at,
        actor=Actor.system(),
        key=line_key(line.pk, "sold"),
        data={
            "market": line.order.market_id,
            "grade": line.grade,
            "warranty_months": line.warranty_months,
            "battery_health_min": line.offer.battery_health_min,
            "seller": seller.display_name,
            "order_ref": line.order.ref,
        },
    )
    return passport


def _customised(passport: Passport, line) -> None:
    """Each add-on shipped with the unit (a new strap, a case): "customised with …" (docs/fashion.md)."""
    from comeback.orders.models import OrderLine

    for addon in OrderLine.objects.filter(attached_to=line, shipped_at__isnull=False).order_by("id"):
        title = f"{addon.title} {addon.variant_label}".strip()
        services.record_event(
            passport=passport,
            kind="customised",
            at=addon.shipped_at,
            actor=Actor.system(),
            key=line_key(addon.pk, "customised"),
            data={
                "addon": title[:250],
                "addon_grade": addon.grade,
                "seller": line.seller.display_name,
                "order_ref": line.order.ref,
            },
        )


def _delivered(passport: Passport, line) -> None:
    """Ownership change and the start of the commercial warranty (docs/design.md §2 Warranty: from delivery)."""
    market = markets.get(line.order.market_id)
    starts = clock.local_date(line.delivered_at, market.timezone)
    services.record_event(
        passport=passport,
        kind="delivered",
        at=line.delivered_at,
        actor=Actor.system(),
        key=line_key(line.pk, "delivered"),
        data={
            "warranty_months": line.warranty_months,
            "warranty_starts": starts.isoformat(),
            "warranty_until": selectors.warranty_until(starts, line.warranty_months).isoformat(),
            "legal_guarantee_months": market.legal_guarantee_months or None,
        },
    )


def _authenticated(passport: Passport, line) -> None:
    """A unit sold from an authenticated listing carries the authentication in its passport (once)."""
    from comeback.offers.models import Authentication, AuthenticationStatus

    row = (
        Authentication.objects.select_related("authenticator")
        .filter(offer_id=line.offer_id, status=AuthenticationStatus.AUTHENTICATED)
        .first()
    )
    if row is None:
        return
    services.record_event(
        passport=passport,
        kind="authenticated",
        data={
            "summary": row.reasons,
            "checked": list(row.checked or []),
            "authenticator": f"Comeback authenticator {row.authenticator_id}",
        },
        actor=Actor.system(),
        at=line.shipped_at,
        key=f"authentication:{row.pk}:line:{line.pk}",
    )
