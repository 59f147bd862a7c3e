"""Outbox handlers of trade-in: each collected device's steps written to its digital product passport.

The passports app is optional here (it is another bounded context): when `comeback.passports` is installed,
`tradein.received` opens the unit's passport (or continues the one it already has, when the unit was sold on
Comeback before) with a `traded_in` event, `tradein.wiped` records `data_wiped` with the certificate's
reference, and `tradein.routed` records `routed`. Every event carries an idempotency key built from the
trade-in id, so a replayed outbox event never records a fact twice. `tradein.validated` needs nothing more:
the price agreed is not passport data. Without the passports app the events are simply emitted.
"""

from __future__ import annotations

import importlib
import logging
from types import SimpleNamespace

from django.apps import apps

from comeback.core import outbox
from comeback.core.problems import Problem

log = logging.getLogger(__name__)
TOPICS = ("tradein.received", "tradein.wiped", "tradein.routed")
WIPE_STANDARD = "NIST SP 800-88 Rev. 2"


def _passports():
    if not apps.is_installed("comeback.passports"):
        return None
    try:
        services = importlib.import_module("comeback.passports.services")
        selectors = importlib.import_module("comeback.passports.selectors")
        kinds = importlib.import_module("comeback.passports.kinds")
        models = importlib.import_module("comeback.passports.models")
    except ImportError:
        return None
    if not (hasattr(services, "open_passport") and hasattr(services, "record_event")):
        return None
    return SimpleNamespace(services=services, selectors=selectors, Actor=kinds.Actor, models=models)


def key(tradein_id: int, fact: str) -> str:
    return f"tradein:{tradein_id}:{fact}"


def passport_of(p, tradein_id: int):
    event = p.models.PassportEvent.objects.select_related("passport").filter(key=key(tradein_id, "traded_in")).first()
    return event.passport if event else None


def on_event(event_id: int, payload: dict) -> None:
    from .models import DeviceRoute, TradeIn, WipeCertificate

    p = _passports()
    tradein_id = payload.get("tradein_id")
    if p is None or not isinstance(tradein_id, int):
        return
    tradein = TradeIn.objects.select_related("product", "seller", "quote").filter(pk=tradein_id).first()
    if tradein is None or tradein.received_at is None:
        return
    try:
        passport = passport_of(p, tradein.pk) or _open(p, tradein)
        # Recorded by the platform on the refurbisher's behalf: a unit sold on Comeback before was issued by
        # another shop, whose passport a refurbisher may not write to itself.
        org = p.Actor.system(tradein.seller.display_name)
        cert = WipeCertificate.objects.filter(tradein=tradein, verification="passed").first()
        if cert is not None:
            p.services.record_event(passport=passport, kind="data_wiped", actor=org, at=cert.ended_at,
                                    key=key(tradein.pk, "data_wiped"), data={
                                        "method": cert.method, "standard": WIPE_STANDARD, "tool": cert.tool,
                                        "tool_version": cert.tool_version, "verified": True,
                                        "certificate_ref": cert.ref, "operator": tradein.seller.display_name})
        route = DeviceRoute.objects.filter(tradein=tradein).first()
        if route is not None and payload.get("topic", "tradein.routed") == "tradein.routed":
            p.services.record_event(passport=passport, kind="routed", actor=org, at=route.decided_at,
                                    key=key(tradein.pk, f"routed:{route.route}:{route.decided_at.isoformat()}"),
                                    data={"route": route.route, "reason": route.override_reason or route.rule_reason})
    except Problem as exc:  # the unit's passport is closed, or refuses the fact: logged, never retried forever
        log.info("trade-in %s: passport not updated (%s)", tradein.ref, exc.code)


def _open(p, tradein):
    """The unit's active passport when Comeback knows it already, else a new one opened by the trade-in."""
    unit = p.selectors.active_unit(product=tradein.product, imei=tradein.imei, maker_serial=tradein.serial)
    passport = unit or p.services.open_passport(
        product=tradein.product, source=p.models.Source.TRADE_IN, source_ref=tradein.ref, issuer=tradein.seller,
        imei=tradein.imei, maker_serial=tradein.serial, at=tradein.received_at,
    )
    p.services.record_event(passport=passport, kind="traded_in", actor=p.Actor.system(), at=tradein.received_at,
                            key=key(tradein.pk, "traded_in"),
                            data={"channel": tradein.channel, "condition": tradein.tier, "quote_ref": tradein.quote.ref})
    return passport


def _register(topic: str) -> None:
    def handler(event_id: int, payload: dict) -> None:
        on_event(event_id, {**payload, "topic": topic})

    outbox.handles(topic)(handler)


for _topic in TOPICS:
    _register(_topic)
