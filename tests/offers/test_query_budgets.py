"""Query budgets of the offers lists: a listing's photos (over the API and on the portal's page) and the
authenticators' queue (over the API and on the desk's page) cost the same few queries for a few rows or many
(the sellers' listings are in tests/api/test_list_budgets.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.offers import authentication, photos
from comeback.offers import services as offer_services
from comeback.offers.models import Authentication, AuthenticationPhoto, AuthenticationThreshold
from comeback.offers.photos import MAX_PER_OFFER

from ..budgets import assert_flat, assert_flat_page
from ..factories import CategoryFactory, OfferFactory, ProductModelFactory, SellerFactory, VariantFactory
from ..sellers.factories import draft
from .test_authentication import authenticator
from .test_photos import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def watch(db):
    """A child category of `watches`, whose threshold is €500: dearer listings wait for review."""
    AuthenticationThreshold.objects.update_or_create(
        category_slug="watches", currency="EUR", defaults={"min_price_amount": 50000}
    )
    return CategoryFactory(slug="dress-watches", parent=CategoryFactory(slug="watches"))


def test_given_more_photos_when_the_seller_lists_them_then_the_queries_do_not_grow(api, seller):
    offer = OfferFactory(seller=seller)

    def add(n):
        photos.add_photos(seller=seller, offer_id=offer.pk, files=[upload() for _ in range(n)])

    path = f"/api/v1/seller/listings/{offer.pk}/photos"
    assert_flat(api.as_(seller.user, ["seller"]), path, add, budget=8, counts=(2, MAX_PER_OFFER))


def test_given_more_listings_to_authenticate_when_an_authenticator_reads_the_queue_then_the_queries_do_not_grow(
    api, seller, watch
):
    def add(n):
        for _ in range(n):
            variant = VariantFactory(product=ProductModelFactory(category=watch))  # one listing per slot
            offer_services.publish_listing(seller=seller, draft=draft(variant, price=65000, quantity=1))

    assert_flat(api.as_(authenticator()), "/api/v1/authenticator/authentications", add, budget=10)


def test_given_more_photos_with_defects_when_the_seller_opens_the_photos_page_then_the_queries_do_not_grow(
    client, seller
):
    # given a garment listing whose photos alternate a disclosed defect (no alt text) and a described photo
    jackets = CategoryFactory(slug="jackets", kind="apparel", condition_scheme="apparel", battery_floor=None)
    jacket = VariantFactory(product=ProductModelFactory(category=jackets))
    offer = OfferFactory(seller=seller, variant=jacket, battery_health_min=None)

    def add(n):
        for _ in range(n):
            if offer.photos.count() % 2:
                photos.add_photos(seller=seller, offer_id=offer.pk, files=[upload()], alt="The back")
            else:
                photos.add_photos(
                    seller=seller,
                    offer_id=offer.pk,
                    files=[upload()],
                    defect="stain",
                    defect_note="Collar, 1 cm",
                )

    # when the seller opens the listing's photos page with a few then the most, then the queries do not grow
    client.force_login(seller.user)
    path = f"/seller/listings/{offer.pk}/photos/"
    assert_flat_page(client, path, add, budget=12, counts=(2, MAX_PER_OFFER))
    assert client.get(path).content.decode().count("Defect shown:") == MAX_PER_OFFER // 2


def test_given_more_listings_to_authenticate_when_an_authenticator_opens_the_desk_then_the_queries_do_not_grow(
    client, watch
):
    # given listings of several shops waiting for authentication, each with an evidence photo, then more
    user = authenticator()

    def add(n):
        for _ in range(n):
            variant = VariantFactory(product=ProductModelFactory(category=watch))
            offer = offer_services.publish_listing(
                seller=SellerFactory(), draft=draft(variant, price=65000, quantity=1)
            )
            row = Authentication.objects.get(offer=offer)
            authentication.add_evidence(authentication_id=row.pk, files=[upload()], by=user)

    client.force_login(user)
    # when the authenticator opens its queue, then the queries do not grow
    assert_flat_page(client, "/authenticator/", add, budget=12)
    assert AuthenticationPhoto.objects.count() == 8


def test_given_a_seller_repricing_when_it_patches_a_listing_then_it_costs_a_fixed_few_queries(api, seller):
    offer = OfferFactory(seller=seller)
    client = api.as_(seller.user, ["seller"])
    path = f"/api/v1/seller/listings/{offer.pk}"
    client.patch(path, {"price": 35900}).expect(200)  # warms the token's last-used stamp
    with CaptureQueriesContext(connection) as captured:
        answer = client.patch(path, {"price": 36900}).expect(200)
    assert answer["price"] == 36900 and answer["is_winning"] is True
    # the token, the shop, the offer, the category's threshold; the guarded update and its event (with the
    # savepoint around them here); the standings
    assert len(captured) <= 9, [q["sql"][:80] for q in captured.captured_queries]
