"""Who acts on a collected device (the refurbisher who bought it, or staff), and finding the device or
trade-in they may touch; following a trade-in's route once it is paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, NotFound
from comeback.tradein import selectors as tradein_selectors
from comeback.tradein.models import DeviceRoute, TradeIn, TradeInStatus

from .. import processes
from ..models import (
    CollectedDevice,
)
from ..models import Status as S
from ..processes import Actor


@dataclass(frozen=True)
class Operator:
    """Who acts on collected devices: a refurbisher (its own devices) or staff (all)."""

    actor: Actor
    user: object = None
    seller: object = None

    @classmethod
    def refurbisher(cls, seller, user=None) -> Operator:
        return cls(Actor.REFURBISHER, user=user or seller.user, seller=seller)

    @classmethod
    def staff(cls, user) -> Operator:
        return cls(Actor.STAFF, user=user)

    def may_see(self, tradein: TradeIn) -> bool:
        if self.actor == Actor.STAFF:
            return True
        return self.seller is not None and tradein.seller_id == self.seller.pk


def _not_found() -> NotFound:
    return NotFound(_("No collected device of yours with this reference."), code="device_not_found")


def tradein_for(*, op: Operator, ref: str) -> TradeIn:
    """A collected (routed) trade-in the operator may see; anyone else's is reported as not found."""
    tradein = tradein_selectors.tradein_by_ref(ref) if ref and "\x00" not in ref and len(ref) <= 40 else None
    if tradein is None or not op.may_see(tradein) or not DeviceRoute.objects.filter(tradein=tradein).exists():
        raise _not_found()
    return tradein


def device_for(*, op: Operator, ref: str, at: datetime | None = None) -> CollectedDevice:
    """The device's carrying-out, begun on the first step (its trade-in must be paid by then)."""
    tradein = tradein_for(op=op, ref=ref)
    device = (
        CollectedDevice.objects.select_related("tradein", "seller", "product__category")
        .filter(tradein=tradein)
        .first()
    )
    if device is not None:
        return _follow(device, at=at or clock.now())
    if tradein.status != TradeInStatus.PAID:
        raise Conflict(
            _("A device's route is carried out once its trade-in is paid."),
            code="tradein_not_paid",
            current_status=str(tradein.status),
        )
    route = DeviceRoute.objects.get(tradein=tradein)
    received = tradein.received_at or tradein.validated_at or tradein.accepted_at
    try:
        with transaction.atomic():
            CollectedDevice.objects.create(
                tradein=tradein,
                seller_id=tradein.seller_id,
                product_id=tradein.product_id,
                market_id=tradein.market_id,
                route=route.route,
                status=S.AWAITING,
                received_at=received,
                moved_at=received,
            )
    except IntegrityError:  # a racing first step created it: use theirs
        pass
    return CollectedDevice.objects.select_related("tradein", "seller", "product__category").get(
        tradein=tradein
    )


def _follow(device: CollectedDevice, *, at: datetime) -> CollectedDevice:
    """A route overridden on the trade-in (tradein's route screen) reroutes a device not yet at its fate."""
    decided = DeviceRoute.objects.filter(tradein_id=device.tradein_id).values_list("route", flat=True).first()
    if decided is None or decided == device.route or device.status not in processes.REROUTABLE:
        return device
    with transaction.atomic():
        moved = CollectedDevice.objects.filter(pk=device.pk, route=device.route, status=device.status).update(
            route=decided, status=S.AWAITING, moved_at=at
        )
        if moved:
            processes.record(
                device,
                "rerouted",
                actor=Actor.REFURBISHER,
                at=at,
                detail={"from": device.route, "to": decided, "via": "tradein"},
            )
    device.refresh_from_db()
    return device


def follow_route(*, tradein_id: int, at: datetime | None = None) -> None:
    """`tradein.routed` handler: idempotent."""
    device = CollectedDevice.objects.filter(tradein_id=tradein_id).first()
    if device is not None:
        _follow(device, at=at or clock.now())


def _by(op: Operator):
    return op.user if getattr(op.user, "pk", None) else None


def _text(value, limit: int) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]
