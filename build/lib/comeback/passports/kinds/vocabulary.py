"""The vocabulary of event kinds: roles and actors, the values fields take, a kind's and a field's shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from comeback.catalog.conditions import DISPLAY_ORDER

from ..models import Level

P, R, A = Level.PUBLIC, Level.RESTRICTED, Level.AUTHORITY


class Role(models.TextChoices):
    """Who records an event (hashed with it, as role + organisation name: never a person)."""

    SYSTEM = "system", gettext_lazy("Comeback")
    SELLER = "seller", gettext_lazy("Refurbisher")
    REPAIRER = "repairer", gettext_lazy("Repairer")
    RECYCLER = "recycler", gettext_lazy("Recycler")
    STAFF = "staff", gettext_lazy("Comeback staff")


# Every scheme's grades: devices (docs/design.md §2 Grades), garments, accessories sold new or used.
GRADES = tuple(DISPLAY_ORDER)
# Services of a `repaired` event that alter a garment rather than mend it (the repair app's `hem` and
# `resizing`): the passport lists them as alterations, apart from repairs (docs/passports.md).
ALTERATION_SERVICES = frozenset({"hem", "resizing"})
PART_SOURCES = ("oem", "compatible", "harvested")  # docs/design.md §2 Repair and spare parts
ROUTES = (
    "resell",
    "refurbish",
    "harvest",
    "upcycle",
    "recycle",
)  # docs/design.md §2 Where collected devices go
WIPE_METHODS = ("clear", "purge", "destroy")  # NIST SP 800-88 Rev.2
RESOLUTIONS = ("remote_assistance", "repair", "replace", "refund")  # docs/design.md §2 Warranty
SOURCES = ("order_line", "stock", "trade_in", "repair", "upcycled")


@dataclass(frozen=True)
class Field:
    level: Level
    type: str  # text | int | bool | date | choice | texts | parts | object | objects
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 300
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any
    writers: frozenset[str]
    fields: dict[str, Field] = field(default_factory=dict)
    ends_life: bool = False  # the unit leaves use: the passport is closed (harvested, upcycled, recycled)
    # Ending kinds this kind may still follow on a closed passport: what is left of a harvested unit (a flip
    # phone's shell once its parts are out) can still be made into an edition item.
    follows_end: frozenset[str] = frozenset()


SYS, SEL, REP, REC, STF = Role.SYSTEM, Role.SELLER, Role.REPAIRER, Role.RECYCLER, Role.STAFF
PROFESSIONALS = frozenset({SYS, SEL, REP, STF})


def _k(name, label, writers, fields, ends_life=False, follows_end=()) -> Kind:
    return Kind(name, label, frozenset(writers), fields, ends_life, frozenset(follows_end))


@dataclass(frozen=True)
class Actor:
    """Who records an event: a role and an organisation's name (never a person; docs/design.md §2: no personal
    data). `seller` ties a refurbisher's events to its shop, for who-may-write-next checks."""

    role: str
    name: str = ""
    seller: Any = None
    # Who-may-write context, never recorded in the event: the person behind a granted role, or the repair
    # location a job's own events come from (services.may_write asks the role's holder check).
    user: Any = field(default=None, compare=False)
    location: Any = field(default=None, compare=False)

    @classmethod
    def system(cls, name: str = "Comeback") -> Actor:
        return cls(Role.SYSTEM, name)

    @classmethod
    def of_seller(cls, seller) -> Actor:
        return cls(Role.SELLER, seller.display_name, seller)

    @classmethod
    def staff(cls) -> Actor:
        return cls(Role.STAFF, "Comeback")
