"""Spare parts: the catalogue and the stock at each location (docs/design.md §2 "Repair and spare parts").

Stock moves only through conditional UPDATEs (`quantity >= n`), so two repairers taking the last battery
cannot both succeed; every move is written to the StockMovement ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid, NotFound

from .. import access
from ..models import (
    Location,
    LocationKind,
    MovementReason,
    Part,
    PartPrice,
    PartSource,
    PartType,
    Stock,
    StockMovement,
)

HARVESTED_LEAD_TIME_DAYS = 2  # a harvested part is on a shelf: the time to send it between locations
MAX_LEAD_TIME_DAYS = 365


def _part(part: Part | int) -> Part:
    if isinstance(part, Part):
        return part
    found = Part.objects.filter(pk=part).select_related("seller", "donor_passport").first()
    if found is None:
        raise NotFound(_("No spare part %s.") % part, code="part_not_found")
    return found


def _location(location: Location | int) -> Location:
    if isinstance(location, Location):
        return location
    found = Location.objects.filter(pk=location).select_related("seller").first()
    if found is None:
        raise NotFound(_("No repair location %s.") % location, code="location_not_found")
    return found


def _check_type(part_type: str) -> str:
    if part_type not in PartType.values:
        raise Invalid.field(
            "part_type",
            "unknown_part_type",
            _("Unknown part type “%(t)s”; expected one of %(known)s.")
            % {"t": part_type, "known": ", ".join(PartType.values)},
        )
    return part_type


def _set_prices(part: Part, prices: Mapping[str, Money]) -> None:
    for code, money in prices.items():
        market = markets.get(code, field=f"prices.{code}")
        if money.currency != market.currency:
            raise Invalid.field(
                f"prices.{code}",
                "currency_mismatch",
                _("A price in %(m)s is in %(c)s.") % {"m": market.code, "c": market.currency},
            )
        if money.amount < 0:
            raise Invalid.field(f"prices.{code}", "price_negative", _("A price cannot be negative."))
        PartPrice.objects.update_or_create(
            part=part, market=market, defaults={"amount": money.amount, "currency": money.currency}
        )


def _move(*, part: Part, location: Location, delta: int, reason: str, ref: str = "") -> None:
    StockMovement.objects.create(
        part=part, location=location, delta=delta, reason=reason, ref=ref[:80], at=clock.now()
    )


@dataclass(frozen=True)
class PartDraft:
    sku: str
    name: str
    part_type: str
    source: str
    compatible_models: list  # ProductModel instances
    lead_time_days: int = 5
    prices: Mapping[str, Money] | None = None
    notes: str = ""


def _check_draft(draft: PartDraft) -> None:
    _check_type(draft.part_type)
    if draft.source not in (PartSource.OEM, PartSource.COMPATIBLE):
        raise Invalid.field(
            "source",
            "invalid_part_source",
            _("A part is OEM or compatible; harvested parts come from a donor unit."),
        )
    if not draft.sku.strip() or not draft.name.strip():
        raise Invalid.field(
            "sku" if not draft.sku.strip() else "name", "field_required", _("This field is required.")
        )
    if not 0 <= draft.lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise Invalid.field(
            "lead_time_days",
            "lead_time_out_of_range",
            _("The lead time is between 0 and %d working days.") % MAX_LEAD_TIME_DAYS,
        )
    if not draft.compatible_models:
        raise Invalid.field("compatible_models", "field_required", _("Name at least one compatible model."))


def save_part(*, draft: PartDraft, actor, part: Part | None = None) -> Part:
    """Create a part (owned by the refurbisher acting, or by Comeback for staff) or update one's details."""
    _check_draft(draft)
    if part is not None:
        access.ensure_manages_part(actor, part)
        if part.source == PartSource.HARVESTED:
            raise Conflict(
                _("A harvested part's identity comes from its donor and cannot be edited."),
                code="harvested_part_fixed",
            )
    seller = None
    if part is None and not access.is_staff(actor):
        seller = access.seller_of(actor)
        access.ensure(seller is not None, _("Only staff and refurbishers manage spare parts."))
        workshop_for(seller=seller)  # where its stock is counted, from its first part on
    sku = draft.sku.strip().upper()
    try:
        with transaction.atomic():
            if part is None:
                part = Part.objects.create(
                    sku=sku,
                    name=draft.name.strip(),
                    part_type=draft.part_type,
                    source=draft.source,
                    seller=seller,
                    lead_time_days=draft.lead_time_days,
                    notes=draft.notes,
                    created_at=clock.now(),
                )
            else:
                Part.objects.filter(pk=part.pk).update(
                    sku=sku,
                    name=draft.name.strip(),
                    part_type=draft.part_type,
                    source=draft.source,
                    lead_time_days=draft.lead_time_days,
                    notes=draft.notes,
                )
                part.refresh_from_db()
            part.compatible_models.set(draft.compatible_models)
            _set_prices(part, draft.prices or {})
    except IntegrityError:
        raise Conflict(
            _("Another part already has SKU %s.") % sku,
            code="part_sku_taken",
            errors=[{"field": "sku", "code": "part_sku_taken", "message": _("SKU already used.")}],
        ) from None
    return part


def set_stock(
    *, part: Part | int, location: Location | int, quantity: int, actor, reason: str = MovementReason.ADJUSTED
) -> Stock:
    """Set the counted quantity of a part at a location (an inventory count or an import)."""
    part, location = _part(part), _location(location)
    access.ensure_works_at(actor, location)
    if quantity < 0:
        raise Invalid.field("quantity", "quantity_negative", _("A stock quantity cannot be negative."))
    with transaction.atomic():
        stock, _created = Stock.objects.get_or_create(
            part=part, location=location, defaults={"quantity": 0, "updated_at": clock.now()}
        )
        stock = Stock.objects.select_for_update().get(pk=stock.pk)
        delta = quantity - stock.quantity
        if delta:
            Stock.objects.filter(pk=stock.pk).update(quantity=quantity, updated_at=clock.now())
            _move(part=part, location=location, delta=delta, reason=reason)
        stock.refresh_from_db()
    return stock


def receive_part(*, part: Part | int, location: Location | int, quantity: int, actor, ref: str = "") -> Stock:
    """Parts delivered to a location: add to its stock."""
    part, location = _part(part), _location(location)
    access.ensure_works_at(actor, location)
    if quantity < 1:
        raise Invalid.field("quantity", "quantity_positive", _("Receive at least one part."))
    with transaction.atomic():
        stock, _created = Stock.objects.get_or_create(
            part=part, location=location, defaults={"quantity": 0, "updated_at": clock.now()}
        )
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity, updated_at=clock.now())
        _move(part=part, location=location, delta=quantity, reason=MovementReason.RECEIVED, ref=ref)
        stock.refresh_from_db()
    return stock


def stock_harvested_part(
    *,
    donor_passport,
    part_type: str,
    location: Location | int,
    actor=None,
    product=None,
    prices: Mapping[str, Money] | None = None,
    notes: str = "",
) -> Stock:
    """A part taken from a donor unit enters stock at `location`: quantity 1, source "harvested", linked to the
    donor's passport, compatible with the donor's model. Idempotent per (donor, part type): calling it again
    returns the existing stock row without adding a second item.

    `actor` is the user doing it (must work at the location) or None for a trusted internal caller.
    """
    _check_type(part_type)
    location = _location(location)
    if actor is not None:
        access.ensure_works_at(actor, location)
    product = product or donor_passport.product
    existing = Part.objects.filter(donor_passport=donor_passport, part_type=part_type).first()
    if existing is not None:
        return Stock.objects.filter(part=existing).select_related("location").first() or _stock_row(
            existing, location
        )
    label = PartType(part_type).label
    try:
        with transaction.atomic():
            part = Part.objects.create(
                sku=f"H-{donor_passport.serial}-{part_type}".upper()[:64],
                name=_("%(type)s for %(model)s, harvested") % {"type": label, "model": product},
                part_type=part_type,
                source=PartSource.HARVESTED,
                donor_passport=donor_passport,
                seller=location.seller,
                lead_time_days=HARVESTED_LEAD_TIME_DAYS,
                notes=notes[:300],
                created_at=clock.now(),
            )
            part.compatible_models.set([product])
            _set_prices(part, prices or {})
            stock = Stock.objects.create(part=part, location=location, quantity=1, updated_at=clock.now())
            _move(
                part=part,
                location=location,
                delta=1,
                reason=MovementReason.HARVESTED,
                ref=f"passport:{donor_passport.serial}",
            )
    except IntegrityError:  # a racing call for the same donor and part type won
        part = Part.objects.get(donor_passport=donor_passport, part_type=part_type)
        return Stock.objects.filter(part=part).first() or _stock_row(part, location)
    return stock


def _stock_row(part: Part, location: Location) -> Stock:
    stock, _created = Stock.objects.get_or_create(
        part=part, location=location, defaults={"quantity": 0, "updated_at": clock.now()}
    )
    return stock


def consume_part(
    *,
    part: Part | int,
    location: Location | int,
    quantity: int = 1,
    reason: str = MovementReason.REPAIR,
    ref: str = "",
    actor=None,
) -> Stock:
    """Take `quantity` of a part from a location's stock, atomically (one conditional UPDATE).

    Raises Conflict(code="part_out_of_stock") (409) when the location holds fewer; nothing is taken then.
    `reason` is "repair" or "refurbish"; `ref` names the job (e.g. "repair_job:12"). `actor` is the user
    (must work at the location) or None for a trusted internal caller. Returns the stock row after the take.
    """
    part, location = _part(part), _location(location)
    if actor is not None:
        access.ensure_works_at(actor, location)
    if quantity < 1:
        raise Invalid.field("quantity", "quantity_positive", _("Take at least one part."))
    if reason not in (MovementReason.REPAIR, MovementReason.REFURBISH):
        raise Invalid.field("reason", "invalid_reason", _("Parts are taken for a repair or a refurbishment."))
    with transaction.atomic():
        taken = Stock.objects.filter(part=part, location=location, quantity__gte=quantity).update(
            quantity=F("quantity") - quantity, updated_at=clock.now()
        )
        if not taken:
            raise Conflict(
                _("Not enough “%(part)s” in stock at %(location)s.")
                % {"part": part.name, "location": location.name},
                code="part_out_of_stock",
                part_id=part.pk,
                location_id=location.pk,
            )
        _move(part=part, location=location, delta=-quantity, reason=reason, ref=ref)
        return Stock.objects.select_related("part", "location").get(part=part, location=location)


def workshop_for(*, seller, market_code: str | None = None) -> Location:
    """A refurbisher's own (non-public) workshop, where its harvested and bought parts are stocked; created on
    first use from the seller's address."""
    existing = Location.objects.filter(seller=seller, kind=LocationKind.WORKSHOP).order_by("pk").first()
    if existing is not None:
        return existing
    market = markets.get(market_code or (seller.markets[0] if seller.markets else seller.country))
    try:
        with transaction.atomic():
            return Location.objects.create(
                slug=f"workshop-{seller.slug}"[:80] if seller.slug else f"workshop-{seller.pk}",
                name=_("%s workshop") % seller.display_name,
                kind=LocationKind.WORKSHOP,
                seller=seller,
                market=market,
                address=(seller.address or seller.display_name)[:200],
                city="",
                timezone=market.timezone,
                is_public=False,
                created_at=clock.now(),
            )
    except IntegrityError:
        return Location.objects.get(seller=seller, kind=LocationKind.WORKSHOP)
