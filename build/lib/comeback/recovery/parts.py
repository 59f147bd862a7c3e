"""Parts stock is the repair app's: this is the one place recovery
calls it — a harvested part goes into the refurbisher's workshop stock, a part fitted while refurbishing
comes out of it. Both are the repair app's published services, each with its own guarded stock update.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid


@dataclass(frozen=True)
class Taken:
    part_ref: str
    name: str
    source: str
    donor: str  # the donor unit's passport serial, for a harvested part


def part_types() -> list[tuple[str, str]]:
    from comeback.repair.models import PartType

    return list(PartType.choices)


def check_part_type(part_type: str) -> str:
    known = {value for value, _label in part_types()}
    if part_type not in known:
        raise Invalid.field(
            "parts",
            "unknown_part_type",
            _("Unknown part type “%(t)s”; expected one of %(known)s.")
            % {"t": part_type, "known": ", ".join(sorted(known))},
        )
    return part_type


def stock_harvested(*, seller, market_code: str, donor_passport, part_type: str, notes: str = "") -> Taken:
    """One usable part of a donor into the refurbisher's workshop stock, linked to the donor's passport."""
    from comeback.repair import services as parts

    workshop = parts.workshop_for(seller=seller, market_code=market_code)
    stock = parts.stock_harvested_part(
        donor_passport=donor_passport, part_type=part_type, location=workshop, notes=notes
    )
    return Taken(
        part_ref=str(stock.part_id), name=stock.part.name, source="harvested", donor=donor_passport.serial
    )


def take(
    *, seller, user, market_code: str, part_id: int, quantity: int, ref: str, location_id: int | None = None
) -> Taken:
    """Take a part out of stock (the workshop's unless a location is named) for a refurbishment."""
    from comeback.repair import services as parts
    from comeback.repair.models import MovementReason

    location = location_id or parts.workshop_for(seller=seller, market_code=market_code)
    stock = parts.consume_part(
        part=part_id,
        location=location,
        quantity=quantity,
        reason=MovementReason.REFURBISH,
        ref=ref,
        actor=user,
    )
    part = stock.part
    donor = part.donor_passport.serial if part.donor_passport_id else ""
    return Taken(part_ref=str(part.pk), name=part.name, source=part.source, donor=donor)


def available(*, seller, product) -> list:
    """The refurbisher's own parts in stock that fit the product (the refurbishing form's choices)."""
    from comeback.repair import selectors

    return selectors.parts_for(product=product, seller=seller, in_stock_only=True)
