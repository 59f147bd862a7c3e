"""The seller portal (web): who gets in, what a seller sees, and every row action with and without htmx."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comeback.offers import selectors
from comeback.offers.models import Offer, OfferStatus
from tests.factories import OfferFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def browser(seller) -> Client:
    client = Client()
    client.force_login(seller.user)
    return client


@pytest.fixture
def my_offer(seller, phone_variant):
    return OfferFactory(seller=seller, variant=phone_variant, price_amount=35900, quantity=4)


def html(response) -> str:
    return response.content.decode()


# Who gets in --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [("offers:portal", []), ("offers:new_listing", []), ("offers:product_suggestions", [])],
)
def test_given_an_anonymous_visitor_when_opening_a_portal_page_then_it_is_sent_to_log_in(
    client, db, name, args
):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_given_an_anonymous_visitor_when_posting_a_row_action_then_sent_to_log_in_and_nothing_changes(
    client, my_offer
):
    for name in ("offers:edit_listing", "offers:change_status", "offers:match_price"):
        response = client.post(reverse(name, args=[my_offer.pk]), {"status": "withdrawn"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    my_offer.refresh_from_db()
    assert my_offer.status == OfferStatus.ACTIVE


@pytest.mark.parametrize(
    ("name", "method", "per_offer"),
    [
        ("offers:portal", "get", False),
        ("offers:new_listing", "get", False),
        ("offers:new_listing", "post", False),
        ("offers:product_suggestions", "get", False),
        ("offers:edit_listing", "post", True),
        ("offers:change_status", "post", True),
        ("offers:match_price", "post", True),
    ],
)
def test_given_a_buyer_when_opening_the_portal_then_403_page(
    client, buyer, my_offer, name, method, per_offer
):
    client.force_login(buyer)
    args = [my_offer.pk] if per_offer else []
    response = getattr(client, method)(
        reverse(name, args=args),
        {"status": "withdrawn", f"o{my_offer.pk}-price": "1", f"o{my_offer.pk}-quantity": "0"},
    )
    assert response.status_code == 403
    assert "refurbishers" in html(response)
    my_offer.refresh_from_db()
    assert (my_offer.status, my_offer.price_amount) == (OfferStatus.ACTIVE, 35900)


def test_given_a_seller_when_opening_the_dashboard_then_it_sees_its_numbers_and_only_its_listings(
    browser, seller, my_offer, rival_offer, laptop_variant
):
    OfferFactory(seller=seller, variant=laptop_variant, status=OfferStatus.PAUSED, quantity=7)

    response = browser.get(reverse("offers:portal"))

    assert response.status_code == 200
    page = html(response)
    assert f'id="listing-{my_offer.pk}"' in page
    assert f'id="listing-{rival_offer.pk}"' not in page
    summary = response.context["summary"]
    # One active listing with 4 units; the rival is cheaper, so it does not win.
    assert (summary.active_listings, summary.stock_units, summary.winning, summary.not_winning) == (
        1,
        4,
        0,
        1,
    )
    assert "sellers/_status_panel.html" in {t.name for t in response.templates}  # the seller-trust partial
    assert "Match winning price" in page


def test_given_filters_when_applied_then_the_table_lists_only_matching_listings(
    browser, seller, my_offer, laptop_variant
):
    other = OfferFactory(seller=seller, variant=laptop_variant, status=OfferStatus.PAUSED, grade="fair")

    def listed(**params):
        return {row.offer.pk for row in browser.get(reverse("offers:portal"), params).context["rows"]}

    assert listed() == {my_offer.pk, other.pk}
    assert listed(status="paused") == {other.pk}
    assert listed(grade="good") == {my_offer.pk}
    assert listed(q="book air") == {other.pk}
    assert listed(market="FR", status="active") == {my_offer.pk}


# Row actions ---------------------------------------------------------------------------------------------


def test_given_a_row_when_price_and_stock_are_edited_without_js_then_saved_and_back_to_the_table(
    browser, my_offer
):
    response = browser.post(
        reverse("offers:edit_listing", args=[my_offer.pk]),
        {
            f"o{my_offer.pk}-price": "329.50",
            f"o{my_offer.pk}-quantity": "9",
            "next": "/seller/?status=active",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/seller/?status=active"
    my_offer.refresh_from_db()
    assert (my_offer.price_amount, my_offer.quantity) == (32950, 9)


def test_given_a_row_when_edited_with_htmx_then_the_row_and_the_counts_come_back(browser, my_offer):
    response = browser.post(
        reverse("offers:edit_listing", args=[my_offer.pk]),
        {f"o{my_offer.pk}-price": "300", f"o{my_offer.pk}-quantity": "2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = html(response)
    assert page.strip().startswith(f'<tr id="listing-{my_offer.pk}"')
    assert 'id="portal-summary"' in page and 'hx-swap-oob="true"' in page
    assert 'value="300.00"' in page and "Saved." in page


def test_given_a_row_edit_breaking_a_rule_when_sent_with_htmx_then_the_row_shows_the_error(browser, my_offer):
    response = browser.post(
        reverse("offers:edit_listing", args=[my_offer.pk]),
        {f"o{my_offer.pk}-price": "0", f"o{my_offer.pk}-quantity": "2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "positive amount" in html(response)
    assert 'aria-invalid="true"' in html(response) and 'value="0"' in html(response)  # the typed value stays
    my_offer.refresh_from_db()
    assert my_offer.price_amount == 35900


def test_given_a_withdrawn_listing_when_its_row_is_edited_then_the_row_says_it_is_final(browser, my_offer):
    Offer.objects.filter(pk=my_offer.pk).update(status=OfferStatus.WITHDRAWN)
    response = browser.post(
        reverse("offers:edit_listing", args=[my_offer.pk]),
        {f"o{my_offer.pk}-price": "300", f"o{my_offer.pk}-quantity": "2"},
        headers=HTMX,
    )
    assert "can no longer change" in html(response)
    my_offer.refresh_from_db()
    assert my_offer.price_amount == 35900


def test_given_a_price_with_too_many_decimals_when_edited_then_refused_with_a_message(browser, my_offer):
    response = browser.post(
        reverse("offers:edit_listing", args=[my_offer.pk]),
        {f"o{my_offer.pk}-price": "300.123", f"o{my_offer.pk}-quantity": "2"},
        follow=True,
    )
    assert "decimals" in html(response)
    my_offer.refresh_from_db()
    assert my_offer.price_amount == 35900


@pytest.mark.parametrize(
    ("start", "to"),
    [("active", "paused"), ("paused", "active"), ("active", "withdrawn"), ("paused", "withdrawn")],
)
def test_given_a_row_when_paused_resumed_or_withdrawn_then_its_status_changes(browser, my_offer, start, to):
    Offer.objects.filter(pk=my_offer.pk).update(status=start)
    response = browser.post(reverse("offers:change_status", args=[my_offer.pk]), {"status": to}, headers=HTMX)
    assert response.status_code == 200
    my_offer.refresh_from_db()
    assert my_offer.status == to


def test_given_a_withdrawn_row_when_resumed_then_refused_and_the_row_says_why(browser, my_offer):
    Offer.objects.filter(pk=my_offer.pk).update(status=OfferStatus.WITHDRAWN)
    response = browser.post(
        reverse("offers:change_status", args=[my_offer.pk]), {"status": "active"}, headers=HTMX
    )
    assert "withdrawn" in html(response)
    my_offer.refresh_from_db()
    assert my_offer.status == OfferStatus.WITHDRAWN


def test_given_a_losing_row_when_match_winning_price_is_clicked_then_it_wins(browser, my_offer, rival_offer):
    target = selectors.prices_to_win([my_offer])[my_offer.pk]
    response = browser.post(reverse("offers:match_price", args=[my_offer.pk]), headers=HTMX)
    assert response.status_code == 200
    my_offer.refresh_from_db()
    assert my_offer.price_amount == target
    assert selectors.standings([my_offer])[my_offer.pk].is_winning


@pytest.mark.parametrize("name", ["offers:edit_listing", "offers:change_status", "offers:match_price"])
def test_given_another_sellers_offer_when_posting_a_row_action_then_404_and_nothing_changes(
    browser, rival_offer, name
):
    response = browser.post(
        reverse(name, args=[rival_offer.pk]),
        {"status": "withdrawn", f"o{rival_offer.pk}-price": "1", f"o{rival_offer.pk}-quantity": "0"},
    )
    assert response.status_code == 404
    rival_offer.refresh_from_db()
    assert (rival_offer.status, rival_offer.price_amount, rival_offer.quantity) == (
        OfferStatus.ACTIVE,
        33900,
        5,
    )


def test_given_a_row_action_when_requested_with_get_then_405(browser, my_offer):
    assert browser.get(reverse("offers:change_status", args=[my_offer.pk])).status_code == 405


# New listing ----------------------------------------------------------------------------------------------


def test_given_a_search_when_typing_then_matching_products_are_suggested(
    browser, phone_variant, laptop_variant
):
    response = browser.get(reverse("offers:product_suggestions"), {"q": "book"}, headers=HTMX)
    assert response.status_code == 200
    page = html(response)
    assert f"?product={laptop_variant.product.pk}" in page
    assert f"?product={phone_variant.product.pk}" not in page
    # Without JS the same search is a plain GET of the page.
    assert f"?product={laptop_variant.product.pk}" in html(
        browser.get(reverse("offers:new_listing"), {"q": "book"})
    )


def test_given_a_picked_product_when_the_form_opens_then_it_offers_its_variants_and_only_the_shops_markets(
    browser, seller, phone_variant
):
    seller.markets = ["FR", "GB"]
    seller.save()
    response = browser.get(reverse("offers:new_listing"), {"product": phone_variant.product.pk})
    form = response.context["form"]
    assert [c[0] for c in form.fields["market"].choices] == ["FR", "GB"]
    assert [c[0] for c in form.fields["variant"].choices] == [phone_variant.pk]
    assert "At least 80%" in html(response)


def test_given_a_valid_new_listing_when_posted_then_it_is_live_with_the_price_in_minor_units(
    browser, seller, phone_variant
):
    response = browser.post(
        reverse("offers:new_listing"),
        {
            "product": phone_variant.product.pk,
            "variant": phone_variant.pk,
            "market": "FR",
            "grade": "excellent",
            "price": "349.90",
            "quantity": "3",
            "battery_health_min": "88",
            "warranty_months": "12",
            "handling_days": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("offers:portal")
    offer = Offer.objects.get(seller=seller)
    assert (offer.price_amount, offer.currency, offer.grade, offer.battery_health_min) == (
        34990,
        "EUR",
        "excellent",
        88,
    )


def test_given_a_yen_listing_when_posted_then_the_price_has_no_minor_unit(browser, seller, phone_variant):
    browser.post(
        reverse("offers:new_listing"),
        {
            "product": phone_variant.product.pk,
            "variant": phone_variant.pk,
            "market": "JP",
            "grade": "good",
            "price": "45800",
            "quantity": "1",
            "battery_health_min": "85",
            "warranty_months": "12",
            "handling_days": "2",
        },
    )
    assert Offer.objects.get(seller=seller).price.amount == 45800


def test_given_a_new_listing_breaking_rules_when_posted_then_each_error_shows_next_to_its_field(
    browser, seller, phone_variant
):
    response = browser.post(
        reverse("offers:new_listing"),
        {
            "product": phone_variant.product.pk,
            "variant": phone_variant.pk,
            "market": "FR",
            "grade": "premium",
            "price": "349",
            "quantity": "3",
            "battery_health_min": "85",
            "warranty_months": "6",
            "handling_days": "1",
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "90%" in form.errors["battery_health_min"][0]
    assert "12 months" in form.errors["warranty_months"][0]
    assert 'id="id_battery_health_min_error"' in html(response)
    assert not Offer.objects.exists()


def test_given_an_existing_listing_in_the_slot_when_posting_again_then_the_form_says_so(
    browser, seller, phone_variant, my_offer
):
    response = browser.post(
        reverse("offers:new_listing"),
        {
            "product": phone_variant.product.pk,
            "variant": phone_variant.pk,
            "market": "FR",
            "grade": "good",
            "price": "349",
            "quantity": "3",
            "battery_health_min": "85",
            "warranty_months": "12",
            "handling_days": "1",
        },
    )
    assert response.status_code == 422
    assert str(my_offer.pk) in response.context["form"].non_field_errors()[0]


def test_given_a_market_outside_the_shop_when_posted_then_refused(browser, seller, phone_variant):
    seller.markets = ["FR"]
    seller.save()
    response = browser.post(
        reverse("offers:new_listing"),
        {
            "product": phone_variant.product.pk,
            "variant": phone_variant.pk,
            "market": "US",
            "grade": "good",
            "price": "349",
            "quantity": "3",
            "battery_health_min": "85",
            "warranty_months": "12",
            "handling_days": "1",
        },
    )
    assert response.status_code == 422 and "market" in response.context["form"].errors
    assert not Offer.objects.exists()


def test_given_a_category_without_battery_when_listing_then_no_battery_field_is_asked(
    browser, seller, jacket_variant
):
    response = browser.get(reverse("offers:new_listing"), {"product": jacket_variant.product.pk})
    assert "battery_health_min" not in response.context["form"].fields
    browser.post(
        reverse("offers:new_listing"),
        {
            "product": jacket_variant.product.pk,
            "variant": jacket_variant.pk,
            "market": "FR",
            "grade": "fair",
            "price": "49",
            "quantity": "1",
            "warranty_months": "12",
            "handling_days": "1",
        },
    )
    assert Offer.objects.get(seller=seller).battery_health_min is None


def test_given_more_listings_when_the_dashboard_renders_then_its_query_count_does_not_grow(
    browser, seller, my_offer, laptop_variant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get(reverse("offers:portal")).status_code == 200
        return len(ctx.captured_queries)

    count_queries()
    few = count_queries()
    for grade in ("premium", "excellent", "fair"):
        OfferFactory(seller=seller, variant=laptop_variant, grade=grade, battery_health_min=95)
        OfferFactory(variant=laptop_variant, grade=grade, battery_health_min=95)
    assert count_queries() == few


def test_given_an_out_of_stock_listing_when_shown_then_the_row_says_it_is_hidden_from_buyers(
    browser, my_offer
):
    Offer.objects.filter(pk=my_offer.pk).update(quantity=0)
    page = html(browser.get(reverse("offers:portal")))
    assert "Hidden from buyers" in page and "Out of stock." in page
