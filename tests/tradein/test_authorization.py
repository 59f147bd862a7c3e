"""Who may see and do what: a customer only their trade-ins, a refurbisher only the trade-ins
and buyback offers it buys, and the wrong actor is refused on every endpoint and page."""

from __future__ import annotations

import pytest

from tests.factories import SellerFactory, UserFactory

from .factories import tradein

CUSTOMER_ROUTES = [
    ("get", "/api/v1/tradein/orders/{ref}"),
    ("post", "/api/v1/tradein/orders/{ref}/ship"),
    ("post", "/api/v1/tradein/orders/{ref}/cancel"),
    ("post", "/api/v1/tradein/orders/{ref}/counter-offer/accept"),
    ("post", "/api/v1/tradein/orders/{ref}/counter-offer/refuse"),
]
SELLER_ROUTES = [
    ("get", "/api/v1/seller/tradeins/{ref}"),
    ("post", "/api/v1/seller/tradeins/{ref}/receive"),
    ("post", "/api/v1/seller/tradeins/{ref}/validate"),
    ("post", "/api/v1/seller/tradeins/{ref}/activation-lock"),
    ("post", "/api/v1/seller/tradeins/{ref}/route"),
    ("post", "/api/v1/seller/tradeins/{ref}/return"),
    ("post", "/api/v1/seller/tradeins/{ref}/wipe-certificate"),
    ("post", "/api/v1/seller/tradeins/{ref}/counter-offer"),
]
BODIES = {
    "route": {"route": "recycle", "reason": "x", "recycler": "R"},
    "return": {"label": "a", "tracking": "b"},
    "validate": {},
    "ship": {},
    "wipe-certificate": {
        "method": "purge",
        "technique": "t",
        "tool": "t",
        "tool_version": "1",
        "operator_name": "o",
        "started_at": "2020-01-01T00:00:00Z",
        "ended_at": "2020-01-01T00:10:00Z",
        "verification": "passed",
    },
}


def _call(client, method, path):
    body = BODIES.get(path.rsplit("/", 1)[-1], {})
    return client.get(path) if method == "get" else client.post(path, body)


@pytest.fixture
def paid(db):
    return tradein("paid")


@pytest.mark.parametrize(("method", "path"), CUSTOMER_ROUTES)
def test_given_another_customers_trade_in_when_calling_a_customer_endpoint_then_404(api, paid, method, path):
    stranger = api.as_(UserFactory())
    assert _call(stranger, method, path.format(ref=paid.ref)).expect(404)["code"] == "tradein_not_found"


@pytest.mark.parametrize(("method", "path"), CUSTOMER_ROUTES + [("get", "/api/v1/tradein/orders")])
def test_given_no_buyer_scope_or_no_token_when_calling_a_customer_endpoint_then_403_or_401(
    api, paid, method, path
):
    seller_only = api.as_(paid.customer, scopes=["seller"])
    assert _call(seller_only, method, path.format(ref=paid.ref)).expect(403)["code"] == "missing_scope"
    assert _call(api, method, path.format(ref=paid.ref)).expect(401)["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "path"), SELLER_ROUTES)
def test_given_another_refurbishers_trade_in_when_calling_a_seller_endpoint_then_404(api, paid, method, path):
    other = api.as_(SellerFactory().user)
    reply = _call(other, method, path.format(ref=paid.ref))
    assert reply.expect(404)["code"] == "tradein_not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    SELLER_ROUTES
    + [
        ("get", "/api/v1/seller/tradeins"),
        ("get", "/api/v1/seller/buyback-offers"),
        ("get", "/api/v1/seller/buyback-offers/wins"),
        ("get", "/api/v1/seller/buyback-offers/1"),
    ],
)
def test_given_a_customer_without_a_shop_when_calling_a_seller_endpoint_then_403_not_a_seller(
    api, paid, method, path
):
    assert (
        _call(api.as_(paid.customer), method, path.format(ref=paid.ref)).expect(403)["code"] == "not_a_seller"
    )
    assert _call(api, method, path.format(ref=paid.ref)).expect(401)


def test_given_two_refurbishers_when_listing_trade_ins_then_each_sees_only_its_own(api, db):
    mine, theirs = tradein("received"), tradein("shipped")
    listed = api.as_(mine.seller.user).get("/api/v1/seller/tradeins").expect(200)["items"]
    assert [t["tradein_id"] for t in listed] == [mine.ref]
    assert "iban" not in str(listed) and "date_of_birth" not in str(
        listed
    )  # no bank details for refurbishers
    assert theirs.ref not in str(
        api.as_(mine.seller.user).get("/api/v1/seller/tradeins?status=shipped").expect(200)
    )
    assert (
        api.as_(mine.seller.user).get("/api/v1/seller/tradeins?status=nope").expect(422)["code"]
        == "invalid_status"
    )


def test_given_two_customers_when_listing_trade_ins_then_each_sees_only_their_own(api, db):
    mine, _theirs = tradein("shipped"), tradein("shipped")
    assert [
        t["tradein_id"] for t in api.as_(mine.customer).get("/api/v1/tradein/orders").expect(200)["items"]
    ] == [mine.ref]


CUSTOMER_PAGES = [
    "/trade-in/orders/{ref}/",
    "/trade-in/orders/{ref}/label/",
    "/trade-in/orders/{ref}/certificate/",
]
SELLER_PAGES = ["/seller/trade-in/{ref}/"]
SELLER_POSTS = ["receive", "validate", "counter-offer", "activation-lock", "wipe", "route", "return"]


@pytest.mark.parametrize("page", CUSTOMER_PAGES)
def test_given_a_customer_page_when_anonymous_or_another_user_then_login_or_404(client, paid, page):
    url = page.format(ref=paid.ref)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(paid.customer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("action", ["ship", "cancel", "counter-offer"])
def test_given_a_customer_action_when_another_user_posts_it_then_404(client, paid, action):
    client.force_login(UserFactory())
    assert client.post(f"/trade-in/orders/{paid.ref}/{action}/", {"answer": "accept"}).status_code == 404


@pytest.mark.parametrize("action", SELLER_POSTS)
def test_given_a_refurbisher_screen_when_another_shop_or_a_customer_posts_then_404_or_403(
    client, paid, action
):
    url = f"/seller/trade-in/{paid.ref}/{action}/"
    client.force_login(SellerFactory().user)
    assert client.post(url, {}).status_code == 404
    client.force_login(paid.customer)
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize(
    "page",
    ["/seller/trade-in/", "/seller/trade-in/offers/", "/seller/trade-in/wins/", "/seller/trade-in/{ref}/"],
)
def test_given_a_seller_page_when_a_user_without_a_shop_opens_it_then_403(client, paid, page):
    client.force_login(paid.customer)
    assert client.get(page.format(ref=paid.ref)).status_code == 403
    client.force_login(paid.seller.user)
    assert client.get(page.format(ref=paid.ref)).status_code == 200


def test_given_the_certificate_when_its_refurbisher_downloads_the_pdf_then_it_is_a_pdf(client, paid):
    client.force_login(paid.seller.user)
    response = client.get(f"/trade-in/orders/{paid.ref}/certificate/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = client.get(f"/trade-in/orders/{paid.ref}/certificate/?download=1")
    assert "attachment" in html["Content-Disposition"] and b"NIST SP 800-88" in html.content
