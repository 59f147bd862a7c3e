"""Each paid order gives the buyer an invoice per seller, in the seller's name, numbered in the seller's
gapless series, with VAT at the market's rate or the margin-scheme mention; refunds give credit notes
(docs/payouts.md "Invoices")."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.utils import translation

from comeback.core import outbox
from comeback.invoices import render, services
from comeback.invoices.models import Invoice
from comeback.orders.services import returns
from tests.concurrency import race
from tests.core.test_pdf import drawn_characters, needs_japanese_font
from tests.factories import OfferFactory, UserFactory
from tests.orders.helpers import place_order, walk

from .conftest import paid


def test_given_an_order_from_two_sellers_when_paid_then_each_seller_invoices_its_own_lines(
    buyer, offer, other_offer, seller, other_seller
):
    order = paid(buyer, offer, (other_offer, 2))

    mine, theirs = Invoice.objects.filter(order=order).order_by("seller_id")
    assert (mine.seller_id, theirs.seller_id) == (seller.pk, other_seller.pk)
    assert mine.number == f"CB{seller.pk:04d}-000001" and theirs.number == f"CB{other_seller.pk:04d}-000001"
    assert mine.issued_by["name"] == "Refurb Paris SAS" and mine.issued_by["vat_number"] == "FR44732829320"
    assert mine.issued_to["name"] == "Ada Lovelace"
    assert (mine.vat_treatment, mine.total_gross, mine.total_vat, mine.total_net) == (
        "standard",
        30000,
        5000,
        25000,
    )
    assert len(theirs.lines) == 2 and theirs.total_gross == 2 * 12345
    assert theirs.lines[0]["vat"] == 2058  # 12345 × 20/120, rounded to the cent


def test_given_a_replayed_paid_event_then_no_second_invoice_and_no_number_skipped(buyer, offer, seller):
    order = paid(buyer, offer)
    services.issue_sale(order_id=order.pk, seller_id=seller.pk)

    second = paid(buyer, offer)

    assert Invoice.objects.filter(order=order).count() == 1
    assert Invoice.objects.get(order=second).sequence_number == 2


def test_given_a_margin_scheme_seller_then_no_vat_and_the_directive_mention_in_the_buyers_language(
    buyer, offer, seller
):
    services.set_margin_scheme(seller=seller, enabled=True)
    invoice = Invoice.objects.get(order=paid(buyer, offer))

    assert (invoice.vat_treatment, invoice.total_vat, invoice.total_net) == ("margin", 0, 30000)
    assert render.view(invoice, "en").mention == "Margin scheme — Second-hand goods"
    assert render.view(invoice, "fr").mention == "Régime particulier – Biens d'occasion"
    assert render.view(invoice, "de").mention == "Differenzbesteuerung – Gebrauchtgegenstände"
    assert not render.view(invoice, "en").show_vat


@pytest.mark.parametrize(
    "market, currency, rate, vat", [("DE", "EUR", 1900, 4790), ("JP", "JPY", 1000, 2727), ("US", "USD", 0, 0)]
)
def test_given_each_market_then_vat_follows_its_rate(buyer, seller, market, currency, rate, vat):
    offer = OfferFactory(seller=seller, market_id=market, currency=currency, price_amount=30000, quantity=3)

    invoice = Invoice.objects.get(order=paid(buyer, offer, market=market))

    assert (invoice.lines[0]["vat_rate_bps"], invoice.total_vat) == (rate, vat)
    assert invoice.vat_treatment == ("no_vat" if market == "US" else "standard")


def test_given_a_refunded_line_then_a_credit_note_corrects_the_invoice_in_the_same_series(
    buyer, offer, seller, clock_at
):
    order = paid(buyer, (offer, 2))
    for line in order.lines.select_related("order__buyer", "seller"):
        walk(line, "delivered")
    ret = returns.request_return(buyer=buyer, order_id=order.pk, reason="changed_mind")[0]
    returns.receive_return(seller=seller, return_id=ret.pk)
    returns.refund_return(seller=seller, return_id=ret.pk)
    outbox.drain()

    invoice = Invoice.objects.get(order=order, kind="sale")
    notes = list(Invoice.objects.filter(kind="credit_note", order=order).order_by("sequence_number"))
    assert notes and all(n.corrects_id == invoice.pk for n in notes)
    assert [n.sequence_number for n in notes] == list(range(2, 2 + len(notes)))
    assert notes[0].total_gross == 30000 and notes[0].number.startswith(f"CB{seller.pk:04d}-")


@pytest.mark.django_db(transaction=True)
def test_given_orders_of_one_seller_paid_at_once_then_numbers_have_no_gap_and_no_duplicate(seller):
    offer = OfferFactory(seller=seller, price_amount=1000, quantity=50)
    buyers = [UserFactory(email=f"{uuid.uuid4().hex}@example.test") for _ in range(6)]
    orders = [place_order(b, offer) for b in buyers]

    def issue(order):
        def run():
            try:
                return services.issue_sale(order_id=order.pk, seller_id=seller.pk)
            finally:
                connection.close()

        return run

    results = race([issue(o) for o in orders] + [issue(orders[0])])

    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(Invoice.objects.filter(seller=seller).values_list("sequence_number", flat=True))
    assert numbers == list(range(1, 7))


def test_given_an_invoice_then_the_pdf_is_a_pdf_in_every_language(buyer, offer):
    invoice = Invoice.objects.get(order=paid(buyer, offer))
    for language in ("en", "fr", "de", "ja"):
        document = render.pdf(invoice, language)
        assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")
    with translation.override("ja"):
        assert render.view(invoice).title == "請求書"


@needs_japanese_font
def test_given_an_invoice_in_japanese_then_the_pdf_draws_its_japanese_glyphs(buyer, offer):
    invoice = Invoice.objects.get(order=paid(buyer, offer))

    assert set("請求書") <= drawn_characters(render.pdf(invoice, "ja"))
