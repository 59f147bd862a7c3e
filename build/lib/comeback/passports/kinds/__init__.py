"""What can happen to a unit: every event kind, who may record it, and each field with its access level.

This table is the passport's contract (docs/passports.md "Fields and levels"): a field not declared here
cannot be stored, and a field's level decides who reads it. Values are JSON without floats (text,
integers, booleans, dates as YYYY-MM-DD, lists and small objects) so the canonical form is exact.

The parts:

- vocabulary.py  roles, actors, the values fields take, and how a kind and a field are declared
- table.py       every event kind (KINDS), and the ones a person may record
- cleaning.py    checking an event's data against its kind, field by field
"""

from __future__ import annotations

from .cleaning import clean, get
from .table import KINDS, MANUAL_KINDS
from .vocabulary import (
    ALTERATION_SERVICES,
    GRADES,
    PART_SOURCES,
    PROFESSIONALS,
    RESOLUTIONS,
    ROUTES,
    SOURCES,
    WIPE_METHODS,
    Actor,
    Field,
    Kind,
    Role,
)

__all__ = [
    "ALTERATION_SERVICES",
    "Actor",
    "Field",
    "GRADES",
    "KINDS",
    "Kind",
    "MANUAL_KINDS",
    "PART_SOURCES",
    "PROFESSIONALS",
    "RESOLUTIONS",
    "ROUTES",
    "Role",
    "SOURCES",
    "WIPE_METHODS",
    "clean",
    "get",
]
