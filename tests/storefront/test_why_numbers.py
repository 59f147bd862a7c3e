""" "Why this offer wins" says what the formula compared, and the figures it compared are on the screen."""

from __future__ import annotations

import re

import pytest

from comeback.catalog.services import reindex_products

from ..factories import CategoryFactory, OfferFactory, ProductModelFactory, SellerFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _why(html: str) -> str:
    return html.split('class="disclosure why"', 1)[1].split("</details>", 1)[0]


def test_given_a_winner_with_fewer_stars_but_a_better_quality_score_then_the_reason_names_the_score_and_shows_both(
    client,
):
    phone = ProductModelFactory(category=CategoryFactory(), name="Pixel 7", slug="pixel-7")
    variant = VariantFactory(product=phone, attributes={}, label="128 GB")
    # More stars, but a worse quality score (late shipments, returns): the formula ranks by the score.
    starry = SellerFactory(
        display_name="Starry", slug="starry", rating_sum=470, rating_count=100, quality_score=0.70
    )
    steady = SellerFactory(
        display_name="Steady", slug="steady", rating_sum=450, rating_count=100, quality_score=0.90
    )
    OfferFactory(seller=starry, variant=variant, grade="good", price_amount=30_000)
    OfferFactory(seller=steady, variant=variant, grade="good", price_amount=31_000)
    reindex_products([phone.pk])

    why = _why(client.get("/p/pixel-7/").content.decode())

    assert "A seller with a better quality score, worth the small price difference" in why
    assert "better-rated" not in why
    shown = [int(n) for n in re.findall(r"(\d+)%", why)]
    assert shown[:2] == [90, 70]  # the winner's score, then the next best offer's: the claim holds on screen
    assert "€300.00" in why
