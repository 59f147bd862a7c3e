"""A unit sold with the seller's photos keeps them in its passport's grading report: on the page and in the
JSON, for everyone, as pixels only (no camera, place or person)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from comeback.offers import photos as unit_photos
from comeback.passports.handlers import passport_for_line
from tests.orders.helpers import place_order, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg_with_gps(rgb=(40, 90, 160)) -> bytes:
    image = Image.new("RGB", (900, 700), rgb)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _upload(name: str, rgb=(40, 90, 160)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg_with_gps(rgb), content_type="image/jpeg")


def _ship(buyer, offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        line = place_order(buyer, offer).lines.get()
        return walk(line, "shipped")


def test_given_an_offer_with_photos_when_its_unit_ships_then_the_passport_grading_report_shows_them(
    frozen, seller, buyer, offer, django_capture_on_commit_callbacks
):
    # One capture for the whole story: the outbox is drained after its commits, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        # given: the seller photographed the unit (front and back) before it sold
        front, back = unit_photos.add_photos(
            seller=seller, offer_id=offer.pk, files=[_upload("front.jpg"), _upload("back.jpg", (200, 30, 30))]
        )
        # when: it is bought and shipped
        line = walk(place_order(buyer, offer).lines.get(), "shipped")
    passport = passport_for_line(line.pk)

    # then: the public JSON's grading report names both photos, in the seller's order, with their widths
    doc = Client().get(passport.path, HTTP_ACCEPT="application/json").json()
    photos = doc["grading"]["photos"]
    assert [p["sha256"] for p in photos] == [front.sha256, back.sha256]
    assert [s["width"] for s in photos[0]["sizes"]] == [320, 640, 900]
    assert photos[0]["alt"].startswith("Photo 1 of the unit for sale")
    # and each URL answers the photo's pixels, without the camera or the place
    served = Client().get(photos[0]["sizes"][-1]["jpeg"])
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert b"SecretCam" not in body and not Image.open(io.BytesIO(body)).getexif()
    # and nothing personal: not the buyer, not the order
    text = str(doc)
    assert buyer.email not in text and line.order.ref not in str(doc["grading"])

    # and the public page shows them in its grading report
    html = Client().get(passport.path, HTTP_ACCEPT="text/html").content.decode()
    report = html.split('id="grading"')[1].split("</section>")[0]
    assert report.count("<img") == 2 and f"/photos/units/{front.pk}/" in report


def test_given_an_offer_without_photos_then_the_grading_report_has_no_photo(
    frozen, buyer, offer, django_capture_on_commit_callbacks
):
    line = _ship(buyer, offer, django_capture_on_commit_callbacks)
    passport = passport_for_line(line.pk)

    doc = Client().get(passport.path, HTTP_ACCEPT="application/json").json()
    assert doc["grading"]["grade"] == line.grade and "photos" not in doc["grading"]
    html = Client().get(passport.path, HTTP_ACCEPT="text/html").content.decode()
    assert "<img" not in html.split('id="grading"')[1].split("</section>")[0]


def test_given_a_hash_copied_from_another_refurbishers_unit_then_the_grading_report_shows_no_photo(
    seller, other_seller, offer
):
    from comeback.passports.selectors import grading_photos

    [front] = unit_photos.add_photos(seller=seller, offer_id=offer.pk, files=[_upload("front.jpg")])
    recorded = [{"sha256": front.sha256, "width": 900, "height": 700}]

    assert grading_photos(recorded, seller_id=other_seller.pk) == []
    assert [p["sha256"] for p in grading_photos(recorded, seller_id=seller.pk)] == [front.sha256]


def test_given_a_sold_unit_when_the_seller_deletes_and_replaces_a_photo_then_the_report_keeps_it_and_the_listing_drops_it(
    frozen, seller, buyer, offer, django_capture_on_commit_callbacks
):
    from comeback.core.problems import NotFound
    from comeback.offers.models import OfferPhoto

    # given: a unit shipped with the seller's front and back photos, graded with them
    with django_capture_on_commit_callbacks(execute=True):
        front, back = unit_photos.add_photos(
            seller=seller, offer_id=offer.pk, files=[_upload("front.jpg"), _upload("back.jpg", (200, 30, 30))]
        )
        line = walk(place_order(buyer, offer).lines.get(), "shipped")
    passport = passport_for_line(line.pk)
    # when: the seller deletes the front photo from the listing and puts a new one in its place
    with django_capture_on_commit_callbacks(execute=True):
        unit_photos.delete_photo(seller=seller, offer_id=offer.pk, photo_id=front.pk)
        [new] = unit_photos.add_photos(
            seller=seller, offer_id=offer.pk, files=[_upload("new.jpg", (10, 160, 60))]
        )

    # then: the passport's grading report still shows both photos it was graded with, and serves them
    doc = Client().get(passport.path, HTTP_ACCEPT="application/json").json()
    photos = doc["grading"]["photos"]
    assert [p["sha256"] for p in photos] == [front.sha256, back.sha256]
    assert Client().get(photos[0]["sizes"][0]["jpeg"]).status_code == 200
    html = Client().get(passport.path, HTTP_ACCEPT="text/html").content.decode()
    assert f"/photos/units/{front.pk}/" in html.split('id="grading"')[1].split("</section>")[0]
    # and the listing no longer shows the deleted photo: the new one takes its place
    listed = unit_photos.photos_of([offer])[offer.pk]
    assert [p.id for p in listed] == [back.pk, new.pk]
    seller_api = Client()
    seller_api.force_login(seller.user)
    page = seller_api.get(reverse("offers:listing_photos", args=(offer.pk,))).content.decode()
    assert f"/photos/units/{front.pk}/" not in page and f"/photos/units/{new.pk}/" in page
    # and it is gone for the seller: deleting it again is a 404
    with pytest.raises(NotFound):
        unit_photos.delete_photo(seller=seller, offer_id=offer.pk, photo_id=front.pk)
    # a photo no passport names is deleted outright
    unit_photos.delete_photo(seller=seller, offer_id=offer.pk, photo_id=new.pk)
    assert not OfferPhoto.objects.filter(pk=new.pk).exists()


def test_given_a_report_graded_before_photos_were_kept_when_migrating_then_its_photos_are_kept(
    frozen, seller, buyer, offer, django_capture_on_commit_callbacks
):
    import importlib

    from django.apps import apps

    from comeback.offers.models import OfferPhoto

    with django_capture_on_commit_callbacks(execute=True):
        [front] = unit_photos.add_photos(seller=seller, offer_id=offer.pk, files=[_upload("front.jpg")])
        walk(place_order(buyer, offer).lines.get(), "shipped")
    [spare] = unit_photos.add_photos(
        seller=seller, offer_id=offer.pk, files=[_upload("spare.jpg", (9, 9, 9))]
    )
    OfferPhoto.objects.update(in_passport=False)  # as recorded before the field existed

    migration = importlib.import_module("comeback.passports.migrations.0004_keep_graded_unit_photos")
    migration.keep_graded_photos(apps, None)

    assert OfferPhoto.objects.get(pk=front.pk).in_passport
    assert not OfferPhoto.objects.get(pk=spare.pk).in_passport
