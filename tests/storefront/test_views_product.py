"""The product page (/p/<slug>/): grades, the best offer and why it wins, variants, guarantees, 404s, budget."""

from __future__ import annotations

import pytest
from django.db import connection

from ..factories import OfferFactory, SellerFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return build_shop()


def _html(response) -> str:
    return response.content.decode()


def _grade_card(html: str, grade: str) -> str:
    start = html.index(f'aria-labelledby="grade-{grade}"')
    return html[start : html.index("</article>", start)]


def test_given_a_product_when_opened_then_it_shows_the_model_its_facts_and_illustration(client, shop):
    response = client.get("/p/apple-iphone-13/")

    assert response.status_code == 200
    html = _html(response)
    assert '<p class="brand-name">Apple</p>' in html
    assert "iPhone 13" in html
    assert "comeback/illustrations/phone.svg" in html
    assert "<dt>Released</dt><dd>2021</dd>" in html
    assert "<dt>Made in</dt><dd>China</dd>" in html
    assert "Aluminium 24%, Glass 18%" in html  # percentages written the English way
    assert 'href="/c/smartphones/"' in html  # breadcrumb back to the category


def test_given_offers_in_a_grade_then_its_card_shows_the_best_offer_with_its_promises(client, shop):
    card = _grade_card(_html(client.get("/p/apple-iphone-13/")), "excellent")

    assert "€419.00" in card  # ReNew Labs wins: cheaper than Atelier Reboot at the same seller quality
    assert "Micro-scratches invisible at 20 cm." in card
    assert "at least 90%" in card  # guaranteed battery health
    assert "24 months" in card  # warranty
    assert "1 business day" in card  # handling time
    assert "<strong>ReNew Labs</strong>" in card
    assert "★★★★★" in card and "4.7" in card and "(100)" in card


def test_given_a_winner_then_the_why_disclosure_lists_the_reasons_and_the_runner_up(client, shop):
    card = _grade_card(_html(client.get("/p/apple-iphone-13/")), "excellent")

    why = card[card.index("Why this offer wins") :]
    assert "<details" in card and "<summary>Why this offer wins</summary>" in card
    assert "Cheaper, from a seller with at least as good a quality score" in why
    assert "Next best offer: €459.00" in why


def test_given_several_offers_in_a_grade_then_the_others_are_listed_with_seller_and_terms(client, shop):
    card = _grade_card(_html(client.get("/p/apple-iphone-13/")), "excellent")

    others = card[card.index("1 other offer in this condition") :]
    assert "<strong>Atelier Reboot</strong>" in others
    assert "€459.00" in others
    assert "Battery ≥ 85%" in others
    assert "12-month warranty" in others
    assert "ships in 2 days" in others


def test_given_a_grade_without_offers_then_its_card_says_so(client, shop):
    card = _grade_card(_html(client.get("/p/apple-iphone-13/")), "premium")

    assert "No offer in this condition right now." in card
    assert "Flawless, genuine parts" in card


def test_given_two_grades_with_offers_then_two_priced_cards_and_two_empty_ones_are_shown(client, shop):
    html = _html(client.get("/p/apple-iphone-13/"))

    assert html.count('<p class="price price-lg">') == 2  # excellent and fair for 128 GB
    assert (
        html.count('class="grade-card grade-empty') == 2
    )  # premium and good, under "Not available right now"


def test_given_the_french_market_then_the_legal_guarantee_is_shown_beside_not_as_a_bonus_to_the_warranty(
    client, shop
):
    html = _html(client.get("/p/apple-iphone-13/"))

    assert (
        "<strong>Legal guarantee of conformity:</strong> 24 months from delivery, owed by the seller by law."
        in html
    )
    assert "comes on top of your legal rights; it never replaces or shortens them" in html
    assert "at least 12 months from delivery" in html


def test_given_the_uk_market_then_no_fixed_legal_period_is_invented(client, shop):
    client.cookies["market"] = "GB"

    html = _html(client.get("/p/apple-iphone-13/"))

    assert "Legal guarantee of conformity:</strong>" not in html
    assert "Consumer Rights Act 2015" in html


def _picker_link(variant_id: int, *, current: bool = False) -> str:
    """A picker link: a plain link, which htmx turns into a swap of the page's region that depends on it."""
    swap = 'hx-target="#product-main" hx-swap="outerHTML" hx-push-url="true"'
    mark = ' aria-current="true"' if current else ""
    return f'<a href="?variant={variant_id}" hx-get="?variant={variant_id}" {swap}{mark}>'


def test_given_variants_then_the_picker_links_each_storage_and_marks_the_current_one(client, shop):
    html = _html(client.get("/p/apple-iphone-13/"))

    assert _picker_link(shop.iphone_128.pk, current=True) in html
    assert _picker_link(shop.iphone_256.pk) in html
    assert "256 GB" in html and "from €479.00" in html


def test_given_a_variant_in_the_url_then_its_offers_are_shown(client, shop):
    html = _html(client.get("/p/apple-iphone-13/", {"variant": shop.iphone_256.pk}))

    assert _picker_link(shop.iphone_256.pk, current=True) in html
    assert "€479.00" in _grade_card(html, "good")
    assert "No offer in this condition right now." in _grade_card(html, "excellent")


@pytest.mark.parametrize("variant", ["abc", "-1", "99999999", "9" * 40, ""])
def test_given_a_bad_or_foreign_variant_then_the_default_variant_is_shown(client, shop, variant):
    response = client.get("/p/apple-iphone-13/", {"variant": variant})

    assert response.status_code == 200
    assert _picker_link(shop.iphone_128.pk, current=True) in _html(response)


def test_given_another_products_variant_then_this_products_default_is_shown(client, shop):
    pixel_variant = shop.pixel.variants.get()

    response = client.get("/p/apple-iphone-13/", {"variant": pixel_variant.pk})

    assert response.status_code == 200
    assert "€419.00" in _html(response)


@pytest.mark.parametrize("slug", ["no-such-phone", "x" * 300])
def test_given_an_unknown_product_then_it_is_a_404_page(client, shop, slug):
    response = client.get(f"/p/{slug}/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in _html(response)


def test_given_a_product_without_battery_then_no_battery_promise_is_shown(client, shop):
    html = _html(client.get("/p/patagonia-torrentshell/"))

    assert "Battery" not in html.split("<main", 1)[1]
    assert "€129.00" in html


def test_given_japan_then_prices_have_no_decimals(client, shop):
    client.cookies["market"] = "JP"

    html = _html(client.get("/p/apple-iphone-13/"))

    assert "¥68,000" in _grade_card(html, "excellent")


def test_given_the_product_page_then_it_keeps_within_its_query_budget(
    client, shop, django_assert_max_num_queries
):
    for _ in range(6):  # more sellers and offers must not cost more queries
        OfferFactory(seller=SellerFactory(), variant=shop.iphone_128, grade="good", price_amount=39900)
    client.get("/p/apple-iphone-13/")  # warm the market cache, as every later request finds it
    # offers with their sellers, the recent reviews, the winners' unit photos and their authentication badges;
    # on PostgreSQL each pair is one round trip (core/rows.py read_together)
    with django_assert_max_num_queries(2 if connection.vendor == "postgresql" else 4):
        response = client.get("/p/apple-iphone-13/")
    assert response.status_code == 200
