"""Payouts in the ledger for lines delivered 10+ days ago and not in dispute; idempotent; a refund after
a payout is held back from the next one; a payout the bank sends back is reversed (the ledger stays
balanced). The schedule and the transfers are the payouts app's (tests/payouts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from comeback.orders import ledger
from comeback.orders.models import LedgerEntry, Payout
from comeback.orders.services import returns
from comeback.orders.services.payouts import reverse_payout, run_payouts

from .helpers import T0, place_order, walk

MONDAY = datetime(2027, 3, 15, 6, 0, tzinfo=UTC)  # 12 days after T0


def delivered_lines(buyer, offer, clock_at, n=1):
    with clock_at(T0):
        order = place_order(buyer, (offer, n))
        return [walk(ln, "delivered") for ln in order.lines.select_related("order__buyer", "seller")]


def test_given_lines_delivered_12_days_ago_when_payouts_run_on_a_payout_day_then_the_seller_is_paid_once(
    buyer, offer, seller, clock_at
):
    lines = delivered_lines(buyer, offer, clock_at, n=2)

    first = run_payouts(at=MONDAY)
    again = run_payouts(at=MONDAY + timedelta(hours=3))

    assert len(first) == 1 and again == []
    payout = Payout.objects.get()
    assert (payout.seller_id, payout.amount, payout.transfer_amount) == (seller.pk, 2 * 27000, 2 * 27000)
    assert {ln.pk for ln in payout.lines.all()} == {ln.pk for ln in lines}
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}
    assert ledger.order_sums(lines[0].order_id) == {"EUR": 0}


def test_given_a_line_delivered_9_days_ago_then_it_waits_for_a_later_payout(buyer, offer, clock_at):
    delivered_lines(buyer, offer, clock_at)
    assert run_payouts(at=T0 + timedelta(days=9)) == []


def test_given_a_line_with_an_open_return_then_it_is_not_paid_out(buyer, offer, clock_at):
    line = delivered_lines(buyer, offer, clock_at)[0]
    with clock_at(T0 + timedelta(days=5)):
        returns.request_return(buyer=buyer, order_id=line.order_id, reason="defect")
    assert run_payouts(at=MONDAY) == []


def test_given_a_refund_after_the_payout_then_the_next_payout_holds_the_debt_back(
    buyer, offer, seller, clock_at
):
    returned, _kept = delivered_lines(buyer, offer, clock_at, n=2)
    run_payouts(at=MONDAY)  # 2 × 27000 paid out
    with clock_at(MONDAY + timedelta(days=1)):  # 13 days after delivery: still within 30 days
        ret = returns.request_return(buyer=buyer, order_id=returned.order_id, reason="changed_mind")[0]
        returns.receive_return(seller=seller, return_id=ret.pk)
        returns.refund_return(seller=seller, return_id=ret.pk)
    assert ledger.seller_balances(seller.pk) == {"EUR": -27000}  # the seller owes the refunded unit

    with clock_at(datetime(2027, 3, 20, tzinfo=UTC)):
        later = walk(
            place_order(buyer, offer).lines.select_related("order__buyer", "seller").get(), "delivered"
        )
    payout = run_payouts(at=datetime(2027, 4, 1, 6, tzinfo=UTC))[0]  # 12 days later

    assert [ln.pk for ln in payout.lines.all()] == [later.pk]
    assert (payout.amount, payout.transfer_amount) == (27000, 0)  # the debt is held back
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}
    assert ledger.order_sums(later.order_id) == {"EUR": 0}
    assert ledger.order_sums(returned.order_id) == {"EUR": 0}
    assert sum(LedgerEntry.objects.filter(payout=payout).values_list("amount", flat=True)) == 0


def test_given_a_payout_the_bank_sent_back_when_it_is_reversed_then_the_lines_are_paid_again_by_the_next(
    buyer, offer, seller, clock_at
):
    lines = delivered_lines(buyer, offer, clock_at, n=2)
    first = run_payouts(at=MONDAY)[0]

    assert reverse_payout(payout_id=first.pk, at=MONDAY + timedelta(days=2))
    assert not reverse_payout(payout_id=first.pk, at=MONDAY + timedelta(days=3))  # once only

    assert ledger.seller_balances(seller.pk) == {"EUR": 2 * 27000}  # back in the balance
    assert sum(LedgerEntry.objects.filter(payout=first).values_list("amount", flat=True)) == 0
    again = run_payouts(at=MONDAY + timedelta(days=2))[0]
    assert again.pk != first.pk and {ln.pk for ln in again.lines.all()} == {ln.pk for ln in lines}
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}
    assert ledger.order_sums(lines[0].order_id) == {"EUR": 0}
