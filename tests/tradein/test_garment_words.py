"""A garment's take-back pages speak of the garment, never of a device: shipping it, its label and, on a
refused counter-offer, getting it back; a route reads in words."""

from __future__ import annotations

import pytest
from django.conf import settings

from comeback.tradein.services import orders, quotes

from .factories import GARMENT_ANSWERS, BuybackOfferFactory, acceptance, garment

WORDS = {
    "en": ("Ship your garment", "drop the garment off", "Include only the garment"),
    "fr": ("Envoyez votre vêtement", "déposez le vêtement", "Ne mettez que le vêtement"),
}


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_given_a_garment_awaiting_shipment_when_its_owner_opens_status_and_label_then_no_device_wording(
    client, refurbisher, customer, lang
):
    # given a customer's accepted take-back of a jacket, read in their language
    jacket = garment("Wool jacket")
    BuybackOfferFactory(seller=refurbisher, product=jacket, storage_gb=0, tier="flawless", price_amount=2500)
    quote = quotes.request_quote(product_id=jacket.pk, market="FR", answers=GARMENT_ANSWERS, user=customer)
    t = orders.accept_quote(ref=quote.ref, acceptance=acceptance(imei=""), customer=customer)
    client.force_login(customer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    # when they open its status page and its prepaid label
    status = _main(client.get(f"/trade-in/orders/{t.ref}/").content.decode())
    label = _main(client.get(f"/trade-in/orders/{t.ref}/label/").content.decode())

    # then both speak of the garment
    ship, drop, include = WORDS[lang]
    assert ship in status
    assert drop in label and include in label
    for page in (status, label):
        assert "device" not in page.lower() and "appareil" not in page.lower() and "SIM" not in page


def test_given_someone_elses_garment_take_back_when_its_label_is_opened_then_it_is_not_shown(
    client, refurbisher, customer
):
    jacket = garment("Wool jacket")
    BuybackOfferFactory(seller=refurbisher, product=jacket, storage_gb=0, tier="flawless", price_amount=2500)
    quote = quotes.request_quote(product_id=jacket.pk, market="FR", answers=GARMENT_ANSWERS, user=customer)
    t = orders.accept_quote(ref=quote.ref, acceptance=acceptance(imei=""), customer=customer)
    client.force_login(refurbisher.user)

    assert client.get(f"/trade-in/orders/{t.ref}/label/").status_code in (403, 404)
