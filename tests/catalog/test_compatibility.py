"""Which accessories fit which models: by model, by category and by an ancestor category, in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.catalog import compatibility, kept
from comeback.catalog.models import CategoryKind
from tests.factories import CategoryFactory, ProductModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    devices = CategoryFactory(slug="wearables", name="Wearables")
    watches = CategoryFactory(slug="smartwatches", name="Smartwatches", parent=devices)
    straps = CategoryFactory(
        slug="watch-straps", name="Watch straps", kind=CategoryKind.ACCESSORY, battery_floor=None
    )
    watch = ProductModelFactory(category=watches, name="Watch S7")
    other_watch = ProductModelFactory(category=watches, name="Watch S8")
    by_model = ProductModelFactory(category=straps, name="Sport Band 45")
    by_model.compatible_with.set([watch])
    by_category = ProductModelFactory(category=straps, name="Nylon Loop")
    by_category.compatible_categories.set([watches])
    by_ancestor = ProductModelFactory(category=straps, name="Universal Clip")
    by_ancestor.compatible_categories.set([devices])
    both = ProductModelFactory(category=straps, name="Steel Link")
    both.compatible_with.set([watch])
    both.compatible_categories.set([watches])
    ProductModelFactory(category=straps, name="Phone Case")  # fits nothing here
    return watch, other_watch, by_model, by_category, by_ancestor, both


def test_given_accessories_declared_every_way_when_asked_then_each_fitting_one_comes_once_in_order(
    shelf, django_assert_num_queries
):
    # given
    watch, _other, by_model, by_category, by_ancestor, both = shelf
    # when
    with django_assert_num_queries(1):
        found = compatibility.accessories_for([watch.pk])
    # then
    assert found == sorted([by_model.pk, by_category.pk, by_ancestor.pk, both.pk])


def test_given_a_model_without_its_own_links_when_asked_then_only_category_ones_fit(shelf):
    # given
    _watch, other_watch, _by_model, by_category, by_ancestor, both = shelf
    # when
    found = compatibility.accessories_for([other_watch.pk])
    # then
    assert found == sorted([by_category.pk, by_ancestor.pk, both.pk])


def test_given_a_limit_when_asked_then_the_lowest_ids_come_first(shelf):
    # given
    watch, *_rest = shelf
    # when
    found = compatibility.accessories_for([watch.pk], limit=2)
    # then
    assert found == sorted(compatibility.accessories_for([watch.pk]))[:2]


def test_given_an_accessory_asked_about_itself_when_asked_then_it_is_left_out(shelf):
    # given an accessory that declares it fits the very model asked about (itself among the ids)
    watch, _other, by_model, *_rest = shelf
    # when
    found = compatibility.accessories_for([watch.pk, by_model.pk])
    # then
    assert by_model.pk not in found
    assert compatibility.accessories_for([]) == []


def test_given_accessories_declared_every_way_when_a_product_page_asks_then_the_kept_links_answer_as_the_query(
    shelf,
):
    # given a strap that declares it fits the grandparent of a model three levels deep, and one that fits itself
    watch, other_watch, by_model, by_category, by_ancestor, both = shelf
    kids = CategoryFactory(slug="kids-watches", name="Kids' watches", parent=watch.category)
    kids_watch = ProductModelFactory(category=kids, name="Watch Kids")
    by_model.compatible_with.add(by_model)
    models = (watch, other_watch, kids_watch, by_model, by_category, by_ancestor, both)
    # when the product pages ask (the first reads the two link tables, the others no link)
    found = {m.pk: kept.accessories(m.pk) for m in models}
    with CaptureQueriesContext(connection) as queries:
        again = {m.pk: kept.accessories(m.pk) for m in models}
    # then each answer is the query's
    assert found == again == {m.pk: tuple(compatibility.accessories_for([m.pk])) for m in models}
    assert [q["sql"] for q in queries if "compatible" in q["sql"]] == []
    assert kept.accessories(2**62) == ()
