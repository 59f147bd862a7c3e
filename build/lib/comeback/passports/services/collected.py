"""Units collected from their owner (trade-in, recovery): the one passport their `traded_in` event went to."""

from __future__ import annotations

from datetime import datetime

from .. import selectors
from ..kinds import Actor
from ..models import (
    Passport,
    PassportEvent,
)
from .appending import record_event
from .opening import open_passport


def collected_unit(
    *,
    key: str,
    product,
    imei: str,
    maker_serial: str,
    source: str,
    source_ref: str,
    issuer,
    at: datetime,
    data: dict,
) -> Passport:
    """The passport of a unit collected from its owner (trade-in, recovery), once: the passport its
    `traded_in` event (idempotency `key`) went to; else the unit's active passport, continued (it was sold
    on Comeback before); else a new one. Records the `traded_in` event under `key`. Idempotent."""
    event = PassportEvent.objects.select_related("passport").filter(key=key).first()
    if event is not None:
        return event.passport
    passport = selectors.active_unit(product=product, imei=imei, maker_serial=maker_serial) or open_passport(
        product=product,
        source=source,
        source_ref=source_ref,
        issuer=issuer,
        imei=imei,
        maker_serial=maker_serial,
        at=at,
    )
    record_event(passport=passport, kind="traded_in", actor=Actor.system(), at=at, key=key, data=data)
    return passport


def traded_in_passport(*, key: str) -> Passport | None:
    """The passport a collected unit's `traded_in` event (idempotency `key`) went to, if recorded yet."""
    event = PassportEvent.objects.select_related("passport", "passport__product").filter(key=key).first()
    return event.passport if event else None
