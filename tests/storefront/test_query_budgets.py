"""Query budgets of the catalogue API: markets, the category tree, the product list and suggestions cost the
same few queries for 2 rows or 8 (the search pages' budgets are in test_selectors.py and test_views_search.py)."""

from __future__ import annotations

import pytest

from comeback.catalog.services import reindex_products
from comeback.storefront import suggest

from ..budgets import assert_flat, queries
from ..factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_given_the_markets_then_listing_them_reads_the_per_process_copy(api):
    count, markets = queries(api, "/api/v1/markets")
    assert len(markets) == 5 and count <= 1


def test_given_more_categories_when_anyone_reads_the_tree_then_the_queries_do_not_grow(api):
    def add(n):
        for _ in range(n):
            top = CategoryFactory(slug=f"top-{CategoryFactory._meta.model.objects.count()}")
            CategoryFactory(slug=f"{top.slug}-child", parent=top)

    assert_flat(api, "/api/v1/categories", add, budget=4)


def test_given_more_products_when_anyone_lists_them_then_the_queries_do_not_grow(api):
    def add(n):
        for _ in range(n):
            OfferFactory(quantity=2)

    assert_flat(api, "/api/v1/products", add, budget=10, params={"market": "FR"})


def test_given_more_matching_products_when_anyone_asks_for_suggestions_then_the_queries_do_not_grow(api):
    def add(n):
        made = []
        for _ in range(n):
            product = ProductModelFactory(
                name=f"Galaxy S{10 + ProductModelFactory._meta.model.objects.count()}"
            )
            OfferFactory(variant=VariantFactory(product=product), quantity=2)
            made.append(product.pk)
        reindex_products(made)
        suggest.forget()  # the titles are read once per process; a new process reads the new ones

    assert_flat(api, "/api/v1/search/suggest", add, budget=6, params={"q": "galaxy", "market": "FR"})
