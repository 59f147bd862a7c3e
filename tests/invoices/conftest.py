"""Invoice fixtures: paid orders (their invoices issued by the outbox), sellers with full identities."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from tests.factories import OfferFactory
from tests.orders.helpers import place_order


@pytest.fixture
def offer(db, seller):
    seller.legal_name, seller.address, seller.vat_number = (
        "Refurb Paris SAS",
        "1 rue du Test\n75011 Paris",
        "FR44732829320",
    )
    seller.company_registration = "732829320"
    seller.save()
    return OfferFactory(seller=seller, price_amount=30000, quantity=50)


@pytest.fixture
def other_offer(db, other_seller):
    return OfferFactory(seller=other_seller, price_amount=12345, quantity=50)


def paid(buyer, *offers, **kwargs):
    """Check out and deliver the outbox (which issues the invoices); returns the order."""
    order = place_order(buyer, *offers, **kwargs)
    outbox.drain()
    return order
