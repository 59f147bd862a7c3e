"""Translations (docs/design.md §5): the storefront speaks en, fr, de and ja.

The language comes from the `django_language` cookie (set by the header's switcher through Django's
`set_language` view) or the browser's Accept-Language, and decides how prices, dates and numbers are
written; the market, chosen separately, decides the currency and the time zone (core/locales.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from .shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["fr", "de", "ja"]

# Phrases of the home page (header, trust strip, body) in each language, plurals included.
HOME = {
    "en": ["Refurbished tech you can trust", "12-month warranty minimum", "30-day free returns", "2 models"],
    "fr": [
        "Des appareils reconditionnés de confiance",
        "Garantie de 12 mois minimum",
        "Retours gratuits sous 30 jours",
        "2 modèles",
        "100\xa0% fonctionnel",
    ],
    "de": [
        "Generalüberholte Technik, der Sie vertrauen können",
        "Mindestens 12 Monate Garantie",
        "30 Tage kostenlose Rücksendung",
        "2 Modelle",
        "100\xa0% funktionsfähig",
    ],
    "ja": ["信頼できる整備済みデバイス", "最低12か月保証", "30日間返品無料", "2モデル", "100%動作保証"],
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return build_shop()


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("lang", ["fr", "de", "ja"])
def test_given_a_browser_asking_for_a_language_when_the_home_page_opens_then_it_is_in_that_language(
    shop, lang
):
    html = _html(Client(HTTP_ACCEPT_LANGUAGE=f"{lang},en;q=0.5").get("/"))

    assert f'<html lang="{lang}">' in html
    for phrase in HOME[lang]:
        assert phrase in html
    assert HOME["en"][0] not in html


@pytest.mark.parametrize("lang", ["fr", "de", "ja"])
def test_given_the_language_cookie_when_the_home_page_opens_then_it_wins_over_the_browser(client, shop, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    html = _html(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))

    assert f'<html lang="{lang}">' in html
    assert all(phrase in html for phrase in HOME[lang])


def test_given_an_unsupported_language_when_the_home_page_opens_then_it_falls_back_to_english(shop):
    html = _html(Client(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").get("/"))

    assert '<html lang="en">' in html
    assert all(phrase in html for phrase in HOME["en"])


def test_given_any_page_when_it_opens_then_the_header_has_a_labelled_language_switcher_that_works_without_js(
    client, db
):
    html = _html(client.get("/"))

    form = html.split('<form class="market-switch lang-switch"', 1)[1].split("</form>", 1)[0]
    assert 'action="/i18n/setlang/" method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<label class="visually-hidden" for="lang-select">Language</label>' in form
    assert '<select id="lang-select" name="language" data-autosubmit>' in form
    assert '<button type="submit"' in form
    for code, name in [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("ja", "日本語")]:
        assert f'<option value="{code}" lang="{code}"' in form and f">{name}</option>" in form
    assert '<option value="en" lang="en" selected>' in form


def test_given_the_switcher_when_a_visitor_picks_french_then_the_cookie_is_set_and_the_next_page_is_french(
    client, shop
):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/p/apple-iphone-13/"})

    assert response.status_code == 302
    assert response["Location"] == "/p/apple-iphone-13/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = _html(client.get("/p/apple-iphone-13/"))
    assert '<html lang="fr">' in html
    assert "Choisissez votre état" in html
    assert '<option value="fr" lang="fr" selected>' in html
    assert '<label class="visually-hidden" for="lang-select">Langue</label>' in html


def test_given_the_switcher_without_a_csrf_token_when_posted_then_it_is_refused(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/"})

    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_given_the_switcher_page_when_posted_with_its_own_csrf_token_then_it_is_accepted(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # sets the CSRF cookie the form's token matches

    response = client.post(
        "/i18n/setlang/",
        {
            "language": "ja",
            "next": "/",
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
        },
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"


def test_given_a_get_request_to_the_switcher_then_the_language_is_not_changed(client, db):
    response = client.get("/i18n/setlang/", {"language": "de", "next": "/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_given_an_unknown_language_or_an_outside_next_url_when_switching_then_nothing_unsafe_happens(
    client, db
):
    unknown = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    outside = client.post("/i18n/setlang/", {"language": "de", "next": "https://evil.example/"})

    assert settings.LANGUAGE_COOKIE_NAME not in unknown.cookies
    assert outside["Location"] == "/"


@pytest.mark.parametrize(
    ("lang", "market", "price"),
    [
        ("ja", "FR", "€419.00"),
        ("fr", "FR", "419,00\xa0€"),
        ("fr", "GB", "369,50\xa0£GB"),
        ("de", "JP", "68.000\xa0¥"),
        ("en", "FR", "€419.00"),
        ("en", "JP", "¥68,000"),
        ("ja", "JP", "￥68,000"),
    ],
)
def test_given_a_language_and_a_market_when_the_product_page_opens_then_the_market_picks_the_currency_and_the_language_writes_it(
    client, shop, lang, market, price
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.cookies["market"] = market

    html = _html(client.get("/p/apple-iphone-13/"))

    assert f'<html lang="{lang}">' in html
    assert price in _main(html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_given_the_catalogues_then_each_compiled_file_matches_its_source(lang):
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as f:
        po = read_po(f)
    with open(folder / "django.mo", "rb") as f:
        mo = read_mo(f)

    expected = {_key(m.id): _key(m.string) for m in po if m.id and not m.fuzzy and all(_forms(m.string))}
    compiled = {_key(m.id): _key(m.string) for m in mo if m.id}
    assert expected, "the catalogue is empty"
    stale = sorted(str(k) for k in expected if compiled.get(k) != expected[k])
    assert not stale, f"run `comeback compilemessages` in src/comeback: {stale[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_given_the_catalogues_then_every_translation_keeps_the_placeholders_of_its_source(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        po = read_po(f)

    broken = []
    for message in po:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = _forms(message.string)
        wanted = _placeholders(ids[-1])
        for s in strings:
            if s and _placeholders(s) != wanted and _placeholders(s) != _placeholders(ids[0]):
                broken.append((ids[0], s))
    assert not broken, broken[:5]


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _forms(string) -> tuple:
    return string if isinstance(string, tuple) else (string,)


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sdr]|<[a-z]+", text))
