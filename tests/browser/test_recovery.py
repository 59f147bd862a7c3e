"""A refurbisher carries out a collected device's route in a real browser: the inventory's chart
and table, the device page, the resell-as-is listing form refused then accepted; no console or CSP error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from comeback.recovery.models import CollectedDevice
from comeback.tradein.payouts.testing import TestPayoutProvider
from tests.factories import SellerFactory, UserFactory
from tests.recovery.factories import collected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_collected_device_when_the_refurbisher_lists_it_from_the_inventory_then_it_is_on_sale(
    page, login_as, shots, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    TestPayoutProvider.reset()
    refurbisher = SellerFactory(user=UserFactory(email="browser-refurb@example.test"))
    t = collected(refurbisher, "resell")
    login_as(page, refurbisher.user)

    page.goto("/seller/recovery/")
    expect(page.get_by_role("heading", name="Where collected devices go")).to_be_visible()
    expect(page.locator('.recovery-chart svg[role="img"]')).to_have_count(1)
    page.screenshot(path=str(shots / "recovery-inventory.png"), full_page=True)
    page.get_by_role("link", name=t.ref).click()
    expect(page).to_have_url(re.compile(rf"/seller/recovery/{t.ref}/$"))

    page.get_by_label("Price").fill("420")
    page.get_by_label("Grade").select_option("premium")
    page.get_by_label("Battery health measured (%)").fill("85")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".field-error")).to_contain_text("Premium needs a battery of at least 90%")
    page.get_by_label("Grade").select_option("good")
    page.get_by_role("button", name="Save").first.click()

    expect(page.locator("[data-device-status]")).to_have_attribute("data-device-status", "listed")
    page.screenshot(path=str(shots / "recovery-listed.png"), full_page=True)
    assert CollectedDevice.objects.get(tradein=t).offer.quantity == 1
    # The refused form answers 422 (the browser logs that status); nothing else, no CSP violation.
    assert [e for e in page.console_errors if "status of 422" not in e] == []
