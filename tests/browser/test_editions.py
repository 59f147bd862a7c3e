"""A maker makes a numbered piece of an upcycled edition in a real browser, then a visitor opens the piece's
product page: "Limited edition 1/50", the story, and a donor's passport that says what it became; the
fashion page links the capsule. No console or CSP error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from comeback.tradein.payouts.testing import TestPayoutProvider
from tests.editions.factories import collection, edition, upcycled
from tests.factories import SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_upcycled_units_when_the_maker_makes_a_piece_then_its_page_shows_the_number_and_donors(
    page, login_as, shots
):
    TestPayoutProvider.reset()
    maker = SellerFactory(user=UserFactory(email="browser-maker@example.test"))
    coll = collection()
    belt = edition(maker, coll, size=50)
    (ref,) = upcycled(maker, coll)
    login_as(page, maker.user)

    page.goto("/seller/editions/")
    piece_form = page.get_by_role("form", name="Make the next piece of Flip Buckle Belt")
    piece_form.get_by_role("checkbox", name=ref, exact=False).check()
    piece_form.get_by_role("button", name="Make the next piece").click()
    expect(page.get_by_text("1 of 50 pieces made")).to_be_visible()
    page.screenshot(path=str(shots / "editions-seller.png"), full_page=True)

    page.goto(f"/p/{belt.product.slug}/")
    panel = page.locator("section.edition-piece")
    expect(panel.get_by_text("Limited edition 1/50")).to_be_visible()
    expect(panel).to_contain_text("old flip phone")
    page.screenshot(path=str(shots / "editions-product.png"), full_page=True)
    panel.get_by_role("list", name="Donor passports").get_by_role("link").first.click()
    expect(page.get_by_text("Upcycled into Flip Buckle Belt 1/50").first).to_be_visible()
    page.screenshot(path=str(shots / "editions-donor-passport.png"), full_page=True)

    page.goto("/fashion/")
    capsules = page.get_by_role("list", name="Upcycled limited editions")
    expect(capsules.get_by_role("link", name="Flip Buckle Belt", exact=False)).to_be_visible()
    page.screenshot(path=str(shots / "editions-fashion.png"), full_page=True)
    assert page.console_errors == []
