"""A garment taken back and a pair of boots re-soled, in a real browser: the garment questionnaire and its
quote, accepted with a bank account and no IMEI; a labelled cobbler's prices with the textile repair bonus
deducted; no console or CSP error on the way."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from comeback.repair.models import BonusLabel, BonusRate
from comeback.tradein.models import TradeIn
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory
from tests.repair.factories import LocationFactory, ServiceFactory, open_weekdays
from tests.tradein.factories import BuybackOfferFactory, garment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_customer_when_taking_back_a_jacket_then_the_garment_questions_lead_to_a_cash_quote(
    page, login_as, shots
):
    jacket = garment("Wool jacket")
    BuybackOfferFactory(product=jacket, storage_gb=0, tier="good", price_amount=1500)
    customer = UserFactory(email="jacket-owner@example.test", name="Ada Lovelace")
    login_as(page, customer)

    page.goto("/trade-in/?q=jacket")
    page.get_by_role("link", name="Wool jacket").click()
    expect(page).to_have_url(re.compile(rf"/trade-in/models/{jacket.pk}/"))
    for question, answer in [
        ("What condition is it in overall?", "Very good: light signs of wear"),
        ("Any stains?", "None"),
        ("Any holes, tears or open seams?", "None"),
        ("Any pilling (small bobbles on the fabric)?", "None"),
        ("Size", "M"),
        ("Is the brand label still sewn in and readable?", "Yes"),
    ]:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.screenshot(path=str(shots / "garment-questionnaire.png"), full_page=True)
    page.get_by_role("button", name="Get my quote").click()

    expect(page).to_have_url(re.compile(r"/trade-in/quotes/QTE-"))
    expect(page.locator("[data-quote-total]")).to_contain_text("15")
    expect(page.get_by_label("IMEI")).to_have_count(0)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Date of birth").fill("1990-05-01")
    page.get_by_label("Account holder").fill("Ada Lovelace")
    page.get_by_label("IBAN").fill("FR14 2004 1010 0505 0001 3M02 606")
    page.get_by_label("Return address").fill("8 rue des Lilas, 75020 Paris")
    page.screenshot(path=str(shots / "garment-accept.png"), full_page=True)
    page.get_by_role("button", name="Accept and get my label").click()
    tradein = TradeIn.objects.get(customer=customer)
    expect(page).to_have_url(re.compile(rf"/trade-in/orders/{tradein.ref}/label/$"))
    assert tradein.questionnaire == "garment" and tradein.imei == tradein.serial == ""
    assert page.console_errors == []


def test_given_a_labelled_cobbler_when_a_customer_looks_then_prices_show_the_repair_bonus_deducted(
    page, shots
):
    boots = ProductModelFactory(
        category=CategoryFactory(
            slug="shoes", kind="apparel", tradein_questionnaire="garment", battery_floor=None
        ),
        name="Leather ankle boots",
    )
    cobbler = open_weekdays(LocationFactory(name="Cordonnerie Saint-Paul", kind="cobbler"))
    BonusLabel.objects.create(location=cobbler, scheme="fr_textile", reference="RF-1")
    # The migration's rate; a browser test's flush of an earlier test may have removed it.
    BonusRate.objects.get_or_create(
        scheme="fr_textile",
        market_id="FR",
        service_kind="shoe_resoling",
        valid_from=date(2023, 11, 7),
        defaults={
            "amount": 1800,
            "currency": "EUR",
            "cap_bps": 6000,
            "min_price_amount": 1200,
            "source": "Refashion",
            "source_date": date(2023, 11, 7),
        },
    )
    ServiceFactory(location=cobbler, kind="shoe_resoling", price_amount=4500, duration_minutes=60)
    ServiceFactory(location=cobbler, kind="hem", price_amount=1500, duration_minutes=30)

    page.goto(f"/repair/locations/{cobbler.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cordonnerie Saint-Paul")
    expect(page.locator("[data-to-pay]")).to_have_text(re.compile("27"))
    expect(page.locator("[data-repair-bonus]")).to_contain_text("repair bonus")
    expect(page.locator("#pick-product")).to_contain_text(boots.name)
    page.screenshot(path=str(shots / "cobbler-bonus.png"), full_page=True)
    assert page.console_errors == []
