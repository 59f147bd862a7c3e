"""A claim being handled holds the seller's payout for that line: pay once it is settled, never pay
first and charge the refund back later."""

from __future__ import annotations

from datetime import timedelta

from comeback.aftersales import services
from comeback.orders.services.payouts import eligible_lines

from .conftest import T0


def test_given_an_open_claim_when_payouts_are_due_then_the_line_waits(line, claim):
    due = T0 + timedelta(days=30)

    assert not eligible_lines(due).filter(pk=line.pk).exists()


def test_given_a_settled_claim_when_payouts_are_due_then_the_line_is_paid(line, claim, frozen):
    answer = services.AnswerDraft(
        resolution="remote_assistance", note="Reset the network settings; it works."
    )
    services.answer_claim(seller=line.seller, claim_id=claim.pk, draft=answer, at=T0 + timedelta(hours=2))
    services.confirm_resolution(buyer=line.order.buyer, claim_id=claim.pk, at=T0 + timedelta(hours=3))

    assert eligible_lines(T0 + timedelta(days=30)).filter(pk=line.pk).exists()
