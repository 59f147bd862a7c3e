"""API shapes of trade-in, one module per actor as in `api/`: the customer's models, quotes and trade-ins
(buyer.py), the refurbishers' buyback offers and intake (seller.py), the partners' stores (partner.py); what
they share is here. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4);
rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from ninja import Schema

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


class TradeInReads(Schema):
    """How each actor's trade-in schema reads the fields they share off a TradeIn (resolvers only, no fields)."""

    @staticmethod
    def resolve_tradein_id(t) -> str:
        return t.ref

    @staticmethod
    def resolve_product(t) -> str:
        return str(t.product)

    @staticmethod
    def resolve_market(t) -> str:
        return t.market_id

    @staticmethod
    def resolve_store(t) -> str | None:
        return t.store.code if t.store_id else None

    @staticmethod
    def resolve_quoted(t) -> int:
        return t.quoted_amount

    @staticmethod
    def resolve_counter(t) -> int | None:
        return t.counter_amount

    @staticmethod
    def resolve_agreed(t) -> int | None:
        return t.final_amount

    @staticmethod
    def resolve_bonus(t) -> int:
        return t.bonus_amount

    @staticmethod
    def resolve_device(t) -> str:
        return t.device_id
