"""The trade-in's process: every transition and refusal, deadlines by time travel, the
automatic validation in the customer's favour, and the idempotent sweep."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from comeback.core.problems import Conflict, Forbidden
from comeback.tradein import processes
from comeback.tradein.models import CounterDecision, CounterOffer, TradeIn, TradeInEvent
from comeback.tradein.models import TradeInStatus as S
from comeback.tradein.services import access, deadlines, inspection, orders
from tests.factories import UserFactory

from .factories import BuybackOfferFactory, photo, tradein, utc

FRIDAY = utc(2026, 3, 6, 9, 0)  # 10:00 in Paris


def test_given_the_transition_table_then_every_target_stamps_its_time_and_every_status_is_reachable_or_initial():
    targets = {to for _frm, to in processes.TRANSITIONS}
    assert targets <= set(processes.STAMPS)
    assert set(S.values) - targets == {S.AWAITING_SHIPMENT}
    assert set(processes.OPEN) | set(processes.FINAL) == set(S.values)
    assert not any(frm in processes.FINAL for frm, _to in processes.TRANSITIONS)


# Every action, by who takes it, and the states it is allowed from.
def _ship(t):
    return orders.mark_shipped(user=t.customer, ref=t.ref)


def _cancel(t):
    return orders.cancel(user=t.customer, ref=t.ref)


def _op(t):
    return access.Operator.refurbisher(t.seller)


def _receive(t):
    return inspection.receive(op=_op(t), ref=t.ref)


def _validate(t):
    return inspection.validate(op=_op(t), ref=t.ref)


def _counter(t):
    return inspection.counter_offer(
        op=_op(t),
        ref=t.ref,
        draft=inspection.CounterDraft(reason="screen_damage_undeclared", price=1000, photos=[photo()]),
    )


def _accept_counter(t):
    return orders.answer_counter_offer(user=t.customer, ref=t.ref, accept=True)


def _return(t):
    return inspection.record_return(op=_op(t), ref=t.ref, label="RL1", tracking="TRK1")


ACTIONS = {
    "ship": (_ship, {"awaiting_shipment"}),
    "cancel": (_cancel, {"awaiting_shipment"}),
    "receive": (_receive, {"awaiting_shipment", "shipped"}),
    "validate": (_validate, {"received"}),
    "counter": (_counter, {"received"}),
    "accept_counter": (_accept_counter, {"counter_offered"}),
    "return": (_return, set()),
}
STATES = ["awaiting_shipment", "shipped", "received", "counter_offered", "validated", "paid"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_given_a_trade_in_in_each_state_when_each_action_is_tried_then_only_the_table_allows_it(
    db, state, action
):
    t = tradein(state)
    run, allowed_from = ACTIONS[action]
    if state in allowed_from:
        run(t)
        t.refresh_from_db()
        assert t.status != state
    else:
        with pytest.raises((Conflict, Forbidden)) as refused:
            run(t)
        # A move the table lacks from this state is 409; one it has for another actor is 403.
        assert refused.value.code in {"invalid_transition", "actor_not_allowed", "no_pending_counter_offer"}
        t.refresh_from_db()
        assert t.status == state


def test_given_a_refused_counter_offer_when_the_device_is_sent_back_then_it_is_returned_with_tracking(db):
    t = tradein("counter_offered")
    orders.answer_counter_offer(user=t.customer, ref=t.ref, accept=False)
    t.refresh_from_db()
    assert t.status == S.RETURNING and t.return_due_at is not None
    assert CounterOffer.objects.get(tradein=t).decision == CounterDecision.REFUSED
    _return(t)
    t.refresh_from_db()
    assert (t.status, t.return_label, t.return_tracking) == (S.RETURNED, "RL1", "TRK1")
    assert [e.kind for e in TradeInEvent.objects.filter(tradein=t)][-2:] == ["returning", "returned"]


def test_given_an_awaiting_trade_in_when_14_days_pass_then_it_lapses_when_next_read_and_cannot_ship(api, db):
    with time_machine.travel(FRIDAY, tick=False):
        t = tradein("awaiting_shipment")
    with time_machine.travel(FRIDAY + timedelta(days=13, hours=23), tick=False):
        assert (
            api.as_(t.customer).get(f"/api/v1/tradein/orders/{t.ref}").expect(200)["status"]
            == "awaiting_shipment"
        )
    with time_machine.travel(FRIDAY + timedelta(days=14, minutes=1), tick=False):
        order = api.as_(t.customer).get(f"/api/v1/tradein/orders/{t.ref}").expect(200)
        assert order["status"] == "lapsed"
        assert api.as_(t.customer).post(f"/api/v1/tradein/orders/{t.ref}/ship", {}).expect(409)["code"] == (
            "invalid_transition"
        )
    t.refresh_from_db()
    assert t.lapsed_at == t.ship_by


def test_given_a_device_received_on_friday_when_two_business_days_pass_unanswered_then_it_is_validated_at_the_quote(
    db,
):
    with time_machine.travel(FRIDAY, tick=False):
        t = tradein("received")
    assert t.inspection_due_at == utc(
        2026, 3, 10, 23, 0
    )  # Wednesday 00:00 in Paris: Monday and Tuesday count
    with time_machine.travel(utc(2026, 3, 10, 22, 59), tick=False):
        assert access.for_customer(user=t.customer, ref=t.ref).status == S.RECEIVED
    with time_machine.travel(utc(2026, 3, 10, 23, 1), tick=False):
        fresh = access.for_customer(user=t.customer, ref=t.ref)
        assert (fresh.status, fresh.final_amount, fresh.auto_validated) == (
            S.VALIDATED,
            t.quoted_amount,
            True,
        )
        assert fresh.validated_at == t.inspection_due_at
        with pytest.raises(Conflict):
            _counter(fresh)
    event = TradeInEvent.objects.get(tradein=t, kind="validated")
    assert (event.actor, event.detail["auto"]) == ("clock", True)


def test_given_a_public_holiday_when_counting_the_inspection_deadline_then_it_is_skipped(db):
    with time_machine.travel(
        utc(2026, 4, 30, 8, 0), tick=False
    ):  # Thursday; Friday 1 May is a holiday in France
        t = tradein("received")
    assert t.inspection_due_at == utc(2026, 5, 5, 22, 0)  # Wednesday 6 May 00:00 in Paris (Mon 4, Tue 5)


def test_given_an_unanswered_counter_offer_when_7_days_pass_then_the_device_goes_back_free(db):
    with time_machine.travel(FRIDAY, tick=False):
        t = tradein("counter_offered")
    with time_machine.travel(FRIDAY + timedelta(days=7, minutes=1), tick=False):
        fresh = access.for_customer(user=t.customer, ref=t.ref)
        assert fresh.status == S.RETURNING and fresh.returning_at == t.counter_due_at
        with pytest.raises(Conflict):
            orders.answer_counter_offer(user=t.customer, ref=t.ref, accept=True)
    assert CounterOffer.objects.get(tradein=t).decision == CounterDecision.LAPSED


def test_given_missed_deadlines_when_sweeping_twice_then_each_trade_in_moves_once(db):
    offer = BuybackOfferFactory(weekly_capacity=100)
    with time_machine.travel(FRIDAY, tick=False):
        waiting = tradein("awaiting_shipment", offer=offer)
        received = tradein("received", offer=offer)
        countered = tradein("counter_offered", offer=offer)
        fresh = tradein("shipped", offer=offer)
    later = FRIDAY + timedelta(days=15)
    first = deadlines.sweep(at=later)
    second = deadlines.sweep(at=later)
    # the auto-validated one is unpaid (no wipe certificate) and already past its payment promise
    assert first == {"lapsed": 1, "validated": 1, "returning": 1, "paid": 0, "payouts_overdue_alerts": 1}
    assert second == {"paid": 0, "payouts_overdue_alerts": 0}
    states = dict(TradeIn.objects.values_list("ref", "status"))
    assert (states[waiting.ref], states[received.ref], states[countered.ref], states[fresh.ref]) == (
        S.LAPSED,
        S.VALIDATED,
        S.RETURNING,
        S.SHIPPED,
    )
    assert TradeInEvent.objects.filter(tradein=received, kind="validated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_given_two_inspectors_racing_when_one_validates_and_one_counter_offers_then_exactly_one_wins():
    t = tradein("received", customer=UserFactory(email="race@example.test"))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def act(fn):
        try:
            barrier.wait()
            fn(TradeIn.objects.get(pk=t.pk))
            outcomes.append("won")
        except (Conflict, Forbidden) as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(fn,)) for fn in (_validate, _counter)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    # The loser finds the other's move made (409, or 403 where only the customer may move on from there) or
    # loses the guarded update (409).
    assert sorted(outcomes) in (
        ["invalid_transition", "won"],
        ["actor_not_allowed", "won"],
        ["tradein_state_changed", "won"],
    )
    t.refresh_from_db()
    assert t.status in (S.VALIDATED, S.COUNTER_OFFERED)
    assert TradeInEvent.objects.filter(tradein=t, kind__in=["validated", "counter_offered"]).count() == 1


def test_given_a_missed_inspection_deadline_when_pages_and_lists_are_read_then_they_show_the_clock_and_write_nothing(
    api, client, db
):
    from comeback.core.models import OutboxEvent

    with time_machine.travel(FRIDAY, tick=False):
        t = tradein("received")
    events_before = OutboxEvent.objects.count()
    with time_machine.travel(t.inspection_due_at + timedelta(minutes=1), tick=False):
        shown = api.as_(t.customer).get("/api/v1/tradein/orders").expect(200)["items"]
        detail = api.as_(t.customer).get(f"/api/v1/tradein/orders/{t.ref}").expect(200)
        seller_list = api.as_(t.seller.user).get("/api/v1/seller/tradeins").expect(200)["items"]
        client.force_login(t.customer)
        page = client.get("/trade-in/orders/")

    assert [row["status"] for row in shown] == [detail["status"]] == ["validated"]
    assert [row["status"] for row in seller_list] == ["validated"]
    assert page.status_code == 200
    t.refresh_from_db()
    assert t.status == S.RECEIVED and t.validated_at is None
    assert not TradeInEvent.objects.filter(tradein=t, kind="validated").exists()
    assert OutboxEvent.objects.count() == events_before


def test_given_a_missed_counter_deadline_then_as_of_answers_the_move_in_memory_only(db):
    with time_machine.travel(FRIDAY, tick=False):
        t = tradein("counter_offered")

    shown = processes.as_of(t, t.counter_due_at)

    assert (shown.status, shown.returning_at) == (S.RETURNING, t.counter_due_at)
    assert shown.return_due_at == processes.return_due(t.counter_due_at, t.market)
    assert t.status == S.COUNTER_OFFERED and processes.as_of(t, t.counter_due_at - timedelta(seconds=1)) is t
