"""The shapes of the demo catalogue: a category, a product model, a variant axis, how a variant reads.

Nothing here assumes a phone: each category brings its own JSON Schemas, battery floor and kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def _schema(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {
        "$schema": JSON_SCHEMA,
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    kind: str  # "device" | "accessory" | "apparel"
    illustration: str
    battery_floor: (
        int | None
    )  # docs/design.md §2: 80 for smartphones, 85 for other battery devices, None without
    attribute_schema: dict
    variant_schema: dict
    parent: str | None = None
    condition_scheme: str | None = None  # catalog/conditions.py; None: apparel for apparel, else device

    @property
    def scheme(self) -> str:
        return self.condition_scheme or {"apparel": "apparel", "accessory": "accessory"}.get(
            self.kind, "device"
        )


@dataclass(frozen=True)
class ProductSpec:
    category: str  # category slug
    brand: str
    name: str
    released: date | None
    ended: date | None
    origin: str  # ISO 3166-1 country of manufacture
    weight_g: int
    materials: str | tuple[tuple[str, int], ...]  # a MATERIALS key or the shares themselves
    price_eur: int  # Good grade, cheapest configuration, France, whole euros
    popularity: int  # 1 (niche) … 3 (best seller): how many sellers list it
    attributes: dict
    options: tuple  # ((variant attribute, ((value, extra euros), …)), …); variants are the product of them
    fits: tuple[str, ...] = ()  # names of the models an accessory fits (ProductModel.compatible_with)


def opt(key: str, *values) -> tuple:
    """A variant axis. A value is either plain (no price difference) or a (value, extra euros) pair."""
    return key, tuple(v if isinstance(v, tuple) else (v, 0) for v in values)


def storage(*steps: tuple[int, int]) -> tuple:
    return opt("storage_gb", *steps)


def colours(*names: str) -> tuple:
    return opt("colour", *names)


D = date
_SIZES = opt("size", "S", "M", "L", "XL")
_SIZES_W = opt("size", "XS", "S", "M", "L", "XL")
_PLUGS = opt("plug", "EU", "UK", "US/JP")


# How each variant attribute reads in a label ("128 GB · Midnight").
LABELS = {
    "storage_gb": lambda v: f"{v // 1024} TB" if v >= 1024 and v % 1024 == 0 else f"{v} GB",
    "ram_gb": lambda v: f"{v} GB RAM",
    "case_mm": lambda v: f"{v} mm",
    "plug": lambda v: f"{v} plug",
    "cable_m": lambda v: f"{v} m cable",
}
