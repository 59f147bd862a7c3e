"""Base colours over marketing names (catalog/colours.py): the colour filter groups "Sierra Blue" and
"Pacific Blue" under blue, the same on the SQL path and in the search snapshot, translated on the page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from comeback.catalog import colours
from comeback.catalog.services import reindex_products
from comeback.storefront import selectors, snapshot

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Sierra Blue", "blue"),
        ("Pacific Blue", "blue"),
        ("Midnight", "black"),
        ("Midnight Green", "green"),
        ("Starlight", "white"),
        ("Graphite", "grey"),
        ("Space Gray", "grey"),
        ("Pink Gold", "pink"),
        ("Phantom Violet", "purple"),
        ("Summit Navy", "blue"),
        ("Natural Titanium", "grey"),
        ("Neon Red/Neon Blue", "multicolour"),
        ("Transparent Edition", None),
        ("", None),
    ],
)
def test_given_a_marketing_name_then_it_has_one_base_colour(db, name, group):
    assert colours.group_of(name) == group


@pytest.fixture
def phones(db):
    colours.forget()
    category = CategoryFactory(slug="smartphones", name="Smartphones")
    apple = BrandFactory(name="Apple", slug="apple")
    made = {}
    for slug, names in {
        "iphone-13-pro": ["Sierra Blue", "Graphite"],
        "iphone-12-pro": ["Pacific Blue"],
        "iphone-13": ["Midnight", "Starlight"],
    }.items():
        product = ProductModelFactory(category=category, brand=apple, name=slug.replace("-", " "), slug=slug)
        for name in names:
            OfferFactory(variant=VariantFactory(product=product, attributes={"colour": name}, label=name))
        made[slug] = product
    reindex_products([p.pk for p in made.values()])
    yield made
    colours.forget()
    snapshot.clear()


def _search(monkeypatch, *, large: bool, **kwargs):
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1 if large else 10**9)
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    result = selectors.search_products(market="FR", category="smartphones", **kwargs)
    assert (snapshot.for_market("FR") is not None) == large
    return result


@pytest.mark.parametrize("large", [False, True], ids=["sql", "snapshot"])
def test_given_blue_phones_under_two_names_when_filtering_on_blue_then_both_come_and_counts_agree(
    phones, monkeypatch, large
):
    # when
    everything = _search(monkeypatch, large=large)
    blue = _search(monkeypatch, large=large, attrs={"colour_group": "blue"})

    # then: one count per product, whatever its variants' names
    groups = dict(everything.facets["attrs"]["colour_group"])
    assert groups == {"black": 1, "grey": 1, "white": 1, "blue": 2}
    assert [g for g, _n in everything.facets["attrs"]["colour_group"]] == ["black", "grey", "white", "blue"]
    assert sorted(c.slug for c in blue.items) == ["iphone-12-pro", "iphone-13-pro"]
    assert blue.total == groups["blue"]


def test_given_a_french_shopper_when_the_category_opens_then_base_colours_are_offered_in_french(phones):
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = visitor.get("/c/smartphones/").content.decode()

    assert 'name="attr_colour_group" value="blue"' in html and "Bleu" in html
    assert 'name="attr_colour"' not in html  # the makers' names are grouped, not listed
    filtered = visitor.get("/c/smartphones/", {"attr_colour_group": "blue"}).content.decode()
    assert "iphone 12 pro" in filtered and "iphone 13 pro" in filtered and "/p/iphone-13/" not in filtered
