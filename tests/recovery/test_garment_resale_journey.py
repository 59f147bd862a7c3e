"""A jacket's second life, end to end (docs/fashion.md "Take-back"): taken back through a brand's garment
programme, received and inspected with the garment questions, routed to resale, listed with an apparel grade,
bought through checkout; its passport tells the take-back, the grading and the sale, one unit's story."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.offers.models import Offer
from comeback.orders.models import OrderLine
from comeback.passports.models import Passport
from comeback.tradein.models import DeviceRoute, PartnerKind, TradeIn
from comeback.tradein.services import payouts
from tests.factories import UserFactory
from tests.orders.helpers import checkout_body, key
from tests.tradein.factories import GARMENT_ANSWERS, BuybackOfferFactory, accept_body, garment, partner

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def programme(refurbisher):
    """The brand's take-back programme for its jacket, bought back by one reseller, with a 15% bonus."""
    jacket = garment("Loom Field Jacket")
    type(jacket.category).objects.filter(pk=jacket.category_id).update(condition_scheme="apparel")
    brand = partner(kind=PartnerKind.BRAND, slug="loomwear", bonus_bps=1500)
    brand.eligible_models.add(jacket)
    BuybackOfferFactory(seller=refurbisher, product=jacket, storage_gb=0, tier="flawless", price_amount=2000)
    return jacket


def test_given_a_jacket_taken_back_through_a_brand_programme_when_resold_then_a_buyer_buys_it_and_its_passport_tells_its_story(
    api, refurbisher, programme
):
    jacket = programme
    customer, buyer = UserFactory(email="ada@example.test"), UserFactory(email="bob@example.test")
    shop = api.as_(refurbisher.user)

    # Given the customer's jacket taken back through the brand's programme, quoted, accepted and sent
    quote = api.post(
        "/api/v1/tradein/quotes",
        {"product_id": jacket.pk, "market": "FR", "answers": GARMENT_ANSWERS, "partner": "loomwear"},
    ).expect(201)
    assert (quote["questionnaire"], quote["tier_label"]) == ("garment", "Like new")
    accepted = (
        api.as_(customer)
        .post(f"/api/v1/tradein/quotes/{quote['quote_id']}/accept", accept_body(device={}))
        .expect(201)
    )
    ref = accepted["tradein_id"]
    api.as_(customer).post(f"/api/v1/tradein/orders/{ref}/ship", {"tracking": "6A12345678901"}).expect(200)

    # When the reseller receives it, inspects it with the garment questions and is paid out
    shop.post(f"/api/v1/seller/tradeins/{ref}/receive").expect(200)
    found = {k: v for k, v in GARMENT_ANSWERS.items() if k != "size"}
    shop.post(f"/api/v1/seller/tradeins/{ref}/validate", {"inspected": found}).expect(200)
    assert DeviceRoute.objects.get(tradein__ref=ref).route == "resell"
    payouts.pay(ref=ref)
    outbox.drain()
    assert TradeIn.objects.get(ref=ref).status == "paid"

    # And lists it for sale with an apparel grade
    listed = shop.post(f"/api/v1/recovery/devices/{ref}/list", {"price": 8900, "grade": "like_new"}).expect(
        200
    )
    outbox.drain()
    offer = Offer.objects.select_related("variant").get(pk=listed["offer_id"])
    assert (offer.grade, offer.quantity, offer.battery_health_min) == ("like_new", 1, None)
    assert offer.variant.attributes["size"] == "M"  # the size taken back, not the model's first
    product = api.get(f"/api/v1/products/{jacket.pk}").expect(200)
    assert product["condition_scheme"] == "apparel"

    # And a buyer buys it through checkout, and the reseller ships it
    api.as_(buyer).post("/api/v1/cart/items", {"offer_id": listed["offer_id"], "quantity": 1}).expect(201)
    order = api.as_(buyer).post("/api/v1/checkout", checkout_body(), headers=key()).expect(201)
    assert order["status"] == "paid"
    line = OrderLine.objects.get(order__buyer=buyer)
    assert (line.offer_id, line.grade) == (offer.pk, "like_new")
    shop.post(f"/api/v1/seller/orders/lines/{line.pk}/accept").expect(200)
    shop.post(
        f"/api/v1/seller/orders/lines/{line.pk}/ship",
        {"tracking_number": "TRACK12345", "carrier": "Colissimo"},
    ).expect(200)
    outbox.drain()

    # Then one passport tells the take-back, the grading and the sale of this very jacket
    passport = Passport.objects.get(source="trade_in", source_ref=ref)
    events = api.get(f"/api/v1/passports/{passport.serial}/events").expect(200)["events"]
    kinds = [e["kind"] for e in events]
    assert kinds[:2] == ["opened", "traded_in"]
    assert kinds.index("traded_in") < kinds.index("graded") < kinds.index("listed") < kinds.index("sold")
    sold = next(e for e in events if e["kind"] == "sold")
    assert sold["data"]["grade"] == "like_new"
    assert Passport.objects.filter(product=jacket).count() == 1
