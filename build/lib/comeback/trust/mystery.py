"""Mystery orders (docs/trust.md "Mystery orders"): staff place an order as an ordinary buyer, record what
arrived, and the result feeds the seller's quality metrics (a failed inspection counts as a defect) and the
public trust report.

The order goes through checkout like any other, from a buyer account made for that one order, so nothing the
seller sees tells it apart. The inspection confirms the delivery (staff hold the parcel) and is recorded once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.orders.models import LineStatus
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment

from .models import MysteryOrder, MysteryStatus

MYSTERY_EMAIL_DOMAIN = "buyers.comeback.invalid"  # never delivered: the shopper reads nothing by email


@dataclass(frozen=True)
class Inspection:
    grade_as_described: bool
    battery_health: int | None
    wiped: bool
    accessories_ok: bool
    packaging_ok: bool
    notes: str = ""


def place(
    *, staff, offer_id: int, shipping_address: dict, payment_method: str, at: datetime | None = None
) -> MysteryOrder:
    """Buy one unit of an offer as an ordinary buyer; the mystery record is staff's alone."""
    at = at or clock.now()
    from comeback.offers.models import Offer

    offer = Offer.objects.select_related("seller").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("No offer %s.") % offer_id, code="offer_not_found")
    shopper = get_user_model().objects.create_user(
        email=f"{uuid.uuid4().hex[:12]}@{MYSTERY_EMAIL_DOMAIN}", password=None
    )
    cart_service.add_to_cart(user=shopper, offer_id=offer.pk, quantity=1)
    result = checkout_service.checkout(
        buyer=shopper,
        market_code=offer.market_id,
        idempotency_key=f"mystery-{uuid.uuid4().hex}",
        shipping_address=shipping_address,
        payment_method=payment_method,
        at=at,
    )
    order = result.order
    line = order.lines.get()
    return MysteryOrder.objects.create(
        order=order,
        line=line,
        offer=offer,
        seller_id=line.seller_id,
        market=order.market_id,
        placed_by=staff,
        placed_at=at,
    )


def inspect(*, mystery_id: int, staff, inspection: Inspection, at: datetime | None = None) -> MysteryOrder:
    """Record what arrived, once. Passing means every check holds and the battery meets the offer's promise."""
    at = at or clock.now()
    mystery = (
        MysteryOrder.objects.select_related("line", "offer", "order__buyer").filter(pk=mystery_id).first()
    )
    if mystery is None:
        raise NotFound(_("No mystery order %s.") % mystery_id, code="mystery_order_not_found")
    if mystery.status == MysteryStatus.INSPECTED:
        raise Conflict(_("This mystery order was already inspected."), code="mystery_already_inspected")
    line = mystery.line
    line.refresh_from_db()
    if line.status not in (LineStatus.SHIPPED, LineStatus.DELIVERED, LineStatus.COMPLETED):
        raise Conflict(
            _("Inspect a mystery order once its parcel has arrived (the line is %(status)s).")
            % {"status": line.status},
            code="mystery_not_arrived",
        )
    promised = mystery.offer.battery_health_min
    battery_ok = None
    if inspection.battery_health is not None:
        if not 0 <= inspection.battery_health <= 100:
            raise Invalid.field("battery_health", "invalid_battery_health", _("Battery health is 0 to 100%."))
        battery_ok = inspection.battery_health >= (promised or 0)
    passed = all(
        [
            inspection.grade_as_described,
            battery_ok is not False,
            inspection.wiped,
            inspection.accessories_ok,
            inspection.packaging_ok,
        ]
    )
    if line.status == LineStatus.SHIPPED:  # staff hold the parcel: it was delivered
        fulfilment.buyer_confirm_delivery(buyer=mystery.order.buyer, line_id=line.pk, at=at)
    with transaction.atomic():
        moved = MysteryOrder.objects.filter(pk=mystery.pk, status=MysteryStatus.PLACED).update(
            status=MysteryStatus.INSPECTED,
            grade_as_described=inspection.grade_as_described,
            battery_health=inspection.battery_health,
            battery_ok=battery_ok,
            wiped=inspection.wiped,
            accessories_ok=inspection.accessories_ok,
            packaging_ok=inspection.packaging_ok,
            passed=passed,
            notes=(inspection.notes or "")[:4000],
            inspected_at=at,
            inspected_by=staff,
        )
        if not moved:
            raise Conflict(_("This mystery order was already inspected."), code="mystery_already_inspected")
        outbox.emit("mystery.inspected", mystery_id=mystery.pk, seller_id=mystery.seller_id, passed=passed)
    mystery.refresh_from_db()
    return mystery


def mystery_facts(seller_id: int, since: datetime | None, until: datetime) -> dict[str, int]:
    """Seller facts (sellers.metrics): inspections in the window, and failed ones, which count as defects."""
    rows = MysteryOrder.objects.filter(
        seller_id=seller_id, status=MysteryStatus.INSPECTED, inspected_at__lt=until
    )
    if since is not None:
        rows = rows.filter(inspected_at__gte=since)
    inspected = rows.count()
    failed = rows.filter(passed=False).count() if inspected else 0
    return {"mystery_inspected": inspected, "mystery_failed": failed, "defects": failed}


def market_results(market: str, since: datetime, until: datetime) -> tuple[int, int]:
    """(inspected, passed) in a market and window, for the public trust report."""
    rows = MysteryOrder.objects.filter(
        market=market, status=MysteryStatus.INSPECTED, inspected_at__gte=since, inspected_at__lt=until
    )
    return rows.count(), rows.filter(passed=True).count()


def register() -> None:
    from comeback.sellers.metrics import register_fact_source

    register_fact_source(mystery_facts)
