"""The product page's variant picker: one row per attribute, each value linking to the variant to show."""

from __future__ import annotations

from dataclasses import dataclass

from comeback.core.money import Money

from . import search_form, selectors


@dataclass
class PickerOption:
    value: str
    variant_id: int
    current: bool
    exact: bool  # False: choosing it also changes another attribute (no variant keeps the others)
    from_price: Money | None


def variant_picker(
    variants: list[selectors.VariantOption],
    current: selectors.VariantOption | None,
) -> list[tuple[str, list[PickerOption]]]:
    """One row per variant attribute (storage, colour…); each value links to the variant that keeps the
    other attributes of the current one, or failing that the cheapest variant with that value."""
    if current is None or len(variants) < 2:
        return []
    names: list[str] = []
    for v in variants:
        for name in v.attributes or {}:
            if name not in names:
                names.append(name)
    mine = current.attributes or {}
    rows = []
    for name in names:
        values: list = []
        for v in variants:
            value = (v.attributes or {}).get(name)
            if value is not None and value not in values:
                values.append(value)
        if len(values) < 2:
            continue
        options = []
        for value in values:
            wanted = {**mine, name: value}
            exact = next((v for v in variants if (v.attributes or {}) == wanted), None)
            target = exact or min(
                (v for v in variants if (v.attributes or {}).get(name) == value),
                key=lambda v: (v.from_price is None, v.from_price.amount if v.from_price else 0, v.id),
            )
            options.append(
                PickerOption(
                    value=_attr_value(name, value),
                    variant_id=target.id,
                    current=mine.get(name) == value,
                    exact=exact is not None,
                    from_price=target.from_price,
                )
            )
        rows.append((search_form.attr_label(name, unit_suffix=False), options))
    return rows


def _attr_value(name: str, value) -> str:
    if name.endswith("_gb") and isinstance(value, int):
        return f"{value // 1024} TB" if value >= 1024 and value % 1024 == 0 else f"{value} GB"
    return str(value)
