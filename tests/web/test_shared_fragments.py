"""{% shared %} (web/templatetags/comeback.py): the parts of base.html that are the same for every visitor are
rendered once per language and market, and still follow the language, the market and the market's terms."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from django.utils import translation

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


# The header's kept part ({% fragment "header" %} in base.html): the visitor's own bits are rendered per request --


@pytest.fixture
def shop(db):
    from .shop import build_shop

    return build_shop()


_SELLERS = itertools.count()


def _visitors(shop) -> dict:
    """Fresh clients: anonymous, a guest and a buyer with items in their carts, a seller, a staff member."""
    from comeback.orders.services import cart as cart_service

    from ..factories import StaffFactory, UserFactory
    from .shop import seller_user

    anonymous, guest = Client(), Client()
    guest.post("/cart/add/", {"offer_id": shop.runner_up.pk, "quantity": 1})
    buyer, seller, staff = Client(), Client(), Client()
    someone = UserFactory()
    cart_service.add_to_cart(user=someone, offer_id=shop.best.pk, quantity=2)
    buyer.force_login(someone)
    seller.force_login(seller_user(email=f"seller-{next(_SELLERS)}@example.test"))
    staff.force_login(StaffFactory())
    return {"anonymous": anonymous, "guest": guest, "buyer": buyer, "seller": seller, "staff": staff}


PAGES = [
    (lang, path)
    for lang in ("en", "fr")
    for path in ("/p/apple-iphone-13/", "/p/apple-iphone-13/?market=GB", "/search/?q=iphone&market=FR")
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _pages(clients: dict) -> dict:
    # Each request activates its language in this thread: put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        return {
            (who, lang, path): CSRF.sub("", c.get(path, HTTP_ACCEPT_LANGUAGE=lang).content.decode())
            for who, c in clients.items()
            for lang, path in PAGES
        }


def _nav(html: str) -> str:
    return re.search(r'<nav class="header-nav".*?</nav>', html, re.S).group(0)


def test_given_the_kept_header_then_every_visitors_pages_are_byte_identical_to_rendering_it_every_time(
    shop, monkeypatch
):
    tags.forget_fragments()
    with monkeypatch.context() as m:  # nothing kept, no part cut out: the header rendered in full, as before
        m.setattr(tags.FragmentNode, "render", lambda self, context: self.nodelist.render(context))
        plain = _pages(_visitors(shop))
    tags.forget_fragments()

    kept = _pages(_visitors(shop))  # the first visitor's header is kept, every later one is served from it
    again = _pages(_visitors(shop))

    assert kept == plain and again == plain
    assert len({page for (who, _lang, _path), page in plain.items() if who == "anonymous"}) == len(PAGES)


def test_given_the_kept_header_then_each_visitor_sees_their_own_account_links_cart_and_addresses(shop):
    tags.forget_fragments()
    pages = _pages(_visitors(shop))
    product, search = "/p/apple-iphone-13/", "/search/?q=iphone&market=FR"

    anonymous = _nav(pages["anonymous", "en", product])
    assert "Log in" in anonymous and "Log out" not in anonymous and "badge" not in anonymous
    guest = _nav(pages["guest", "en", product])
    assert '<span class="badge badge-info" aria-hidden="true">1</span>' in guest and "Log in" in guest
    buyer = _nav(pages["buyer", "en", product])
    assert "Log out" in buyer and "My orders" in buyer and "Log in" not in buyer
    assert '<span class="badge badge-info" aria-hidden="true">2</span>' in buyer
    assert "Back office" in _nav(pages["staff", "en", product])
    assert "Back office" not in _nav(pages["seller", "en", product])
    assert "Seller portal" in _nav(pages["seller", "en", product])

    # The forms come back to the address the page was asked at; the search box holds the query on a search page.
    found = pages["anonymous", "en", search]
    assert found.count('<input type="hidden" name="next" value="/search/?q=iphone&amp;market=FR">') == 2
    assert 'name="q" value="iphone"' in found
    assert 'name="q" value=""' in pages["anonymous", "en", product]
    assert (
        'name="next" value="/p/apple-iphone-13/?market=GB"'
        in pages["seller", "fr", "/p/apple-iphone-13/?market=GB"]
    )
    assert 'lang="fr" selected' in pages["staff", "fr", product]
    assert '<option value="GB" selected>' in pages["buyer", "en", "/p/apple-iphone-13/?market=GB"]
