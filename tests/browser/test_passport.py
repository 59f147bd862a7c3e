"""Scan-equivalent: decode a unit's QR code, open the URI on a phone and read the unit's history."""

from __future__ import annotations

import pytest
import zxingcpp
from playwright.sync_api import expect

from comeback.passports import services
from comeback.passports.kinds import Actor
from tests.factories import CategoryFactory, ProductModelFactory, SellerFactory, UserFactory, VariantFactory

from ..passports.png import read_grey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _unit():
    category = CategoryFactory(slug="smartphones", battery_floor=80)
    product = ProductModelFactory(
        category=category, name="iPhone 13", origin="CN", materials=[{"material": "aluminium", "percent": 23}]
    )
    seller = SellerFactory(user=UserFactory(email="refurb@example.test"), display_name="Atelier Renaissance")
    p = services.open_stock_passport(
        seller=seller,
        variant=VariantFactory(product=product),
        grade="excellent",
        battery_health=88,
        imei="490154203237518",
    )
    services.record_event(
        passport=p,
        kind="repaired",
        actor=Actor.of_seller(seller),
        data={"summary": "New battery fitted", "parts_replaced": [{"part": "battery", "source": "oem"}]},
    )
    services.record_event(
        passport=p, kind="battery_measured", actor=Actor.of_seller(seller), data={"battery_health": 100}
    )
    return p


def test_given_a_units_qr_code_when_a_phone_scans_it_then_it_reads_the_units_history(
    phone_page, live_server, settings, shots
):
    settings.SITE_URL = settings.PASSPORT_BASE_URL = ""  # the server's own host and port answer
    p = _unit()

    png = phone_page.request.get(f"/passports/{p.serial}/qr.png").body()
    pixels, width, height = read_grey(png)
    scanned = [c.text for c in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))]
    assert scanned == [live_server.url + p.path]

    phone_page.goto(scanned[0])
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("iPhone 13")
    expect(phone_page.locator("#chain-status")).to_have_text("History verified")
    history = phone_page.locator("#history li")
    expect(history).to_have_count(4)
    expect(history.nth(0)).to_contain_text("Passport opened")
    expect(history.nth(1)).to_contain_text("Graded Excellent")
    expect(history.nth(2)).to_contain_text("New battery fitted")
    expect(history.nth(3)).to_contain_text("100")
    expect(phone_page.locator("body")).not_to_contain_text("490154203237518")  # the IMEI is never public
    phone_page.screenshot(path=str(shots / "passport-phone.png"), full_page=True)
    assert phone_page.console_errors == []

    data = phone_page.request.get(scanned[0], headers={"Accept": "application/ld+json"}).json()
    assert data["schema:serialNumber"] == p.serial and len(data["battery_health"]) == 2
