"""Photos of the very unit an offer sells: processing, the seller API and portal, and the product page."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from comeback.accounts.services import issue_token
from comeback.offers import photos
from comeback.offers.models import OfferPhoto
from tests.factories import OfferFactory, UserFactory
from tests.images import image_bytes, jpeg_claiming


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def my_offer(seller, phone_variant):
    return OfferFactory(seller=seller, variant=phone_variant)


def jpeg_with_gps(size=(1600, 1200)) -> bytes:
    image = Image.new("RGB", size, (40, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(name="unit.jpg", content=None, ctype="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else jpeg_with_gps(), content_type=ctype)


def call(seller, method, path, **kwargs):
    token = issue_token(user=seller.user, scopes=["seller"]).secret
    return getattr(Client(), method)(
        path, headers={"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}, **kwargs
    )


# Processing --------------------------------------------------------------------------------------------


def test_given_a_photo_with_gps_when_added_then_every_stored_size_is_metadata_free_in_webp_and_jpeg(
    seller, my_offer
):
    [row] = photos.add_photos(seller=seller, offer_id=my_offer.pk, files=[upload()])
    assert sorted(row.files) == ["1280.jpg", "1280.webp", "320.jpg", "320.webp", "640.jpg", "640.webp"]
    for key, name in row.files.items():
        data = default_storage.open(name).read()
        assert b"SecretCam" not in data
        image = Image.open(io.BytesIO(data))
        assert image.width == int(key.split(".")[0])
        assert not image.getexif()
    assert (row.width, row.height) == (1600, 1200)


def test_given_a_small_photo_then_it_is_never_enlarged(seller, my_offer):
    [row] = photos.add_photos(
        seller=seller, offer_id=my_offer.pk, files=[upload(content=image_bytes("PNG", (500, 400)))]
    )
    assert row.widths() == [320, 500]


def test_given_a_renamed_text_file_then_422_names_the_file_and_nothing_is_added(seller, my_offer):
    response = call(
        seller,
        "post",
        f"/api/v1/seller/listings/{my_offer.pk}/photos",
        data={"photos": [upload(), upload("notes.jpg", b"just some text, honestly")]},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "photo_type"
    assert body["errors"][0] == {**body["errors"][0], "field": "photos[1]", "file": "notes.jpg"}
    assert not OfferPhoto.objects.exists()


def test_given_more_than_40_megapixels_then_422_photo_too_many_pixels(seller, my_offer):
    response = call(
        seller,
        "post",
        f"/api/v1/seller/listings/{my_offer.pk}/photos",
        data={"photos": [upload("huge.jpg", jpeg_claiming(8000, 6000))]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "photo_too_many_pixels"
    assert response.json()["errors"][0]["file"] == "huge.jpg"


def test_given_eight_photos_when_a_ninth_is_added_then_422_too_many_photos(seller, my_offer):
    small = image_bytes("JPEG", (40, 30))
    photos.add_photos(seller=seller, offer_id=my_offer.pk, files=[upload(content=small) for _ in range(8)])
    with pytest.raises(photos.Invalid) as refused:
        photos.add_photos(seller=seller, offer_id=my_offer.pk, files=[upload(content=small)])
    assert refused.value.code == "too_many_photos"


# API ---------------------------------------------------------------------------------------------------


def test_given_a_seller_when_it_adds_lists_reorders_and_deletes_photos_by_api_then_each_answers(
    seller, my_offer
):
    base = f"/api/v1/seller/listings/{my_offer.pk}/photos"
    small = image_bytes("JPEG", (800, 600))
    created = call(
        seller,
        "post",
        base,
        data={
            "photos": [upload("a.jpg", small), upload("b.jpg", small)],
            "alt": "Back, a scratch near the lens",
        },
        headers={"Idempotency-Key": "photos-1"},
    )
    assert created.status_code == 201, created.content
    items = created.json()["items"]
    assert [p["position"] for p in items] == [0, 1]
    assert items[0]["alt"] == "Back, a scratch near the lens"
    assert [s["width"] for s in items[0]["sizes"]] == [320, 640, 800]
    replay = call(
        seller,
        "post",
        base,
        data={
            "photos": [upload("a.jpg", small), upload("b.jpg", small)],
            "alt": "Back, a scratch near the lens",
        },
        headers={"Idempotency-Key": "photos-1"},
    )
    assert replay.status_code == 201 and OfferPhoto.objects.count() == 2

    first, second = (p["id"] for p in items)
    reordered = call(
        seller, "put", f"{base}/order", data={"photo_ids": [second, first]}, content_type="application/json"
    )
    assert [p["id"] for p in reordered.json()["items"]] == [second, first]
    assert call(seller, "delete", f"{base}/{first}").status_code == 204
    assert [p["id"] for p in call(seller, "get", base).json()["items"]] == [second]

    served = Client().get(items[1]["sizes"][0]["webp"])
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"


def test_given_another_sellers_listing_when_a_seller_touches_its_photos_then_404_and_nothing_changes(
    seller, other_seller, my_offer
):
    [row] = photos.add_photos(
        seller=seller, offer_id=my_offer.pk, files=[upload(content=image_bytes("JPEG"))]
    )
    base = f"/api/v1/seller/listings/{my_offer.pk}/photos"
    assert call(other_seller, "get", base).status_code == 404
    assert call(other_seller, "post", base, data={"photos": [upload()]}).status_code == 404
    assert call(other_seller, "delete", f"{base}/{row.pk}").status_code == 404
    assert (
        call(
            other_seller,
            "put",
            f"{base}/order",
            data={"photo_ids": [row.pk]},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert OfferPhoto.objects.filter(pk=row.pk, position=0).exists()


def test_given_a_buyer_token_when_it_posts_photos_then_403(db, my_offer):
    token = issue_token(user=UserFactory(), scopes=["buyer"]).secret
    response = Client().post(
        f"/api/v1/seller/listings/{my_offer.pk}/photos",
        data={"photos": [upload()]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


# Portal ------------------------------------------------------------------------------------------------


def test_given_a_seller_in_the_portal_when_it_uploads_several_files_then_they_are_listed(seller, my_offer):
    browser = Client()
    browser.force_login(seller.user)
    url = reverse("offers:listing_photos", args=(my_offer.pk,))
    small = image_bytes("JPEG", (700, 500))
    response = browser.post(url, {"photos": [upload("1.jpg", small), upload("2.jpg", small)]})
    assert response.status_code == 302
    page = browser.get(url)
    assert len(page.context["photos"]) == 2
    last = page.context["photos"][1].id
    browser.post(reverse("offers:move_photo", args=(my_offer.pk, last)), {"direction": "up"})
    assert browser.get(url).context["photos"][0].id == last
    browser.post(reverse("offers:delete_photo", args=(my_offer.pk, last)))
    assert [p.id for p in browser.get(url).context["photos"]] != [last]
    assert OfferPhoto.objects.count() == 1


def test_given_a_text_file_in_the_portal_then_422_with_the_file_named(seller, my_offer):
    browser = Client()
    browser.force_login(seller.user)
    response = browser.post(
        reverse("offers:listing_photos", args=(my_offer.pk,)), {"photos": [upload("cv.jpg", b"hello")]}
    )
    assert response.status_code == 422
    assert "cv.jpg" in response.content.decode()


def test_given_another_seller_or_a_buyer_in_the_portal_then_404_or_403(seller, other_seller, my_offer):
    url = reverse("offers:listing_photos", args=(my_offer.pk,))
    other = Client()
    other.force_login(other_seller.user)
    assert other.get(url).status_code == 404
    assert other.post(url, {"photos": [upload()]}).status_code == 404
    buyer = Client()
    buyer.force_login(UserFactory())
    assert buyer.get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert not OfferPhoto.objects.exists()


# Product page ------------------------------------------------------------------------------------------


def test_given_an_offer_with_photos_then_its_grade_card_shows_the_unit_with_alt_and_lazy_sizes(
    seller, my_offer
):
    photos.add_photos(
        seller=seller, offer_id=my_offer.pk, files=[upload(content=image_bytes("JPEG", (900, 600)))]
    )
    product = my_offer.variant.product
    html = (
        Client()
        .get(reverse("storefront:product", args=(product.slug,)), headers={"Cookie": "market=FR"})
        .content.decode()
    )
    assert 'class="unit-photos"' in html
    assert 'loading="lazy"' in html and 'type="image/webp"' in html
    assert "Photo 1 of the unit for sale" in html


# Demo --------------------------------------------------------------------------------------------------


def test_given_the_demo_hook_then_demo_offers_get_drawn_front_and_back_photos_without_metadata(
    seller, my_offer
):
    import random

    from comeback.core import clock
    from comeback.demo.seeding import DemoContext
    from comeback.offers import demo

    ctx = DemoContext(
        rng=random.Random(1),
        now=clock.now(),
        password="x",
        products=[my_offer.variant.product],
        offers=[my_offer],
        show_progress=False,
    )
    demo.seed_demo(ctx)
    rows = list(OfferPhoto.objects.filter(offer=my_offer))
    assert [r.position for r in rows] == [0, 1]
    assert rows[0].widths() == [320, 640, 1280]
    html = Client().get(reverse("storefront:product", args=(my_offer.variant.product.slug,))).content.decode()
    assert html.count("Photo 1 of the unit for sale") == 1 and "Photo 2 of the unit for sale" in html


def test_given_an_offer_with_photos_then_the_product_api_returns_them_with_urls_per_width(seller, my_offer):
    photos.add_photos(
        seller=seller, offer_id=my_offer.pk, files=[upload(content=image_bytes("JPEG", (700, 500)))]
    )
    body = Client().get(f"/api/v1/products/{my_offer.variant.product_id}?market=FR").json()
    [best] = [o for v in body["variants"] for o in v["best_offers"] if o["offer_id"] == my_offer.pk]
    [photo] = best["photos"]
    assert [s["width"] for s in photo["sizes"]] == [320, 640, 700]
    assert photo["sizes"][0]["webp"].endswith("/320.webp") and photo["alt"]


def test_given_a_model_photo_then_it_replaces_the_drawing_and_without_one_the_drawing_stays(seller, my_offer):
    from comeback.catalog.models import ProductImage
    from comeback.core import images as gate

    product = my_offer.variant.product
    url = reverse("storefront:product", args=(product.slug,))
    assert "Illustration:" in Client().get(url).content.decode()
    photo = gate.accept(upload(content=image_bytes("JPEG", (900, 700))), field="upload")
    ProductImage.objects.create(
        product=product, files=gate.store_renditions(photo), width=photo.width, height=photo.height
    )
    html = Client().get(url).content.decode()
    assert "/photos/models/" in html and f"Photo of the {product.brand.name} {product.name}" in html
    image_url = html.split('src="/photos/models/')[1].split('"')[0]
    assert Client().get("/photos/models/" + image_url).status_code == 200


def test_given_a_model_photo_then_the_product_api_lists_it_in_images_and_without_one_the_drawing(
    seller, my_offer
):
    from comeback.catalog.models import ProductImage
    from comeback.core import images as gate

    product = my_offer.variant.product
    url = f"/api/v1/products/{product.pk}?market=FR"
    [drawing] = Client().get(url).json()["images"]
    assert drawing["illustration"] is True and drawing["sizes"] == [] and drawing["url"].endswith(".svg")

    photo = gate.accept(upload(content=image_bytes("JPEG", (900, 700))), field="upload")
    ProductImage.objects.create(
        product=product, files=gate.store_renditions(photo), width=photo.width, height=photo.height
    )

    [image] = Client().get(url).json()["images"]
    assert image["illustration"] is False and (image["width"], image["height"]) == (900, 700)
    assert [s["width"] for s in image["sizes"]] == [320, 640, 900]
    assert image["sizes"][0]["webp"].startswith("/photos/models/") and image["sizes"][0]["height"] == 249
    assert Client().get(image["sizes"][1]["jpeg"]).status_code == 200
