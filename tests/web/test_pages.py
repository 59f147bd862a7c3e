"""The storefront's shared pages: home, login, 404, the header, the market switcher and security headers."""

from __future__ import annotations

import pytest
from django.test import Client

from ..factories import StaffFactory, UserFactory
from .shop import build_shop, fast_passwords, seller_user  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return build_shop()


def _html(response) -> str:
    return response.content.decode()


def test_given_a_catalogue_when_the_home_page_opens_then_it_shows_the_promise_categories_and_featured_products(
    client, shop
):
    response = client.get("/")

    assert response.status_code == 200
    html = _html(response)
    assert "100% functional" in html
    assert "12-month warranty minimum" in html
    assert "30-day free returns" in html
    assert "Professional refurbishers only" in html
    assert 'href="/c/smartphones/"' in html and "2 models" in html  # iPhone 13 and Pixel 8 are on sale
    assert "comeback/illustrations/phone.svg" in html
    assert "iPhone 13" in html and "Pixel 8" in html
    assert "€339.00" in html  # the iPhone's cheapest offer (fair), written the English way


def test_given_the_home_page_when_it_explains_grades_then_each_grade_has_its_definition(client, shop):
    html = _html(client.get("/"))

    assert 'id="grades"' in html
    for label, definition in [
        ("Premium", "battery at least 90% at delivery"),
        ("Excellent", "Micro-scratches invisible at 20 cm"),
        ("Good", "Light marks invisible at 50 cm"),
        ("Fair", "Visible scratches or dents"),
    ]:
        assert label in html and definition in html


def test_given_an_empty_catalogue_when_the_home_page_opens_then_it_still_renders(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "The catalogue is empty for now." in _html(response)


def test_given_a_visitor_when_they_switch_to_the_uk_then_prices_are_in_pounds_on_the_next_page(client, shop):
    response = client.post("/market/", {"market": "GB", "next": "/p/apple-iphone-13/"})

    assert response.status_code == 302
    assert response["Location"] == "/p/apple-iphone-13/"
    assert response.cookies["market"].value == "GB"
    html = _html(client.get("/p/apple-iphone-13/"))
    assert "£369.50" in html
    assert "€" not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    ("market", "expected"),
    [("FR", "€419.00"), ("DE", None), ("GB", "£369.50"), ("JP", "¥68,000"), ("US", None)],
)
def test_given_a_market_when_the_product_page_opens_then_money_is_in_its_currency_and_format(
    client, shop, market, expected
):
    client.cookies["market"] = market

    html = _html(client.get("/p/apple-iphone-13/"))

    if expected is None:  # no offer in this market: the page says so instead of inventing a price
        assert "No offer in this condition right now." in html
    else:
        assert expected in html


def test_given_a_market_in_the_page_url_when_switching_then_it_is_dropped_so_the_new_choice_holds(client, db):
    response = client.post("/market/", {"market": "JP", "next": "/search/?market=FR&q=switch"})

    assert response["Location"] == "/search/?q=switch"
    assert response.cookies["market"].value == "JP"


def test_given_an_unknown_market_when_posted_to_the_switcher_then_the_cookie_is_not_set(client, db):
    response = client.post("/market/", {"market": "XX", "next": "/"})

    assert response.status_code == 302
    assert "market" not in response.cookies


def test_given_an_outside_next_url_when_switching_market_then_it_redirects_home(client, db):
    response = client.post("/market/", {"market": "GB", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_given_the_switcher_without_javascript_then_it_is_a_csrf_protected_post_form_with_a_submit_button(db):
    client = Client(enforce_csrf_checks=True)

    html = _html(client.get("/"))

    assert 'action="/market/" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="btn btn-sm market-go"' in html
    assert client.post("/market/", {"market": "GB"}).status_code == 403  # no token, no switch


def test_given_the_login_page_when_opened_then_it_has_labelled_email_and_password_fields(client, db):
    html = _html(client.get("/accounts/login/"))

    assert '<label for="id_username">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html


def test_given_good_credentials_when_logging_in_then_the_user_is_signed_in_and_sent_home(
    client, password, db
):
    UserFactory(email="ada@example.test")

    response = client.post("/accounts/login/", {"username": "ada@example.test", "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Log out" in _html(client.get("/"))


def test_given_a_wrong_password_when_logging_in_then_the_form_says_so_without_revealing_which_field(
    client, db
):
    UserFactory(email="ada@example.test")

    response = client.post("/accounts/login/", {"username": "ada@example.test", "password": "not-it-at-all"})

    assert response.status_code == 200
    html = _html(response)
    assert 'class="errorlist nonfield" role="alert"' in html
    assert "Please enter a correct email and password" in html


def test_given_repeated_wrong_passwords_when_logging_in_then_the_login_is_rate_limited(client, db):
    UserFactory(email="ada@example.test")
    for _ in range(10):
        client.post("/accounts/login/", {"username": "ada@example.test", "password": "guess-guess"})

    response = client.post("/accounts/login/", {"username": "ada@example.test", "password": "guess-guess"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_given_a_signed_in_user_when_opening_the_login_page_then_they_are_sent_home(client, db):
    client.force_login(UserFactory(email="ada@example.test"))

    response = client.get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_given_an_unknown_url_when_opened_then_the_404_page_offers_a_way_back(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = _html(response)
    assert "We couldn’t find that page" in html
    assert 'role="search"' in html


def test_given_an_unknown_api_url_when_opened_then_the_404_is_problem_json(client, db):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "path", ["/", "/search/", "/accounts/login/", "/p/apple-iphone-13/", "/no-such-page/"]
)
def test_given_any_page_then_security_headers_are_present(client, shop, path):
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/", "/search/", "/p/apple-iphone-13/", "/accounts/login/", "/no-such-page/"]
)
def test_given_strict_csp_then_pages_carry_no_inline_scripts_or_style_attributes(client, shop, path):
    html = _html(client.get(path))

    assert " style=" not in html
    assert "<style" not in html
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), chunk[:80]
    assert " on" + "click=" not in html and " onchange=" not in html


def test_given_an_anonymous_visitor_then_the_header_offers_login_and_no_seller_or_staff_links(client, db):
    html = _html(client.get("/"))

    assert "Log in" in html
    assert "Seller portal" not in html
    assert "Back office" not in html


def test_given_a_buyer_then_the_header_shows_neither_seller_portal_nor_back_office(client, db):
    client.force_login(UserFactory(email="buyer@example.test"))

    html = _html(client.get("/"))

    assert "Log out" in html
    assert "Seller portal" not in html
    assert "Back office" not in html


def test_given_a_seller_then_the_header_links_the_seller_portal_but_not_the_back_office(client, db):
    client.force_login(seller_user())

    html = _html(client.get("/"))

    assert 'href="/seller/">Seller portal</a>' in html
    assert "Back office" not in html


def test_given_staff_then_the_header_links_the_back_office_but_not_the_seller_portal(client, db):
    client.force_login(StaffFactory(email="staff@example.test"))

    html = _html(client.get("/"))

    assert 'href="/staff/">Back office</a>' in html
    assert "Seller portal" not in html


def test_given_static_assets_then_every_category_illustration_exists_and_is_a_small_svg():
    from pathlib import Path

    from comeback.web.templatetags.comeback import ILLUSTRATIONS

    folder = Path(__file__).resolve().parents[2] / "src/comeback/web/static/comeback/illustrations"
    for key in ILLUSTRATIONS:
        svg = (folder / f"{key}.svg").read_text()
        assert svg.startswith("<svg") and "<title" in svg, key
        assert len(svg.encode()) < 6_000, key
        assert "http://" not in svg.replace("http://www.w3.org/2000/svg", ""), key  # nothing hot-linked
