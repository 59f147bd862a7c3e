"""{% shared %} (web/templatetags/comeback.py): the parts of base.html that are the same for every visitor are
rendered once per language and market, and still follow the language, the market and the market's terms."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comeback.core import markets
from comeback.core.models import Market
from comeback.web.templatetags import comeback as tags

pytestmark = pytest.mark.django_db


def _footer(page) -> str:
    return re.search(r"<footer.*</footer>", page.content.decode(), re.S).group(0)


def _strip(page) -> str:
    return re.search(r'<div class="trust-strip">.*?</div>', page.content.decode(), re.S).group(0)


def test_given_pages_in_two_languages_and_markets_then_each_has_its_own_header_and_footer():
    en_fr = Client().get("/?market=FR", HTTP_ACCEPT_LANGUAGE="en")
    fr_fr = Client().get("/?market=FR", HTTP_ACCEPT_LANGUAGE="fr")
    en_gb = Client().get("/?market=GB", HTTP_ACCEPT_LANGUAGE="en")
    again = Client().get("/help/?market=FR", HTTP_ACCEPT_LANGUAGE="en")  # another page, the same parts

    assert "Prices shown for France in EUR." in _footer(en_fr)
    assert "in GBP." in _footer(en_gb)
    assert _footer(fr_fr) != _footer(en_fr) and 'lang="fr" selected' in fr_fr.content.decode()
    assert _footer(again) == _footer(en_fr) and _strip(again) == _strip(en_fr)


def test_given_shared_parts_then_pages_are_byte_identical_to_rendering_them_every_time(monkeypatch):
    monkeypatch.setattr(tags, "SHARED_MAX", 0)  # nothing kept: every part rendered
    plain = Client().get("/help/?market=DE", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    monkeypatch.setattr(tags, "SHARED_MAX", 2_000)
    pages = [Client().get("/help/?market=DE", HTTP_ACCEPT_LANGUAGE="de").content.decode() for _ in range(2)]

    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", pages[0]) == csrf.sub("", pages[1]) == csrf.sub("", plain)


def test_given_a_market_whose_return_window_changes_then_the_trust_strip_says_the_new_one():
    Client().get("/?market=FR", HTTP_ACCEPT_LANGUAGE="en")
    Market.objects.filter(code="FR").update(return_window_days=45)
    markets.clear_cache()

    assert "45-day free returns" in _strip(Client().get("/?market=FR", HTTP_ACCEPT_LANGUAGE="en"))
