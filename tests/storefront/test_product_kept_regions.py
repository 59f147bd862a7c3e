"""A product page keeps more than its grade cards (`{% fragment %}`, storefront/fragment_keys.py): its top
(photos, price, configuration picker, key facts) under the model's generation, the market and the variants'
prices; its title, breadcrumb, grades' heading, guarantees and avoided impact under the model and the market. A
page served from them is the page rendered from scratch, and a new price or a catalogue edit shows at once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from comeback.catalog.models import ProductModel
from comeback.offers.models import Offer
from comeback.sellers.models import SellerStatus
from comeback.storefront import fragment_keys
from comeback.web.templatetags import comeback as tags

from ..factories import CategoryFactory, OfferFactory, ProductModelFactory, SellerFactory, VariantFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

IPHONE = "/p/apple-iphone-13/"
COAT = "/p/rework-wool-coat/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
REGION = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "product-main"}


@pytest.fixture
def shop(db):
    shop = build_shop()
    # A seller still on probation offers the same iPhone in another grade: its card and the picker show it.
    newcomer = SellerFactory(display_name="Fresh Start", status=SellerStatus.PROBATION)
    OfferFactory(seller=newcomer, variant=shop.iphone_128, grade="good", price_amount=38900)
    # A garment: graded by the apparel scheme, its promises and words are not a device's.
    coats = CategoryFactory(
        slug="coats", illustration="jacket", battery_floor=None, condition_scheme="apparel"
    )
    coat = ProductModelFactory(category=coats, name="Wool coat", slug="rework-wool-coat", weight_grams=1200)
    OfferFactory(
        seller=newcomer,
        variant=VariantFactory(product=coat, attributes={"size": "M"}, label="M"),
        grade="very_good",
        price_amount=8900,
        battery_health_min=None,
    )
    return shop


def _page(path: str, language: str = "en", **headers) -> str:
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        answer = Client().get(path, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert answer.status_code == 200
    return CSRF.sub("", answer.content.decode())


def _top(html: str) -> str:
    start = html.index('<div class="product-top">')
    return html[start : html.index('<section class="section" aria-labelledby="grades-title">', start)]


def test_given_kept_regions_then_every_page_is_byte_identical_to_one_rendered_from_scratch(shop, monkeypatch):
    asked = [
        (path, lang, region)
        for path in (IPHONE, f"{IPHONE}?variant={shop.iphone_256.pk}", f"{IPHONE}?market=GB", COAT)
        for lang in ("en", "fr")
        for region in (False, True)
    ]
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 0)  # nothing kept: every region rendered
    plain = {a: _page(a[0], a[1], **(REGION if a[2] else {})) for a in asked}
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 5_000)

    kept = {a: [_page(a[0], a[1], **(REGION if a[2] else {})) for _ in range(2)] for a in asked}

    for page in asked:
        assert kept[page] == [plain[page], plain[page]], page
    assert len(set(plain.values())) == len(
        asked
    )  # a region kept for one page, language or market stays its own
    assert "Fresh Start" in plain[(IPHONE, "en", False)]
    assert "Second-hand" in plain[(COAT, "en", False)] and "Refurbished" in plain[(IPHONE, "en", False)]


def test_given_a_kept_top_when_a_variants_lowest_price_changes_then_the_picker_shows_the_new_price_at_once(
    shop,
):
    assert "€479.00" in _top(_page(IPHONE))

    # Stock moves and repricing update rows without a catalogue edit: the top's key holds every variant's price.
    Offer.objects.filter(variant=shop.iphone_256).update(price_amount=46900)

    top = _top(_page(IPHONE))
    assert "€469.00" in top and "€479.00" not in top


def test_given_a_kept_top_when_the_offers_counted_change_then_the_summary_follows(shop):
    assert "5 offers from professional refurbishers" in _page(IPHONE)

    Offer.objects.filter(pk=shop.runner_up.pk).update(quantity=0)

    assert "4 offers from professional refurbishers" in _page(IPHONE)


def test_given_kept_regions_when_the_model_is_edited_then_title_breadcrumb_and_top_show_the_edit(shop):
    assert "<title>Apple iPhone 13, refurbished · Comeback</title>" in _page(IPHONE)

    model = ProductModel.objects.get(pk=shop.iphone.pk)
    model.name = "iPhone 13 mini"
    model.save()  # a catalogue edit: every process reads the model again, as a new generation

    html = _page(IPHONE)
    assert "<title>Apple iPhone 13 mini, refurbished · Comeback</title>" in html
    assert '<li aria-current="page">iPhone 13 mini</li>' in html
    assert "<h1>iPhone 13 mini" in _top(html)


def test_given_a_kept_model_then_its_generation_holds_until_the_model_is_read_again():
    first, again = ProductModel(name="iPhone 13"), ProductModel(name="iPhone 13")  # two reads of one model

    number = fragment_keys.kept_generation(first)

    assert fragment_keys.kept_generation(first) == number
    assert fragment_keys.kept_generation(again) != number
