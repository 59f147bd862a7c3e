"""A buyer's warranty claim in a real browser: the order page shows the warranty beside the legal
guarantee, the buyer opens a claim with a photo and sees the seller's deadline."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from playwright.sync_api import expect

from comeback.aftersales.models import Claim
from tests.aftersales.factories import delivered_line
from tests.factories import SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _png(width: int = 24, height: int = 16) -> bytes:
    """A real grey PNG, so the browser can show the thumbnail."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes((x * 10) % 256 for x in range(width)) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_given_a_delivered_phone_when_the_buyer_opens_a_claim_with_a_photo_then_the_deadline_is_shown(
    page, login_as, shots, tmp_path
):
    buyer = UserFactory(email="claimer@example.test", name="Ada Lovelace")
    line = delivered_line(buyer=buyer, seller=SellerFactory())
    login_as(page, buyer)

    page.goto(f"/orders/{line.order.ref}/")
    panel = page.locator(".warranty-panel")
    expect(panel).to_contain_text("Commercial warranty")
    expect(panel).to_contain_text("Legal guarantee")
    expect(panel).to_contain_text("24 months from delivery")
    page.get_by_role("link", name="Open a warranty claim").click()
    expect(page).to_have_url(re.compile(rf"/warranty/claims/new/{line.pk}/$"))

    picture = tmp_path / "cracked-screen.png"
    picture.write_bytes(_png())
    page.get_by_label("What is wrong?").select_option("screen")
    page.get_by_label("Describe the fault").fill(
        "A dead pixel line appeared on the right edge of the screen."
    )
    page.get_by_label("The device was dropped").check()
    page.get_by_label("Photos").set_input_files(str(picture))
    page.screenshot(path=str(shots / "aftersales-claim-form.png"), full_page=True)
    page.get_by_role("button", name="Send the claim").click()

    claim = Claim.objects.get()
    expect(page).to_have_url(re.compile(rf"/warranty/claims/{claim.pk}/$"))
    expect(page.get_by_role("heading", name=f"Claim {claim.ref}")).to_be_visible()
    expect(page.locator("[data-claim-status]")).to_have_text("Awaiting the seller's answer")
    due = page.locator("dd[data-answer-due]")
    expect(due).to_have_attribute("data-answer-due", claim.answer_due_at.isoformat())
    expect(due).not_to_be_empty()
    photo = page.get_by_role("img", name="Photo 1 of the fault")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()  # a lazy image loads once it is near the viewport; then wait for it
    page.wait_for_function(
        "() => { const i = document.querySelector('img[alt=\"Photo 1 of the fault\"]');"
        " return i !== null && i.complete && i.naturalWidth > 0; }",
        timeout=20_000,
    )
    assert photo.evaluate("img => img.naturalWidth") == 24
    page.screenshot(path=str(shots / "aftersales-claim-page.png"), full_page=True)
    assert page.console_errors == []
