"""Reading passports: the passport document at a level, its chain, its lineage, its verification.

Everything a reader sees is folded from the events, keeping only the fields of the reader's level
and below (kinds.KINDS declares each field's level). Nothing personal is ever stored: ownership is a
count and dates; actors are organisations.

The parts:

- lookups.py    finding a passport (serial, GS1 identifier, unit), its events, owner and lineage
- levels.py     what a level sees of an event, the chain document, verification
- document.py   the passport document folded from the events, with its links and grading photos
- footprint.py  the avoided emissions the document shows
"""

from __future__ import annotations

from .document import document, fold, grading_photos, links, warranty_until
from .levels import chain_document, event_json, head_json, verify, visible
from .lookups import (
    BACK_WITH_PROFESSIONALS,
    OWNER_IN,
    active_unit,
    by_identifier,
    events,
    find,
    issued_by,
    lineage,
    listed_unit,
    model_for_gtin,
    passport,
    with_owner,
)

__all__ = [
    "BACK_WITH_PROFESSIONALS",
    "OWNER_IN",
    "active_unit",
    "by_identifier",
    "chain_document",
    "document",
    "event_json",
    "events",
    "find",
    "fold",
    "grading_photos",
    "head_json",
    "issued_by",
    "lineage",
    "links",
    "listed_unit",
    "model_for_gtin",
    "passport",
    "verify",
    "visible",
    "warranty_until",
    "with_owner",
]
