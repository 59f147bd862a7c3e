"""Hostile input in a real browser: a photo too large in pixels and a control character pasted into a
message are refused beside their fields with 422, and nothing is stored."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from comeback.aftersales.models import Claim, ClaimMessage
from tests.aftersales.factories import delivered_line, open_claim
from tests.factories import SellerFactory, UserFactory
from tests.images import png_bomb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_400_megapixel_photo_when_the_buyer_sends_the_claim_then_the_form_says_why(
    page, login_as, shots, tmp_path
):
    buyer = UserFactory(email="bomb@example.test")
    line = delivered_line(buyer=buyer, seller=SellerFactory())
    login_as(page, buyer)
    page.goto(f"/warranty/claims/new/{line.pk}/")
    picture = tmp_path / "huge.png"
    picture.write_bytes(png_bomb())
    page.get_by_label("What is wrong?").select_option("screen")
    page.get_by_label("Describe the fault").fill("The screen shows a line of dead pixels on the right.")
    page.get_by_label("Photos").set_input_files(str(picture))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Send the claim").click()
    assert answer.value.status == 422
    expect(page.locator("form.claim-form")).to_contain_text("at most 40 megapixels")
    page.screenshot(path=str(shots / "hostile-photo-pixels.png"), full_page=True)
    assert not Claim.objects.exists()


def test_given_a_nul_pasted_into_a_message_then_the_claim_page_refuses_it_beside_the_field(
    page, login_as, shots
):
    buyer = UserFactory(email="nul@example.test")
    claim = open_claim(delivered_line(buyer=buyer, seller=SellerFactory()))
    login_as(page, buyer)
    page.goto(f"/warranty/claims/{claim.pk}/")
    box = page.locator("textarea[name=body]")
    box.evaluate("(el) => { el.value = 'Still broken\\u0000 after the update'; }")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        box.evaluate("(el) => el.form.requestSubmit()")
    assert answer.value.status == 422
    expect(page.locator("main")).to_contain_text("control characters")
    page.screenshot(path=str(shots / "hostile-message-nul.png"), full_page=True)
    assert not ClaimMessage.objects.filter(body__startswith="Still broken").exists()
    # the only console line is chromium noting the 422 itself: no script or CSP error
    assert [e for e in page.console_errors if "status of 422" not in e] == []
