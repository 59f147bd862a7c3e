"""What can happen to a unit: every event kind, who may record it, and each field with its access level.

This table is the passport's contract (docs/passports.md "Fields and levels"): a field not declared here
cannot be stored, and a field's level decides who reads it. Values are JSON without floats (text,
integers, booleans, dates as YYYY-MM-DD, lists and small objects) so the canonical form is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.catalog.conditions import DISPLAY_ORDER
from comeback.core.problems import Invalid

from .models import Level

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


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        _k(
            "opened",
            gettext_lazy("Passport opened"),
            {SYS},
            {
                "product": Field(P, "object", required=True),
                "variant": Field(P, "object"),
                "gtin": Field(P, "text", required=True),
                "materials": Field(P, "objects"),
                "origin": Field(P, "text", max_length=2),
                "weight_grams": Field(P, "int", min=0),
                "care_instructions": Field(P, "texts"),
                "repair_instructions": Field(P, "text", max_length=2000),
                "source": Field(P, "choice", required=True, choices=SOURCES),
                "life": Field(P, "int", required=True, min=1),
                "previous": Field(P, "text"),
                "issuer": Field(P, "text"),
                "imei": Field(R, "text", max_length=15),
                "maker_serial": Field(R, "text", max_length=64),
                "issuer_legal": Field(A, "object"),
                "source_ref": Field(A, "text"),
            },
        ),
        _k(
            "graded",
            gettext_lazy("Graded"),
            PROFESSIONALS,
            {
                "grade": Field(P, "choice", required=True, choices=GRADES),
                "battery_health": Field(P, "int", min=0, max=100),
                "battery_health_min": Field(P, "int", min=0, max=100),
                "checks": Field(P, "texts"),
                "notes": Field(P, "text", max_length=1000),
                "technician": Field(R, "text"),
                # The unit's photos the seller published with its offer, by content hash (offers/photos.py)
                "photos": Field(P, "objects"),
            },
        ),
        _k(
            "battery_measured",
            gettext_lazy("Battery measured"),
            PROFESSIONALS,
            {
                "battery_health": Field(P, "int", required=True, min=0, max=100),
                "cycle_count": Field(P, "int", min=0),
                "measured_with": Field(P, "text"),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "authenticated",
            gettext_lazy("Authenticated"),
            {SYS},
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "checked": Field(P, "texts"),
                "authenticator": Field(R, "text"),
            },
        ),
        _k(
            "refurbished",
            gettext_lazy("Refurbished"),
            {SYS, SEL, STF},
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "operations": Field(P, "texts"),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "repaired",
            gettext_lazy("Repaired"),
            PROFESSIONALS,
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "parts_replaced": Field(P, "parts"),
                "repairer": Field(P, "text"),
                "warranty_months": Field(P, "int", min=0, max=120),  # the repair's own warranty
                "warranty_until": Field(P, "date"),
                "technician": Field(R, "text"),
                "booking_ref": Field(A, "text"),
                "invoice_ref": Field(A, "text"),
                # What was repaired (a service kind such as shoe_resoling) and a public repair bonus deducted.
                "service": Field(P, "text", max_length=40),
                "repair_bonus": Field(P, "int", min=0),
                "repair_bonus_scheme": Field(P, "text", max_length=40),
            },
        ),
        _k(
            "part_replaced",
            gettext_lazy("Part replaced"),
            PROFESSIONALS,
            {
                "part": Field(P, "text", required=True, max_length=120),
                "part_source": Field(P, "choice", required=True, choices=PART_SOURCES),
                "donor": Field(P, "text"),
                "notes": Field(P, "text", max_length=1000),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "listed",
            gettext_lazy("Listed for sale"),
            {SYS, SEL, STF},
            {
                "grade": Field(P, "choice", required=True, choices=GRADES),
                "market": Field(P, "text", max_length=2),
                "warranty_months": Field(P, "int", min=0, max=120),
                "battery_health_min": Field(P, "int", min=0, max=100),
                # The offer it is sold on: a unit without IMEI or serial (a garment) is found by it at its sale.
                "offer_id": Field(P, "int", min=1),
            },
        ),
        _k(
            "sold",
            gettext_lazy("Sold"),
            {SYS},
            {
                "market": Field(P, "text", required=True, max_length=2),
                "grade": Field(P, "choice", choices=GRADES),
                "warranty_months": Field(P, "int", min=0, max=120),
                "battery_health_min": Field(P, "int", min=0, max=100),
                "seller": Field(P, "text"),
                "order_ref": Field(A, "text"),
            },
        ),
        _k(
            "customised",
            gettext_lazy("Customised"),
            {SYS},
            {
                "addon": Field(P, "text", required=True, max_length=250),
                "addon_grade": Field(P, "choice", choices=GRADES),
                "seller": Field(P, "text"),
                "order_ref": Field(A, "text"),
            },
        ),
        _k(
            "delivered",
            gettext_lazy("Delivered to a new owner"),
            {SYS},
            {
                "warranty_months": Field(P, "int", min=0, max=120),
                "warranty_starts": Field(P, "date"),
                "warranty_until": Field(P, "date"),
                "legal_guarantee_months": Field(P, "int", min=0, max=120),
            },
        ),
        _k(
            "returned",
            gettext_lazy("Returned to the seller"),
            {SYS},
            {
                "reason": Field(R, "text"),
            },
        ),
        _k(
            "ownership_changed",
            gettext_lazy("Changed owner"),
            {SYS, STF},
            {
                "channel": Field(P, "text"),
            },
        ),
        _k(
            "claim_opened",
            gettext_lazy("Warranty claim opened"),
            {SYS, STF},
            {
                "fault_category": Field(P, "text", required=True),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "claim_resolved",
            gettext_lazy("Warranty claim resolved"),
            {SYS, STF},
            {
                "resolution": Field(P, "choice", required=True, choices=RESOLUTIONS),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "guarantee_extended",
            gettext_lazy("Legal guarantee extended"),
            {SYS, STF},
            {
                "months": Field(P, "int", required=True, min=1, max=60),
                "reason": Field(P, "text"),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "traded_in",
            gettext_lazy("Traded in"),
            {SYS, SEL, STF},
            {
                "channel": Field(P, "text"),
                "condition": Field(P, "text"),
                "quote_ref": Field(A, "text"),
            },
        ),
        _k(
            "data_wiped",
            gettext_lazy("Data wiped"),
            {SYS, SEL, REC, STF},
            {
                "method": Field(P, "choice", required=True, choices=WIPE_METHODS),
                "standard": Field(P, "text"),
                "tool": Field(P, "text"),
                "tool_version": Field(P, "text"),
                "verified": Field(P, "bool"),
                "certificate_ref": Field(R, "text"),
                "operator": Field(A, "text"),
            },
        ),
        _k(
            "routed",
            gettext_lazy("Routed"),
            {SYS, SEL, REC, STF},
            {
                "route": Field(P, "choice", required=True, choices=ROUTES),
                "reason": Field(R, "text", max_length=1000),
            },
        ),
        _k(
            "harvested",
            gettext_lazy("Harvested for spare parts"),
            {SYS, SEL, REC, STF},
            {
                "parts": Field(P, "texts"),
                "notes": Field(P, "text", max_length=1000),
            },
            ends_life=True,
        ),
        # Allocated to a creative collection: the unit waits whole in the maker's workshop, its passport
        # open until it is made into an edition item (`upcycled_into`, which ends its life).
        _k(
            "upcycled",
            gettext_lazy("Upcycled"),
            {SYS, SEL, STF},
            {
                "collection": Field(P, "text"),
            },
        ),
        _k(
            "upcycled_into",
            gettext_lazy("Upcycled into an edition item"),
            {SYS, SEL, STF},
            {
                "into": Field(P, "text", required=True),  # the item's passport path (GS1 Digital Link)
                "edition": Field(P, "text", required=True),  # "Flip Buckle Belt 7/50"
            },
            ends_life=True,
            follows_end={"harvested"},  # the remains of a harvested unit
        ),
        # The first fact of a numbered edition item's passport: what it is made of and its story.
        _k(
            "made_from",
            gettext_lazy("Made from upcycled units"),
            {SYS},
            {
                "edition": Field(P, "text", required=True),
                "number": Field(P, "int", required=True, min=1),
                "edition_size": Field(P, "int", required=True, min=1),
                "collection": Field(P, "text"),
                "maker": Field(P, "text"),
                "story": Field(P, "text", max_length=2000),
                "donors": Field(P, "objects", required=True),  # [{"passport": path, "product": name}]
            },
        ),
        _k(
            "recycled",
            gettext_lazy("Recycled"),
            {SYS, REC, STF},
            {
                "recycler": Field(P, "text"),
                "weight_grams": Field(P, "int", required=True, min=1),
                "certificate_ref": Field(R, "text"),
                "certification": Field(R, "text"),
            },
            ends_life=True,
        ),
        _k(
            "new_life",
            gettext_lazy("Started a new life"),
            {SYS},
            {
                "next": Field(P, "text", required=True),
                "life": Field(P, "int", required=True, min=2),
            },
        ),
    ]
}

# Kinds a person may record through the API or the web form (the rest come from integrations).
MANUAL_KINDS = [k for k in KINDS.values() if k.writers - {SYS}]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def get(kind: str) -> Kind:
    found = KINDS.get(kind)
    if found is None:
        raise Invalid.field(
            "kind", "unknown_event_kind", _("Unknown event kind “%s”.") % kind, known=sorted(KINDS)
        )
    return found


def _bad(name: str, message: str) -> Invalid:
    return Invalid.field(f"data.{name}", "invalid_value", message)


def _text(name: str, value: Any, spec: Field) -> str:
    if not isinstance(value, str):
        raise _bad(name, _("“%s” must be text.") % name)
    value = value.strip()
    if len(value) > spec.max_length:
        raise _bad(name, _("“%(name)s” has at most %(n)d characters.") % {"name": name, "n": spec.max_length})
    return value


def _plain(name: str, value: Any, depth: int = 0) -> Any:
    """Objects are kept as they are if they hold only JSON without floats (the canonical form's rule)."""
    if depth > 4:
        raise _bad(name, _("“%s” is nested too deeply.") % name)
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, list):
        return [_plain(name, v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) and k.isascii() for k in value):
        return {k: _plain(name, v, depth + 1) for k, v in value.items()}
    raise _bad(
        name, _("“%s” holds a value that is not text, an integer, a boolean, a list or an object.") % name
    )


def _value(name: str, value: Any, spec: Field) -> Any:
    t = spec.type
    if t == "text":
        return _text(name, value, spec)
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(name, _("“%s” must be a whole number.") % name)
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            raise _bad(
                name,
                _("“%(name)s” must be between %(lo)s and %(hi)s.")
                % {"name": name, "lo": spec.min, "hi": spec.max if spec.max is not None else "∞"},
            )
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise _bad(name, _("“%s” must be true or false.") % name)
        return value
    if t == "date":
        text = _text(name, value, spec)
        try:
            if not _DATE.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise _bad(name, _("“%s” must be a date (YYYY-MM-DD).") % name) from None
        return text
    if t == "choice":
        text = _text(name, value, spec)
        if text not in spec.choices:
            raise Invalid.field(
                f"data.{name}",
                "invalid_choice",
                _("“%(name)s” must be one of: %(choices)s.")
                % {"name": name, "choices": ", ".join(spec.choices)},
            )
        return text
    if t == "texts":
        if not isinstance(value, list) or len(value) > 50:
            raise _bad(name, _("“%s” must be a list of at most 50 texts.") % name)
        return [v for v in (_text(name, item, spec) for item in value) if v]
    if t == "parts":
        if not isinstance(value, list) or len(value) > 50:
            raise _bad(name, _("“%s” must be a list of parts.") % name)
        parts = []
        for item in value:
            if not isinstance(item, dict) or set(item) - {"part", "source"} or not item.get("part"):
                raise _bad(name, _('Each part is {"part": text, "source": oem | compatible | harvested}.'))
            part = {"part": _text(name, item["part"], Field(P, "text", max_length=120))}
            if item.get("source"):
                part["source"] = _value(name, item["source"], Field(P, "choice", choices=PART_SOURCES))
            parts.append(part)
        return parts
    if t == "object":
        if not isinstance(value, dict):
            raise _bad(name, _("“%s” must be an object.") % name)
        return _plain(name, value)
    if t == "objects":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _bad(name, _("“%s” must be a list of objects.") % name)
        return _plain(name, value)
    raise AssertionError(f"unknown field type {t}")  # pragma: no cover - the table above is the only input


def clean(kind: Kind, data: dict | None) -> dict[str, dict]:
    """Validate `data` against the kind's fields and split it by level: {"public": {...}, ...}."""
    data = data or {}
    if not isinstance(data, dict):
        raise Invalid.field("data", "invalid_value", _("“data” must be an object."))
    unknown = sorted(set(data) - set(kind.fields))
    if unknown:
        raise Invalid.field(
            f"data.{unknown[0]}",
            "unknown_field",
            _("“%(field)s” is not a field of a “%(kind)s” event; fields: %(known)s.")
            % {"field": unknown[0], "kind": kind.name, "known": ", ".join(kind.fields)},
        )
    out: dict[str, dict] = {level.value: {} for level in Level}
    for name, spec in kind.fields.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            if spec.required:
                raise Invalid.field(f"data.{name}", "field_required", _("“%s” is required.") % name)
            continue
        out[spec.level.value][name] = _value(name, value, spec)
    return out


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
