"""A product page's model read by hand (catalog/product_sql.py) is the ORM's: the same values of the same types,
the same relations loaded, and nothing more to read."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.catalog.models import ProductImage, ProductModel
from comeback.catalog.product_sql import read_model
from tests.factories import BrandFactory, CategoryFactory, ProductModelFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _orm(slug: str):
    """The reads product_sql replaces, as kept.py made them with the ORM."""
    found = (
        ProductModel.objects.select_related("brand", "category", "category__parent")
        .prefetch_related("images")
        .filter(slug=slug)
        .first()
    )
    return found, tuple(found.variants.all())


def _values(instance) -> list[tuple]:
    if instance is None:
        return []
    return [
        (f.attname, type(v), v)
        for f in instance._meta.concrete_fields
        for v in [getattr(instance, f.attname)]
    ]


def _shown(product, variants) -> tuple:
    """Every value the model, its brand, category, parent, photos and variants carry, and each one's `.product`."""
    return (
        _values(product),
        _values(product.brand),
        _values(product.category),
        _values(product.category.parent),
        [_values(i) for i in product.images.all()],
        [_values(v) for v in variants],
        [i.product is product for i in product.images.all()],
        [v.product is product for v in variants],
        [sorted(x.get_deferred_fields()) for x in (product, *variants, *product.images.all())],
    )


@pytest.fixture
def phone(db):
    """A model in a sub-category, with every optional column set, three photos out of order and two variants."""
    parent = CategoryFactory(slug="phones")
    category = CategoryFactory(slug="smartphones", parent=parent)
    product = ProductModelFactory(
        category=category,
        brand=BrandFactory(name="Fairphone"),
        description="Made to be repaired.",
        release_date=date(2023, 8, 30),
        end_of_placement=date(2030, 1, 1),
        gtin="08720254442069",
        materials=[{"material": "aluminium", "percent": 24}],
        origin="NL",
        attributes={"display_in": 6.46},
        weight_grams=210,
        energy_label={"class": "A"},
        textile={},
    )
    for position, colour in ((2, "Black"), (0, ""), (0, "Black")):
        ProductImage.objects.create(
            product=product,
            colour=colour,
            position=position,
            width=900,
            height=700,
            files={"320.webp": "a.webp"},
            uploaded_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        )
    VariantFactory(product=product, label="256 GB · Black", attributes={"storage_gb": 256, "colour": "Black"})
    VariantFactory(product=product)
    return product


def test_given_a_model_in_a_sub_category_when_read_by_hand_then_it_is_the_orms_model(phone):
    by_hand = read_model(slug=phone.slug)

    assert _shown(*by_hand) == _shown(*_orm(phone.slug))


def test_given_a_model_read_by_hand_when_a_page_reads_its_relations_then_no_query_is_sent(phone):
    product, variants = read_model(product_id=phone.pk)

    with CaptureQueriesContext(connection) as queries:
        _shown(product, variants)

    assert len(queries) == 0


def test_given_a_top_level_category_without_photos_or_variants_then_it_is_the_orms_model_too(db):
    product = ProductModelFactory(category=CategoryFactory(slug="laptops"))

    by_hand = read_model(slug=product.slug)

    assert by_hand[0].category.parent is None
    assert _shown(*by_hand) == _shown(*_orm(product.slug))


def test_given_no_such_model_then_nothing_is_read(db):
    assert read_model(slug="no-such-model") is None
    assert read_model(product_id=2**62) is None
