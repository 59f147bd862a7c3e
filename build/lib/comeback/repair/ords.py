"""Repairs as open data: the Open Repair Data Standard (ORDS) 0.3 of the Open Repair Alliance, one row per
finished repair attempt, its fourteen columns in the standard's order (docs/repair.md "Open repair data").

What we map, and why:
- `product_category` uses the ORDS category names for the devices we repair (`Mobile`, `Tablet`, …);
  our own category goes in `partner_product_category` as "category ~ model", as the Alliance's own
  publications do. `product_category_id` is left empty: we map names only.
- `repair_status`: a repaired unit is `Fixed`, one that could not be repaired `End of life` (the barrier
  then comes from the ORDS codelist the repairer picked); open jobs are not exported yet.
- `product_age` is in years (one decimal) from the model's release to the repair; `year_of_manufacture`
  the release year (we record no unit's own manufacturing date).
- `group_identifier` is the repair location; `country` its market, ISO 3166-1 alpha-3.
- Nothing personal leaves: no customer, no IMEI; `problem` is the service and the repairer's diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from comeback.core import clock, csv_export

from .models import Job, JobStatus, RepairBarrier

ORDS_VERSION = "0.3"
DATA_PROVIDER = "Comeback"
COLUMNS = (
    "id",
    "data_provider",
    "country",
    "partner_product_category",
    "product_category",
    "product_category_id",
    "brand",
    "year_of_manufacture",
    "product_age",
    "repair_status",
    "repair_barrier_if_end_of_life",
    "group_identifier",
    "event_date",
    "problem",
)
# Our category slugs (or their parents') → ORDS product categories.
CATEGORIES = {
    "smartphones": "Mobile",
    "tablets": "Tablet",
    "laptops": "Laptop",
    "earphones": "Headphones",
    "game-consoles": "Games console",
    "smartwatches": "Watch/clock",
}
OTHER_CATEGORY = "Misc"
STATUS = {JobStatus.REPAIRED: "Fixed", JobStatus.NOT_REPAIRED: "End of life"}
BARRIERS = {
    RepairBarrier.PARTS_UNAVAILABLE: "Spare parts not available",
    RepairBarrier.PARTS_TOO_EXPENSIVE: "Spare parts too expensive",
    RepairBarrier.CANNOT_OPEN: "No way to open product",
    RepairBarrier.NO_INFORMATION: "Repair information not available",
    RepairBarrier.NO_EQUIPMENT: "Lack of equipment",
    RepairBarrier.WORN_OUT: "Item too worn out",
}
ALPHA3 = {"FR": "FRA", "DE": "DEU", "GB": "GBR", "US": "USA", "JP": "JPN"}
DAYS_PER_YEAR = Decimal("365.25")


def jobs(*, since: date | None = None, until: date | None = None):
    """Finished repair attempts, oldest first, with what their rows show (one query)."""
    qs = (
        Job.objects.filter(status__in=list(STATUS))
        .select_related("location", "location__market", "product__brand", "product__category__parent")
        .select_related("booking__service")
        .order_by("completed_at", "id")
    )
    if since:
        qs = qs.filter(completed_at__date__gte=since)
    if until:
        qs = qs.filter(completed_at__date__lte=until)
    return qs


def _category(category) -> str:
    seen = 0
    while category is not None and seen < 10:
        if category.slug in CATEGORIES:
            return CATEGORIES[category.slug]
        category, seen = category.parent, seen + 1
    return OTHER_CATEGORY


def _age(released: date | None, on: date) -> str:
    if released is None or on < released:
        return ""
    years = Decimal((on - released).days) / DAYS_PER_YEAR
    return str(years.quantize(Decimal("0.1"), ROUND_HALF_UP))


def row(job: Job) -> dict[str, str]:
    product, location = job.product, job.location
    on = clock.local_date(job.completed_at, location.timezone)
    service = job.booking.service.get_kind_display() if job.booking_id else ""
    problem = " — ".join(x for x in (str(service), (job.diagnosis or "").strip()) if x)
    return {
        "id": f"comeback_{job.pk}",
        "data_provider": DATA_PROVIDER,
        "country": ALPHA3.get(location.market_id, ""),
        "partner_product_category": f"{product.category.name} ~ {product.name}",
        "product_category": _category(product.category),
        "product_category_id": "",
        "brand": product.brand.name,
        "year_of_manufacture": str(product.release_date.year) if product.release_date else "",
        "product_age": _age(product.release_date, on),
        "repair_status": STATUS[job.status],
        "repair_barrier_if_end_of_life": BARRIERS.get(job.repair_barrier, ""),
        "group_identifier": f"comeback_location_{location.pk}",
        "event_date": on.isoformat(),
        "problem": problem[:1000],
    }


def csv_lines(found: Iterable[Job]) -> Iterator[str]:
    """The CSV, header first, a line at a time (it streams); cells a spreadsheet would run are text."""
    return csv_export.stream(COLUMNS, ([r[c] for c in COLUMNS] for r in map(row, found)), lineterminator="\n")
