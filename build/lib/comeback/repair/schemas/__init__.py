"""API shapes of repair, one module per actor as in `api/` (public, buyer, repairer, staff); what they share
is here. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4);
rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from typing import Annotated

from ninja import Field

from comeback.core.schemas import Integer, problems_with

MAX_ID = 2**63 - 1  # a database id: anything larger is refused as input, never sent to the database
MAX_AMOUNT = 10**12  # minor units: far above any part's price, far below the database's limit
MAX_QUANTITY = 1_000_000


Id = Annotated[Integer, Field(gt=0, le=MAX_ID)]

_TEXTS = {
    401: "not authenticated",
    403: "missing_scope / not your location or part",
    404: "not found (or not yours)",
    409: "refused by a rule (see `code`): slot_taken, part_out_of_stock, booking_state_changed, …",
    422: "invalid input (see `errors`)",
}

problems = problems_with(_TEXTS)
