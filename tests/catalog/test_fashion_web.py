"""Garments on the web (docs/fashion.md): the seller portal's photo page discloses a defect with its photo."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comeback.offers.models import OfferPhoto
from tests.factories import SellerFactory, UserFactory
from tests.images import image_bytes

from .factories import offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def jacket_offer(catalogue):
    return offer(catalogue.jacket.variants.get(), catalogue.renew, "very_good", 9900)


def _photo(name="stain.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG", (800, 600)), content_type="image/jpeg")


def _as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _main(page) -> str:
    return page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def _photos_url(o) -> str:
    return reverse("offers:listing_photos", args=(o.pk,))


def test_given_a_garment_listing_when_the_seller_uploads_a_photo_naming_a_stain_then_buyers_see_it_disclosed(
    client, catalogue, jacket_offer
):
    seller = _as(catalogue.renew.user)
    form = _main(seller.get(_photos_url(jacket_offer)))
    assert 'name="defect"' in form and ">Pilling</option>" in form

    response = seller.post(
        _photos_url(jacket_offer), {"photos": [_photo()], "defect": "stain", "defect_note": "Collar, 1 cm"}
    )

    assert response.status_code == 302
    row = OfferPhoto.objects.get(offer=jacket_offer)
    assert (row.defect, row.defect_note) == ("stain", "Collar, 1 cm")
    listed = _main(seller.get(_photos_url(jacket_offer)))
    assert "Defect shown:" in listed and "Stain" in listed and "Collar, 1 cm" in listed
    product = _main(client.get(f"/p/{catalogue.jacket.slug}/"))
    disclosure = product.split('class="defect-disclosure"', 1)[1].split("</div>", 1)[0]
    assert "Stain" in disclosure and "Collar, 1 cm" in disclosure


def test_given_a_garment_listing_when_a_note_comes_without_a_defect_then_the_error_is_beside_the_defect_field(
    catalogue, jacket_offer
):
    response = _as(catalogue.renew.user).post(
        _photos_url(jacket_offer), {"photos": [_photo()], "defect_note": "Collar, 1 cm"}
    )

    assert response.status_code == 422
    page = _main(response)
    assert 'id="defect-error"' in page and "Name the defect the note describes." in page
    assert 'value="Collar, 1 cm"' in page  # what was typed is kept
    assert not OfferPhoto.objects.exists()


def test_given_a_garment_listing_when_the_file_is_not_an_image_then_the_error_names_it_beside_the_photos(
    catalogue, jacket_offer
):
    text = SimpleUploadedFile("cv.jpg", b"hello", content_type="image/jpeg")

    response = _as(catalogue.renew.user).post(_photos_url(jacket_offer), {"photos": [text], "defect": "hole"})

    assert response.status_code == 422
    error = _main(response).split('id="photos-error"', 1)[1].split("</p>", 1)[0]
    assert "cv.jpg" in error
    assert not OfferPhoto.objects.exists()


def test_given_a_phone_listing_when_its_form_shows_then_it_has_no_defect_select_and_a_forged_one_is_refused(
    catalogue,
):
    seller = _as(catalogue.renew.user)
    url = _photos_url(catalogue.best)
    assert 'name="defect"' not in _main(seller.get(url))

    response = seller.post(url, {"photos": [_photo()], "defect": "pilling"})

    assert response.status_code == 422
    assert "Defects this listing can disclose: none." in _main(response)
    assert not OfferPhoto.objects.exists()


def test_given_a_garment_listing_when_another_seller_a_buyer_or_a_visitor_posts_a_defect_photo_then_nothing_is_added(
    catalogue, jacket_offer
):
    url = _photos_url(jacket_offer)

    def post(browser):
        return browser.post(url, {"photos": [_photo()], "defect": "stain"}).status_code

    assert post(_as(SellerFactory().user)) == 404
    assert post(_as(UserFactory())) == 403
    assert post(Client()) == 302  # to the login page
    assert not OfferPhoto.objects.exists()
