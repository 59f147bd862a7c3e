"""Every write of after-sales: open a claim, the seller's answer, the buyer's confirmation or reopening, staff
decisions, the thread, and the escalation notices (docs/design.md §2 Warranty; docs/warranty.md).

Each use case runs in one transaction, moves the claim through processes.py (guarded updates) and emits
its side effects through the outbox (emails, passport events, after commit).

The parts:

- lookups.py     shared helpers, and look-ups that never reveal someone else's claim
- opening.py     the buyer opens a claim on a line under warranty
- answers.py     the seller's answer (repair, replace, refund, refuse), a repair completed
- resolution.py  the buyer confirms or reopens; staff decide
- thread.py      the claim's messages, and the clock's escalation notices
"""

from __future__ import annotations

from .answers import REFUND_REASON, AnswerDraft, answer_claim, complete_repair
from .lookups import MAX_TEXT, MIN_DESCRIPTION, buyer_claim, seller_claim, staff_claim
from .opening import ClaimDraft, open_claim
from .resolution import confirm_resolution, decide_claim, reopen_claim
from .thread import notify_escalations, post_message

__all__ = [
    "AnswerDraft",
    "ClaimDraft",
    "MAX_TEXT",
    "MIN_DESCRIPTION",
    "REFUND_REASON",
    "answer_claim",
    "buyer_claim",
    "complete_repair",
    "confirm_resolution",
    "decide_claim",
    "notify_escalations",
    "open_claim",
    "post_message",
    "reopen_claim",
    "seller_claim",
    "staff_claim",
]
