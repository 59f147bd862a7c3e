"""Garments on the web (docs/fashion.md): the seller portal's photo page discloses a defect with its photo, and
the product page shows the model's materials and care."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from comeback.catalog import services, textile
from comeback.demo.catalog.fashion import FASHION_PRODUCTS, textile_facts
from comeback.offers.models import OfferPhoto
from comeback.storefront import pagecache
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


# Materials and care on the product page ---------------------------------------------------------------------

# As the demo derives them for a cotton jacket: fibres per part, a country per stage, ISO 3758 care.
FACTS = {
    "composition": [
        {"part": "main", "fibres": [{"fibre": "cotton", "percent": 98}, {"fibre": "elastane", "percent": 2}]},
        {"part": "lining", "fibres": [{"fibre": "polyester", "percent": 100}]},
    ],
    "stages": {"spinning": "IN", "weaving_knitting": "TR", "dyeing_finishing": "TR", "making_up": "PT"},
    "care": {"washing": "wash_30_mild", "bleaching": "no_bleach", "ironing": "iron_low"},
}


def _section(page: str) -> str:
    return page.split('id="materials-care"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def jacket_with_facts(catalogue, jacket_offer):
    return services.set_textile(product=catalogue.jacket, textile=FACTS)


def test_given_a_garment_with_textile_facts_when_its_page_opens_then_materials_and_care_show_them(
    client, jacket_with_facts
):
    section = _section(_main(client.get(f"/p/{jacket_with_facts.slug}/")))

    assert "Materials and care" in section
    assert "<dt>Main fabric</dt><dd>98% Cotton, 2% Elastane</dd>" in section
    assert "<dt>Lining</dt><dd>100% Polyester</dd>" in section
    assert "<dt>Spinning</dt><dd>India</dd>" in section and "<dt>Making-up</dt><dd>Portugal</dd>" in section
    assert "<dt>Washing</dt><dd>Wash at 30 °C, mild process</dd>" in section


@pytest.mark.parametrize(
    "lang, heading, fibre, country",
    [
        ("fr", "Matières et entretien", "Coton", "Inde"),
        ("de", "Materialien und Pflege", "Baumwolle", "Indien"),
        ("ja", "素材とお手入れ", "綿", "インド"),
    ],
)
def test_given_a_garment_page_in_another_language_then_materials_and_care_read_in_it(
    client, jacket_with_facts, lang, heading, fibre, country
):
    page = client.get(f"/p/{jacket_with_facts.slug}/", headers={"accept-language": lang})

    section = _section(_main(page))
    assert heading in section and fibre in section and country in section


@pytest.mark.parametrize("spec", [s for s in FASHION_PRODUCTS if textile_facts(s)][:3], ids=lambda s: s.name)
def test_given_a_demo_garments_facts_when_its_page_opens_then_every_part_fibre_stage_and_symbol_shows(
    client, catalogue, jacket_offer, spec
):
    services.set_textile(product=catalogue.jacket, textile=textile_facts(spec))
    with translation.override(
        "en"
    ):  # the words an English page shows, whatever an earlier request left active
        shown = textile.present(textile_facts(spec), "en")

    section = _section(_main(client.get(f"/p/{catalogue.jacket.slug}/")))

    for part in shown["composition"]:
        assert f"<dt>{part['part_label']}</dt>" in section
        assert all(f["fibre_label"] in section for f in part["fibres"])
    assert all(f"<dt>{s['stage_label']}</dt><dd>{s['country_name']}</dd>" in section for s in shown["stages"])
    assert all(f"<dt>{c['group_label']}</dt><dd>{c['text']}</dd>" in section for c in shown["care"])


def test_given_a_phone_when_its_page_opens_then_it_has_no_materials_and_care(client, catalogue):
    page = _main(client.get(f"/p/{catalogue.iphone13.slug}/"))

    assert 'id="materials-care"' not in page and "Materials and care" not in page


def test_given_textile_facts_then_the_garment_page_costs_no_more_queries_than_without(
    client, catalogue, jacket_offer
):
    url = f"/p/{catalogue.jacket.slug}/"
    client.get(url)  # warm the market cache, as every later request finds it
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    services.set_textile(product=catalogue.jacket, textile=FACTS)
    client.get(url)  # the edit makes each process read the model again, once (catalog/kept.py)

    with CaptureQueriesContext(connection) as with_facts:
        page = client.get(url)

    assert 'id="materials-care"' in _main(page)
    assert len(with_facts) == len(without)


@pytest.fixture
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 30
    monkeypatch.setattr(pagecache, "_deadlines", None)  # another test's probation deadlines, memoised
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    yield
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()


def test_given_a_cached_garment_page_when_staff_change_its_facts_then_the_next_visitor_sees_them(
    page_cache_on, catalogue, jacket_offer, django_capture_on_commit_callbacks
):
    url = f"/p/{catalogue.jacket.slug}/"
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.set_textile(product=catalogue.jacket, textile=FACTS)
    page = Client().get(url)

    assert page["X-Page-Cache"] == "miss" and 'id="materials-care"' in _main(page)
