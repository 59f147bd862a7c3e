"""A brand (a brand programme's headquarters) and staff upload a model's official photos by API; a brand only
for its own brand's models, a store or a retail network never, a seller or a buyer never."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.core import clock
from comeback.tradein.models import PartnerKind
from comeback.tradein.services import partners

from ..factories import (
    BrandFactory,
    CategoryFactory,
    ProductModelFactory,
    StaffFactory,
    UserFactory,
    VariantFactory,
)
from ..images import image_bytes
from ..tradein.factories import partner, store


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def models(db):
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    apple, google = BrandFactory(name="Apple", slug="apple"), BrandFactory(name="Google", slug="google")
    iphone = ProductModelFactory(category=phones, brand=apple, name="iPhone 13")
    pixel = ProductModelFactory(category=phones, brand=google, name="Pixel 8")
    VariantFactory(product=iphone, attributes={"colour": "Midnight"}, label="Midnight")
    VariantFactory(product=iphone, attributes={"colour": "Blue"}, label="Blue")
    return iphone, pixel


@pytest.fixture
def apple_hq(models):
    iphone, _pixel = models
    programme = partner(kind=PartnerKind.BRAND, slug="apple-renew", brand=iphone.brand)
    return partners.issue_token(partner=programme).secret


def files(*names):
    return [SimpleUploadedFile(n, image_bytes("JPEG", (900, 700)), content_type="image/jpeg") for n in names]


def call(secret, method, path, **kw):
    return getattr(Client(), method)(path, headers={"Authorization": f"Bearer {secret}"}, **kw)


def test_given_a_brands_token_when_it_uploads_photos_of_its_model_in_a_colour_then_they_are_listed_and_shown(
    models, apple_hq
):
    iphone, _ = models
    path = f"/api/v1/partner/models/{iphone.pk}/images"

    # when: two photos of the blue iPhone, in one multipart request
    created = call(apple_hq, "post", path, data={"colour": "Blue", "images": files("a.jpg", "b.jpg")})

    # then: 201 with both, in every width, and the product API shows them for Blue
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["colours"] == ["Midnight", "Blue"]
    assert [i["colour"] for i in body["items"]] == ["Blue", "Blue"]
    assert [s["width"] for s in body["items"][0]["sizes"]] == [320, 640, 900]
    assert call(apple_hq, "get", path).json() == body
    images = Client().get(f"/api/v1/products/{iphone.pk}?market=FR").json()["images"]
    assert [(i["colour"], i["illustration"]) for i in images] == [("Blue", False), ("Blue", False)]

    # and: reordered, then one deleted
    first, second = (i["id"] for i in body["items"])
    order = call(
        apple_hq, "put", path + "/order", data={"image_ids": [second, first]}, content_type="application/json"
    )
    assert [i["id"] for i in order.json()["items"]] == [second, first]
    assert call(apple_hq, "delete", f"{path}/{first}").status_code == 204
    assert [i["id"] for i in call(apple_hq, "get", path).json()["items"]] == [second]


def test_given_a_brands_token_when_it_touches_another_brands_model_then_404_and_nothing_changes(
    models, apple_hq
):
    _iphone, pixel = models
    path = f"/api/v1/partner/models/{pixel.pk}/images"
    refused = call(apple_hq, "post", path, data={"images": files("a.jpg")})
    assert refused.status_code == 404 and refused.json()["code"] == "model_not_found"
    assert call(apple_hq, "get", path).status_code == 404
    assert not pixel.images.exists()


def test_given_a_retail_network_or_a_store_token_then_403_naming_who_may(models):
    iphone, _ = models
    path = f"/api/v1/partner/models/{iphone.pk}/images"
    retail = partners.issue_token(partner=partner(kind=PartnerKind.RETAIL, slug="relay")).secret
    programme = partner(kind=PartnerKind.BRAND, slug="apple-renew", brand=iphone.brand)
    counter = partners.issue_token(partner=programme, store=store(programme)).secret

    assert call(retail, "post", path, data={"images": files("a.jpg")}).json()["code"] == "brand_partner_only"
    assert call(counter, "get", path).json()["code"] == "headquarters_only"
    assert not iphone.images.exists()


def test_given_a_seller_or_buyer_token_then_the_partner_route_is_401_and_the_staff_route_403(models, seller):
    iphone, _ = models
    for user, scope in ((seller.user, "seller"), (UserFactory(), "buyer")):
        secret = issue_token(user=user, scopes=[scope]).secret
        assert call(secret, "get", f"/api/v1/partner/models/{iphone.pk}/images").status_code == 401
        refused = call(
            secret, "post", f"/api/v1/staff/models/{iphone.pk}/images", data={"images": files("a.jpg")}
        )
        assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert not iphone.images.exists()


def test_given_staff_then_it_manages_every_brands_model_and_bad_input_is_a_422_naming_the_field(models):
    _iphone, pixel = models
    secret = issue_token(user=StaffFactory(), scopes=["staff"]).secret
    path = f"/api/v1/staff/models/{pixel.pk}/images"

    assert call(secret, "post", path, data={"images": files("a.jpg")}).status_code == 201
    wrong_colour = call(secret, "post", path, data={"colour": "Blue", "images": files("a.jpg")}).json()
    assert wrong_colour["code"] == "colour_not_sold" and wrong_colour["errors"][0]["field"] == "colour"
    text = SimpleUploadedFile("notes.jpg", b"hello", content_type="image/jpeg")
    not_an_image = call(secret, "post", path, data={"images": [text]})
    assert not_an_image.status_code == 422 and not_an_image.json()["errors"][0]["file"] == "notes.jpg"
    assert call(secret, "post", path, data={}).json()["code"] == "images_required"
    assert len(call(secret, "get", path).json()["items"]) == 1


def test_given_many_photos_then_listing_them_costs_the_same_queries_as_one(
    models, apple_hq, django_assert_max_num_queries
):
    from .test_gallery import counted

    iphone, _ = models
    path = f"/api/v1/partner/models/{iphone.pk}/images"
    # The clock stands still: a token's last use is written at most once a minute, never during the counts.
    with time_machine.travel(clock.now(), tick=False):
        call(apple_hq, "post", path, data={"colour": "Blue", "images": files("a.jpg")})
        one = counted(lambda: call(apple_hq, "get", path))
        call(apple_hq, "post", path, data={"colour": "Midnight", "images": files("b.jpg", "c.jpg", "d.jpg")})

        assert counted(lambda: call(apple_hq, "get", path)) == one
        # token, model, its colours, its photos
        with django_assert_max_num_queries(4):
            assert len(call(apple_hq, "get", path).json()["items"]) == 4


def test_given_many_photos_when_staff_list_them_then_the_queries_do_not_grow(
    models, django_assert_max_num_queries
):
    from .test_gallery import counted

    # given a staff token and a model with one photo
    _iphone, pixel = models
    secret = issue_token(user=StaffFactory(), scopes=["staff"]).secret
    path = f"/api/v1/staff/models/{pixel.pk}/images"
    # The clock stands still: a token's last use is written at most once a minute, never during the counts.
    with time_machine.travel(clock.now(), tick=False):
        call(secret, "post", path, data={"images": files("a.jpg")})
        one = counted(lambda: call(secret, "get", path))
        # when three more are added
        call(secret, "post", path, data={"images": files("b.jpg", "c.jpg", "d.jpg")})

        # then the list costs the same, within its budget
        assert counted(lambda: call(secret, "get", path)) == one
        # token and its staff user, model, its colours, its photos
        with django_assert_max_num_queries(4):
            assert len(call(secret, "get", path).json()["items"]) == 4
