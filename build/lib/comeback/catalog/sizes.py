"""Size guides: a brand's sizes per category with the body measurements each fits (docs/fashion.md "Sizes").

The write (`set_size_guide`) and the read a product page makes (`size_guide_for`) live together: the rules
are few and both sides share them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core.problems import Invalid

from .models import MEASUREMENTS, Brand, Category, ProductModel, SizeGuide

MAX_SIZES = 40
MAX_CM = 300

MEASUREMENT_LABELS = {
    "chest_cm": gettext_lazy("Chest"),
    "waist_cm": gettext_lazy("Waist"),
    "hip_cm": gettext_lazy("Hips"),
    "shoulder_cm": gettext_lazy("Shoulders"),
    "sleeve_cm": gettext_lazy("Sleeve"),
    "length_cm": gettext_lazy("Length"),
    "inseam_cm": gettext_lazy("Inside leg"),
    "foot_length_cm": gettext_lazy("Foot length"),
}


@dataclass(frozen=True)
class SizeRow:
    size: str
    values: list[float | None]  # in the order of SizeTable.measurements


@dataclass(frozen=True)
class SizeTable:
    brand: str
    measurements: list[str]  # measurement codes used by at least one size, in MEASUREMENTS order
    rows: list[SizeRow]

    @property
    def labels(self) -> list[str]:
        return [str(MEASUREMENT_LABELS[m]) for m in self.measurements]

    def as_json(self) -> dict:
        return {
            "brand": self.brand,
            "measurements": self.measurements,
            "sizes": [
                {
                    "size": r.size,
                    **{m: v for m, v in zip(self.measurements, r.values, strict=True) if v is not None},
                }
                for r in self.rows
            ],
        }


def check_measurements(measurements) -> list[dict]:
    """Every broken rule of a size guide's measurements, as field errors; empty when it is valid."""
    errors: list[dict] = []

    def err(code: str, message: str) -> None:
        errors.append({"field": "measurements", "code": code, "message": message})

    if not isinstance(measurements, dict) or not measurements:
        err("size_guide_empty", _("A size guide maps each size to its measurements in centimetres."))
        return errors
    if len(measurements) > MAX_SIZES:
        err("size_guide_too_long", _("A size guide has at most %d sizes.") % MAX_SIZES)
    for size, values in measurements.items():
        if not str(size).strip() or len(str(size)) > 20:
            err("size_name", _("A size is named in 1 to 20 characters."))
        if not isinstance(values, dict) or not values:
            err("size_measurements", _("Size %s needs at least one measurement.") % str(size)[:20])
            continue
        for name, value in values.items():
            if name not in MEASUREMENTS:
                err(
                    "unknown_measurement",
                    _("Measurements are %(known)s; %(name)s is not one of them.")
                    % {"known": ", ".join(MEASUREMENTS), "name": str(name)[:30]},
                )
            elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_CM:
                err(
                    "measurement_range",
                    _("%(name)s of size %(size)s is a length in centimetres, above 0 and at most %(max)d.")
                    % {"name": name, "size": str(size)[:20], "max": MAX_CM},
                )
    return errors


def set_size_guide(*, brand: Brand, category: Category, measurements: dict) -> SizeGuide:
    """Create or replace a brand's size guide for a category."""
    errors = check_measurements(measurements)
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    with transaction.atomic():
        guide, _created = SizeGuide.objects.update_or_create(
            brand=brand, category=category, defaults={"measurements": measurements}
        )
    return guide


def size_guide_for(product: ProductModel) -> SizeTable | None:
    """The size guide of the product's brand for its category, or its parent category's: one query."""
    category = product.category
    ids = [category.pk] + ([category.parent_id] if category.parent_id else [])
    guides = {
        g.category_id: g for g in SizeGuide.objects.filter(brand_id=product.brand_id, category_id__in=ids)
    }
    guide = guides.get(category.pk) or guides.get(category.parent_id)
    if guide is None or not isinstance(guide.measurements, dict):
        return None
    used = [m for m in MEASUREMENTS if any(m in (v or {}) for v in guide.measurements.values())]
    rows = [
        SizeRow(str(size), [(values or {}).get(m) for m in used])
        for size, values in sorted(guide.measurements.items(), key=lambda kv: _size_rank(category, kv[0]))
    ]
    return SizeTable(brand=product.brand.name, measurements=used, rows=rows)


LETTER_SIZES = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"]


def _size_rank(category: Category, size: str) -> tuple:
    """Sizes in the order the category's variant schema lists them, else letter sizes smallest first, else
    numbers in numeric order (PostgreSQL does not keep a JSON object's key order)."""
    properties = (
        (category.variant_schema or {}).get("properties")
        if isinstance(category.variant_schema, dict)
        else None
    )
    prop = (properties or {}).get("size") if isinstance(properties, dict) else None
    enum = prop.get("enum") if isinstance(prop, dict) else None
    if isinstance(enum, list) and size in enum:
        return (0, enum.index(size), 0.0, "")
    if size.upper() in LETTER_SIZES:
        return (1, LETTER_SIZES.index(size.upper()), 0.0, "")
    digits = "".join(ch for ch in size if ch.isdigit() or ch == ".")
    try:
        return (2, 0, float(digits), size)
    except ValueError:
        return (3, 0, 0.0, size)
