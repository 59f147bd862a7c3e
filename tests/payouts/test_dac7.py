"""DAC7: sellers with 30 or more sales or €2,000 or more of consideration in the year are reportable
(boundaries at 29/30 and 1,999.99/2,000.00); other currencies in euros at the year-end rate; the report as
CSV and as DPI XML valid against the OECD schema (docs/payouts.md "DAC7")."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
import xmlschema
from django.core.management import call_command
from django.core.management.base import CommandError

from comeback.insights.models import ExchangeRate
from comeback.orders.models import Fulfilment, Order, OrderLine
from comeback.payouts import conf, dac7
from tests.factories import OfferFactory, SellerFactory, UserFactory

from .conftest import bank_account

DPI_XSD = Path(__file__).parent / "schemas" / "DPIXML_v1.0.xsd"
IN_2027 = datetime(2027, 5, 10, 10, tzinfo=UTC)  # the second quarter


def sales(seller, n: int, *, net: int, currency: str = "EUR", at: datetime = IN_2027, commission: int = 0):
    """`n` paid lines of `seller`, each crediting it `net` (price − commission) — written as checkout would."""
    buyer = UserFactory(email=f"{uuid.uuid4().hex}@example.test")
    offer = OfferFactory(
        seller=seller, currency=currency, market_id={"EUR": "FR", "GBP": "GB", "JPY": "JP"}[currency]
    )
    order = Order.objects.create(
        ref=uuid.uuid4().hex[:12], buyer=buyer, market_id=offer.market_id, currency=currency, status="paid",
        items_amount=n * (net + commission), total_amount=n * (net + commission), idempotency_key=uuid.uuid4().hex, request_hash="x", created_at=at,
        reserved_until=at, paid_at=at,
    )  # fmt: skip
    fulfilment = Fulfilment.objects.create(
        order=order, seller=seller, items_amount=n * (net + commission), commission_amount=n * commission
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            fulfilment=fulfilment,
            seller=seller,
            offer=offer,
            product=offer.variant.product,
            title="Phone",
            grade="good",
            price_amount=net + commission,
            commission_amount=commission,
            currency=currency,
            status="delivered",
            paid_at=at,
        )  # fmt: skip
        for _ in range(n)
    )


def rate(currency, target, value, valid_on):
    ExchangeRate.objects.create(
        currency=currency,
        target=target,
        rate=Decimal(value),
        valid_on=valid_on,
        created_at=IN_2027,
        source="ECB",
    )


def reportable_ids(year=2027):
    return {s.seller.pk for s in dac7.build(year=year).reportable}


@pytest.mark.parametrize("n, reportable", [(29, False), (30, True)])
def test_given_29_or_30_small_sales_then_the_30th_makes_the_seller_reportable(db, n, reportable):
    seller = SellerFactory()
    sales(seller, n, net=1000)  # 29 × €10 stays under €2,000

    assert (seller.pk in reportable_ids()) is reportable


@pytest.mark.parametrize("cents, reportable", [(199_999, False), (200_000, True)])
def test_given_1999_99_or_2000_00_of_consideration_then_2000_makes_the_seller_reportable(
    db, cents, reportable
):
    seller = SellerFactory()
    sales(seller, 1, net=cents, commission=5000)  # the commission kept is not consideration

    assert (seller.pk in reportable_ids()) is reportable


def test_given_refunds_and_other_years_then_they_do_not_count(db):
    seller = SellerFactory()
    sales(seller, 29, net=1000)
    sales(seller, 5, net=1000, at=datetime(2026, 12, 31, 22, 59, tzinfo=UTC))  # 23:59 in Paris, 2026
    sales(seller, 1, net=1000, at=datetime(2027, 12, 31, 23, 0, tzinfo=UTC))  # already 2028 in Paris
    sales(seller, 1, net=1000)
    last = OrderLine.objects.filter(seller=seller, paid_at=IN_2027).order_by("-pk").first()
    OrderLine.objects.filter(pk=last.pk).update(status="refunded", refunded_at=IN_2027)

    report = dac7.build(year=2027)

    assert report.sellers[0].total_sales == 29 and not report.sellers[0].reportable


def test_given_sales_in_pounds_then_they_count_in_euros_at_the_year_end_rate(db):
    rate("GBP", "EUR", "1.15", date(2027, 12, 31))
    rate("GBP", "EUR", "2", date(2028, 1, 2))
    seller = SellerFactory()
    sales(seller, 1, net=173_912, currency="GBP")  # £1,739.12 × 1.15 = €1,999.988, so €1,999.99
    other = SellerFactory()
    sales(other, 1, net=173_914, currency="GBP")  # £1,739.14 × 1.15 = €2,000.011, so €2,000.01

    report = dac7.build(year=2027)

    assert report.rates["GBP"] == (Decimal("1.15"), date(2027, 12, 31))
    assert {s.seller.pk: s.total_consideration for s in report.sellers} == {
        seller.pk: 199_999,
        other.pk: 200_001,
    }
    assert reportable_ids() == {other.pk}


def test_given_yen_and_only_the_inverse_rate_then_it_is_inverted(db):
    rate("EUR", "JPY", "160", date(2027, 12, 30))
    seller = SellerFactory()
    sales(seller, 1, net=320_000, currency="JPY")  # ¥320,000 / 160 = €2,000

    assert reportable_ids() == {seller.pk}


def test_given_a_currency_without_a_rate_then_the_report_is_refused(db):
    sales(SellerFactory(), 1, net=1000, currency="GBP")

    with pytest.raises(dac7.Conflict) as refused:
        dac7.build(year=2027)
    assert refused.value.code == "exchange_rate_missing" and refused.value.extra["currency"] == "GBP"


@pytest.fixture
def reportable_seller(db):
    seller = SellerFactory(
        legal_name="=Refurb HYPERLINK SAS", country="FR", company_registration="732829320",
        vat_number="FR44732829320", address="1 rue du Test\n75011 Paris",
    )  # fmt: skip
    bank_account(seller)
    sales(seller, 30, net=1000, commission=100)
    sales(SellerFactory(), 2, net=1000)  # not reportable
    return seller


def test_given_a_reportable_seller_then_the_csv_has_its_identity_quarters_and_account(reportable_seller):
    rows = list(csv.DictReader(io.StringIO(dac7.to_csv(dac7.build(year=2027)))))

    assert len(rows) == 1
    row = rows[0]
    assert row["legal_name"] == "'=Refurb HYPERLINK SAS"  # never a formula in a spreadsheet
    assert (row["sales"], row["consideration_eur"], row["fees_eur"]) == ("30", "300.00", "30.00")
    assert (row["sales_q2"], row["consideration_q2_eur"], row["sales_q1"]) == ("30", "300.00", "0")
    assert row["iban"] == "FR7630006000011234567890189"


def test_given_a_reportable_seller_then_the_xml_is_valid_dpi(reportable_seller):
    content = dac7.to_xml(
        dac7.build(year=2027), platform=conf.platform_identity(), at=datetime(2028, 1, 10, tzinfo=UTC)
    )

    schema = xmlschema.XMLSchema(DPI_XSD)
    schema.validate(content.decode())
    data = schema.to_dict(content.decode())
    assert data["dpi:MessageSpec"]["dpi:MessageTypeIndic"] == "DPI401"
    sellers = data["dpi:DPIBody"][0]["dpi:ReportableSeller"]
    assert len(sellers) == 1
    goods = sellers[0]["dpi:RelevantActivities"]["dpi:SaleOfGoods"]
    assert goods["dpi:NumberOfActivities"]["dpi:NumbQ2"] == 30
    assert goods["dpi:Consideration"]["dpi:ConsQ2"]["$"] == 300


def test_given_no_reportable_seller_then_the_xml_is_a_nil_report(db):
    content = dac7.to_xml(dac7.build(year=2027), platform=conf.platform_identity())

    xmlschema.XMLSchema(DPI_XSD).validate(content.decode())
    assert b"DPI403" in content


def test_given_the_command_then_it_writes_csv_or_xml(reportable_seller, capsys, tmp_path):
    call_command("dac7_report", "--year", "2027")
    out = capsys.readouterr()
    assert out.out.startswith("seller_id,") and "1 reportable seller(s) of 2" in out.err

    target = tmp_path / "dac7.xml"
    call_command("dac7_report", "--year", "2027", "--format", "xml", "--output", str(target))
    xmlschema.XMLSchema(DPI_XSD).validate(target.read_text())

    with pytest.raises(CommandError):
        call_command("dac7_report", "--year", "27")


def test_given_staff_then_the_dac7_page_shows_the_sellers_and_downloads_the_report(
    reportable_seller, staff, password
):
    from django.test import Client

    with time_machine.travel(datetime(2028, 1, 15, tzinfo=UTC), tick=False):  # 2027 is over
        client = Client()
        client.login(email=staff.email, password=password)
        page = client.get("/staff/payouts/dac7/?year=2027")
        csv_file = client.get("/staff/payouts/dac7/2027.csv")
        xml_file = client.get("/staff/payouts/dac7/2027.xml")
    assert page.status_code == 200 and "=Refurb HYPERLINK SAS" in page.content.decode()
    assert "1 reportable seller" in page.content.decode()
    assert csv_file["Content-Type"].startswith("text/csv") and b"'=Refurb" in csv_file.content
    xmlschema.XMLSchema(DPI_XSD).validate(xml_file.content.decode())


@pytest.mark.parametrize(
    "path", ["/staff/payouts/dac7/", "/staff/payouts/dac7/2027.csv", "/staff/payouts/dac7/2027.xml"]
)
def test_given_a_visitor_or_a_seller_when_opening_dac7_then_login_or_403(reportable_seller, password, path):
    from django.test import Client

    assert Client().get(path).status_code == 302
    seller_client = Client()
    seller_client.login(email=reportable_seller.user.email, password=password)
    assert seller_client.get(path).status_code == 403
