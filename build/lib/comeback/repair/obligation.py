"""The spare parts availability obligation (docs/design.md §2; EU ecodesign regulation 2023/1670 for phones and
tablets): parts for a model stay orderable 7 years after its end of placement on the market, delivered within
5–10 working days. For every model of a category under the obligation, this module says until when the
obligation runs, which parts are on offer, and whether the model is at risk — the obligation is running and a
required part type has no part, no stock anywhere, or only lead times over 10 working days.

Computed at the moment asked (`on`), from the catalogue and the stock: nothing to keep up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comeback.catalog.models import PARTS_OBLIGATION_YEARS
from comeback.core import clock

from .models import Part, PartType, Stock

OBLIGATION_YEARS = PARTS_OBLIGATION_YEARS  # catalog holds it: trade-in, below repair, routes by it too
MAX_LEAD_TIME_WORKING_DAYS = 10  # docs/design.md §2: "delivered within 5–10 working days"

# Part types a model must keep available, by category slug (a category inherits its parent's list).
# Phones and tablets: Regulation (EU) 2023/1670 Annex II; the others follow the same idea.
REQUIRED_PART_TYPES: dict[str, tuple[str, ...]] = {
    "smartphones": (
        PartType.BATTERY,
        PartType.SCREEN,
        PartType.BACK_GLASS,
        PartType.CAMERA,
        PartType.CHARGING_PORT,
        PartType.SPEAKER,
    ),
    "tablets": (PartType.BATTERY, PartType.SCREEN, PartType.CAMERA, PartType.CHARGING_PORT, PartType.SPEAKER),
    "laptops": (PartType.BATTERY, PartType.SCREEN, PartType.KEYBOARD, PartType.TRACKPAD, PartType.CHARGER),
    "smartwatches": (PartType.BATTERY, PartType.SCREEN, PartType.STRAP),
}


class Issue:
    NO_PART = "no_part"
    OUT_OF_STOCK = "out_of_stock"
    SLOW = "slow"


ISSUE_LABELS = {
    Issue.NO_PART: _("no part listed"),
    Issue.OUT_OF_STOCK: _("out of stock everywhere"),
}


def issue_label(issue: str) -> str:
    """What is wrong with a part type, in the reader's language; the lead-time limit is read when shown."""
    if issue == Issue.SLOW:
        days = MAX_LEAD_TIME_WORKING_DAYS
        return ngettext(
            "lead time over %(days)d working day", "lead time over %(days)d working days", days
        ) % {"days": days}
    return str(ISSUE_LABELS[issue])


def obligation_until(end_of_placement: date | None) -> date | None:
    """The last day parts must be available: end of placement + 7 years (29 February → 28 February)."""
    if end_of_placement is None:
        return None
    try:
        return end_of_placement.replace(year=end_of_placement.year + OBLIGATION_YEARS)
    except ValueError:
        return end_of_placement.replace(year=end_of_placement.year + OBLIGATION_YEARS, day=28)


def required_types(category) -> tuple[str, ...]:
    seen = 0
    while category is not None and seen < 10:
        found = REQUIRED_PART_TYPES.get(category.slug)
        if found is not None:
            return tuple(str(t) for t in found)
        category, seen = category.parent, seen + 1
    return ()


@dataclass(frozen=True)
class TypeStatus:
    part_type: str
    parts: int
    stock: int
    best_lead_time: int | None
    issue: str | None

    @property
    def label(self) -> str:
        return str(PartType(self.part_type).label)

    @property
    def issue_label(self) -> str:
        return issue_label(self.issue) if self.issue else ""


@dataclass(frozen=True)
class ModelObligation:
    product: object
    end_of_placement: date | None
    until: date | None
    running: bool
    on: date
    types: list[TypeStatus] = field(default_factory=list)

    @property
    def issues(self) -> list[TypeStatus]:
        return [t for t in self.types if t.issue]

    @property
    def at_risk(self) -> bool:
        return self.running and bool(self.issues)

    @property
    def state(self) -> str:
        if not self.running:
            return "ended" if self.until and self.until < self.on else "not_started"
        return "at_risk" if self.issues else "ok"


def is_running(product, on: date) -> bool:
    """From placement on the market (release) to 7 years after its end; a model still sold is covered."""
    if product.release_date is not None and product.release_date > on:
        return False
    until = obligation_until(product.end_of_placement)
    return until is None or on <= until


def _type_status(part_type: str, parts: dict) -> TypeStatus:
    info = parts.get(part_type)
    if info is None or info["parts"] == 0:
        return TypeStatus(part_type, 0, 0, None, Issue.NO_PART)
    if info["stock"] <= 0:
        issue = Issue.OUT_OF_STOCK
    elif info["best_lead_time"] > MAX_LEAD_TIME_WORKING_DAYS:
        issue = Issue.SLOW
    else:
        issue = None
    return TypeStatus(part_type, info["parts"], info["stock"], info["best_lead_time"], issue)


def for_products(products, *, on: date | None = None) -> list[ModelObligation]:
    """The obligation of each model (of a category under the obligation), in the order given."""
    on = on or clock.now().date()
    products = [p for p in products if required_types(p.category)]
    if not products:
        return []
    ids = [p.pk for p in products]
    # Per (model, part type): active parts, the best lead time among them, and the stock of those in stock.
    rows = Part.objects.filter(is_active=True, compatible_models__in=ids).values(
        "compatible_models", "part_type", "pk", "lead_time_days"
    )
    stock = dict(
        Stock.objects.filter(part__is_active=True, part__compatible_models__in=ids, quantity__gt=0)
        .values("part_id")
        .annotate(n=Sum("quantity"))
        .values_list("part_id", "n")
    )
    stats: dict[int, dict[str, dict]] = {}
    for row in rows:
        entry = stats.setdefault(row["compatible_models"], {}).setdefault(
            row["part_type"], {"parts": 0, "stock": 0, "lead_times": [], "stocked_lead_times": []}
        )
        entry["parts"] += 1
        quantity = stock.get(row["pk"], 0)
        entry["stock"] += quantity
        if quantity:
            entry["stocked_lead_times"].append(row["lead_time_days"])
        entry["lead_times"].append(row["lead_time_days"])
    out = []
    for product in products:
        per_type = {}
        for part_type, entry in stats.get(product.pk, {}).items():
            # The lead time that counts is that of a part one can actually order (in stock somewhere).
            times = entry["stocked_lead_times"] or entry["lead_times"]
            per_type[part_type] = {
                "parts": entry["parts"],
                "stock": entry["stock"],
                "best_lead_time": min(times),
            }
        out.append(
            ModelObligation(
                product=product,
                end_of_placement=product.end_of_placement,
                until=obligation_until(product.end_of_placement),
                running=is_running(product, on),
                on=on,
                types=[_type_status(t, per_type) for t in required_types(product.category)],
            )
        )
    return out


def report(*, on: date | None = None, at_risk_only: bool = False, query: str = "") -> list[ModelObligation]:
    from comeback.catalog.models import ProductModel

    products = ProductModel.objects.select_related("brand", "category", "category__parent").order_by(
        "brand__name", "name"
    )
    if query:
        products = products.filter(name__icontains=query)
    rows = for_products(list(products), on=on)
    if at_risk_only:
        rows = [r for r in rows if r.at_risk]
    return rows


def summary(rows: list[ModelObligation]) -> dict[str, int]:
    counts = {"ok": 0, "at_risk": 0, "not_started": 0, "ended": 0}
    for row in rows:
        counts[row.state] += 1
    return counts
