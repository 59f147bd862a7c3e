"""A brand programme's headquarters add, reorder and delete the official photos of their brand's models in
the partner portal; another brand's model is a 404, a retail network or a store's staff get a 403 page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.catalog import gallery
from comeback.tradein.models import PartnerKind
from comeback.tradein.services import partners

from ..budgets import assert_flat_page
from ..factories import BrandFactory, CategoryFactory, ProductModelFactory, UserFactory, VariantFactory
from ..images import image_bytes
from .factories import partner, store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def models(db):
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    apple, google = BrandFactory(name="Apple", slug="apple"), BrandFactory(name="Google", slug="google")
    iphone = ProductModelFactory(category=phones, brand=apple, name="iPhone 13", slug="apple-iphone-13")
    VariantFactory(product=iphone, attributes={"colour": "Midnight"}, label="Midnight")
    VariantFactory(product=iphone, attributes={"colour": "Blue"}, label="Blue")
    pixel = ProductModelFactory(category=phones, brand=google, name="Pixel 8")
    programme = partner(kind=PartnerKind.BRAND, slug="apple-renew", brand=apple)
    return iphone, pixel, programme


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _files(*rgbs):
    return [
        SimpleUploadedFile(f"{i}.jpg", image_bytes("JPEG", (900, 700), rgb), content_type="image/jpeg")
        for i, rgb in enumerate(rgbs)
    ]


def test_given_brand_headquarters_when_they_upload_photos_of_a_colour_then_the_portal_and_the_shop_show_them(
    models,
):
    iphone, _pixel, programme = models
    hq = UserFactory()
    partners.add_member(user=hq, partner=programme)
    client = _client(hq)
    page = f"/partner/models/{iphone.pk}/photos/"

    # given: the brand's models are listed on the portal
    assert "iPhone 13" in client.get("/partner/models/").content.decode()
    assert 'href="/partner/models/"' in client.get("/partner/").content.decode()

    # when: two photos of the Blue colour are uploaded at once
    response = client.post(page, {"colour": "Blue", "images": _files((20, 60, 200), (40, 90, 220))})

    # then: back on the page, both are in the Blue gallery, and the Blue product page shows them
    assert response.status_code == 302
    html = client.get(page).content.decode()
    blue = html.split('>Blue <span class="muted small">')[1].split("</section>")[0]
    assert blue.count("<img") == 2
    first, second = list(iphone.images.order_by("position").values_list("pk", flat=True))
    shop = Client().get(f"/p/{iphone.slug}/?variant={iphone.variants.get(label='Blue').pk}").content.decode()
    assert f"/photos/models/{first}/" in shop and "Illustration:" not in shop.split('id="gallery"')[1][:2000]

    # and: moved and deleted
    client.post(f"/partner/models/{iphone.pk}/photos/{second}/move/", {"direction": "up"})
    assert list(iphone.images.order_by("position").values_list("pk", flat=True)) == [second, first]
    client.post(f"/partner/models/{iphone.pk}/photos/{second}/delete/")
    assert list(iphone.images.values_list("pk", flat=True)) == [first]


def test_given_a_file_that_is_not_an_image_then_the_portal_says_which_and_adds_nothing(models):
    iphone, _pixel, programme = models
    hq = UserFactory()
    partners.add_member(user=hq, partner=programme)
    text = SimpleUploadedFile("notes.jpg", b"hello", content_type="image/jpeg")

    response = _client(hq).post(f"/partner/models/{iphone.pk}/photos/", {"images": [text]})

    assert response.status_code == 422 and "notes.jpg" in response.content.decode()
    assert not iphone.images.exists()


def test_given_the_wrong_actor_then_another_brands_model_is_404_and_a_store_or_retailer_gets_403(models):
    iphone, pixel, programme = models
    hq, counter, retailer = UserFactory(), UserFactory(), UserFactory()
    partners.add_member(user=hq, partner=programme)
    partners.add_member(user=counter, partner=programme, store=store(programme))
    partners.add_member(user=retailer, partner=partner(kind=PartnerKind.RETAIL, slug="relay"))

    assert _client(hq).get(f"/partner/models/{pixel.pk}/photos/").status_code == 404
    assert (
        _client(hq).post(f"/partner/models/{pixel.pk}/photos/", {"images": _files((1, 2, 3))}).status_code
        == 404
    )
    assert _client(counter).get(f"/partner/models/{iphone.pk}/photos/").status_code == 403
    assert _client(retailer).get("/partner/models/").status_code == 403
    assert _client(UserFactory()).get("/partner/models/").status_code == 403  # not a partner at all
    anonymous = Client().get(f"/partner/models/{iphone.pk}/photos/")
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert not pixel.images.exists() and not iphone.images.exists()


def test_given_more_photos_of_each_colour_when_headquarters_open_the_page_then_the_queries_do_not_grow(
    models,
):
    # given brand headquarters and a model whose photos go to Midnight, Blue and every colour in turn
    iphone, _pixel, programme = models
    hq = UserFactory()
    partners.add_member(user=hq, partner=programme)
    colours = ["Midnight", "Blue", ""]

    def add(n):
        for _ in range(n):
            colour = colours[iphone.images.count() % len(colours)]
            gallery.add_images(
                product_id=iphone.pk, brand_id=iphone.brand_id, files=_files((20, 60, 200)), colour=colour
            )

    # when they open the model's photos page with a few then more, then the queries do not grow
    page = f"/partner/models/{iphone.pk}/photos/"
    assert_flat_page(_client(hq), page, add, budget=12)
    assert _client(hq).get(page).content.decode().count("<img") == 8
