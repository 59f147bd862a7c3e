"""Each resolution end to end through the API: remote assistance, repair, replacement, refund; confirm and reopen."""

from __future__ import annotations

from datetime import timedelta

from comeback.aftersales.models import ClaimMessage
from comeback.offers.models import Offer
from comeback.orders import ledger
from comeback.orders.models import LineStatus, Refund
from tests.factories import OfferFactory
from tests.orders.helpers import VALID_IMEI

from .conftest import T0

SECOND_IMEI = "356938035643809"


def _answer(api, seller, claim, **body):
    return api.as_(seller.user).post(f"/api/v1/seller/claims/{claim.pk}/answer", body)


def test_given_remote_assistance_when_the_buyer_confirms_then_the_claim_is_resolved(
    api, buyer, seller, claim
):
    body = _answer(
        api,
        seller,
        claim,
        resolution="remote_assistance",
        note="Update to the latest system version, then reset the network settings.",
    ).expect(200)
    assert body["status"] == "awaiting_buyer" and body["resolution"] == "remote_assistance"
    assert body["answered_at"] == "2027-03-03T10:00:00Z"
    done = api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/confirm").expect(200)
    assert done["status"] == "resolved" and done["resolved_at"] == "2027-03-03T10:00:00Z"


def test_given_remote_assistance_without_instructions_when_answered_then_it_is_refused(api, seller, claim):
    assert _answer(api, seller, claim, resolution="remote_assistance").expect(422)["code"] == "too_short"


def test_given_a_repair_when_it_does_not_hold_then_the_buyer_reopens_and_the_seller_refunds(
    api, buyer, seller, claim, clock_at
):
    body = _answer(
        api,
        seller,
        claim,
        resolution="repair",
        return_label_url="https://labels.example/CL123.pdf",
        return_tracking="RET123456",
    ).expect(200)
    assert body["status"] == "in_repair" and body["return_label_url"] == "https://labels.example/CL123.pdf"
    # The buyer cannot confirm a repair still in the workshop: only staff close it there (403, wrong actor).
    assert (
        api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/confirm").expect(403)["code"]
        == "actor_not_allowed"
    )
    body = (
        api.as_(seller.user)
        .post(
            f"/api/v1/seller/claims/{claim.pk}/repaired",
            {"tracking_number": "BACK12345", "carrier": "Colissimo", "note": "New screen fitted."},
        )
        .expect(200)
    )
    assert body["status"] == "awaiting_buyer" and body["ship_back_tracking"] == "BACK12345"

    with clock_at(T0 + timedelta(days=7)):  # Wednesday 10 March
        reopened = (
            api.as_(buyer)
            .post(
                f"/api/v1/warranty/claims/{claim.pk}/reopen", {"reason": "It flickers again after two days."}
            )
            .expect(200)
        )
        assert reopened["status"] == "open" and reopened["reopen_count"] == 1
        assert reopened["answered_at"] is None and reopened["resolution"] is None
        assert reopened["answer_due_at"] == "2027-03-12T23:00:00Z"  # a new 2-business-day clock
        refunded = _answer(api, seller, claim, resolution="refund").expect(200)
    assert refunded["status"] == "resolved" and refunded["resolution"] == "refund"
    line = claim.order_line
    line.refresh_from_db()
    assert line.status == LineStatus.REFUNDED
    refund = Refund.objects.get(line=line)
    assert refund.amount == line.paid_amount and refund.reason == "warranty_claim"
    assert ledger.order_sums(line.order_id) == {"EUR": 0}
    assert ledger.seller_balances(seller.pk)["EUR"] == 0  # paid then taken back
    assert ClaimMessage.objects.filter(claim=claim, author="buyer", body__startswith="It flickers").exists()


def test_given_a_repair_without_a_label_when_answered_then_it_is_refused(api, seller, claim):
    assert _answer(api, seller, claim, resolution="repair").expect(422)["code"] == "return_label_required"


def test_given_a_replacement_from_a_listing_when_answered_then_its_stock_drops_and_the_unit_is_recorded(
    api, buyer, seller, claim
):
    source = OfferFactory(
        seller=seller, variant=claim.order_line.offer.variant, grade="excellent", quantity=2
    )
    body = _answer(
        api,
        seller,
        claim,
        resolution="replace",
        replacement_offer_id=source.pk,
        replacement_imei=SECOND_IMEI,
        tracking_number="SWAP123456",
        carrier="DHL",
    ).expect(200)
    assert body["status"] == "awaiting_buyer" and body["replacement_source"] == "offer"
    assert body["replacement_imei"] == SECOND_IMEI and body["replacement_offer_id"] == source.pk
    assert Offer.objects.get(pk=source.pk).quantity == 1
    assert (
        api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/confirm").expect(200)["status"] == "resolved"
    )


def test_given_a_replacement_from_an_empty_listing_when_answered_then_it_is_refused_and_nothing_moves(
    api, seller, claim
):
    source = OfferFactory(seller=seller, variant=claim.order_line.offer.variant, grade="fair", quantity=0)
    problem = _answer(
        api,
        seller,
        claim,
        resolution="replace",
        replacement_offer_id=source.pk,
        replacement_imei=SECOND_IMEI,
        tracking_number="SWAP123456",
        carrier="DHL",
    ).expect(409)
    assert problem["code"] == "out_of_stock"
    claim.refresh_from_db()
    assert claim.status == "open" and claim.answered_at is None


def test_given_a_replacement_from_another_sellers_listing_when_answered_then_it_is_refused(
    api, seller, other_seller, claim
):
    theirs = OfferFactory(seller=other_seller, variant=claim.order_line.offer.variant, quantity=3)
    problem = _answer(
        api,
        seller,
        claim,
        resolution="replace",
        replacement_offer_id=theirs.pk,
        replacement_imei=SECOND_IMEI,
        tracking_number="SWAP123456",
        carrier="DHL",
    ).expect(422)
    assert problem["code"] == "unknown_offer" and Offer.objects.get(pk=theirs.pk).quantity == 3


def test_given_a_replacement_from_the_sellers_reserve_when_answered_then_its_serial_is_recorded(
    api, seller, claim
):
    body = _answer(
        api,
        seller,
        claim,
        resolution="replace",
        replacement_serial="F2LXK0QJHG7F",
        tracking_number="SWAP123456",
        carrier="DHL",
    ).expect(200)
    assert body["replacement_source"] == "seller_unit" and body["replacement_serial"] == "F2LXK0QJHG7F"


def test_given_a_replacement_with_a_bad_imei_when_answered_then_it_is_refused(api, seller, claim):
    problem = _answer(
        api,
        seller,
        claim,
        resolution="replace",
        replacement_imei=VALID_IMEI[:-1] + "0",
        tracking_number="SWAP123456",
        carrier="DHL",
    ).expect(422)
    assert problem["code"] == "invalid_imei"


def test_given_a_refund_answer_then_the_claim_is_resolved_at_once_and_the_line_refunded(
    api, buyer, seller, claim
):
    body = _answer(api, seller, claim, resolution="refund").expect(200)
    assert body["status"] == "resolved" and body["resolved_at"] == body["answered_at"]
    assert (
        api.as_(buyer)
        .get("/api/v1/orders/" + str(claim.order_line.order_id))
        .expect(200)["fulfilments"][0]["lines"][0]["status"]
        == "refunded"
    )


def test_given_a_resolved_claim_when_the_seller_answers_again_then_it_is_refused(api, seller, claim):
    _answer(api, seller, claim, resolution="refund").expect(200)
    assert _answer(api, seller, claim, resolution="refund").expect(409)["code"] == "invalid_transition"


def test_given_an_open_claim_when_the_buyer_reopens_it_then_it_is_refused(api, buyer, claim):
    problem = (
        api.as_(buyer)
        .post(f"/api/v1/warranty/claims/{claim.pk}/reopen", {"reason": "Nobody answered me yet."})
        .expect(409)
    )
    assert problem["code"] == "invalid_transition"


def test_given_a_claim_when_buyer_and_seller_write_then_the_thread_shows_both_in_order(
    api, buyer, seller, claim
):
    api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/messages", {"body": "Photos attached."}).expect(
        201
    )
    api.as_(seller.user).post(
        f"/api/v1/seller/claims/{claim.pk}/messages", {"body": "Thanks, looking."}
    ).expect(201)
    thread = api.as_(buyer).get(f"/api/v1/warranty/claims/{claim.pk}/messages").expect(200)["items"]
    assert [(m["author"], m["body"]) for m in thread] == [
        ("buyer", "Photos attached."),
        ("seller", "Thanks, looking."),
    ]
    assert (
        api.as_(seller.user).get(f"/api/v1/seller/claims/{claim.pk}/messages").expect(200)["items"] == thread
    )
    assert api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/messages", {"body": " "}).expect(422)


def test_given_a_delivered_line_then_the_order_api_shows_its_warranty_and_legal_guarantee(api, buyer, line):
    out = api.as_(buyer).get(f"/api/v1/orders/{line.order_id}").expect(200)["fulfilments"][0]["lines"][0]
    assert out["warranty"]["status"] == "active" and out["warranty"]["until"] == "2028-03-03"
    assert out["warranty"]["legal_guarantee"]["months"] == 24
    assert "owed by the seller" in out["warranty"]["legal_guarantee"]["text"]
