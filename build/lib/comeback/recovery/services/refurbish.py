"""Refurbish: start, fit parts from stock, finish with the operations done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid

from .. import parts, processes
from ..models import (
    CollectedDevice,
    PartFitted,
)
from ..models import Status as S
from ..processes import Actor
from .access import Operator, _by, _text, device_for
from .resell import _grade_errors

MAX_OPERATIONS = 20


def start_refurbishing(
    *, op: Operator, ref: str, technician: str = "", at: datetime | None = None
) -> CollectedDevice:
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    with transaction.atomic():
        processes.move(
            device, S.REFURBISHING, actor=op.actor, at=at, by=_by(op), technician=_text(technician, 120)
        )
    return device


def fit_part(
    *,
    op: Operator,
    ref: str,
    part_id: int,
    quantity: int = 1,
    location_id: int | None = None,
    at: datetime | None = None,
) -> PartFitted:
    """A part from stock fitted during the refurbishing job (stock taken by a conditional update)."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    if op.actor != Actor.REFURBISHER:
        raise Forbidden(_("Only the refurbisher fits parts to its devices."), code="actor_not_allowed")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 10:
        raise Invalid.field("quantity", "quantity_range", _("Fit between 1 and 10 of a part."))
    with transaction.atomic():
        # Guarded on the job being open: a part is never fitted to a device that left refurbishing meanwhile.
        if not CollectedDevice.objects.filter(pk=device.pk, status__in=processes.FIT_PARTS_IN).update(
            moved_at=at
        ):
            raise Conflict(
                _("Parts are fitted while the device is being refurbished."),
                code="invalid_transition",
                current_status=str(device.status),
            )
        taken = parts.take(
            seller=device.seller,
            user=op.user,
            market_code=device.market_id,
            part_id=part_id,
            quantity=quantity,
            ref=f"recovery:{device.pk}",
            location_id=location_id,
        )
        fitted = PartFitted.objects.create(
            device=device,
            part_ref=taken.part_ref,
            name=taken.name[:120],
            source=taken.source,
            donor=taken.donor,
            quantity=quantity,
            fitted_at=at,
        )
        processes.record(
            device,
            "part_fitted",
            actor=op.actor,
            at=at,
            by=_by(op),
            detail={"part": taken.name[:120], "source": taken.source, "quantity": quantity},
        )
        processes.emit(device, "recovery.part_fitted")
    return fitted


@dataclass
class Refurbishment:
    grade: str
    battery_health: int | None = None
    operations: list[str] = field(default_factory=list)
    notes: str = ""
    technician: str = ""


def finish_refurbishing(
    *, op: Operator, ref: str, result: Refurbishment, at: datetime | None = None
) -> CollectedDevice:
    """The job is done: the device's grade, battery health and operations; it is ready to list."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.READY, op.actor)
    errors = _grade_errors(device.product, result.grade, result.battery_health)
    operations = [_text(o, 300) for o in (result.operations or []) if isinstance(o, str) and o.strip()]
    if not operations:
        errors.append(
            {
                "field": "operations",
                "code": "operations_required",
                "message": _("Say what was done (one operation per line)."),
            }
        )
    elif len(operations) > MAX_OPERATIONS:
        errors.append(
            {
                "field": "operations",
                "code": "too_many_operations",
                "message": _("At most %d operations.") % MAX_OPERATIONS,
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        processes.move(
            device,
            S.READY,
            actor=op.actor,
            at=at,
            by=_by(op),
            grade=result.grade,
            battery_health=result.battery_health,
            operations=operations,
            notes=_text(result.notes, 2000),
            technician=_text(result.technician, 120) or device.technician,
            detail={"grade": result.grade, "battery_health": result.battery_health},
        )
    return device
