"""Writing the passports of an upcycled edition item and of its donors (docs/passports.md "Upcycled
editions"): the one entry point the editions app calls, so no other app writes passport rows.

A numbered edition item (a belt whose buckle is an old flip phone, "7/50") is a new physical unit: it gets a
passport of its own whose first fact (`made_from`) names its donors, its number and the collection's story;
each donor's passport gets `upcycled_into`, naming the item, which ends the donor's life. All of it in the
caller's transaction: the item exists with its passports or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict

from . import kinds, services
from .kinds import Actor
from .models import Passport, PassportStatus, Source


@dataclass(frozen=True)
class EditionFacts:
    """What the item's passport tells: `edition` is its name with its number ("Flip Buckle Belt 7/50")."""

    edition: str
    number: int
    size: int
    collection: str = ""
    maker: str = ""
    story: str = ""


def check_donors(donors: list[Passport]) -> None:
    """409 `donor_passport_closed` when a donor's passport is closed for good (made into another item,
    recycled); a unit closed by its harvest may still go into an item (what is left of it)."""
    into = kinds.KINDS["upcycled_into"]
    closed = [
        p.serial for p in donors if p.status != PassportStatus.ACTIVE and not services.may_follow_end(p, into)
    ]
    if closed:
        raise Conflict(
            _("The passport of donor %s is closed: that unit cannot go into this item.") % closed[0],
            code="donor_passport_closed",
        )


def open_edition_item(
    *,
    variant,
    issuer,
    source_ref: str,
    maker_serial: str,
    donors: list[Passport],
    facts: EditionFacts,
    at: datetime | None = None,
) -> Passport:
    """Open the item's passport and close each donor's with `upcycled_into`. A donor already closed (made
    into another item, recycled) is refused with 409 `donor_passport_closed`, nothing written; one closed by
    its harvest is not (what is left of it goes into the item)."""
    at = at or clock.now()
    check_donors(donors)
    actor = Actor.system(issuer.display_name if issuer is not None else "Comeback")
    with transaction.atomic():
        item = services.open_passport(
            variant=variant,
            source=Source.UPCYCLED,
            source_ref=source_ref,
            issuer=issuer,
            maker_serial=maker_serial,
            at=at,
        )
        services.record_event(
            passport=item,
            kind="made_from",
            actor=actor,
            at=at,
            key=f"{source_ref}:made_from",
            data={
                "edition": facts.edition[:300],
                "number": facts.number,
                "edition_size": facts.size,
                "collection": facts.collection[:300],
                "maker": facts.maker[:300],
                "story": facts.story[:2000],
                "donors": [{"passport": p.path, "product": str(p.product)[:120]} for p in donors],
            },
        )
        for donor in donors:
            services.record_event(
                passport=donor,
                kind="upcycled_into",
                actor=actor,
                at=at,
                key=f"{source_ref}:donor:{donor.pk}",
                data={"into": item.path, "edition": facts.edition[:300]},
            )
    return item
