"""The payouts API, by actor: `seller.py` (bank accounts), `staff.py` (runs, files, statements); buyers'
invoices live in the invoices app.

Problem responses are declared for every operation where the API is assembled (core/contract.py); an
operation only names its own codes, `refused(409, "code")`."""

from __future__ import annotations


def refused(*pairs: tuple[int, str]) -> dict:
    """`openapi_extra` naming the codes an operation answers with, e.g. `refused((409, "not_a_payout_day"))`."""
    return {"responses": {status: {"description": code} for status, code in pairs}}
