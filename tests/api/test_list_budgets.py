"""Query budgets on lists: a page costs the same number of queries whatever it holds (no N+1), and a full
page stays within its budget."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.orders.helpers import place_order

from ..factories import OfferFactory, SellerFactory, UserFactory


def _queries(client, path, params=None) -> tuple[int, dict]:
    client.get(path, params).expect(200)  # warm the token's last-used stamp and caches
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path, params).expect(200)
    return len(captured), page


def test_given_more_listings_when_a_seller_reads_a_page_then_the_queries_do_not_grow(api):
    seller = SellerFactory(user=UserFactory())
    client = api.as_(seller.user, ["seller"])
    OfferFactory.create_batch(2, seller=seller)
    few, page = _queries(client, "/api/v1/seller/listings")
    assert page["count"] == 2
    OfferFactory.create_batch(8, seller=seller)
    many, page = _queries(client, "/api/v1/seller/listings", {"page_size": 10})
    assert page["count"] == 10 and len(page["items"]) == 10 and page["next"] is None
    assert many == few and many <= 12


def test_given_more_orders_when_a_buyer_reads_a_page_then_the_queries_do_not_grow(api):
    buyer = UserFactory()
    client = api.as_(buyer, ["buyer"])
    place_order(buyer, OfferFactory(quantity=5))
    few, page = _queries(client, "/api/v1/orders")
    for _ in range(3):
        place_order(buyer, OfferFactory(quantity=5))
    many, page = _queries(client, "/api/v1/orders", {"page_size": 2})
    assert page["count"] == 4 and len(page["items"]) == 2
    assert page["next"] == "/api/v1/orders?page_size=2&page=2"
    assert many == few and many <= 16
