"""A collected device's steps written to its digital product passport (when `comeback.passports` is installed).

`sync(tradein_id)` brings the passport up to date with the trade-in: received opens it (or continues the one
the unit already has, when it was sold on Comeback before) with a `traded_in` event, a verified wipe records
`data_wiped` with the certificate's reference, a route records `routed`. Every event carries an idempotency
key built from the trade-in id, so syncing twice never records a fact twice. The outbox handlers of
`tradein.received`, `tradein.wiped` and `tradein.routed` call it; recovery asks `passport_for` for the
passport it continues. Without the passports app nothing is written.
"""

from __future__ import annotations

import logging

from django.apps import apps

from comeback.core.problems import Problem

log = logging.getLogger(__name__)
WIPE_STANDARD = "NIST SP 800-88 Rev. 2"


def key(tradein_id: int, fact: str) -> str:
    return f"tradein:{tradein_id}:{fact}"


def passport_for(tradein):
    """The trade-in's passport: the one opened on receipt, opened now if the outbox has not got there yet.
    None before receipt or without the passports app."""
    if not apps.is_installed("comeback.passports") or tradein.received_at is None:
        return None
    from comeback.passports import services
    from comeback.passports.models import Source

    return services.collected_unit(
        key=key(tradein.pk, "traded_in"),
        product=tradein.product,
        imei=tradein.imei,
        maker_serial=tradein.serial,
        source=Source.TRADE_IN,
        source_ref=tradein.ref,
        issuer=tradein.seller,
        at=tradein.received_at,
        data={"channel": tradein.channel, "condition": tradein.tier, "quote_ref": tradein.quote.ref},
    )


def sync(tradein_id: int, *, routed: bool = True) -> None:
    """Write what the passport lacks of this trade-in (`routed=False`: leave the route for its own event)."""
    if not apps.is_installed("comeback.passports"):
        return
    from comeback.passports import services
    from comeback.passports.kinds import Actor

    from ..models import DeviceRoute, TradeIn, WipeCertificate

    tradein = TradeIn.objects.select_related("product", "seller", "quote").filter(pk=tradein_id).first()
    if tradein is None or tradein.received_at is None:
        return
    try:
        passport = passport_for(tradein)
        # Recorded by the platform on the refurbisher's behalf: a unit sold on Comeback before was issued by
        # another shop, whose passport a refurbisher may not write to itself.
        org = Actor.system(tradein.seller.display_name)
        cert = WipeCertificate.objects.filter(tradein=tradein, verification="passed").first()
        if cert is not None:
            services.record_event(
                passport=passport,
                kind="data_wiped",
                actor=org,
                at=cert.ended_at,
                key=key(tradein.pk, "data_wiped"),
                data={
                    "method": cert.method,
                    "standard": WIPE_STANDARD,
                    "tool": cert.tool,
                    "tool_version": cert.tool_version,
                    "verified": True,
                    "certificate_ref": cert.ref,
                    "operator": tradein.seller.display_name,
                },
            )
        route = DeviceRoute.objects.filter(tradein=tradein).first()
        if route is not None and routed:
            services.record_event(
                passport=passport,
                kind="routed",
                actor=org,
                at=route.decided_at,
                key=key(tradein.pk, f"routed:{route.route}:{route.decided_at.isoformat()}"),
                data={"route": route.route, "reason": route.override_reason or route.rule_reason},
            )
    except (
        Problem
    ) as exc:  # the unit's passport is closed, or refuses the fact: logged, never retried forever
        log.info("trade-in %s: passport not updated (%s)", tradein.ref, exc.code)
