"""Claims feed the seller's metrics (defects within 30 days, once per unit) and the unit's passport."""

from __future__ import annotations

from datetime import timedelta

from comeback.aftersales import services
from comeback.aftersales.metrics import claim_facts
from comeback.core import outbox
from comeback.core.models import OutboxEvent
from comeback.orders.services import returns
from comeback.passports.handlers import passport_for_line
from comeback.passports.models import PassportEvent
from comeback.sellers.metrics import collect_facts

from .conftest import T0
from .factories import delivered_line, open_claim

WINDOW = (T0 - timedelta(days=1), T0 + timedelta(days=200))


def test_given_a_claim_within_30_days_of_delivery_then_it_counts_as_a_defect(seller, claim):
    facts = claim_facts(seller.pk, *WINDOW)
    assert facts["defects"] == 1 and facts["claims"] == 1
    assert collect_facts(seller.pk, *WINDOW)["defects"] == 1  # registered with the seller metrics


def test_given_a_claim_after_30_days_then_it_is_a_claim_but_not_a_defect(seller, line, clock_at):
    with clock_at(T0 + timedelta(days=31)):
        open_claim(line)
    facts = claim_facts(seller.pk, *WINDOW)
    assert facts["claims"] == 1 and facts["defects"] == 0


def test_given_a_unit_claimed_twice_then_it_is_one_defect(seller, claim, clock_at):
    services.answer_claim(
        seller=seller,
        claim_id=claim.pk,
        draft=services.AnswerDraft(resolution="remote_assistance", note="Reset the network settings please."),
    )
    services.confirm_resolution(buyer=claim.buyer, claim_id=claim.pk)
    with clock_at(T0 + timedelta(days=10)):
        open_claim(claim.order_line, fault="audio")
    facts = claim_facts(seller.pk, *WINDOW)
    assert facts["claims"] == 2 and facts["defects"] == 1


def test_given_a_defect_return_on_the_same_unit_then_the_claim_does_not_count_it_twice(buyer, seller, claim):
    # The buyer claimed, then also asked to return the unit as defective (still within 30 days).
    returns.request_return(
        buyer=buyer, order_id=claim.order_line.order_id, reason="defect", line_ids=[claim.order_line_id]
    )
    assert claim_facts(seller.pk, *WINDOW)["defects"] == 0
    assert collect_facts(seller.pk, *WINDOW)["defects"] == 1  # the return's own defect, once


def test_given_a_refunded_claim_and_a_missed_deadline_then_outcomes_are_counted(seller, buyer, clock_at):
    with clock_at(T0):
        refunded = open_claim(delivered_line(buyer=buyer, seller=seller, at=T0))
        open_claim(delivered_line(buyer=buyer, seller=seller, at=T0))
        services.answer_claim(
            seller=seller, claim_id=refunded.pk, draft=services.AnswerDraft(resolution="refund")
        )
    with clock_at(T0 + timedelta(days=5)):
        facts = claim_facts(seller.pk, *WINDOW)
    assert facts["claims_refunded"] == 1 and facts["claims_escalated"] == 1


def test_given_a_unit_with_a_passport_when_claimed_and_resolved_then_both_are_on_it_once(seller, line):
    outbox.drain()  # the shipment and delivery open the unit's passport
    passport = passport_for_line(line.pk)
    assert passport is not None
    claim = open_claim(line)
    services.answer_claim(seller=seller, claim_id=claim.pk, draft=services.AnswerDraft(resolution="refund"))
    outbox.drain()
    kinds = list(
        PassportEvent.objects.filter(passport=passport).order_by("seq").values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["claim_opened", "claim_resolved"]
    opened = PassportEvent.objects.get(passport=passport, kind="claim_opened")
    assert opened.data["public"] == {"fault_category": "screen"}
    for event in OutboxEvent.objects.filter(topic__in=["claim.opened", "claim.resolved"]):
        for handler in outbox._handlers[event.topic]:
            handler(event.pk, event.payload)
    assert PassportEvent.objects.filter(passport=passport, kind__startswith="claim_").count() == 2


def test_given_a_unit_sold_before_passports_when_claimed_then_the_claim_simply_has_no_passport_event(line):
    OutboxEvent.objects.filter(topic__startswith="order.").update(
        processed_at=T0
    )  # never passed to passports
    claim = open_claim(line)
    outbox.drain()
    assert passport_for_line(claim.order_line_id) is None
    event = OutboxEvent.objects.get(topic="claim.opened")
    assert event.processed_at is not None and event.last_error == ""
