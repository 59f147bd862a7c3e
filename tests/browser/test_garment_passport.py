"""A garment's passport on a phone: its fibres, where it was made, its care symbols and its alterations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from comeback.catalog import services as catalogue
from comeback.core import clock
from comeback.passports import services
from comeback.passports.kinds import Actor
from tests.factories import BrandFactory, CategoryFactory, SellerFactory, UserFactory, VariantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FACTS = {
    "composition": [
        {"part": "main", "fibres": [{"fibre": "cotton", "percent": 99}, {"fibre": "elastane", "percent": 1}]}
    ],
    "stages": {"spinning": "IN", "weaving_knitting": "TR", "dyeing_finishing": "TR", "making_up": "PT"},
    "care": {"washing": "wash_30", "bleaching": "no_bleach", "drying": "line_dry", "ironing": "iron_medium"},
}


def _jeans():
    category = CategoryFactory(slug="jeans", kind="apparel", condition_scheme="apparel", battery_floor=None)
    product = catalogue.create_product(
        category=category, brand=BrandFactory(), name="Straight Jeans", textile=FACTS
    )
    seller = SellerFactory(user=UserFactory(email="atelier@example.test"), display_name="Atelier Denim")
    at = clock.now() - timedelta(days=3)
    p = services.open_stock_passport(
        seller=seller,
        variant=VariantFactory(product=product, attributes={"size": "W32"}),
        grade="very_good",
        at=at,
    )
    services.record_event(
        passport=p,
        kind="repaired",
        actor=Actor.of_seller(seller),
        at=at + timedelta(days=1),
        data={"summary": "Hem taken up by 3 cm", "service": "hem"},
    )
    return p


def test_given_a_garment_passport_when_opened_on_a_phone_then_fibres_stages_care_and_alterations_read(
    phone_page, live_server, shots
):
    p = _jeans()
    phone_page.goto(live_server.url + p.path)
    expect(phone_page.locator("#composition")).to_contain_text("Cotton")
    expect(phone_page.locator("#stages")).to_contain_text("Portugal")
    expect(phone_page.locator("#care")).to_contain_text("Wash at 30 °C, normal process")
    expect(phone_page.locator("#alterations")).to_contain_text("Hem taken up by 3 cm")
    expect(phone_page.locator("#impact")).to_contain_text("per garment")
    phone_page.screenshot(path=str(shots / "garment-passport-phone.png"), full_page=True)
    assert phone_page.console_errors == []
