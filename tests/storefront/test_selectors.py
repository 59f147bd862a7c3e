"""Catalogue reads: search with filters, facets, sorting and pages; the visible-offer rule; the home page and
the product page with its best offers and reasons; query budgets."""

from __future__ import annotations

import pytest

from comeback.catalog import services
from comeback.core.money import Money
from comeback.core.problems import Invalid, NotFound
from comeback.storefront import selectors

from ..catalog.factories import offer

pytestmark = pytest.mark.django_db


def names(result) -> list[str]:
    return [card.name for card in result.items]


def by_name(result) -> dict:
    return {card.name: card for card in result.items}


ALL_FR = [
    "iPhone 13",
    "iPhone 12",
    "Galaxy S21",
    "Galaxy Book 3",
    "Veste Déperlante Torrentshell",
    "Coque Ultra Hybrid",
]


# Search: what is listed -------------------------------------------------------------------------------------


def test_given_no_words_then_every_model_with_a_visible_offer_in_the_market_is_listed_most_offered_first(
    catalogue,
):
    result = selectors.search_products(market="FR")

    assert names(result) == ALL_FR
    assert (result.total, result.page, result.pages, result.per_page) == (6, 1, 1, 24)
    iphone = result.items[0]
    assert iphone.from_price == Money(33900, "EUR")
    assert (iphone.offer_count, iphone.grades) == (5, ["premium", "excellent", "good", "fair"])
    assert (iphone.slug, iphone.brand_name, iphone.brand_slug) == ("apple-iphone-13", "Apple", "apple")
    assert (iphone.category_slug, iphone.category_name, iphone.illustration) == (
        "smartphones",
        "Smartphones",
        "phone",
    )
    assert iphone.release_year == 2021


def test_given_hidden_offers_then_they_count_nowhere(catalogue):
    # The Galaxy also has withdrawn, paused, out-of-stock and suspended-seller offers at 100.00.
    galaxy = by_name(selectors.search_products(market="FR"))["Galaxy S21"]
    premium = selectors.search_products(market="FR", grade="premium")

    assert (galaxy.from_price, galaxy.offer_count, galaxy.grades) == (Money(39900, "EUR"), 1, ["excellent"])
    assert names(premium) == ["iPhone 13"]


def test_given_a_model_sold_only_in_another_market_then_it_is_listed_only_there(catalogue):
    assert "MacBook Air M2" not in names(selectors.search_products(market="FR"))
    de = selectors.search_products(market="DE")
    gb = selectors.search_products(market="gb")

    assert names(de) == ["MacBook Air M2"]
    assert (names(gb), gb.items[0].from_price, gb.currency) == (["iPhone 13"], Money(36950, "GBP"), "GBP")


def test_given_words_then_matching_models_are_listed_best_match_first(catalogue):
    result = selectors.search_products(market="FR", q="iphone 13")

    assert names(result) == ["iPhone 13", "Coque Ultra Hybrid"]
    assert result.items[0].rank > result.items[1].rank
    assert names(selectors.search_products(market="FR", q="ipho", sort="price_asc")) == [
        "Coque Ultra Hybrid",
        "iPhone 12",
        "iPhone 13",
    ]


def test_given_words_matching_only_unsold_models_then_nothing_is_listed(catalogue):
    assert selectors.search_products(market="FR", q="macbook").total == 0
    assert selectors.search_products(market="FR", q="nokia").items == []


def test_given_only_punctuation_then_it_is_a_plain_listing(catalogue):
    assert names(selectors.search_products(market="FR", q='"*()')) == ALL_FR


def test_given_a_parent_category_then_its_descendants_are_included(catalogue):
    assert names(selectors.search_products(market="FR", category="electronics")) == [
        "iPhone 13",
        "iPhone 12",
        "Galaxy S21",
        "Galaxy Book 3",
    ]
    assert names(selectors.search_products(market="FR", category="smartphones", q="galaxy")) == ["Galaxy S21"]


def test_given_a_brand_then_only_its_models(catalogue):
    assert names(selectors.search_products(market="FR", brand="samsung")) == ["Galaxy S21", "Galaxy Book 3"]


def test_given_a_price_range_then_it_applies_to_offers_and_sets_the_from_price(catalogue):
    result = selectors.search_products(market="FR", min_price=30000, max_price=45000)

    assert names(result) == ["iPhone 13", "Galaxy S21"]
    iphone = result.items[0]
    assert (iphone.from_price.amount, iphone.offer_count, iphone.grades) == (33900, 2, ["excellent", "fair"])


def test_given_a_grade_then_the_from_price_is_that_grades(catalogue):
    result = selectors.search_products(market="FR", grade="excellent")

    assert [(c.name, c.from_price.amount, c.offer_count) for c in result.items] == [
        ("iPhone 13", 41900, 2),
        ("Galaxy S21", 39900, 1),
    ]


def test_given_variant_attribute_filters_then_only_matching_variants_count(catalogue):
    storage = selectors.search_products(market="FR", attrs={"storage_gb": "128"})
    blue = selectors.search_products(market="FR", attrs={"storage_gb": "128", "colour": "Blue"})

    assert [(c.name, c.from_price.amount, c.offer_count) for c in storage.items] == [
        ("iPhone 13", 33900, 4),
        ("Galaxy S21", 39900, 1),
    ]
    assert [(c.name, c.from_price.amount) for c in blue.items] == [("iPhone 13", 52900)]
    assert selectors.search_products(market="FR", attrs={"storage_gb": "", "colour": None}).total == 6


# Search: order and pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price_asc",
            [
                "Coque Ultra Hybrid",
                "Veste Déperlante Torrentshell",
                "iPhone 12",
                "iPhone 13",
                "Galaxy S21",
                "Galaxy Book 3",
            ],
        ),
        (
            "price_desc",
            [
                "Galaxy Book 3",
                "Galaxy S21",
                "iPhone 13",
                "iPhone 12",
                "Veste Déperlante Torrentshell",
                "Coque Ultra Hybrid",
            ],
        ),
        (
            "newest",
            [
                "Galaxy Book 3",
                "iPhone 13",
                "Galaxy S21",
                "iPhone 12",
                "Coque Ultra Hybrid",
                "Veste Déperlante Torrentshell",
            ],
        ),
        # best seller rating first (ReNew 4.7 over Reboot 4.5, with the prior), then the most offered
        (
            "rating",
            [
                "iPhone 13",
                "iPhone 12",
                "Galaxy S21",
                "Coque Ultra Hybrid",
                "Galaxy Book 3",
                "Veste Déperlante Torrentshell",
            ],
        ),
        ("relevance", ALL_FR),
    ],
)
def test_given_a_sort_then_models_come_in_that_order(catalogue, sort, expected):
    assert names(selectors.search_products(market="FR", sort=sort)) == expected


def test_given_a_page_size_then_pages_follow_one_another_and_a_page_past_the_end_is_empty(catalogue):
    pages = [selectors.search_products(market="FR", per_page=4, page=n) for n in (1, 2, 3)]

    assert [names(p) for p in pages] == [ALL_FR[:4], ALL_FR[4:], []]
    assert [(p.total, p.pages, p.has_previous, p.has_next) for p in pages] == [
        (6, 2, False, True),
        (6, 2, True, False),
        (6, 2, True, False),
    ]


# Search: facets ------------------------------------------------------------------------------------------------


def test_given_results_then_facets_count_matching_models(catalogue):
    facets = selectors.search_products(market="FR").facets

    assert facets["brand"] == [
        ("apple", "Apple", 2),
        ("samsung", "Samsung", 2),
        ("patagonia", "Patagonia", 1),
        ("spigen", "Spigen", 1),
    ]
    assert facets["grade"] == [("premium", 1), ("excellent", 2), ("good", 5), ("fair", 1)]
    assert facets["category"] == [
        ("smartphones", "Smartphones", 3),
        ("cases", "Cases", 1),
        ("jackets", "Jackets", 1),
        ("laptops", "Laptops", 1),
    ]
    assert facets["attrs"] == {
        "colour": [("Black", 1), ("Blue", 1), ("Phantom Grey", 1), ("White", 1)],
        "colour_group": [("black", 1), ("grey", 1), ("white", 1), ("blue", 1)],
        "keyboard": [("AZERTY", 1)],
        "size": [("M", 1)],
        "storage_gb": [("64", 1), ("128", 2), ("256", 1), ("512", 1)],
    }


def test_given_filters_then_facets_describe_the_filtered_results(catalogue):
    facets = selectors.search_products(market="FR", category="smartphones", grade="excellent").facets

    assert facets["brand"] == [("apple", "Apple", 1), ("samsung", "Samsung", 1)]
    assert facets["grade"] == [("excellent", 2)]
    assert facets["attrs"]["storage_gb"] == [("128", 2)]
    assert facets["attrs"]["colour"] == [("Black", 1), ("Phantom Grey", 1)]


def test_given_no_results_then_facets_are_empty(catalogue):
    result = selectors.search_products(market="FR", q="nokia")

    assert result.facets == {"brand": [], "grade": [], "category": [], "attrs": {}}


# Search: refused filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"grade": "mint"}, "grade", "invalid_grade"),
        ({"min_price": -1}, "min_price", "price_negative"),
        ({"max_price": 10**15}, "max_price", "price_too_high"),
        ({"min_price": 500, "max_price": 100}, "min_price", "price_range"),
        ({"page": 0}, "page", "page_invalid"),
        ({"page": 10**9}, "page", "page_too_large"),
        ({"per_page": 101}, "per_page", "per_page_range"),
        ({"sort": "cheapest"}, "sort", "invalid_sort"),
        ({"category": "no-such-category"}, "category", "unknown_category"),
        ({"category": "bad slug!"}, "category", "unknown_category"),
        ({"brand": "nokia"}, "brand", "unknown_brand"),
        ({"attrs": {"bad name": "x"}}, "attrs.bad name", "invalid_attribute"),
        ({"attrs": {"colour": "x\x00"}}, "attrs.colour", "invalid_attribute_value"),
        ({"market": "XX"}, "market", "unknown_market"),
    ],
)
def test_given_an_invalid_filter_then_it_is_refused_naming_the_field(catalogue, kwargs, field, code):
    kwargs = {"market": "FR", **kwargs}

    with pytest.raises(Invalid) as caught:
        selectors.search_products(**kwargs)

    assert caught.value.status == 422
    assert {"field": field, "code": code} == {k: caught.value.errors[0][k] for k in ("field", "code")}


def test_given_several_invalid_filters_then_each_is_named(catalogue):
    with pytest.raises(Invalid) as caught:
        selectors.search_products(market="FR", grade="mint", min_price=-5, sort="x", page=-1)

    assert [e["field"] for e in caught.value.errors] == ["grade", "min_price", "sort", "page"]


# Home -------------------------------------------------------------------------------------------------------


def test_given_a_market_then_the_home_page_counts_models_per_top_category_and_shows_popular_ones(catalogue):
    home = selectors.home_page(market="FR")

    assert [(c.slug, c.product_count) for c in home["categories"]] == [
        ("accessories", 1),
        ("apparel", 1),
        ("electronics", 4),
    ]
    assert [card.name for card in home["featured"]] == ALL_FR
    assert home["stats"] == {
        "product_count": 6,
        "seller_count": 2,
        "offer_count": 10,
        "min_warranty_months": 12,
        "products": 6,
        "sellers": 2,
        "offers": 10,
    }


def test_given_an_empty_market_then_the_home_page_has_zero_counts(catalogue):
    home = selectors.home_page(market="JP")

    assert [c.product_count for c in home["categories"]] == [0, 0, 0]
    assert home["featured"] == []
    assert home["stats"]["offer_count"] == 0


# Product page ---------------------------------------------------------------------------------------------------


def test_given_a_product_then_the_cheapest_variant_is_selected_and_each_grade_names_its_winner(catalogue):
    detail = selectors.product_detail(market="FR", slug="apple-iphone-13")

    assert detail.product == catalogue.iphone13
    assert detail.variant.id == catalogue.i13_128_black.pk
    assert [g.grade for g in detail.grades] == ["premium", "excellent", "good", "fair"]
    premium, excellent, good, fair = detail.grades
    assert (premium.winner, premium.available, good.winner) == (None, False, None)
    assert excellent.winner == catalogue.best and excellent.others == [catalogue.runner_up]
    assert excellent.reasons == ["Cheaper, from a seller with at least as good a quality score"]
    assert excellent.reason_codes == ["cheaper_and_at_least_as_good"]
    assert excellent.runner_up_price == Money(45900, "EUR")
    assert 0 < excellent.winner_quality <= 1
    assert excellent.winner.seller.display_name == "ReNew Labs"
    assert (fair.winner.price_amount, fair.reasons, fair.runner_up_price) == (
        33900,
        ["The only offer in this grade right now"],
        None,
    )
    assert (detail.offer_count, detail.from_price, detail.market.code) == (5, Money(33900, "EUR"), "FR")


def test_given_a_product_then_variants_carry_their_prices_and_the_picker_its_options(catalogue):
    detail = selectors.product_detail(market="FR", product_id=catalogue.iphone13.pk)

    assert [(v.label, v.from_price.amount, v.offer_count, v.grades) for v in detail.variants] == [
        ("128 GB · Black", 33900, 3, ["excellent", "fair"]),
        ("256 GB · Black", 47900, 1, ["good"]),
        ("128 GB · Blue", 52900, 1, ["premium"]),
    ]
    assert detail.attribute_options == {"storage_gb": [128, 256], "colour": ["Black", "Blue"]}
    assert {vid: [s.grade for s in slots] for vid, slots in detail.slots_by_variant.items()} == {
        catalogue.i13_128_black.pk: ["excellent", "fair"],
        catalogue.i13_256_black.pk: ["good"],
        catalogue.i13_128_blue.pk: ["premium"],
    }
    assert [p.name for p in detail.accessories] == ["Coque Ultra Hybrid"]


def test_given_a_chosen_variant_then_it_is_selected(catalogue):
    detail = selectors.product_detail(
        market="FR", slug="apple-iphone-13", variant_id=catalogue.i13_128_blue.pk
    )

    assert detail.variant.id == catalogue.i13_128_blue.pk
    assert detail.grades[0].winner.price_amount == 52900


def test_given_hidden_offers_then_the_product_page_ignores_them(catalogue):
    detail = selectors.product_detail(market="FR", product_id=catalogue.galaxy.pk)

    assert [(g.grade, g.winner.price_amount) for g in detail.grades if g.winner] == [("excellent", 39900)]
    assert detail.offer_count == 1


def test_given_a_model_not_sold_in_the_market_then_its_page_still_opens_without_offers(catalogue):
    detail = selectors.product_detail(market="FR", product_id=catalogue.macbook.pk)

    assert detail.variant.label == "256 · QWERTZ"  # the laptop schema gives no "x-label" unit
    assert [g.winner for g in detail.grades] == [None, None, None, None]
    assert (detail.offer_count, detail.from_price) == (0, None)


def test_given_an_accessory_then_its_page_lists_the_models_it_fits(catalogue):
    detail = selectors.product_detail(market="FR", product_id=catalogue.case.pk)

    assert [p.name for p in detail.compatible_with] == ["iPhone 13"]


def test_given_another_market_then_prices_are_in_its_currency(catalogue):
    detail = selectors.product_detail(market="GB", slug="apple-iphone-13")

    assert detail.grades[1].winner.price == Money(36950, "GBP")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"slug": "no-such-model"}, "product_not_found"),
        ({"slug": "bad slug!"}, "product_not_found"),
        ({"product_id": 10**12}, "product_not_found"),
        ({"product_id": -1}, "product_not_found"),
        ({}, "product_not_found"),
        ({"slug": "apple-iphone-13", "variant_id": 10**12}, "variant_not_found"),
    ],
)
def test_given_an_unknown_product_or_variant_then_it_is_not_found(catalogue, kwargs, code):
    with pytest.raises(NotFound) as caught:
        selectors.product_detail(market="FR", **kwargs)

    assert caught.value.code == code


def test_given_another_products_variant_then_it_is_not_found(catalogue):
    with pytest.raises(NotFound):
        selectors.product_detail(market="FR", slug="apple-iphone-13", variant_id=catalogue.galaxy_128.pk)


# Query budgets ---------------------------------------------------------------------------------------------------


def _more_offers(catalogue, n: int) -> None:
    for i in range(n):
        variant = services.create_variant(
            product=catalogue.iphone13, attributes={"storage_gb": 512, "colour": f"C{i}"}
        )
        offer(variant, catalogue.renew, "good", 50000 + i)
        offer(variant, catalogue.reboot, "good", 50500 + i)


def test_the_product_page_costs_at_most_8_queries_however_many_offers(
    catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        selectors.product_detail(market="FR", slug="apple-iphone-13")
    _more_offers(catalogue, 6)
    with django_assert_max_num_queries(8):
        detail = selectors.product_detail(market="FR", slug="apple-iphone-13")
    assert detail.offer_count == 17


def test_search_costs_a_fixed_number_of_queries_however_many_results(
    catalogue, django_assert_max_num_queries
):
    # warm the per-process word index, as every later search finds it
    selectors.search_products(market="FR", q="iphone")
    with django_assert_max_num_queries(8):
        selectors.search_products(market="FR", q="iphone", brand="apple", category="electronics")
    _more_offers(catalogue, 6)
    for i in range(6):
        product = services.create_product(
            category=catalogue.laptops, brand=catalogue.apple, name=f"MacBook {i}"
        )
        offer(
            services.create_variant(product=product, attributes={"storage_gb": 256}),
            catalogue.renew,
            "good",
            90000,
        )
    with django_assert_max_num_queries(8):
        result = selectors.search_products(market="FR", category="electronics", sort="rating")
    with django_assert_max_num_queries(8):
        selectors.search_products(market="FR", q="macbook", min_price=1, attrs={"storage_gb": "256"})
    assert result.total == 10


# What the product page and the cards leave for later ---------------------------------------------------------


def test_given_a_product_page_then_the_api_only_parts_cost_nothing_until_read(
    catalogue, django_assert_num_queries
):
    selectors.product_detail(market="FR", slug="apple-iphone-13")  # the market cache is warm from here on
    with django_assert_num_queries(1):  # offers with their sellers; the model and its variants are kept
        detail = selectors.product_detail(market="FR", slug="apple-iphone-13")

    with django_assert_num_queries(2):  # does anything fit it, then which accessories are on sale
        assert [p.name for p in detail.accessories] == ["Coque Ultra Hybrid"]
    with django_assert_num_queries(0):
        assert detail.compatible_with == []
        assert sum(len(slots) for slots in detail.slots_by_variant.values()) == 4


def test_given_a_model_nothing_fits_when_reading_its_accessories_then_one_query_answers(
    catalogue, django_assert_num_queries
):
    detail = selectors.product_detail(market="FR", slug=catalogue.galaxy.slug)

    with django_assert_num_queries(1):
        assert detail.accessories == []


def test_given_a_product_page_then_its_offers_bring_what_the_page_reads_without_more_queries(
    catalogue, django_assert_num_queries
):
    detail = selectors.product_detail(market="FR", slug="apple-iphone-13")

    with django_assert_num_queries(0):
        read = [
            (
                o.pk,
                o.grade,
                o.price,
                o.quantity,
                o.warranty_months,
                o.handling_days,
                o.status,
                o.seller.display_name,
                o.seller.slug,
                o.seller.status,
                o.seller.rating_avg,
                o.seller.rating_count,
                o.seller.quality_score,
                o.seller.quality_summary,
            )
            for slot in detail.slots_by_variant[detail.variant.id]
            for o in [slot.winner, *slot.others]
        ]
    assert len(read) == detail.variant.offer_count == 3


def test_given_search_cards_then_their_links_labels_and_texts_are_the_pages(catalogue, settings):
    from django.urls import reverse
    from django.utils import translation

    from comeback.catalog.conditions import grade_label
    from comeback.web.templatetags.comeback import illustration

    with translation.override("fr"):
        cards = selectors.search_products(market="FR").items
        for card in cards:
            assert card.url == reverse("storefront:product", args=[card.slug])
            assert card.illustration_url == illustration(card.illustration)
            assert card.grade_badges == [(g, grade_label(g)) for g in card.grades]
            assert card.from_price_text == card.from_price.format("fr_FR")
        iphone = cards[0]
        assert (iphone.offer_count_text, iphone.texts["from"]) == ("5 offres", "à partir de")
