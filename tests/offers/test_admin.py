"""The offers back office is read-only: writes go through the services and their rules."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import OfferFactory


def test_given_staff_when_browsing_offers_in_the_back_office_then_they_can_search_but_not_edit(client, staff):
    offer = OfferFactory()
    client.force_login(staff)
    listing = client.get(reverse("admin:offers_offer_changelist"), {"q": offer.variant.product.name})
    assert listing.status_code == 200 and str(offer.variant.product.name) in listing.content.decode()
    assert client.get(reverse("admin:offers_offer_add")).status_code == 403
    page = client.post(reverse("admin:offers_offer_change", args=[offer.pk]), {"price_amount": 1})
    offer.refresh_from_db()
    assert page.status_code == 403 and offer.price_amount == 34900


def test_given_a_seller_when_opening_the_offers_back_office_then_sent_to_the_admin_login(client, seller):
    client.force_login(seller.user)
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
