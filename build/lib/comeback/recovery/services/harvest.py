"""Harvest parts, upcycle into a collection, hand to a certified recycler and confirm, or reroute."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid
from comeback.tradein.models import DeviceRoute, Route
from comeback.tradein.services import access as tradein_access
from comeback.tradein.services import routing

from .. import handlers, parts, processes
from ..models import (
    TEXTILE_CERTIFICATIONS,
    CollectedDevice,
    Collection,
    PartHarvested,
    Recycler,
)
from ..models import Status as S
from .access import Operator, _by, _text, device_for

MAX_PARTS = 15


def harvest(
    *, op: Operator, ref: str, part_types: list[str], notes: str = "", at: datetime | None = None
) -> CollectedDevice:
    """The donor's usable parts go into the refurbisher's parts stock, each linked to the donor's passport;
    the donor's passport is closed as harvested."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.HARVESTED, op.actor)
    chosen = list(dict.fromkeys(part_types or []))
    if not chosen:
        raise Invalid.field(
            "parts",
            "parts_required",
            _("Name at least one usable part; a device with none is recycled instead."),
        )
    if len(chosen) > MAX_PARTS:
        raise Invalid.field("parts", "too_many_parts", _("At most %d parts.") % MAX_PARTS)
    for part_type in chosen:
        parts.check_part_type(part_type)
    donor = handlers.passport_of(device.tradein)
    if donor is None:
        raise Conflict(_("The device has no passport to link its parts to."), code="no_passport")
    with transaction.atomic():
        processes.move(
            device,
            S.HARVESTED,
            actor=op.actor,
            at=at,
            by=_by(op),
            notes=_text(notes, 1000),
            detail={"parts": chosen},
        )
        for part_type in chosen:
            taken = parts.stock_harvested(
                seller=device.seller,
                market_code=device.market_id,
                donor_passport=donor,
                part_type=part_type,
                notes=_text(notes, 300),
            )
            PartHarvested.objects.create(
                device=device, part_ref=taken.part_ref, name=taken.name[:120], harvested_at=at
            )
    return device


def upcycle(
    *, op: Operator, ref: str, collection_id: int, note: str = "", at: datetime | None = None
) -> CollectedDevice:
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.UPCYCLED, op.actor)
    collection = Collection.objects.filter(pk=collection_id, is_active=True).first()
    if collection is None:
        raise Invalid.field(
            "collection_id", "unknown_collection", _("Choose one of the creative collections.")
        )
    with transaction.atomic():
        processes.move(
            device,
            S.UPCYCLED,
            actor=op.actor,
            at=at,
            by=_by(op),
            collection=collection,
            notes=_text(note, 1000),
            detail={"collection": collection.name, "note": _text(note, 300)},
        )
    return device


def hand_to_recycler(
    *, op: Operator, ref: str, recycler_id: int, weight_grams: int | None = None, at: datetime | None = None
) -> CollectedDevice:
    """Handed to a certified recycler, weighed (the route's recorded weight when not weighed again)."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.AT_RECYCLER, op.actor)
    errors = []
    recycler = Recycler.objects.filter(pk=recycler_id, is_active=True).first()
    garment = device.tradein.questionnaire == "garment"
    if recycler is None:
        errors.append(
            {
                "field": "recycler_id",
                "code": "unknown_recycler",
                "message": _("Choose one of the certified recyclers."),
            }
        )
    elif garment != (recycler.certification in TEXTILE_CERTIFICATIONS):
        # Textile-to-textile for garments, e-waste treatment for devices: never the other way round.
        errors.append(
            {
                "field": "recycler_id",
                "code": "recycler_not_certified_for_item",
                "message": _("A garment goes to a certified textile recycler, a device to an e-waste one."),
            }
        )
    if weight_grams is None:
        weight_grams = (
            DeviceRoute.objects.filter(tradein_id=device.tradein_id)
            .values_list("weight_grams", flat=True)
            .first()
        )
        weight_grams = weight_grams or device.product.weight_grams
    if (
        isinstance(weight_grams, bool)
        or not isinstance(weight_grams, int)
        or not 0 < weight_grams <= 1_000_000
    ):
        errors.append(
            {
                "field": "weight_grams",
                "code": "weight_required",
                "message": _("Record the device's weight in grams."),
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        processes.move(
            device,
            S.AT_RECYCLER,
            actor=op.actor,
            at=at,
            by=_by(op),
            recycler=recycler,
            weight_grams=weight_grams,
            detail={"recycler": recycler.name, "weight_grams": weight_grams},
        )
    return device


def confirm_recycled(
    *, op: Operator, ref: str, certificate_ref: str, at: datetime | None = None
) -> CollectedDevice:
    """The recycler's certificate of treatment: the device's life ends, its passport is closed."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.RECYCLED, op.actor)
    certificate_ref = _text(certificate_ref, 80)
    if not certificate_ref:
        raise Invalid.field(
            "certificate_ref", "certificate_required", _("Give the recycler's certificate reference.")
        )
    with transaction.atomic():
        processes.move(
            device,
            S.RECYCLED,
            actor=op.actor,
            at=at,
            by=_by(op),
            certificate_ref=certificate_ref,
            detail={"certificate_ref": certificate_ref},
        )
    return device


def reroute(
    *,
    op: Operator,
    ref: str,
    route: str,
    reason: str,
    recycler_id: int | None = None,
    at: datetime | None = None,
) -> CollectedDevice:
    """The refurbisher changes a device's route before its fate is sealed (a job shows it is beyond repair,
    or a better use appears): the trade-in's route is overridden (with its reason) and the device starts over."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    if not op.actor & processes.REROUTE_ACTOR:
        raise Forbidden(_("Only the refurbisher reroutes its devices."), code="actor_not_allowed")
    if device.status not in processes.REROUTABLE:
        raise Conflict(
            _("This device has reached its fate; it can no longer be rerouted."),
            code="invalid_transition",
            current_status=str(device.status),
        )
    if route == device.route:
        raise Conflict(_("The device is already on this route."), code="same_route")
    recycler = Recycler.objects.filter(pk=recycler_id, is_active=True).first() if recycler_id else None
    if route == Route.RECYCLE and recycler is None:
        raise Invalid.field("recycler_id", "recycler_required", _("Choose the certified recycler."))
    with transaction.atomic():
        routing.override(
            op=tradein_access.Operator.refurbisher(device.seller, user=op.user),
            ref=device.tradein.ref,
            route=route,
            reason=_text(reason, 300),
            recycler=recycler.name if recycler else "",
            at=at,
        )
        moved = CollectedDevice.objects.filter(pk=device.pk, status=device.status, route=device.route).update(
            route=route, status=S.AWAITING, moved_at=at
        )
        if not moved:
            raise Conflict(
                _("This device changed meanwhile; reload and try again."), code="device_state_changed"
            )
        processes.record(
            device,
            "rerouted",
            actor=op.actor,
            at=at,
            by=_by(op),
            detail={"from": device.route, "to": route, "reason": _text(reason, 300)},
        )
    device.refresh_from_db()
    return device
