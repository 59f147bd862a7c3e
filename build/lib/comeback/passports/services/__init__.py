"""Writing passports: THE API other apps call (docs/passports.md "Writing to passports").

- `open_passport(...)` opens a passport for a physical unit (or returns the one already opened for the
  same source), allocating its identifier and, for a new life, linking and closing the earlier one.
- `record_event(...)` appends one event to a passport's chain and re-signs its head.

Both are keyword-only and own their transaction; callers pass an `Actor` (kinds.Actor). Appending moves
the passport's head with a guarded UPDATE (`WHERE head_seq = n`), so two racing writers cannot both
take the same place in the chain: the loser re-reads the head and tries again.

The parts:

- process.py      the passport's own transition table (who may move it)
- identifiers.py  serials and GS1 GTINs for models and units
- opening.py      opening a passport (a unit, a stock unit, a new life linked to the earlier one)
- appending.py    who may write what, appending an event to the chain, re-signing the head
- collected.py    the passport of a unit collected from its owner (trade-in, recovery)
- grants.py       access grants to restricted sections
"""

from __future__ import annotations

from ..kinds import Actor
from .appending import (
    APPEND_ATTEMPTS,
    FUTURE_SLACK,
    may_follow_end,
    may_write,
    record_event,
    register_holder,
    resign,
)
from .collected import collected_unit, traded_in_passport
from .grants import grant_access, revoke_grant
from .identifiers import SERIAL_LENGTH, SERIAL_RE, model_gtin, new_serial, unit_gtin
from .opening import OPENED_DETAILS, derived_serial, may_link, open_passport, open_stock_passport

__all__ = [
    "Actor",
    "APPEND_ATTEMPTS",
    "FUTURE_SLACK",
    "OPENED_DETAILS",
    "SERIAL_LENGTH",
    "SERIAL_RE",
    "collected_unit",
    "derived_serial",
    "grant_access",
    "may_follow_end",
    "may_link",
    "may_write",
    "model_gtin",
    "new_serial",
    "open_passport",
    "open_stock_passport",
    "record_event",
    "register_holder",
    "resign",
    "revoke_grant",
    "traded_in_passport",
    "unit_gtin",
]
