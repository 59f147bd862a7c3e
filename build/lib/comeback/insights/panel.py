"""The shape every dashboard panel shares — columns, raw rows, charts, notes — and the helpers that read
the rollups for a set of filters. The page renders `Panel.table_body`, the CSV writes `Panel.table`, the
API returns `Panel.as_dict()`: the same cells for the three (docs/insights.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .filters import Filters
from .models import SalesDay, SalesWeek, SellerWeek
from .rates import Converter, minor_units

# Kinds whose display() is a formatted number: nothing to escape in HTML.
NUMERIC_KINDS = frozenset({"money", "rate", "growth", "hours"})
NUM_CLASS = ' class="num"'


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # text | int | money | rate | growth | hours | kg


@dataclass
class Panel:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    charts: list[SafeString] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def cells(self, row: dict) -> list[str]:
        return [display(row.get(c.key), c.kind, row.get("currency", "")) for c in self.columns]

    @property
    def table(self) -> list[list[str]]:
        return [self.cells(r) for r in self.rows]

    @property
    def table_head(self) -> SafeString:
        return mark_safe(  # labels are escaped
            "<tr>"
            + "".join(
                f'<th scope="col"{"" if c.kind == "text" else NUM_CLASS}>{escape(c.label)}</th>'
                for c in self.columns
            )
            + "</tr>"
        )

    @property
    def table_body(self) -> SafeString:
        """The <tbody> rows, built here rather than in a template loop: a year of weeks is thousands of cells.
        The same text as `table` (display()), escaped unless it is a formatted number (digits and signs)."""
        cols = [(c.key, c.kind, "<td>" if c.kind == "text" else f"<td{NUM_CLASS}>") for c in self.columns]
        parts = []
        for row in self.rows:
            currency = row.get("currency", "")
            parts.append("<tr>")
            for key, kind, td in cols:
                value = row.get(key)
                if kind == "int" and type(value) is int:
                    cell = str(value)  # what display() gives, without the call
                else:
                    cell = display(value, kind, currency)
                    if kind not in NUMERIC_KINDS:
                        cell = escape(cell)
                parts.append(f"{td}{cell}</td>")
            parts.append("</tr>")
        return mark_safe("".join(parts))  # every text cell is escaped above

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "notes": self.notes,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": self.rows,
        }


def display(value, kind: str, currency: str = "") -> str:
    """The one text form of a cell, shared by the HTML table and the CSV export."""
    if value is None:
        return ""
    if kind == "money":
        places = minor_units(currency) if currency else 2
        if type(value) is int:  # integer minor units (every rollup amount): no Decimal needed
            if not places:
                return str(value)
            whole, cents = divmod(abs(value), 10**places)
            return f"{'-' if value < 0 else ''}{whole}.{cents:0{places}d}"
        return f"{Decimal(value) / (10**places):.{places}f}"
    if kind == "rate":
        return f"{value * 100:.2f}%"
    if kind == "growth":
        return f"{value * 100:+.1f}%"
    if kind == "hours":
        return f"{value:.0f}"
    return str(value)


def ratio(events: float, trials: float) -> float | None:
    return round(events / trials, 6) if trials else None


def growth(now: int, before: int) -> float | None:
    return round((now - before) / before, 6) if before else None


def major(amount: int, currency: str) -> float:
    return amount / (10 ** minor_units(currency))


def narrow(qs: QuerySet, f: Filters, *, start: date, end: date, dims: bool = True) -> QuerySet:
    qs = qs.filter(week__gte=start, week__lte=end)  # periods are whole weeks: the week column decides
    if f.market:
        qs = qs.filter(market=f.market)
    if dims and f.category_ids is not None:
        qs = qs.filter(category_id__in=f.category_ids)
    if dims and f.seller is not None:
        qs = qs.filter(seller_id=f.seller)
    return qs


def sales_rollup(f: Filters, *, per_seller: bool = False) -> QuerySet:
    """The coarsest sales rollup that still has the dimensions the view filters or groups on."""
    if f.seller is not None or (per_seller and f.category_ids is not None):
        return SalesDay.objects
    return SellerWeek.objects if per_seller else SalesWeek.objects


def converter(f: Filters) -> Converter | None:
    return Converter(f.convert, f.end) if f.convert else None


def rate_notes(conv: Converter | None) -> list[str]:
    if conv is None:
        return [_("Amounts are in their own currency: they are never added across currencies.")]
    notes = [
        _("Converted to %(target)s with 1 %(cur)s = %(rate)s %(target)s (rate of %(day)s%(inv)s).")
        % {
            "target": u.target,
            "cur": u.currency,
            "rate": u.rate.normalize(),
            "day": u.valid_on.isoformat(),
            "inv": _(", inverted") if u.inverted else "",
        }
        for u in sorted(conv.used.values(), key=lambda u: u.currency)
    ]
    notes += [
        _("No %(cur)s→%(target)s rate on or before %(day)s: %(cur)s amounts stay in %(cur)s.")
        % {"cur": c, "target": conv.target, "day": conv.on.isoformat()}
        for c in sorted(conv.missing)
    ]
    return notes


def money_sum(into: dict, key: tuple, values: dict, names: tuple[str, ...], conv: Converter | None) -> tuple:
    """Add `values`' amounts into `into[key + (currency,)]`, converted when asked; returns the key used.
    One rate look-up per row; each amount is converted on its own (then added), as docs/insights.md says."""
    currency = values["currency"]
    target = conv.convert(0, currency)[1] if conv is not None else currency
    row = into[key + (target,)]
    for name in names:
        amount = values.get(name) or 0
        if amount and target != currency:
            amount = conv.convert(amount, currency)[0]
        row[name] = row.get(name, 0) + amount
    return key + (target,)
