"""Outbox handlers of recovery: each device's fate written to its digital product passport, after commit.

The passport is the trade-in's (opened by `comeback.tradein.services.passport` when the device was received).
`sync(device_id)` brings it up to date with the device as it is now — parts fitted, refurbished, graded,
battery measured, listed; or harvested, upcycled, recycled (these close the passport) — every event with
an idempotency key built from the device's id, so a replayed or late event never records a fact twice
and the order of topics does not matter. Facts are recorded by the platform on the refurbisher's behalf
(as trade-in does: the unit may carry a passport another shop issued), a recycling by the recycler.

`tradein.routed` (a route overridden on the trade-in's screen) re-routes a device not yet at its fate.
"""

from __future__ import annotations

import logging

from django.apps import apps

from comeback.core import outbox
from comeback.core.problems import Problem

log = logging.getLogger(__name__)
TOPICS = tuple(
    f"recovery.{s}"
    for s in (
        "refurbishing",
        "ready",
        "listed",
        "harvested",
        "upcycled",
        "at_recycler",
        "recycled",
        "part_fitted",
    )
)


def passport_of(tradein):
    """The trade-in's passport (opened on receipt; written now if the outbox has not got there yet)."""
    if not apps.is_installed("comeback.passports"):
        return None
    from comeback.passports import services
    from comeback.tradein.services import passport

    key = passport.key(tradein.pk, "traded_in")
    found = services.traded_in_passport(key=key)
    if found is None:
        passport.sync(tradein.pk)
        found = services.traded_in_passport(key=key)
    return found


def key(device_id: int, fact: str) -> str:
    return f"recovery:{device_id}:{fact}"


def sync(device_id: int) -> None:
    from comeback.passports import services
    from comeback.passports.kinds import Actor, Role

    from .models import CollectedDevice, Status

    device = (
        CollectedDevice.objects.select_related("tradein", "seller", "collection", "recycler", "offer")
        .filter(pk=device_id)
        .first()
    )
    if device is None:
        return
    passport = passport_of(device.tradein)
    if passport is None:
        return
    org = Actor.system(device.seller.display_name)

    def record(kind: str, fact: str, at, data: dict, actor=org) -> None:
        services.record_event(
            passport=passport, kind=kind, data=data, actor=actor, at=at, key=key(device.pk, fact)
        )

    try:
        for part in device.parts_fitted.all():
            record(
                "part_replaced",
                f"part:{part.pk}",
                part.fitted_at,
                {"part": part.name[:120], "part_source": part.source, "donor": part.donor or None},
            )
        graded_at = device.refurbished_at or (device.listed_at if device.grade else None)
        if device.refurbished_at:
            summary = "; ".join(device.operations) or device.notes or "Refurbished"
            record(
                "refurbished",
                "refurbished",
                device.refurbished_at,
                {
                    "summary": summary[:1000],
                    "operations": device.operations or None,
                    "technician": device.technician or None,
                },
            )
        if graded_at and device.battery_health is not None:
            record(
                "battery_measured",
                "battery",
                graded_at,
                {"battery_health": device.battery_health, "technician": device.technician or None},
            )
        if graded_at:
            record(
                "graded",
                "graded",
                graded_at,
                {
                    "grade": device.grade,
                    "battery_health": device.battery_health,
                    "notes": device.notes[:1000] or None,
                },
            )
        if device.status == Status.LISTED and device.offer is not None:
            record(
                "listed",
                "listed",
                device.listed_at,
                {
                    "grade": device.grade,
                    "market": device.offer.market_id,
                    "warranty_months": device.offer.warranty_months,
                    "battery_health_min": device.offer.battery_health_min,
                    "offer_id": device.offer_id,
                },
            )
        elif device.status == Status.HARVESTED:
            record(
                "harvested",
                "harvested",
                device.done_at,
                {
                    "parts": [p.name[:300] for p in device.parts_harvested.all()],
                    "notes": device.notes[:1000] or None,
                },
            )
        elif device.status == Status.UPCYCLED:
            record("upcycled", "upcycled", device.done_at, {"collection": str(device.collection)[:300]})
        elif device.status == Status.RECYCLED:
            recycler = device.recycler
            record(
                "recycled",
                "recycled",
                device.done_at,
                {
                    "recycler": recycler.name,
                    "weight_grams": device.weight_grams,
                    "certificate_ref": device.certificate_ref,
                    "certification": recycler.get_certification_display(),
                },
                actor=Actor(Role.RECYCLER, recycler.name),
            )
    except Problem as exc:  # a closed passport or a refused fact: logged, never retried forever
        log.info("collected device %s: passport not updated (%s)", device.pk, exc.code)


def on_device_event(event_id: int, payload: dict) -> None:
    device_id = payload.get("device_id")
    if isinstance(device_id, int):
        sync(device_id)


def on_tradein_routed(event_id: int, payload: dict) -> None:
    from . import services

    tradein_id = payload.get("tradein_id")
    if isinstance(tradein_id, int):
        services.follow_route(tradein_id=tradein_id)


_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    for topic in TOPICS:
        outbox.handles(topic)(on_device_event)
    outbox.handles("tradein.routed")(on_tradein_routed)
    _registered = True
