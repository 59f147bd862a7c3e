"""Resell and list: a collected device becomes an offer, graded, with its guarantee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.catalog.models import Variant
from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid
from comeback.offers import services as offer_services
from comeback.offers.models import PREMIUM_BATTERY_MIN, Grade, Offer
from comeback.tradein.models import Route

from .. import processes
from ..models import (
    CollectedDevice,
)
from ..models import Status as S
from .access import Operator, _by, device_for


@dataclass
class ListingTerms:
    """Selling one device: its price and promises. A device resold as is is graded here (grade, battery
    measured now); a refurbished one keeps its refurbishing's grade and battery."""

    price: int
    grade: str = ""
    battery_health: int | None = None
    battery_health_min: int | None = None
    warranty_months: int | None = None
    handling_days: int | None = None
    market: str = ""  # default: the trade-in's market (a device may be sold in any market the shop sells in)


def _grade_errors(product, grade: str, battery_health) -> list[dict]:
    errors = []
    if grade not in Grade.values:
        errors.append(
            {
                "field": "grade",
                "code": "invalid_grade",
                "message": _("Grade must be one of %s.") % ", ".join(Grade.values),
            }
        )
    has_battery = product.category.battery_floor is not None
    if has_battery and battery_health is None:
        errors.append(
            {
                "field": "battery_health",
                "code": "battery_health_required",
                "message": _("Measure the battery health (percent)."),
            }
        )
    elif battery_health is not None and (
        isinstance(battery_health, bool)
        or not isinstance(battery_health, int)
        or not 0 <= battery_health <= 100
    ):
        errors.append(
            {
                "field": "battery_health",
                "code": "battery_health_range",
                "message": _("Battery health is a percentage between 0 and 100."),
            }
        )
    elif has_battery and grade == Grade.PREMIUM and battery_health < PREMIUM_BATTERY_MIN:
        errors.append(
            {
                "field": "grade",
                "code": "premium_battery_floor",
                "message": _("Premium needs a battery of at least %d%%.") % PREMIUM_BATTERY_MIN,
            }
        )
    return errors


def _variant(device: CollectedDevice) -> Variant:
    """The catalogue variant the device is: same model and storage (any colour), else the model's only one. A
    garment's is its size, as the inspection found it (else as declared): its variants differ by size, and a
    jacket taken back in M is never listed as the model's first size."""
    variants = list(Variant.objects.filter(product_id=device.product_id).order_by("pk"))
    tradein = device.tradein
    if tradein.questionnaire == "garment":
        size = (tradein.inspected_answers or {}).get("size") or (tradein.answers or {}).get("size")
        sized = [v for v in variants if size and (v.attributes or {}).get("size") == size]
        if sized or len(variants) == 1:
            return (sized or variants)[0]
        raise Conflict(
            _("The catalogue has no variant of this model in size %s.") % (size or "?"),
            code="no_matching_variant",
        )
    storage = tradein.storage_gb
    for v in variants:
        if storage and (v.attributes or {}).get("storage_gb") == storage:
            return v
    if variants and (not storage or len(variants) == 1):
        return variants[0]
    raise Conflict(
        _("The catalogue has no variant of this model for this device."), code="no_matching_variant"
    )


def _guarantee(product, grade: str, battery_health: int | None, asked: int | None) -> int | None:
    """The battery the listing promises: as asked, else the category's floor (Premium: 90%); never above what
    this device measured."""
    floor = product.category.battery_floor
    if floor is None:
        return asked
    promise = (
        asked if asked is not None else (max(floor, PREMIUM_BATTERY_MIN) if grade == Grade.PREMIUM else floor)
    )
    if (
        battery_health is not None
        and not isinstance(promise, bool)
        and isinstance(promise, int)
        and promise > battery_health
    ):
        raise Invalid.field(
            "battery_health_min",
            "guarantee_above_measured",
            _("You cannot promise %(p)d%% battery: this device measured %(m)d%%.")
            % {"p": promise, "m": battery_health},
        )
    return promise


def _list(
    device: CollectedDevice,
    *,
    op: Operator,
    terms: ListingTerms,
    grade: str,
    battery: int | None,
    at: datetime,
) -> Offer:
    """Publish the device: a new offer of one, or one more unit on the refurbisher's live offer for the
    same variant, grade and market (whose promises this device must meet)."""
    variant = _variant(device)
    promise = _guarantee(device.product, grade, battery, terms.battery_health_min)
    market = markets.get(terms.market or device.market_id)
    draft = offer_services.ListingDraft(
        variant_id=variant.pk,
        market=market.code,
        grade=grade,
        price=terms.price,
        currency=market.currency,
        quantity=1,
        battery_health_min=promise,
        warranty_months=terms.warranty_months,
        handling_days=terms.handling_days,
    )
    try:
        return offer_services.publish_listing(seller=device.seller, draft=draft, at=at)
    except Conflict as exc:
        if exc.code != "listing_exists":
            raise
        offer_id = exc.extra["offer_id"]
    return offer_services.add_unit(seller=device.seller, offer_id=offer_id, battery_health=battery, at=at)


def list_for_sale(
    *, op: Operator, ref: str, terms: ListingTerms, at: datetime | None = None
) -> CollectedDevice:
    """Resell as is (graded now) or a refurbished device (graded by its job): listed as an offer."""
    at = at or clock.now()
    device = device_for(op=op, ref=ref, at=at)
    processes.check(device, S.LISTED, op.actor)
    if device.route == Route.RESELL:
        grade, battery = terms.grade, terms.battery_health
        Invalid.raise_any(_grade_errors(device.product, grade, battery))
    else:
        grade, battery = device.grade, device.battery_health
    if isinstance(terms.price, bool) or not isinstance(terms.price, int):
        raise Invalid.field("price", "integer_required", _("price must be a whole number."))
    with transaction.atomic():
        offer = _list(device, op=op, terms=terms, grade=grade, battery=battery, at=at)
        processes.move(
            device,
            S.LISTED,
            actor=op.actor,
            at=at,
            by=_by(op),
            offer=offer,
            grade=grade,
            battery_health=battery,
            detail={"offer_id": offer.pk, "grade": grade},
        )
    return device
