"""Money pages in a real browser: a seller registers its bank account with its password, staff run the
payouts, download the SEPA file and import the bank's statement, and the buyer opens an invoice; no console
error (the strict CSP holds), and a screenshot of each page for review."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from comeback.core import outbox
from comeback.payouts import camt053
from comeback.payouts.models import Transfer
from tests.factories import OfferFactory, StaffFactory, UserFactory
from tests.orders.helpers import T0, place_order, walk
from tests.payouts.conftest import IBAN

RUN_DAY = datetime(2027, 3, 16, 9, 0, tzinfo=UTC)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_seller_with_sales_when_it_adds_its_account_and_staff_run_and_reconcile_then_each_page_shows_it(
    page, live_server, login_as, seller, password, shots, tmp_path
):
    buyer = UserFactory(email="buyer@example.test")
    with time_machine.travel(T0, tick=False):
        order = place_order(buyer, (OfferFactory(seller=seller, price_amount=30000, quantity=5), 2))
        for line in order.lines.select_related("order__buyer", "seller"):
            walk(line, "delivered")
    outbox.drain()

    login_as(page, seller.user)
    page.goto("/seller/payouts/")
    page.get_by_label("Account holder").fill("Refurb SAS")
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Save bank account").click()
    assert "•••• 0189" in page.content()
    page.screenshot(path=shots / "seller-payouts.png", full_page=True)

    staff = StaffFactory(email="ops@example.test")
    staff_tab = page.context.browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    with time_machine.travel(RUN_DAY, tick=True):  # a payout day; the session is opened on it too
        login_as(staff_tab, staff)
        staff_tab.goto("/staff/payouts/")
        staff_tab.get_by_role("button", name="Run today's payouts").click()
        assert "Payout run of" in staff_tab.content()
        with staff_tab.expect_download() as download:
            staff_tab.locator("a[download]").first.click()
        assert b"pain.001.001.09" in Path(download.value.path()).read_bytes()
        statement = tmp_path / "statement.xml"
        statement.write_bytes(
            camt053.statement(
                list(Transfer.objects.all()),
                message_id="S1",
                account_iban=IBAN,
                booked=RUN_DAY.date(),
                created_at=RUN_DAY,
            )
        )
        staff_tab.goto("/staff/payouts/")
        staff_tab.locator("#id_file").set_input_files(str(statement))
        staff_tab.get_by_role("button", name="Import", exact=True).click()
        assert "1 of 1 entries settled a transfer" in staff_tab.content()
        assert staff_tab.locator("#count-paid").inner_text() == "1"
        staff_tab.screenshot(path=shots / "staff-payouts.png", full_page=True)
        staff_tab.goto("/staff/payouts/dac7/?year=2027")
        staff_tab.screenshot(path=shots / "staff-dac7.png", full_page=True)

    buyer_tab = page.context.browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    buyer_errors = []
    buyer_tab.on("console", lambda msg: buyer_errors.append(msg.text) if msg.type == "error" else None)
    login_as(buyer_tab, buyer)
    buyer_tab.goto(f"/orders/{order.ref}/")
    buyer_tab.get_by_role("link", name="Factures").click()
    buyer_tab.get_by_role("link", name="HTML").first.click()
    assert "Facture CB" in buyer_tab.content() and "TVA" in buyer_tab.content()
    buyer_tab.screenshot(path=shots / "invoice.png", full_page=True)
    assert page.console_errors == [] and buyer_errors == []  # the invoice's stylesheet obeys the CSP
