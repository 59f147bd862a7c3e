"""A customer's trade-in in a real browser: model search → questionnaire → quote → accept with
identity, IMEI and IBAN → the printable prepaid label; no console or CSP error on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from comeback.tradein.models import TradeIn
from tests.factories import UserFactory
from tests.tradein.factories import BuybackOfferFactory, phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_customer_when_searching_answering_and_accepting_then_the_label_page_is_ready_to_print(
    page, login_as, shots
):
    model = phone("Pixelphone 7")
    BuybackOfferFactory(product=model, storage_gb=256, tier="good", price_amount=21500)
    customer = UserFactory(email="seller-of-a-phone@example.test", name="Ada Lovelace")
    login_as(page, customer)

    page.goto("/trade-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your device worth?")
    page.get_by_label("Your model", exact=True).fill("pixelphone")
    page.get_by_role("button", name="Find my model").click()
    page.get_by_role("link", name="Pixelphone 7").click()
    expect(page).to_have_url(re.compile(rf"/trade-in/models/{model.pk}/"))

    page.get_by_label("Storage").select_option("256")
    for question, answer in [
        ("Does it power on?", "Yes"),
        ("What state is the screen in?", "Scratches"),
        ("What state is the body in?", "Flawless"),
        ("Do all functions work (buttons, cameras, sound, connections)?", "Yes"),
        ("Have you removed your accounts (iCloud, Google…)?", "Yes"),
    ]:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.screenshot(path=str(shots / "tradein-questionnaire.png"), full_page=True)
    page.get_by_role("button", name="Get my quote").click()

    expect(page).to_have_url(re.compile(r"/trade-in/quotes/QTE-"))
    expect(page.locator("[data-quote-total]")).to_contain_text("215")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Date of birth").fill("1990-05-01")
    page.get_by_label("IMEI").fill("490154203237519")  # a typo: the check digit is wrong
    page.get_by_label("Account holder").fill("Ada Lovelace")
    page.get_by_label("IBAN").fill("FR14 2004 1010 0505 0001 3M02 606")
    page.get_by_label("Return address").fill("8 rue des Lilas, 75020 Paris")
    page.get_by_role("button", name="Accept and get my label").click()
    expect(page.locator(".field-error")).to_contain_text("check digit is wrong")
    page.get_by_label("IMEI").fill("490154203237518")
    page.screenshot(path=str(shots / "tradein-accept.png"), full_page=True)
    page.get_by_role("button", name="Accept and get my label").click()

    tradein = TradeIn.objects.get(customer=customer)
    expect(page).to_have_url(re.compile(rf"/trade-in/orders/{tradein.ref}/label/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Print this label and stick it on the parcel")
    expect(page.locator(".tradein-label svg")).to_have_count(1)
    expect(page.locator(".tradein-label")).to_contain_text(tradein.label_ref)
    page.screenshot(path=str(shots / "tradein-label.png"), full_page=True)
    page.get_by_role("link", name="Follow your trade-in").click()
    expect(page.locator("[data-tradein-status]")).to_have_text("Awaiting shipment")
    assert page.console_errors == []
