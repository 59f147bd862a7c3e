"""DAC7: the platform's annual report of reportable sellers (Council Directive (EU) 2021/514, Annex V),
as CSV and in the OECD DPI XML layout (docs/payouts.md "DAC7").

A seller is reportable for a year when it made **30 or more sales, or €2,000 or more of consideration**
(only sellers below both are excluded, Annex V Section I(C)). Consideration is what the seller was credited
for a sale, net of the commission the platform kept (`price − commission`); a sale refunded is not counted.
Sales fall in the quarter of their payment, in the platform's calendar (Europe/Paris).

Amounts in other currencies are converted into euros at the rate valid on the last day of the year (the
dated rates staff keep for insights, `ExchangeRate`; an inverse pair is used when only that exists); a year
with a currency and no rate is refused (409 `exchange_rate_missing`) rather than reported wrong. The XML
reports whole euros (the DPI schema's amounts are integers); the CSV keeps the cents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from comeback.core import clock, csv_export
from comeback.core.money import minor_units
from comeback.core.problems import Conflict
from comeback.orders.models import LineStatus, OrderLine

from .models import BankAccount

MIN_SALES = 30  # Annex V Section I(C): fewer than 30 sales …
MIN_CONSIDERATION_EUR = 200_000  # … and less than €2,000 (in cents) are not reportable
CALENDAR_TZ = "Europe/Paris"
DPI = "urn:oecd:ties:dpi:v1"
STF = "urn:oecd:ties:dpistf:v1"
register_namespace("dpi", DPI)
register_namespace("stf", STF)


@dataclass
class SellerYear:
    seller: object
    sales: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    consideration: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # EUR cents per quarter
    fees: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    account: BankAccount | None = None

    @property
    def total_sales(self) -> int:
        return sum(self.sales)

    @property
    def total_consideration(self) -> int:
        return sum(self.consideration)

    @property
    def total_fees(self) -> int:
        return sum(self.fees)

    @property
    def reportable(self) -> bool:
        return self.total_sales >= MIN_SALES or self.total_consideration >= MIN_CONSIDERATION_EUR


@dataclass
class Report:
    year: int
    sellers: list[SellerYear]
    rates: dict[str, tuple[Decimal, date]]

    @property
    def reportable(self) -> list[SellerYear]:
        return [s for s in self.sellers if s.reportable]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(CALENDAR_TZ)
    return datetime.combine(date(year, 1, 1), time(), tzinfo=zone), datetime.combine(
        date(year + 1, 1, 1), time(), tzinfo=zone
    )


def eur_rate(currency: str, on: date) -> tuple[Decimal, date]:
    """1 unit of `currency` in euros, by the latest rate valid on or before `on`."""
    if currency == "EUR":
        return Decimal(1), on
    rates = apps.get_model("insights", "ExchangeRate").objects.filter(valid_on__lte=on)
    direct = rates.filter(currency=currency, target="EUR").order_by("-valid_on").first()
    inverse = rates.filter(currency="EUR", target=currency).order_by("-valid_on").first()
    best = max([r for r in (direct, inverse) if r is not None], key=lambda r: r.valid_on, default=None)
    if best is None:
        raise Conflict(
            _("No %(currency)s→EUR rate valid on %(date)s: add one before reporting this year.")
            % {"currency": currency, "date": on.isoformat()},
            code="exchange_rate_missing",
            currency=currency,
            on=on.isoformat(),
        )
    return (best.rate if best is direct else Decimal(1) / best.rate), best.valid_on


def to_eur_cents(amount: int, currency: str, rate: Decimal) -> int:
    major = Decimal(amount).scaleb(-minor_units(currency))
    return int((major * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build(*, year: int, progress: Callable | None = None) -> Report:
    """Every seller that sold in `year`, with its sales, consideration and fees per quarter (in euros)."""
    start, end = year_bounds(year)
    zone = ZoneInfo(CALENDAR_TZ)
    rows = (
        OrderLine.objects.filter(paid_at__gte=start, paid_at__lt=end)
        .exclude(Q(status=LineStatus.REFUNDED) | Q(refunded_at__isnull=False))
        .values_list("seller_id", "currency", "paid_at", "price_amount", "commission_amount")
        .order_by("seller_id", "paid_at")
    )
    # Sum per seller, quarter and currency first, convert once per sum: no rounding per line.
    sums: dict[tuple[int, int, str], list[int]] = {}
    for seller_id, currency, paid_at, price, commission in rows:
        quarter = (paid_at.astimezone(zone).month - 1) // 3
        bucket = sums.setdefault((seller_id, quarter, currency), [0, 0, 0])
        bucket[0] += 1
        bucket[1] += price - commission
        bucket[2] += commission
    last_day = date(year, 12, 31)
    rates = {c: eur_rate(c, last_day) for c in sorted({c for _s, _q, c in sums})}
    sellers = apps.get_model("sellers", "Seller").objects.in_bulk({s for s, _q, _c in sums})
    accounts = {
        a.seller_id: a
        for a in BankAccount.objects.filter(seller_id__in=sellers, retired_at__isnull=True).order_by(
            "currency"
        )
    }
    by_seller: dict[int, SellerYear] = {}
    keys = sorted(sums)
    for seller_id, quarter, currency in progress(keys, "DAC7") if progress else keys:
        entry = by_seller.setdefault(
            seller_id, SellerYear(sellers[seller_id], account=accounts.get(seller_id))
        )
        count, consideration, fees = sums[(seller_id, quarter, currency)]
        rate = rates[currency][0]
        entry.sales[quarter] += count
        entry.consideration[quarter] += to_eur_cents(consideration, currency, rate)
        entry.fees[quarter] += to_eur_cents(fees, currency, rate)
    return Report(year, sorted(by_seller.values(), key=lambda s: s.seller.pk), rates)


# CSV ---------------------------------------------------------------------------------------------
CSV_COLUMNS = [
    "seller_id", "legal_name", "country", "company_registration", "vat_number", "address", "iban",
    "account_holder", "sales", "consideration_eur", "fees_eur",
    "sales_q1", "sales_q2", "sales_q3", "sales_q4",
    "consideration_q1_eur", "consideration_q2_eur", "consideration_q3_eur", "consideration_q4_eur",
    "fees_q1_eur", "fees_q2_eur", "fees_q3_eur", "fees_q4_eur",
]  # fmt: skip


def _eur(cents: int) -> str:
    return f"{Decimal(cents).scaleb(-2):.2f}"


def to_csv(report: Report) -> str:
    """The report as CSV; a seller's own text (its legal name) never runs as a spreadsheet formula."""
    rows = (
        [
            s.seller.pk,
            s.seller.legal_name,
            s.seller.country,
            s.seller.company_registration,
            s.seller.vat_number,
            " ".join(s.seller.address.split()),
            s.account.iban if s.account else "",
            s.account.holder if s.account else "",
            s.total_sales,
            _eur(s.total_consideration),
            _eur(sum(s.fees)),
            *s.sales,
            *(_eur(c) for c in s.consideration),
            *(_eur(f) for f in s.fees),
        ]
        for s in report.reportable
    )
    return "".join(csv_export.stream(CSV_COLUMNS, rows, lineterminator="\n"))


# DPI XML -----------------------------------------------------------------------------------------
def _el(parent: Element, tag: str, text: str | None = None, ns: str = DPI, **attrs) -> Element:
    node = SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _whole_euros(cents: int) -> str:
    return str(int((Decimal(cents) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def _party(parent: Element, *, country: str, tin: str, vat_number: str, name: str, address: str) -> None:
    _el(parent, "ResCountryCode", country)
    if tin:
        _el(parent, "TIN", tin, issuedBy=country)
    else:
        _el(parent, "TIN", "NOTIN", unknown="true")
    if vat_number:
        _el(parent, "VAT", vat_number)
    _el(parent, "Name", name)
    where = _el(parent, "Address")
    _el(where, "CountryCode", country)
    _el(where, "AddressFree", " ".join(address.split()) or name)


def _doc_spec(parent: Element, ref: str) -> None:
    spec = _el(parent, "DocSpec")
    _el(spec, "DocTypeIndic", "OECD1", ns=STF)
    _el(spec, "DocRefId", ref, ns=STF)


def _quarters(parent: Element, tag: str, prefix: str, values: list[int], money: bool) -> None:
    group = _el(parent, tag)
    for i, value in enumerate(values, start=1):
        if money:
            _el(group, f"{prefix}Q{i}", _whole_euros(value), currCode="EUR")
        else:
            _el(group, f"{prefix}Q{i}", str(value))


def to_xml(report: Report, *, platform: dict, at: datetime | None = None) -> bytes:
    """The report in the DPI XML layout (OECD DPI schema v1.0, as the EU uses it for DAC7)."""
    at = at or clock.now()
    country = platform["country"]
    ref = f"{country}{report.year}-{platform['registration_id']}-{at:%Y%m%d%H%M%S}"
    root = Element(f"{{{DPI}}}DPI_OECD", {"version": "1.0"})
    spec = _el(root, "MessageSpec")
    _el(spec, "TransmittingCountry", country)
    _el(spec, "ReceivingCountry", country)
    _el(spec, "MessageType", "DPI")
    _el(spec, "MessageRefId", ref)
    _el(spec, "MessageTypeIndic", "DPI401" if report.reportable else "DPI403")
    _el(spec, "ReportingPeriod", f"{report.year}-12-31")
    _el(spec, "Timestamp", at.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S"))
    body = _el(root, "DPIBody")
    operator = _el(body, "PlatformOperator")
    _party(
        operator,
        country=country,
        tin=platform["registration_id"],
        vat_number=platform["vat_number"],
        name=platform["name"],
        address=platform["address"],
    )
    _el(operator, "Nexus", "RPONEX1")
    _doc_spec(operator, f"{ref}-PO")
    for s in report.reportable:
        seller = _el(body, "ReportableSeller")
        standard = _el(_el(_el(seller, "Identity"), "EntitySeller"), "Standard")
        _party(
            _el(standard, "EntSellerID"),
            country=s.seller.country,
            tin=s.seller.company_registration,
            vat_number=s.seller.vat_number,
            name=s.seller.legal_name,
            address=s.seller.address,
        )
        if s.account is not None:
            financial = _el(standard, "FinancialIdentifier")
            _el(
                financial,
                "Identifier",
                s.account.iban or s.account.account_number,
                AccountNumberType="IBAN" if s.account.iban else None,
            )
            _el(financial, "AccountHolderName", s.account.holder)
        goods = _el(_el(seller, "RelevantActivities"), "SaleOfGoods")
        _quarters(goods, "Consideration", "Cons", s.consideration, money=True)
        _quarters(goods, "NumberOfActivities", "Numb", s.sales, money=False)
        _quarters(goods, "Fees", "Fees", s.fees, money=True)
        _quarters(goods, "Taxes", "Tax", [0, 0, 0, 0], money=True)
        _doc_spec(seller, f"{ref}-S{s.seller.pk}")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")
