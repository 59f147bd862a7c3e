"""A page-cache hit served from Redis, as production serves it (storefront/pagecache.py): the page as it was
rendered, byte for byte, but for the visitor's own CSRF token and cookies."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CsrfViewMiddleware, _unmask_cipher_token
from django.test import Client, RequestFactory

from comeback.storefront import page_csrf, pagecache

from ..servers import private_redis
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PRODUCT = "/p/apple-iphone-13/?market=FR"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# Each answer's own: the request id, the visitor's cookies, and whether the cache answered.
OWN_HEADERS = {"x-request-id", "set-cookie", "x-page-cache"}


@pytest.fixture(scope="module")
def redis():
    with private_redis() as server:
        yield server


@pytest.fixture(autouse=True)
def _pages_in_redis(settings, monkeypatch, redis):
    settings.PAGE_CACHE_SECONDS = 30
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "comeback.core.cache.RedisCache", "LOCATION": redis.url, "KEY_PREFIX": "pages"},
    }
    settings.PAGE_CACHE_GENERATIONS = "pages"
    monkeypatch.setattr(pagecache, "_deadlines", None)  # another test's probation deadlines
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def shop(db):
    return build_shop()


def _without_token(body: bytes) -> bytes:
    return TOKEN.sub(b'name="csrfmiddlewaretoken" value="TOKEN"', body)


def _headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name.lower() not in OWN_HEADERS}


@pytest.mark.parametrize("path", [PRODUCT, "/api/v1/products/{iphone}?market=FR"])
def test_given_a_page_rendered_into_redis_when_it_is_asked_again_then_the_hit_is_the_render_byte_for_byte(
    shop, path
):
    path = path.format(iphone=shop.iphone.pk)
    miss = Client().get(path)
    hit = Client().get(path)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert _without_token(hit.content) == _without_token(miss.content)
    assert _headers(hit) == _headers(miss)
    assert list(_headers(hit)) == list(_headers(miss))  # in the same order
    assert int(hit["Content-Length"]) == len(hit.content)
    assert hit.cookies.keys() == miss.cookies.keys()


def test_given_a_hit_from_redis_then_each_visitor_gets_its_own_token_that_passes_csrf(shop):
    Client().get(PRODUCT)
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a, page_b = alice.get(PRODUCT), bob.get(PRODUCT)
    token_a, token_b = TOKEN.search(page_a.content).group(1), TOKEN.search(page_b.content).group(1)

    assert page_a["X-Page-Cache"] == page_b["X-Page-Cache"] == "hit"
    assert token_a != token_b
    assert page_a.cookies["csrftoken"].value != page_b.cookies["csrftoken"].value
    posted = alice.post(
        "/cart/add/", {"csrfmiddlewaretoken": token_a.decode(), "offer_id": shop.best.pk, "quantity": 1}
    )
    assert posted.status_code == 302 and posted["Location"] == "/cart/"  # past CSRF: in alice's cart


def test_given_a_visitor_with_a_csrf_cookie_then_its_tokens_carry_its_secret_masked_afresh():
    csrf = CsrfViewMiddleware(lambda request: None)
    secret = "Kw2jAVxHbcQfaUd6H76xBCklDcaQcel9"
    request = RequestFactory().get(PRODUCT, HTTP_COOKIE=f"csrftoken={secret}")

    tokens = {page_csrf.visitor_csrf_token(csrf, request) for _ in range(50)}

    assert len(tokens) == 50  # a new mask each time
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert request.META["CSRF_COOKIE"] == secret and request.META["CSRF_COOKIE_NEEDS_UPDATE"]


@pytest.mark.parametrize("cookie", ["", "csrftoken=not*a*valid*secret"])
def test_given_a_visitor_without_a_usable_csrf_cookie_then_it_gets_a_new_secret_of_the_allowed_characters(
    cookie,
):
    csrf = CsrfViewMiddleware(lambda request: None)
    secrets = set()
    for _ in range(50):
        request = RequestFactory().get(PRODUCT, HTTP_COOKIE=cookie)
        token = page_csrf.visitor_csrf_token(csrf, request)
        secret = request.META["CSRF_COOKIE"]
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert len(secret) == 32 and _unmask_cipher_token(token) == secret
        secrets.add(secret)

    assert len(secrets) == 50
