"""Each month the platform invoices every seller for the commission it kept, less refunds: French VAT for a
seller in France, the reverse charge elsewhere in the EU, outside the scope of EU VAT beyond it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.management import call_command

from comeback.invoices import render, services
from comeback.invoices.models import Invoice
from tests.factories import OfferFactory, SellerFactory, UserFactory
from tests.orders.helpers import T0, place_order

MARCH = date(2027, 3, 1)
APRIL_1 = datetime(2027, 4, 1, 6, tzinfo=UTC)


def test_given_a_french_seller_with_march_sales_then_april_brings_one_commission_invoice_with_french_vat(
    buyer, offer, seller, clock_at
):
    with clock_at(T0):
        place_order(buyer, (offer, 3))

    issued = services.issue_monthly(at=APRIL_1)
    again = services.issue_monthly(at=APRIL_1)

    assert [i.pk for i in again] == [i.pk for i in issued] and len(issued) == 1
    invoice = issued[0]
    assert (invoice.kind, invoice.period, invoice.number) == ("commission", MARCH, "CBP-000001")
    assert invoice.issued_by["name"] == "Comeback SAS" and invoice.issued_to["name"] == "Refurb Paris SAS"
    assert (invoice.total_gross, invoice.total_vat, invoice.vat_treatment) == (9000, 1500, "standard")
    assert render.view(invoice, "en").rows[0].description == "Commission on 3 sales"


def test_given_a_german_seller_then_the_reverse_charge_is_mentioned(buyer, clock_at):
    german = SellerFactory(
        user=UserFactory(email="de-seller@example.test"), country="DE", vat_number="DE136695976"
    )
    with clock_at(T0):
        place_order(buyer, OfferFactory(seller=german, price_amount=20000, quantity=2))

    invoice = services.issue_monthly(month=MARCH, at=APRIL_1)[0]

    assert (invoice.vat_treatment, invoice.total_vat, invoice.total_net) == ("reverse_charge", 0, 2000)
    assert render.view(invoice, "de").mention == "Steuerschuldnerschaft des Leistungsempfängers"


def test_given_the_command_then_it_issues_the_month_asked(buyer, offer, clock_at, capsys):
    with clock_at(T0):
        place_order(buyer, offer)
    call_command("invoices_monthly", "--month", "2027-03")
    assert Invoice.objects.filter(kind="commission", period=MARCH).count() == 1
    assert "1 commission invoice(s)" in capsys.readouterr().out
