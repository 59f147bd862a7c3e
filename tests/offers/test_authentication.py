"""Authentication of high-value listings (docs/trust.md §5): above its category's threshold a listing waits for
an authenticator; evidence photos, a result with reasons, the badge, the passport, refusals explained."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from comeback.core import outbox
from comeback.core.problems import Conflict
from comeback.offers import authentication
from comeback.offers import selectors as offer_selectors
from comeback.offers import services as offer_services
from comeback.offers.models import Authentication, AuthenticationThreshold, Offer, OfferStatus
from comeback.trust.models import Statement
from tests.concurrency import race
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory, VariantFactory
from tests.sellers.factories import draft

pytestmark = pytest.mark.django_db
REASONS = "Serial engraving, movement and case back match the maker's records."


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG")
    return SimpleUploadedFile("evidence.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def watch(db):
    """A variant in a child category of `watches`, whose threshold (data) is €500."""
    AuthenticationThreshold.objects.update_or_create(
        category_slug="watches", currency="EUR", defaults={"min_price_amount": 50000}
    )
    parent = CategoryFactory(slug="watches")
    child = CategoryFactory(slug="dress-watches", parent=parent)
    return VariantFactory(product=ProductModelFactory(category=child, name="Calibre 1"))


def authenticator():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=authentication.AUTHENTICATORS)[0])
    return user


def visible(offer) -> bool:
    return offer_selectors.visible_offers("FR").filter(pk=offer.pk).exists()


def publish(seller, watch, price):
    return offer_services.publish_listing(seller=seller, draft=draft(watch, price=price, quantity=1))


def test_given_a_listing_above_its_category_threshold_then_it_waits_unseen_and_one_below_is_live(
    seller, watch
):
    # when a seller lists a watch at €650 and another at €450
    dear = publish(seller, watch, 65000)
    cheap = offer_services.publish_listing(
        seller=seller, draft=draft(watch, price=45000, quantity=1, grade="excellent")
    )
    # then the dear one waits for an authenticator, unseen, and the cheap one is live
    assert dear.status == OfferStatus.IN_REVIEW and not visible(dear)
    assert Authentication.objects.get(offer=dear).status == "pending"
    assert cheap.status == OfferStatus.ACTIVE and visible(cheap)
    assert not Authentication.objects.filter(offer=cheap).exists()


def test_given_evidence_when_an_authenticator_authenticates_then_the_listing_is_live_with_its_badge(
    api, seller, watch
):
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    user = authenticator()
    client = api.as_(user)
    queue = client.get("/api/v1/authenticator/authentications").expect(200)
    assert [i["offer_id"] for i in queue["items"]] == [offer.pk] and queue["items"][0]["threshold"] == 50000
    # deciding without evidence is refused, naming the rule
    body = {"result": "authenticated", "reasons": REASONS, "checked": ["serial", "movement"]}
    path = f"/api/v1/authenticator/authentications/{row.pk}"
    assert client.post(f"{path}/decision", body).expect(422)["code"] == "evidence_required"
    authentication.add_evidence(authentication_id=row.pk, files=[jpeg()], by=user)
    decided = client.post(f"{path}/decision", body).expect(200)
    assert decided["status"] == "authenticated" and len(decided["evidence"]) == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE and offer.published_at is not None and visible(offer)
    product = api.get(f"/api/v1/products/{watch.product_id}?market=FR").expect(200)
    best = product["variants"][0]["best_offers"][0]
    assert best["offer_id"] == offer.pk and best["authenticated"] is True
    page = api_page(watch)
    assert "Authenticated" in page
    again = client.post(f"{path}/decision", {**body, "result": "refused"}).expect(409)
    assert again["code"] == "authentication_decided"


def api_page(watch) -> str:
    from django.test import Client

    return Client().get(f"/p/{watch.product.slug}/").content.decode()


def test_given_a_refusal_then_the_listing_is_withdrawn_and_the_seller_reads_why(
    api, seller, other_seller, watch
):
    offer = publish(seller, watch, 90000)
    row = Authentication.objects.get(offer=offer)
    user = authenticator()
    authentication.add_evidence(authentication_id=row.pk, files=[jpeg()], by=user)
    authentication.decide(
        authentication_id=row.pk,
        result="refused",
        reasons="The case back engraving is laser-etched, not stamped: a replica.",
        by=user,
    )
    outbox.drain()
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.WITHDRAWN
    mine = api.as_(seller.user).get(f"/api/v1/seller/listings/{offer.pk}/authentication").expect(200)
    assert mine["status"] == "refused" and "replica" in mine["reasons"]
    statement = Statement.objects.get(seller=seller, kind="authentication_refused")
    assert "replica" in statement.facts and statement.subject == f"offer:{offer.pk}"
    api.as_(other_seller.user).get(f"/api/v1/seller/listings/{offer.pk}/authentication").expect(404)


def test_given_the_wrong_actor_when_working_the_queue_then_403(api, seller, staff, buyer, watch):
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    body = {"result": "authenticated", "reasons": REASONS}
    for user in (seller.user, staff, buyer):
        client = api.as_(user)
        client.get("/api/v1/authenticator/authentications").expect(403)
        client.post(f"/api/v1/authenticator/authentications/{row.pk}/decision", body).expect(403)
    api.get("/api/v1/authenticator/authentications").expect(401)
    assert Authentication.objects.get(pk=row.pk).status == "pending"


def test_given_bad_input_when_deciding_then_422_names_each_field(api, seller, watch):
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    problem = (
        api.as_(authenticator())
        .post(
            f"/api/v1/authenticator/authentications/{row.pk}/decision", {"result": "maybe", "reasons": "meh"}
        )
        .expect(422)
    )
    assert {e["field"] for e in problem["errors"]} == {"result", "reasons"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_two_authenticators_deciding_at_once_then_exactly_one_verdict_stands(watch):
    from tests.factories import SellerFactory

    seller = SellerFactory()
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    first, second = authenticator(), authenticator()
    authentication.add_evidence(authentication_id=row.pk, files=[jpeg()], by=first)
    results = race(
        [
            lambda: authentication.decide(
                authentication_id=row.pk, result="authenticated", reasons=REASONS, by=first
            ),
            lambda: authentication.decide(
                authentication_id=row.pk,
                result="refused",
                reasons="Replica movement, wrong jewels.",
                by=second,
            ),
        ]
    )
    assert sum(isinstance(r, Authentication) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    row.refresh_from_db()
    expected = OfferStatus.ACTIVE if row.status == "authenticated" else OfferStatus.WITHDRAWN
    assert Offer.objects.get(pk=offer.pk).status == expected


def test_given_an_authenticated_listing_when_its_unit_ships_then_the_passport_records_the_authentication(
    seller, buyer, watch
):
    from comeback.passports.handlers import passport_for_line, sync_line
    from comeback.passports.models import PassportEvent
    from tests.orders.helpers import place_order, walk

    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    user = authenticator()
    authentication.add_evidence(authentication_id=row.pk, files=[jpeg()], by=user)
    authentication.decide(authentication_id=row.pk, result="authenticated", reasons=REASONS, by=user)
    line = walk(place_order(buyer, Offer.objects.get(pk=offer.pk)).lines.get(), "shipped")
    sync_line(line_id=line.pk)
    sync_line(line_id=line.pk)  # idempotent
    events = PassportEvent.objects.filter(passport=passport_for_line(line.pk), kind="authenticated")
    assert events.count() == 1 and REASONS in str(events.get().data)


def test_given_a_live_listing_below_the_threshold_when_its_price_is_raised_above_then_422_naming_price(
    api, seller, watch
):
    offer = publish(seller, watch, 45000)
    problem = api.as_(seller.user).patch(f"/api/v1/seller/listings/{offer.pk}", {"price": 60000}).expect(422)
    assert problem["code"] == "authentication_required" and problem["errors"][0]["field"] == "price"
    assert Offer.objects.get(pk=offer.pk).price_amount == 45000
    api.as_(seller.user).patch(f"/api/v1/seller/listings/{offer.pk}", {"price": 47000}).expect(200)
