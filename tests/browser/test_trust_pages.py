"""Trust pages in a real browser: staff give a seller 30 days' notice of removal and the seller reads the date;
an authenticator works the desk (evidence photo, verdict) and the product page shows the Authenticated badge.
No console error (the strict CSP holds), and a screenshot of each page for review."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from comeback.core import outbox
from comeback.offers.models import Authentication, Offer, OfferStatus
from tests.factories import SellerFactory, StaffFactory
from tests.offers.test_authentication import authenticator, publish
from tests.offers.test_authentication import watch as watch


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_staff_giving_notice_of_removal_then_the_seller_reads_the_date_and_can_contest(
    page, live_server, login_as, shots
):
    seller = SellerFactory()
    page.set_default_timeout(30_000)  # the staff seller page computes the seller's metrics
    login_as(page, StaffFactory(email="ops@example.test"))
    page.goto(f"/staff/sellers/{seller.pk}/")
    page.get_by_label("Remove: 30 days' notice, then listings withdrawn and no new listings").check()
    page.get_by_label("Reason (recorded, shown to the seller)").fill("Repeated grading complaints since May.")
    page.get_by_role("button", name="Record decision").click()
    outbox.drain()
    page.goto(f"/staff/sellers/{seller.pk}/")
    assert "Removal due on" in page.content()
    page.screenshot(path=shots / "staff-removal-notice.png", full_page=True)

    seller_tab = page.context.browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    login_as(seller_tab, seller.user)
    seller_tab.goto("/seller/trust/")
    assert "Notice of removal" in seller_tab.content()
    seller_tab.get_by_role("link", name="Read the statement of reasons and contest it").click()
    assert "Repeated grading complaints" in seller_tab.content()
    seller_tab.screenshot(path=shots / "seller-removal-statement.png", full_page=True)
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_an_authenticator_at_the_desk_then_the_listing_goes_live_with_its_badge(
    page,
    live_server,
    login_as,
    shots,
    watch,
    tmp_path,
):
    seller = SellerFactory()
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    photo = tmp_path / "evidence.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 150, 110)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    login_as(page, authenticator())
    page.goto("/authenticator/")
    page.get_by_role("link", name="Calibre 1").click()
    page.get_by_label("Add photos (JPEG, PNG or WebP)").set_input_files(str(photo))
    page.get_by_role("button", name="Upload").click()
    assert "1 photo recorded." in page.content()
    page.get_by_label("Authenticated: publish with the badge").check()
    page.get_by_label("Reasons (shown to the seller, kept in the passport)").fill(
        "Serial engraving, movement and case back match the maker's records."
    )
    page.screenshot(path=shots / "authenticator-desk.png", full_page=True)
    page.get_by_role("button", name="Record decision").click()
    assert Offer.objects.get(pk=row.offer_id).status == OfferStatus.ACTIVE

    page.goto(f"/p/{watch.product.slug}/")
    assert page.get_by_text("Authenticated", exact=False).first.is_visible()
    page.screenshot(path=shots / "product-authenticated.png", full_page=True)
    assert page.console_errors == []
