"""A product page's grade cards are kept per process under the key of everything they show (`{% fragment %}`,
storefront/fragment_keys.py): a render with the cards kept is the page rendered from scratch, and any change to
what a card shows (price, stock, a seller's rating) shows on the next render."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comeback.offers.models import Offer
from comeback.sellers.models import Seller
from comeback.web.templatetags import comeback as tags

from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PAGE = "/p/apple-iphone-13/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def shop(db):
    return build_shop()


def _page(language: str = "en", path: str = PAGE) -> str:
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        return CSRF.sub("", Client().get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode())


def _card(html: str, grade: str) -> str:
    start = html.index(f'aria-labelledby="grade-{grade}"')
    return html[start : html.index("</article>", start)]


def test_given_kept_cards_then_the_page_is_byte_identical_to_one_rendered_from_scratch(shop, monkeypatch):
    asked = [(lang, path) for lang in ("en", "fr") for path in (PAGE, f"{PAGE}?market=GB")]
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 0)  # nothing kept: every card rendered
    plain = {(lang, path): _page(lang, path) for lang, path in asked}
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 5_000)

    kept = {(lang, path): [_page(lang, path), _page(lang, path)] for lang, path in asked}

    for page in asked:
        assert kept[page] == [plain[page], plain[page]]
    assert len(set(plain.values())) == 4  # a card kept in one language or market is not served in another


def test_given_a_kept_card_when_its_price_changes_without_touching_updated_at_then_the_next_render_shows_it(
    shop,
):
    assert "€419.00" in _card(_page(), "excellent")

    # Stock moves and checkout update rows without touching updated_at: the card's key is what it shows.
    Offer.objects.filter(pk=shop.best.pk).update(price_amount=41500)

    card = _card(_page(), "excellent")
    assert "€415.00" in card and "€419.00" not in card


def test_given_a_kept_card_when_the_runner_up_changes_then_the_why_and_the_other_offers_follow(shop):
    assert "Next best offer: €459.00" in _card(_page(), "excellent")

    Offer.objects.filter(pk=shop.runner_up.pk).update(price_amount=44900, warranty_months=18)

    card = _card(_page(), "excellent")
    assert "Next best offer: €449.00" in card
    assert "18-month warranty" in card and "12-month warranty" not in card


def test_given_a_kept_card_when_the_sellers_rating_changes_then_its_stars_follow(shop):
    assert "(100)" in _card(_page(), "excellent")

    Seller.objects.filter(pk=shop.best.seller_id).update(rating_sum=600, rating_count=130)

    assert "(130)" in _card(_page(), "excellent")


def test_given_a_kept_card_when_stock_runs_low_then_the_add_to_cart_form_says_so(shop):
    assert "Only 1 left" not in _page()

    Offer.objects.filter(pk=shop.best.pk).update(quantity=1)

    assert "Only 1 left" in _card(_page(), "excellent")


def test_given_kept_cards_then_each_visitor_gets_a_form_with_their_own_csrf_token(shop):
    first, second = Client(), Client()
    tokens = [
        re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', _card(c.get(PAGE).content.decode(), "excellent")
        )
        for c in (first, second)
    ]

    assert all(tokens)
    assert tokens[0].group(1) != tokens[1].group(1)


def test_given_a_kept_card_when_another_visitor_posts_its_form_then_their_own_csrf_token_is_accepted(shop):
    Client().get(PAGE)  # the first visitor's render keeps the card
    visitor = Client(enforce_csrf_checks=True)
    card = _card(visitor.get(PAGE).content.decode(), "excellent")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)

    answer = visitor.post(
        reverse("orders:cart_add"), {"csrfmiddlewaretoken": token, "offer_id": shop.best.pk, "quantity": 1}
    )

    assert answer.status_code == 302


def test_given_a_kept_card_when_the_page_is_asked_at_another_address_then_the_form_comes_back_to_it(shop):
    _page()

    card = _card(_page(path=f"{PAGE}?from=search"), "excellent")

    assert 'name="next" value="/p/apple-iphone-13/?from=search"' in card


def test_given_a_kept_card_when_the_day_changes_then_its_delivery_estimate_follows(shop):
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False):  # a Monday
        monday = re.search(r"data-delivery-estimate>([^<]+)<", _card(_page(), "excellent")).group(1)
    with time_machine.travel(datetime(2026, 12, 8, 9, 0, tzinfo=UTC), tick=False):
        tuesday = re.search(r"data-delivery-estimate>([^<]+)<", _card(_page(), "excellent")).group(1)

    assert (
        monday != tuesday
    )  # ordered a day later, delivered a day later: never the kept card's first estimate
