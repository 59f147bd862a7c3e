"""The catalogue's slow-moving reads are kept per process under the catalogue version (catalog/kept.py): a page
asked again reads no model, variant or photo, and every catalogue edit shows on the next render, whether this
process made it or another one did (the version lives in the database, core/versioned.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from comeback.catalog import kept, services
from comeback.catalog.models import ProductModel, Variant
from comeback.core.models import ConfigVersion

from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PAGE = "/p/apple-iphone-13/"


@pytest.fixture
def shop(db):
    return build_shop()


def _main(path: str = PAGE) -> str:
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        html = Client().get(path).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _catalogue_reads(path: str = PAGE) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _main(path)
    reads = ('"catalog_productmodel"."slug" =', 'FROM "catalog_variant"', 'FROM "catalog_productimage"')
    return [q["sql"] for q in queries if any(r in q["sql"] for r in reads)]


def test_given_a_product_page_seen_before_then_its_model_variants_and_photos_are_not_read_again(shop):
    _main()  # the first visitor of this process reads them

    assert _catalogue_reads() == []


def test_given_a_kept_model_when_staff_rename_it_then_the_next_render_shows_the_new_name(shop):
    assert "iPhone 13" in _main()

    ProductModel.objects.filter(pk=shop.iphone.pk).update(name="iPhone 13 mini")
    assert "iPhone 13 mini" not in _main()  # an UPDATE that sends no signal and bumps nothing is not seen …
    product = ProductModel.objects.get(pk=shop.iphone.pk)
    product.save()  # … a save (the admin's, a service's) bumps the version

    assert "iPhone 13 mini" in _main()


def test_given_a_kept_model_when_a_variant_is_added_then_the_next_render_offers_it(shop):
    assert "512 GB" not in _main()

    services.create_variant(product=shop.iphone, attributes={"storage_gb": 512, "colour": "Midnight"})

    assert "512 GB" in _main()


def test_given_a_kept_model_when_a_variant_gets_its_gtin_then_the_version_is_bumped(shop):
    variant = Variant.objects.filter(product=shop.iphone).first()
    Variant.objects.filter(pk=variant.pk).update(gtin=None)  # as a bulk import leaves it
    _main()
    before = kept.product(slug="apple-iphone-13")

    services.assign_variant_gtin(variant=variant, gtin="00194252707128")  # a guarded UPDATE, no signal

    after = kept.product(slug="apple-iphone-13")
    assert after is not before
    assert {v.gtin for v in after.variants} >= {"00194252707128"}


def test_given_a_kept_model_when_another_process_edits_the_catalogue_then_this_one_reads_it_again(
    shop, settings
):
    settings.CONFIG_CHECK_SECONDS = 0  # compare with the shared version on every read
    assert "iPhone 13" in _main()

    # Another process's edit: the rows and the version move in the database; this process drops nothing.
    ProductModel.objects.filter(pk=shop.iphone.pk).update(name="iPhone 13 Pro")
    ConfigVersion.objects.filter(name=kept.VERSION).update(version=F("version") + 1)

    assert "iPhone 13 Pro" in _main()


def test_given_kept_categories_and_brands_when_a_brand_is_added_then_the_next_read_lists_it(shop):
    assert "Fairphone" not in [b.name for b in kept.brands()]
    assert {c.slug for c in kept.categories()} >= {"smartphones", "jackets"}

    services.create_brand(name="Fairphone")

    assert "Fairphone" in [b.name for b in kept.brands()]


def _case_for_sale():
    """A phone case on sale in France that fits nothing yet."""
    from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

    cases = CategoryFactory(slug="phone-cases", name="Phone cases", battery_floor=None)
    case = ProductModelFactory(category=cases, name="Clear Case")
    OfferFactory(variant=VariantFactory(product=case), price_amount=1900, battery_health_min=None)
    return case


def test_given_a_page_seen_before_when_an_accessory_declares_it_fits_the_model_then_the_next_render_offers_it(
    shop,
):
    case = _case_for_sale()
    assert "Clear Case" not in _main()  # the model's accessories are now kept: none fit

    case.compatible_with.add(shop.iphone)  # the admin's and the services' way: a signal bumps the version

    assert "Clear Case" in _main()
    case.compatible_with.remove(shop.iphone)
    assert "Clear Case" not in _main()


def test_given_a_page_seen_before_when_an_accessory_declares_it_fits_the_category_then_the_next_render_offers_it(
    shop,
):
    case = _case_for_sale()
    assert "Clear Case" not in _main()

    case.compatible_categories.set([shop.iphone.category])

    assert "Clear Case" in _main()
    case.compatible_categories.clear()
    assert "Clear Case" not in _main()


def test_given_a_product_page_seen_before_then_the_accessories_that_fit_are_not_read_again(shop):
    _main()

    with CaptureQueriesContext(connection) as queries:
        _main()

    assert not [q for q in queries if "catalog_productmodel_compatible" in q["sql"]]
