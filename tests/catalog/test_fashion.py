"""The fashion storefront: its section page and navigation, size guides, defect disclosure (docs/fashion.md)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.catalog import services, sizes
from comeback.core.problems import Invalid
from comeback.offers import photos
from tests.images import image_bytes

from .factories import offer

pytestmark = pytest.mark.django_db

GUIDE = {
    "S": {"chest_cm": 92, "length_cm": 66},
    "M": {"chest_cm": 100, "length_cm": 69},
    "L": {"chest_cm": 108},
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guide(catalogue):
    return sizes.set_size_guide(brand=catalogue.jacket.brand, category=catalogue.jackets, measurements=GUIDE)


def _main(page) -> str:
    return page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


# Size guides ------------------------------------------------------------------------------------------------


def test_given_a_brand_size_guide_when_a_garment_is_read_then_the_api_gives_its_measurements(
    api, catalogue, guide
):
    product = api.get(f"/api/v1/products/{catalogue.jacket.pk}?market=FR").expect(200)

    assert product["size_guide"] == {
        "brand": "Patagonia",
        "measurements": ["chest_cm", "length_cm"],
        "sizes": [
            {"size": "S", "chest_cm": 92, "length_cm": 66},
            {"size": "M", "chest_cm": 100, "length_cm": 69},
            {"size": "L", "chest_cm": 108},
        ],
    }


def test_given_a_phone_when_read_then_it_has_no_size_guide(api, catalogue, guide):
    assert api.get(f"/api/v1/products/{catalogue.iphone13.pk}?market=FR").expect(200)["size_guide"] is None


def test_given_a_size_guide_when_the_garment_page_opens_then_the_table_shows_in_the_page_language(
    client, catalogue, guide
):
    page = _main(client.get(f"/p/{catalogue.jacket.slug}/", headers={"accept-language": "fr"}))

    assert "Guide des tailles" in page and "Poitrine" in page and '<th scope="row">M</th>' in page


@pytest.mark.parametrize(
    "measurements, code",
    [
        ({}, "size_guide_empty"),
        ({"M": {"chest_cm": 0}}, "measurement_range"),
        ({"M": {"chest_cm": "100"}}, "measurement_range"),
        ({"M": {"shoe_size": 42}}, "unknown_measurement"),
        ({"M": {}}, "size_measurements"),
    ],
)
def test_given_a_broken_size_guide_when_saved_then_it_is_refused_naming_the_rule(
    catalogue, measurements, code
):
    with pytest.raises(Invalid) as refused:
        sizes.set_size_guide(
            brand=catalogue.jacket.brand, category=catalogue.jackets, measurements=measurements
        )
    assert refused.value.errors[0]["code"] == code and refused.value.errors[0]["field"] == "measurements"


def test_given_a_size_guide_when_saved_again_then_it_is_replaced_not_duplicated(catalogue, guide):
    sizes.set_size_guide(
        brand=catalogue.jacket.brand, category=catalogue.jackets, measurements={"XL": {"chest_cm": 116}}
    )

    table = sizes.size_guide_for(catalogue.jacket)
    assert [r.size for r in table.rows] == ["XL"]


# Defect disclosure ------------------------------------------------------------------------------------------


def _photo():
    return SimpleUploadedFile("stain.jpg", image_bytes("JPEG", (800, 600)), content_type="image/jpeg")


def test_given_a_garment_listing_when_the_seller_adds_a_stain_photo_then_buyers_see_the_defect_disclosed(
    client, catalogue
):
    jacket = offer(catalogue.jacket.variants.get(), catalogue.renew, "very_good", 9900)

    photos.add_photos(
        seller=catalogue.renew,
        offer_id=jacket.pk,
        files=[_photo()],
        defect="stain",
        defect_note="Collar, 1 cm",
    )

    page = _main(client.get(f"/p/{catalogue.jacket.slug}/"))
    assert "Defects disclosed" in page and "Stain" in page and "Collar, 1 cm" in page


def test_given_a_phone_listing_when_the_seller_names_a_garment_defect_then_it_is_refused(catalogue):
    with pytest.raises(Invalid) as refused:
        photos.add_photos(
            seller=catalogue.renew, offer_id=catalogue.best.pk, files=[_photo()], defect="pilling"
        )
    assert refused.value.code == "defect_not_in_scheme"


def test_given_a_defect_through_the_api_when_uploaded_then_the_photo_list_names_it(catalogue):
    jacket = offer(catalogue.jacket.variants.get(), catalogue.renew, "good", 7900)
    token = issue_token(user=catalogue.renew.user, scopes=["seller"]).secret

    response = Client().post(
        f"/api/v1/seller/listings/{jacket.pk}/photos",
        data={"defect": "repair", "defect_note": "Re-stitched cuff", "photos": [_photo()]},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 201, response.content
    assert [(p["defect"], p["defect_label"], p["defect_note"]) for p in response.json()["items"]] == [
        ("repair", "Repair", "Re-stitched cuff")
    ]


# The fashion section ----------------------------------------------------------------------------------------


@pytest.fixture
def section(catalogue):
    """The catalogue's apparel root ("apparel") with jackets under it, as the demo's "fashion" holds them."""
    return catalogue.jackets.parent


def test_given_garments_on_sale_when_the_fashion_page_opens_then_it_has_its_navigation_grades_and_window(
    client, catalogue, section, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/fashion/")

    assert response.status_code == 200
    page = _main(response)
    assert 'href="/c/jackets/"' in page
    assert "New with tags" in page and "Very good" in page
    assert "Torrentshell" in page  # the shop window
    header = response.content.decode().split("<main", 1)[0]
    assert "100% functional" not in header and "Every sign of wear shown in a photo" in header


def test_given_a_fashion_category_page_when_opened_then_it_shows_the_section_navigation_and_no_device_claim(
    client, catalogue, section
):
    response = client.get("/c/jackets/")

    page = response.content.decode()
    assert 'class="section-nav"' in page and 'aria-current="page">Jackets' in page
    assert "100% functional" not in page.split("<footer", 1)[0]


def test_given_a_device_category_page_when_opened_then_it_keeps_the_device_promises(client, catalogue):
    page = client.get("/c/smartphones/").content.decode()

    assert 'class="section-nav"' not in page and "100% functional" in page


def test_given_no_clothing_category_when_the_fashion_page_opens_then_it_is_not_found(client, db):
    services.create_category(slug="phones", name="Phones", battery_floor=80)

    assert client.get("/fashion/").status_code == 404


# Staff edit size guides and schemes in the admin ------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    from ..factories import StaffFactory

    client.force_login(StaffFactory(email="fashion-staff@example.test"))
    return client


def test_given_staff_when_a_size_guide_with_a_bad_measurement_is_saved_then_the_form_names_it(
    staff_client, catalogue
):
    response = staff_client.post(
        "/admin/catalog/sizeguide/add/",
        {
            "brand": catalogue.jacket.brand.pk,
            "category": catalogue.jackets.pk,
            "measurements": '{"M": {"chest_cm": 900}}',
        },
    )

    assert response.status_code == 200 and "at most 300" in response.content.decode()
    assert not catalogue.jacket.brand.size_guides.exists()


def test_given_staff_when_a_valid_size_guide_is_saved_then_the_product_page_shows_it(staff_client, catalogue):
    response = staff_client.post(
        "/admin/catalog/sizeguide/add/",
        {
            "brand": catalogue.jacket.brand.pk,
            "category": catalogue.jackets.pk,
            "measurements": '{"M": {"chest_cm": 100}}',
        },
    )

    assert response.status_code == 302
    assert sizes.size_guide_for(catalogue.jacket).rows[0].size == "M"


def test_given_a_buyer_when_opening_the_size_guide_admin_then_it_is_refused(client, catalogue):
    from ..factories import UserFactory

    client.force_login(UserFactory(email="curious@example.test"))

    response = client.get("/admin/catalog/sizeguide/add/")

    assert response.status_code == 302 and "/login/" in response["Location"]
