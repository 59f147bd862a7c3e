"""API shapes of trade-in, one module per actor as in `api/`: the customer's models, quotes and trade-ins
(buyer.py), the refurbishers' buyback offers and intake (seller.py), the partners' stores (partner.py); what
they share is here. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4);
rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from comeback.core.schemas import problems_with

_TEXTS = {
    401: "not authenticated",
    403: "missing_scope / not_a_seller / not a partner",
    404: "not found (or not yours)",
    409: "refused by a rule (see `code`)",
    422: "invalid input (see `errors`)",
    429: "rate_limited",
    503: "blocklist_unavailable",
}

problems = problems_with(_TEXTS)
