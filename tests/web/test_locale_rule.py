"""The one locale rule (docs/design.md §5, core/locales.py): the language writes dates, numbers and prices;
the market picks the currency and the time zone. Every page follows it, through one helper."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from comeback.core import locales, markets
from comeback.core.money import Money

from .shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

SRC = Path(settings.BASE_DIR)
NOON_UTC = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lang", "market", "price", "day"),
    [
        ("en", "FR", "€307.91", "5 Dec 2026"),
        ("fr", "FR", "307,91\xa0€", "5 déc. 2026"),
        ("de", "FR", "307,91\xa0€", "05.12.2026"),
        ("ja", "FR", "€307.91", "2026/12/05"),
        ("en", "US", "€307.91", "Dec 5, 2026"),
        ("en", "GB", "€307.91", "5 Dec 2026"),
    ],
)
def test_given_a_language_and_a_market_then_the_language_writes_the_price_and_the_date(
    lang, market, price, day
):
    with translation.override(lang):
        assert locales.money(Money(30791, "EUR"), market) == price
        assert locales.day(date(2026, 12, 5), market=market) == day


def test_given_an_english_page_on_the_french_market_then_no_french_formats_appear():
    with translation.override("en"):
        assert locales.money(Money(219500, "USD"), "FR") == "US$2,195.00"
        assert locales.money(Money(30791, "GBP"), "FR") == "£307.91"
        assert locales.day(date(2028, 5, 27), "long", market="FR") == "27 May 2028"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "expected"),
    [("FR", "5 Dec 2026, 13:00 CET"), ("GB", "5 Dec 2026, 12:00 GMT"), ("JP", "Dec 5, 2026, 21:00 JST")],
)
def test_given_a_timestamp_then_it_shows_the_markets_wall_clock_with_the_zone_named(code, expected):
    with translation.override("en"):
        assert locales.moment(NOON_UTC, market=markets.get(code)) == expected


def test_given_the_country_list_then_it_holds_real_countries_only_with_the_markets_first():
    with translation.override("fr"):
        choices = locales.country_choices(first=["FR", "DE", "GB", "US", "JP"])
    codes = [c for c, _ in choices]
    names = dict(choices)

    assert codes[:5] == ["FR", "DE", "GB", "US", "JP"]
    assert names["DE"] == "Allemagne"
    for fake in ("XA", "XB", "UN", "EU", "EZ", "QO", "ZZ", "001", "419"):
        assert fake not in names
    assert "Pseudo-Accents" not in names.values() and "Nations Unies" not in names.values()
    assert len(codes) == len(set(codes)) and len(codes) > 240


@pytest.mark.django_db
def test_given_the_seller_application_form_then_its_country_list_has_no_pseudo_country(client):
    response = client.get("/sell/apply/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pseudo-Accents" not in html and "United Nations" not in html
    assert html.index('value="FR"') < html.index('value="AF"')


# The old ways: Django's |date, |time and |floatformat follow neither the page's language on the market nor
# its time zone, and a market's own locale formats for the market's language, not the page's.
OLD_TEMPLATE_WAYS = re.compile(
    r"\|(?:floatformat|time|naturaltime|naturalday|intcomma)\b|\|date:(?!['\"](?:c|Y-m-d|Y-m-d H:i:s|Y-m-d H:i e)['\"])"
)
OLD_PYTHON_WAYS = re.compile(r"\.format\((?:market|m)\.locale\b|(?:market|m)\.locale if\b")


def test_given_every_template_then_dates_times_and_numbers_go_through_the_locale_rule_tags():
    offenders = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()[:120]}"
        for path in sorted(SRC.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if OLD_TEMPLATE_WAYS.search(line)
    ]
    assert offenders == [], "use {% localdate %}, {% localtime %}, {% clock %}, {% number %}:\n" + "\n".join(
        offenders
    )


def test_given_the_python_code_then_nothing_formats_with_a_markets_own_locale():
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and path.name != "locales.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if OLD_PYTHON_WAYS.search(line) and "api" not in path.name
    ]
    assert offenders == [], "format through comeback.core.locales:\n" + "\n".join(offenders)


# Rendered pages: no month name, number format or UI word of another language.
FOREIGN = {
    "en": [
        r"\d,\d\d\xa0€",
        r"\bdéc\.",
        r"\bjanv\.",
        r"\bDez\.",
        r"£GB",
        r"\$US",
        "Smartphones\xa0",
        "Accessoires",
    ],
    "fr": [r"€\d", r"\bDec\b", r"\bDez\.", r"All categories", r"\bLaptops\b", r"\bFilters\b"],
    "de": [r"€\d", r"\bdéc\.", r"All categories", r"\bAccessories\b", r"£GB"],
    "ja": [r"\d,\d\d\xa0€", r"\bdéc\.", r"\bDec\b", r"All categories", r"\bFilters\b"],
}
PAGES = ["/", "/search/", "/c/smartphones/", "/p/apple-iphone-13/"]


@pytest.fixture
def shop(db):
    from ..factories import CategoryFactory

    CategoryFactory(slug="laptops", name="Laptops", illustration="laptop")
    return build_shop()


@pytest.mark.parametrize("lang", ["en", "fr", "de", "ja"])
def test_given_each_language_on_each_market_when_the_main_pages_open_then_nothing_of_another_language_shows(
    shop, lang
):
    for market in ("FR", "DE", "GB", "US", "JP"):
        visitor = Client()
        visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        visitor.cookies["market"] = market
        for url in PAGES:
            response = visitor.get(url)
            assert response.status_code == 200, (url, market)
            main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
            for pattern in FOREIGN[lang]:
                found = re.search(pattern, main)
                assert found is None, f"{lang} page {url} on {market}: {found.group(0)!r}"


@pytest.mark.parametrize(
    ("lang", "name"), [("fr", "Smartphones"), ("ja", "スマートフォン"), ("de", "Smartphones")]
)
def test_given_a_translated_page_then_category_names_and_filter_labels_are_translated(shop, lang, name):
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    home = visitor.get("/").content.decode()
    category = visitor.get("/c/smartphones/").content.decode()

    assert name in home
    if lang == "ja":
        assert "ストレージ" in category or "カラー" in category or "スマートフォン" in category
    if lang == "fr":
        assert "Stockage" in category or "Couleur" in category


@pytest.mark.parametrize(
    ("lang", "market", "name", "english"),
    [
        ("fr", "GB", "Royaume-Uni", "United Kingdom"),
        ("de", "US", "Vereinigte Staaten", "United States"),
        ("ja", "DE", "ドイツ", "Germany"),
        ("en", "DE", "Germany", None),
    ],
)
def test_given_a_translated_page_then_the_markets_name_is_in_the_pages_language(
    shop, lang, market, name, english
):
    # given
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    visitor.cookies["market"] = market

    # when
    pages = [visitor.get(url).content.decode() for url in ("/p/apple-iphone-13/", "/cart/", "/legal/terms/")]

    # then
    for html in pages:
        assert name in html
        if english:
            assert english not in html
