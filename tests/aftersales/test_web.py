"""The pages: the order page's warranty panel, the buyer's claim form, the seller's answer, staff decisions."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from comeback.aftersales.models import Claim, ClaimStatus
from tests.factories import OfferFactory

from .conftest import T0
from .factories import photo

LATE = T0 + timedelta(days=3)


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_given_a_delivered_order_then_its_page_shows_the_warranty_beside_the_legal_guarantee(buyer, line):
    html = _web(buyer).get(f"/orders/{line.order.ref}/").content.decode()
    assert 'data-warranty-until="2028-03-03"' in html
    assert "Legal guarantee" in html and "24 months from delivery" in html
    assert "never replaces or shortens it" in html
    assert f"/warranty/claims/new/{line.pk}/" in html


def test_given_the_claim_form_when_the_buyer_sends_a_photo_then_the_claim_page_shows_the_deadline(
    buyer, line
):
    client = _web(buyer)
    assert client.get(f"/warranty/claims/new/{line.pk}/").status_code == 200
    response = client.post(
        f"/warranty/claims/new/{line.pk}/",
        {
            "fault": "camera",
            "description": "The rear camera does not focus at all.",
            "declared_dropped": "on",
            "photos": [photo()],
        },
        follow=True,
    )
    claim = Claim.objects.get()
    assert response.redirect_chain[-1][0] == f"/warranty/claims/{claim.pk}/"
    html = response.content.decode()
    assert claim.ref in html and 'data-answer-due="2027-03-05T23:00:00+00:00"' in html
    assert f"/warranty/photos/{claim.photos.get().pk}/" in html and "dropped" in html


def test_given_a_bad_photo_in_the_form_then_the_form_says_why_and_nothing_is_opened(buyer, line):
    response = _web(buyer).post(
        f"/warranty/claims/new/{line.pk}/",
        {
            "fault": "camera",
            "description": "The rear camera does not focus at all.",
            "photos": [photo(b"GIF89a not allowed", name="a.gif", content_type="image/gif")],
        },
    )
    assert response.status_code == 422 and "JPEG, PNG or WebP" in response.content.decode()
    assert not Claim.objects.exists()


def test_given_the_seller_portal_when_the_seller_answers_with_a_replacement_then_the_buyer_confirms_on_the_web(
    buyer, seller, claim
):
    source = OfferFactory(
        seller=seller, variant=claim.order_line.offer.variant, grade="excellent", quantity=1
    )
    portal = _web(seller.user)
    listing = portal.get("/seller/claims/").content.decode()
    assert claim.ref in listing and "left" in listing
    page = portal.get(f"/seller/claims/{claim.pk}/").content.decode()
    assert f'value="{source.pk}"' in page
    response = portal.post(
        f"/seller/claims/{claim.pk}/",
        {
            "action": "answer",
            "resolution": "replace",
            "replacement_offer_id": str(source.pk),
            "replacement_imei": "356938035643809",
            "tracking_number": "SWAP123456",
            "carrier": "DHL",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_BUYER and claim.replacement_offer_id == source.pk
    buyer_client = _web(buyer)
    assert "Did it work?" in buyer_client.get(f"/warranty/claims/{claim.pk}/").content.decode()
    buyer_client.post(f"/warranty/claims/{claim.pk}/confirm/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RESOLVED


def test_given_a_bad_answer_on_the_web_then_the_form_shows_the_rule(seller, claim):
    response = _web(seller.user).post(
        f"/seller/claims/{claim.pk}/", {"action": "answer", "resolution": "repair"}
    )
    assert response.status_code == 200 and "prepaid return label" in response.content.decode()


def test_given_a_repair_on_the_web_when_the_buyer_reopens_then_the_seller_sees_it_open_again(
    buyer, seller, claim
):
    portal = _web(seller.user)
    portal.post(
        f"/seller/claims/{claim.pk}/",
        {"action": "answer", "resolution": "repair", "return_label_url": "https://labels.example/x.pdf"},
    )
    portal.post(
        f"/seller/claims/{claim.pk}/",
        {"action": "repaired", "tracking_number": "BACK12345", "carrier": "UPS"},
    )
    _web(buyer).post(f"/warranty/claims/{claim.pk}/reopen/", {"reason": "Still broken after the repair."})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.OPEN and claim.reopen_count == 1
    portal.post(f"/seller/claims/{claim.pk}/", {"action": "message", "body": "Sorry, we will replace it."})
    assert "Sorry, we will replace it." in _web(buyer).get(f"/warranty/claims/{claim.pk}/").content.decode()


def test_given_an_escalated_claim_when_staff_decide_on_the_web_then_the_buyer_is_refunded(
    staff, claim, clock_at
):
    client = _web(staff)
    with clock_at(LATE):
        queue = client.get("/staff/claims/").content.decode()
        assert claim.ref in queue and 'data-escalated="true"' in queue
        assert (
            client.post(
                f"/staff/claims/{claim.pk}/",
                {"action": "decide", "decision": "refund", "reason": "No answer from the seller in time."},
            ).status_code
            == 302
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RESOLVED and claim.decided_by == staff


def test_given_claims_when_staff_open_statistics_then_a_chart_per_fault_and_seller_is_drawn(
    staff, claim, clock_at
):
    with clock_at(T0 + timedelta(hours=1)):
        html = _web(staff).get("/staff/claims/stats/").content.decode()
    assert 'aria-label="Claims per fault, last 90 days"' in html and 'aria-label="Claims per seller' in html
    assert 'data-stat="total">1<' in html
    assert claim.seller.display_name in html
    assert (
        _web(staff).get("/staff/claims/stats/?market=DE").content.decode().count('data-stat="total">0<') == 1
    )


def test_given_a_buyer_then_the_claims_list_shows_the_claim(buyer, claim):
    html = _web(buyer).get("/warranty/claims/").content.decode()
    assert claim.ref in html


def test_given_a_decompression_bomb_in_the_claim_form_then_it_is_refused_by_its_size_and_nothing_is_opened(
    buyer, line
):
    from tests.images import png_bomb

    response = _web(buyer).post(
        f"/warranty/claims/new/{line.pk}/",
        {
            "fault": "camera",
            "description": "The rear camera does not focus at all.",
            "photos": [photo(png_bomb(), name="big.png")],
        },
    )
    assert response.status_code == 422 and "40 megapixels" in response.content.decode()
    assert not Claim.objects.exists()
