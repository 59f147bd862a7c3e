"""Spare parts from a CSV file (columns: docs/repair.md "CSV import"), all or nothing.

Every row is checked before anything is written; a bad row refuses the whole file with a 422 naming each
row's field (`rows[3].part_type`). Rows are matched to existing parts by SKU (created otherwise). With
`location` and `quantity` columns, the stock counted there is set too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import csv_import, markets
from comeback.core.money import Money
from comeback.core.problems import Invalid

from .. import access
from ..models import Location, MovementReason, Part, PartSource, PartType
from .parts import MAX_LEAD_TIME_DAYS, PartDraft, save_part, set_stock

REQUIRED_COLUMNS = ("sku", "name", "part_type", "source", "compatible_models", "lead_time_days")
PRICE_PREFIX = "price_"  # price_FR, price_GB, …: minor units of the market's currency
MAX_CSV_BYTES = 2_000_000
MAX_CSV_ROWS = 5000


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    stocked: int


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text.lstrip("-").isdigit():
        return None
    return int(text)


def import_csv(*, data: bytes | str, actor, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Create or update parts (and stock) from CSV. `progress(n)` is called as each row is written."""
    from comeback.catalog.models import ProductModel

    access.ensure(access.may_manage_parts(actor), _("Only staff and refurbishers manage spare parts."))
    table = csv_import.read(data, required=REQUIRED_COLUMNS, max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS)
    columns, rows = table.columns, table.rows
    price_columns = [c for c in columns if c.startswith(PRICE_PREFIX)]
    slugs = {s.strip() for r in rows for s in (r.get("compatible_models") or "").split("|") if s.strip()}
    products = {p.slug: p for p in ProductModel.objects.filter(slug__in=slugs)}
    existing = {
        p.sku: p
        for p in Part.objects.select_related("seller").filter(
            sku__in=[(r.get("sku") or "").strip().upper() for r in rows]
        )
    }
    location_slugs = {(r.get("location") or "").strip() for r in rows} - {""}
    locations = {
        loc.slug: loc for loc in Location.objects.select_related("seller").filter(slug__in=location_slugs)
    }

    errors: list[dict] = []
    plan: list[tuple[PartDraft, Part | None, Location | None, int | None]] = []
    seen: set[str] = set()

    def err(n: int, field: str, code: str, message: str) -> None:
        errors.append({"field": f"rows[{n}].{field}", "code": code, "message": str(message)})

    for n, row in enumerate(rows, start=1):
        sku = (row.get("sku") or "").strip().upper()
        if not sku:
            err(n, "sku", "field_required", _("A SKU is required."))
        elif sku in seen:
            err(n, "sku", "duplicate_row", _("This SKU appears twice in the file."))
        seen.add(sku)
        part_type = (row.get("part_type") or "").strip().lower()
        if part_type not in PartType.values:
            err(
                n,
                "part_type",
                "unknown_part_type",
                _("Unknown part type; expected one of %s.") % ", ".join(PartType.values),
            )
        source = (row.get("source") or "").strip().lower()
        if source not in (PartSource.OEM, PartSource.COMPATIBLE):
            err(n, "source", "invalid_part_source", _("The source is oem or compatible."))
        names = [s.strip() for s in (row.get("compatible_models") or "").split("|") if s.strip()]
        unknown = [s for s in names if s not in products]
        if not names or unknown:
            err(
                n,
                "compatible_models",
                "unknown_model",
                _("Unknown model slug(s): %s.") % ", ".join(unknown)
                if unknown
                else _("Name at least one model."),
            )
        lead = _int(row.get("lead_time_days"))
        if lead is None or not 0 <= lead <= MAX_LEAD_TIME_DAYS:
            err(n, "lead_time_days", "lead_time_out_of_range", _("A whole number of working days, 0 to 365."))
        prices = {}
        for column in price_columns:
            raw = (row.get(column) or "").strip()
            if not raw:
                continue
            market = markets.find(column[len(PRICE_PREFIX) :])
            amount = _int(raw)
            if market is None:
                err(n, column, "unknown_market", _("Unknown market in the column name."))
            elif amount is None or amount < 0:
                err(n, column, "invalid_price", _("A price is a whole number of minor units (cents)."))
            else:
                prices[market.code] = Money(amount, market.currency)
        part = existing.get(sku)
        if part is not None and not access.manages_part(actor, part):
            err(n, "sku", "not_your_part", _("This SKU belongs to another refurbisher."))
        elif part is not None and part.source == PartSource.HARVESTED:
            err(n, "sku", "harvested_part_fixed", _("A harvested part cannot be changed by import."))
        location, quantity = None, None
        if (row.get("location") or "").strip():
            location = locations.get(row["location"].strip())
            quantity = _int(row.get("quantity"))
            if location is None or not access.works_at(actor, location):
                err(n, "location", "unknown_location", _("Unknown location, or not one you manage."))
            if quantity is None or quantity < 0:
                err(n, "quantity", "invalid_quantity", _("A quantity is a whole number, 0 or more."))
        draft = PartDraft(
            sku=sku,
            name=(row.get("name") or "").strip(),
            part_type=part_type,
            source=source,
            compatible_models=[products[s] for s in names if s in products],
            lead_time_days=lead or 0,
            prices=prices,
            notes=(row.get("notes") or "").strip()[:300],
        )
        if not draft.name:
            err(n, "name", "field_required", _("A name is required."))
        plan.append((draft, part, location, quantity))
    if errors:
        raise Invalid(
            _("%(n)d error(s) in the file; nothing was imported.") % {"n": len(errors)},
            code="csv_invalid",
            errors=errors[:200],
        )
    created = updated = stocked = 0
    with transaction.atomic():
        for draft, part, location, quantity in plan:
            saved = save_part(draft=draft, actor=actor, part=part)
            created, updated = (created + 1, updated) if part is None else (created, updated + 1)
            if location is not None and quantity is not None:
                set_stock(
                    part=saved,
                    location=location,
                    quantity=quantity,
                    actor=actor,
                    reason=MovementReason.IMPORTED,
                )
                stocked += 1
            if progress is not None:
                progress(1)
    return ImportResult(created=created, updated=updated, stocked=stocked)
