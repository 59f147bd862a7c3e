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
    _registered = True


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

    line = (OrderLine.objects.select_related("offer__variant__product__category", "offer__variant__product__brand",
                                             "seller", "order")
            .filter(pk=line_id).first())
    if line is None or line.shipped_at is None:
        return None
    passport = passport_for_line(line.pk) or _open_for_line(line)
    try:
        if line.delivered_at is not None:
            _delivered(passport, line)
        ret = Return.objects.filter(line=line, received_at__isnull=False).first()
        if ret is not None:
            services.record_event(passport=passport, kind="returned", data={"reason": ret.reason},
                                  actor=Actor.system(), at=ret.received_at, key=f"return:{ret.pk}:received")
    except Conflict as exc:  # the unit has moved on (a new life, recycled): the late fact is not recorded
        log.info("passport %s: %s", passport.serial, exc)
    return passport


def _open_for_line(line) -> Passport:
    """A line's unit: the seller's own stock passport for it, a new life of a unit seen before, or new."""
    variant = line.offer.variant
    product = variant.product
    seller = line.seller
    unit = selectors.active_unit(product=product, imei=line.imei, maker_serial=line.serial)
    at = line.paid_at or line.shipped_at
    if unit is not None and unit.issuer_id == seller.pk and not selectors.with_owner(unit):
        passport = unit  # the refurbisher registered this unit as stock: the same life goes on
    else:
        passport = services.open_passport(
            variant=variant, source=Source.ORDER_LINE, source_ref=str(line.pk), issuer=seller, imei=line.imei,
            maker_serial=line.serial, previous=unit, at=at,
        )
    if passport.status != "active":  # pragma: no cover - only if a racing writer closed it meanwhile
        return passport
    actor = Actor.of_seller(seller)
    services.record_event(passport=passport, kind="graded", at=at, actor=actor, key=line_key(line.pk, "graded"),
                          data={"grade": line.grade, "battery_health_min": line.offer.battery_health_min})
    services.record_event(passport=passport, kind="sold", at=at, actor=Actor.system(), key=line_key(line.pk, "sold"),
                          data={"market": line.order.market_id, "grade": line.grade,
                                "warranty_months": line.warranty_months,
                                "battery_health_min": line.offer.battery_health_min,
                                "seller": seller.display_name, "order_ref": line.order.ref})
    return passport


def _delivered(passport: Passport, line) -> None:
    """Ownership change and the start of the commercial warranty (DESIGN.md §2 Warranty: from delivery)."""
    market = markets.get(line.order.market_id)
    starts = clock.local_date(line.delivered_at, market.timezone)
    services.record_event(
        passport=passport, kind="delivered", at=line.delivered_at, actor=Actor.system(),
        key=line_key(line.pk, "delivered"),
        data={"warranty_months": line.warranty_months, "warranty_starts": starts.isoformat(),
              "warranty_until": selectors.warranty_until(starts, line.warranty_months).isoformat(),
              "legal_guarantee_months": market.legal_guarantee_months or None},
    )
