"""What search reads of the catalogue is kept per process under the catalogue version (catalog/kept.py): the cards'
models, brands, categories and first pictures, the category and brand tables, and the vocabulary typos are
corrected against. A search asked again reads none of them, and a catalogue edit shows on the next search
(docs/performance.md "Render path: search, 2026-12-06 (night)")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from comeback.catalog import kept, services
from comeback.catalog.models import Brand, ProductModel
from comeback.core import versioned
from comeback.storefront import snapshot

from ..editions.factories import edition
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=iphone&market=FR"
CATALOGUE_TABLES = (
    '"catalog_productmodel"',
    '"catalog_category"',
    '"catalog_brand"',
    '"catalog_productimage"',
)


@pytest.fixture
def shop(db, settings):
    settings.COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = (
        1  # searched in memory: only the words are asked of the database
    )
    snapshot.clear()
    yield build_shop()
    snapshot.clear()


def _html(path: str = SEARCH) -> str:
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        return Client().get(path).content.decode()


def _catalogue_reads(path: str = SEARCH) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _html(path)
    return [q["sql"] for q in queries if any(table in q["sql"] for table in CATALOGUE_TABLES)]


def test_given_a_search_seen_before_then_it_reads_no_model_brand_category_or_picture_again(shop):
    category_page = "/c/smartphones/?market=FR&brand=apple"
    _html(), _html(category_page)  # the first searches of this process read them

    assert _catalogue_reads() == []
    assert _catalogue_reads(category_page) == []


def test_given_a_kept_card_when_its_model_is_renamed_then_the_next_search_shows_the_new_name(shop):
    assert ">iPhone 13</a>" in _html()

    product = ProductModel.objects.get(pk=shop.iphone.pk)
    product.name = "iPhone 13 mini"
    product.save()  # the admin's and the services' saves bump the catalogue version

    assert ">iPhone 13 mini</a>" in _html()


def test_given_a_kept_brand_table_when_a_brand_is_renamed_then_the_next_search_names_it_so(shop):
    assert "Apple" in _html("/search/?market=FR")

    brand = Brand.objects.get(slug="apple")
    brand.name = "Apple Inc."
    brand.save()

    assert "Apple Inc." in _html("/search/?market=FR")


def test_given_kept_cards_when_an_edition_is_saved_then_the_catalogue_version_moves(shop):
    # A card shows an edition's run: the edition's own saves bump the version, not only its model's creation.
    made = edition(shop.best.seller)
    before = versioned.current(kept.VERSION)

    made.save()

    assert versioned.current(kept.VERSION) > before


def test_given_a_kept_vocabulary_when_a_model_is_indexed_then_its_words_are_forgiven_at_once(shop):
    assert "Showing results for" not in _html("/search/?q=fairpohne&market=FR")  # nothing to correct it to

    phone = services.create_product(
        category=shop.iphone.category, brand=shop.iphone.brand, name="Fairphone 5"
    )
    services.reindex_products([phone.pk])  # on commit, after a model is created

    assert "Showing results for “fairphone”" in _html("/search/?q=fairpohne&market=FR")
