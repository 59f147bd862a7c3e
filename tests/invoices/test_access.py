"""Invoices by API and on the web: the buyer of the order, the seller that issued it and staff read it;
anybody else gets 404 (or 401/403 without the right token)."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.invoices.models import Invoice
from tests.factories import StaffFactory, UserFactory

from .conftest import paid


@pytest.fixture
def invoice(buyer, offer):
    return Invoice.objects.get(order=paid(buyer, offer))


def logged_in(user, password):
    client = Client()
    assert client.login(email=user.email, password=password)
    return client


def test_given_the_buyer_when_listing_an_orders_invoices_then_each_has_working_html_and_pdf_links(
    api, buyer, invoice
):
    listed = api.as_(buyer).get(f"/api/v1/orders/{invoice.order_id}/invoices").expect(200)["items"]

    assert [i["number"] for i in listed] == [invoice.number]
    client = api.as_(buyer)
    html = client.client.get(listed[0]["html_url"], headers=client._headers(None))
    pdf = client.client.get(listed[0]["pdf_url"], headers=client._headers(None))
    assert html.status_code == 200 and invoice.number in html.content.decode()
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )


def test_given_the_wrong_actor_when_listing_an_orders_invoices_then_401_403_or_404(api, seller, invoice):
    other = UserFactory(email="other-buyer@example.test")
    path = f"/api/v1/orders/{invoice.order_id}/invoices"
    assert api.get(path).expect(401)
    assert api.as_(other).get(path).expect(404)["code"] == "order_not_found"
    assert api.as_(seller.user).get(path).expect(404)  # the seller is not the buyer of this order
    assert api.as_(seller.user, scopes=["seller"]).get(path).expect(403)["code"] == "missing_scope"


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_given_the_wrong_actor_when_opening_an_invoice_document_then_404(api, other_seller, invoice, kind):
    path = f"/api/v1/invoices/{invoice.pk}/{kind}"
    assert api.get(path).expect(401)
    assert (
        api.as_(UserFactory(email="nosy@example.test")).get(path).expect(404)["code"] == "invoice_not_found"
    )
    assert api.as_(other_seller.user).get(path).expect(404)


def test_given_the_issuing_seller_or_staff_then_they_read_the_invoice(api, seller, invoice):
    for reader in (seller.user, StaffFactory(email="auditor@example.test")):
        client = api.as_(reader)
        assert (
            client.client.get(f"/api/v1/invoices/{invoice.pk}/pdf", headers=client._headers(None)).status_code
            == 200
        )
    assert [
        i["number"] for i in api.as_(seller.user).get("/api/v1/seller/invoices").expect(200)["items"]
    ] == [invoice.number]


def test_given_the_buyer_on_the_web_then_the_order_links_its_invoices_and_they_open(buyer, password, invoice):
    client = logged_in(buyer, password)
    order_page = client.get(f"/orders/{invoice.order.ref}/").content.decode()
    assert f"/orders/{invoice.order.ref}/invoices/" in order_page
    listing = client.get(f"/orders/{invoice.order.ref}/invoices/").content.decode()
    assert invoice.number in listing
    assert client.get(f"/invoices/{invoice.pk}/").status_code == 200
    assert client.get(f"/invoices/{invoice.pk}.pdf")["Content-Type"] == "application/pdf"


def test_given_french_as_the_buyers_language_then_the_html_invoice_is_in_french(buyer, password, invoice):
    client = logged_in(buyer, password)
    html = client.get(f"/invoices/{invoice.pk}/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Facture" in html and "TVA" in html


@pytest.mark.parametrize("path", ["/invoices/{pk}/", "/invoices/{pk}.pdf", "/orders/{ref}/invoices/"])
def test_given_a_visitor_or_another_user_when_opening_invoice_pages_then_login_or_404(
    db, password, invoice, other_seller, path
):
    url = path.format(pk=invoice.pk, ref=invoice.order.ref)
    assert Client().get(url).status_code == 302
    assert logged_in(UserFactory(email="nosy@example.test"), password).get(url).status_code == 404
    assert logged_in(other_seller.user, password).get(url).status_code == 404


def test_given_a_seller_then_its_invoices_page_lists_them_and_sets_the_margin_scheme(
    seller, password, invoice
):
    client = logged_in(seller.user, password)
    assert invoice.number in client.get("/seller/invoices/").content.decode()
    client.post("/seller/invoices/", {"margin_scheme": "on"})
    assert seller.tax_profile.margin_scheme
    assert Client().get("/seller/invoices/").status_code == 302
    assert (
        logged_in(UserFactory(email="plain@example.test"), password).get("/seller/invoices/").status_code
        == 403
    )
