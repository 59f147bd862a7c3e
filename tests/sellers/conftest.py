"""Fixtures of the seller-trust tests: a pluggable fake fact source, sellers in each state."""

from __future__ import annotations

import pytest

from comeback.sellers import metrics


class FakeFacts:
    """A fact source whose numbers a test sets per seller: `facts.set(seller, delivered=20, defects=3)`."""

    def __init__(self):
        self.by_seller: dict[int, dict] = {}
        self.comments: dict[int, list] = {}

    def set(self, seller, **facts) -> None:
        self.by_seller[seller.pk] = facts

    def __call__(self, seller_id, since, until):
        return dict(self.by_seller.get(seller_id, {}))

    def comment_source(self, seller_id, limit):
        return self.comments.get(seller_id, [])[:limit]


@pytest.fixture
def facts():
    fake = FakeFacts()
    metrics.register_fact_source(fake)
    metrics.register_comment_source(fake.comment_source)
    yield fake
    metrics.unregister_fact_source(fake)
    metrics.unregister_comment_source(fake.comment_source)
