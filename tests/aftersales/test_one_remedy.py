"""One remedy, not two (docs/design.md §2 Returns, Warranty): a return on a line with a warranty claim settles
the claim while its remedy has not started, and is refused once a repair or replacement is under way; racing
the seller's answer with real threads never gives both a refund by the claim and a return."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.aftersales import services
from comeback.aftersales.models import Claim, ClaimStatus
from comeback.core.problems import Conflict
from comeback.orders.models import Refund, Return
from comeback.orders.services import returns
from tests.concurrency import race

from .conftest import T0
from .factories import delivered_line, open_claim

LATER = T0 + timedelta(hours=2)


def ask_return(api, line):
    return api.as_(line.order.buyer).post(f"/api/v1/orders/{line.order_id}/returns", {"reason": "defect"})


def test_given_an_open_claim_when_the_buyer_returns_the_item_then_the_return_settles_the_claim(
    api, claim, line, clock_at
):
    with clock_at(LATER):
        created = ask_return(api, line).expect(201)["returns"][0]
    assert created["settled_claim"] == claim.ref
    claim.refresh_from_db()
    assert (claim.status, claim.resolution, claim.resolved_at) == (ClaimStatus.RESOLVED, "return", LATER)
    assert "settles this claim" in claim.messages.last().body
    with clock_at(LATER):
        answer = services.AnswerDraft(resolution="refund")
        with pytest.raises(Conflict) as refused:
            services.answer_claim(seller=line.seller, claim_id=claim.pk, draft=answer)
    assert refused.value.code == "invalid_transition"
    assert Refund.objects.count() == 0  # the refund comes with the return, once


def test_given_remote_assistance_awaiting_the_buyer_when_the_item_is_returned_then_the_claim_is_settled(
    api, claim, line, clock_at
):
    with clock_at(LATER):
        draft = services.AnswerDraft(resolution="remote_assistance", note="Restart it holding both buttons.")
        services.answer_claim(seller=line.seller, claim_id=claim.pk, draft=draft)
        ask_return(api, line).expect(201)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RESOLVED and claim.resolution == "return"


def test_given_a_claim_in_repair_when_the_buyer_returns_the_item_then_409_and_nothing_changes(
    api, claim, line, clock_at
):
    with clock_at(LATER):
        draft = services.AnswerDraft(
            resolution="repair", note="Send it over.", return_label_url="https://labels.example/r.pdf"
        )
        services.answer_claim(seller=line.seller, claim_id=claim.pk, draft=draft)
        problem = ask_return(api, line).expect(409)
    assert problem["code"] == "claim_remedy_under_way" and problem["claim_ref"] == claim.ref
    assert not Return.objects.exists()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REPAIR


def test_given_an_open_return_when_the_buyer_opens_a_claim_then_409(api, line, clock_at):
    with clock_at(LATER):
        ask_return(api, line).expect(201)
        with pytest.raises(Conflict) as refused:
            open_claim(line, at=LATER)
    assert refused.value.code == "return_in_progress"


@pytest.mark.django_db(transaction=True)
def test_given_an_open_claim_when_the_seller_refunds_it_as_the_buyer_returns_the_item_then_one_remedy_wins(
    clock_at, buyer, seller
):
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, at=T0)
        claim = open_claim(line, at=T0)
    with clock_at(LATER):
        results = race(
            [
                lambda: services.answer_claim(
                    seller=seller, claim_id=claim.pk, draft=services.AnswerDraft(resolution="refund")
                ),
                lambda: returns.request_return(buyer=buyer, order_id=line.order_id, reason="defect"),
            ]
        )
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], Conflict), results
    claim.refresh_from_db()
    if isinstance(won[0], Claim):  # the seller's refund won: no return, one refund
        assert claim.resolution == "refund" and not Return.objects.exists()
        assert Refund.objects.count() == 1
    else:  # the return won: the claim is settled by it, nothing refunded yet
        assert claim.resolution == "return" and Return.objects.count() == 1
        assert Refund.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_given_a_delivered_line_when_a_claim_and_a_return_are_opened_at_once_then_only_one_exists_live(
    clock_at, buyer, seller
):
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, at=T0)
    with clock_at(LATER):
        results = race(
            [
                lambda: open_claim(line, at=LATER),
                lambda: returns.request_return(buyer=buyer, order_id=line.order_id, reason="defect"),
            ]
        )
    assert not any(isinstance(r, Exception) and not isinstance(r, Conflict) for r in results), results
    # Either the claim came first and the return settled it, or the return came first and the claim was refused.
    assert Return.objects.count() == 1
    assert not Claim.objects.filter(status__in=[ClaimStatus.OPEN, ClaimStatus.IN_REPAIR]).exists()
    assert set(Claim.objects.values_list("resolution", flat=True)) <= {"return"}
