"""Buying: carts, orders split into one fulfilment per seller, lines (one unit each), payments, refunds,
returns, reviews, an append-only ledger and payouts (docs/design.md §2 Orders, Returns).

Invariants live here as CHECK constraints so a racing write can never break them on SQLite or
PostgreSQL; the rules that move things live in services/ and processes.py.

The parts:

- carts.py     carts and their items
- orders.py    orders, fulfilments (one per seller) and lines (one unit each)
- payments.py  payments and refunds
- returns.py   returns and reviews
- ledger.py    the append-only ledger and payouts
"""

from __future__ import annotations

from .carts import MAX_ITEM_QUANTITY, Cart, CartItem
from .ledger import EntryKind, LedgerEntry, Payout, SentEmail
from .orders import Fulfilment, LineStatus, Order, OrderLine, OrderStatus
from .payments import Payment, PaymentStatus, Refund, RefundStatus
from .returns import DEFECT_REASONS, Return, ReturnQuerySet, ReturnReason, ReturnStatus, Review

__all__ = [
    "Cart",
    "CartItem",
    "DEFECT_REASONS",
    "EntryKind",
    "Fulfilment",
    "LedgerEntry",
    "LineStatus",
    "MAX_ITEM_QUANTITY",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Payment",
    "PaymentStatus",
    "Payout",
    "Refund",
    "RefundStatus",
    "Return",
    "ReturnQuerySet",
    "ReturnReason",
    "ReturnStatus",
    "Review",
    "SentEmail",
]
