"""The demo's smartwatches; the case material decides the material shares."""

from __future__ import annotations

from .specs import D, ProductSpec, colours, opt


def _watch(name, brand, released, ended, weight, material, price, pop, attrs, opts, origin="CN"):
    attrs = {**attrs, "case_material": material}
    materials = {
        "aluminium": "watch_aluminium",
        "stainless steel": "watch_steel",
        "titanium": "watch_titanium",
    }
    return ProductSpec(
        "smartwatches",
        brand,
        name,
        released,
        ended,
        origin,
        weight,
        materials[material],
        price,
        pop,
        attrs,
        opts,
    )


_WATCH_41_45 = opt("case_mm", (41, 0), (45, 30))
_WATCH_CONN = opt("connectivity", "GPS", ("GPS + Cellular", 50))

WATCHES: list[ProductSpec] = [
    # Smartwatches -----------------------------------------------------------------------------------------
    _watch(
        "Watch SE (2nd generation)",
        "Apple",
        D(2022, 9, 16),
        None,
        27,
        "aluminium",
        169,
        2,
        {"os": "watchOS", "chipset": "S8 SiP", "display": "OLED", "water_resistance": "WR50"},
        (opt("case_mm", (40, 0), (44, 30)), colours("Midnight", "Starlight", "Silver"), _WATCH_CONN),
    ),
    _watch(
        "Watch Series 7",
        "Apple",
        D(2021, 10, 15),
        D(2022, 9, 7),
        32,
        "aluminium",
        219,
        2,
        {"os": "watchOS", "chipset": "S7 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
        (_WATCH_41_45, colours("Midnight", "Starlight", "Green", "Blue"), _WATCH_CONN),
    ),
    _watch(
        "Watch Series 8",
        "Apple",
        D(2022, 9, 16),
        D(2023, 9, 12),
        32,
        "aluminium",
        259,
        2,
        {"os": "watchOS", "chipset": "S8 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
        (_WATCH_41_45, colours("Midnight", "Starlight", "Silver", "(PRODUCT)RED"), _WATCH_CONN),
    ),
    _watch(
        "Watch Series 9",
        "Apple",
        D(2023, 9, 22),
        D(2024, 9, 9),
        32,
        "aluminium",
        299,
        2,
        {"os": "watchOS", "chipset": "S9 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
        (_WATCH_41_45, colours("Midnight", "Starlight", "Silver", "Pink"), _WATCH_CONN),
    ),
    _watch(
        "Watch Ultra",
        "Apple",
        D(2022, 9, 23),
        D(2023, 9, 12),
        61,
        "titanium",
        499,
        1,
        {"os": "watchOS", "chipset": "S8 SiP", "display": "LTPO OLED", "water_resistance": "WR100"},
        (opt("case_mm", 49), colours("Natural Titanium"), opt("connectivity", "GPS + Cellular")),
    ),
    _watch(
        "Galaxy Watch5",
        "Samsung",
        D(2022, 8, 26),
        None,
        29,
        "aluminium",
        129,
        1,
        {
            "os": "Wear OS",
            "chipset": "Exynos W920",
            "display": "Super AMOLED",
            "water_resistance": "5ATM, IP68",
        },
        (opt("case_mm", (40, 0), (44, 20)), colours("Graphite", "Silver"), _WATCH_CONN),
        origin="VN",
    ),
    _watch(
        "Galaxy Watch6",
        "Samsung",
        D(2023, 8, 11),
        None,
        29,
        "aluminium",
        169,
        1,
        {
            "os": "Wear OS",
            "chipset": "Exynos W930",
            "display": "Super AMOLED",
            "water_resistance": "5ATM, IP68",
        },
        (opt("case_mm", (40, 0), (44, 20)), colours("Graphite", "Silver"), _WATCH_CONN),
        origin="VN",
    ),
    _watch(
        "Pixel Watch",
        "Google",
        D(2022, 10, 13),
        None,
        36,
        "stainless steel",
        179,
        1,
        {"os": "Wear OS", "chipset": "Exynos 9110", "display": "AMOLED", "water_resistance": "5ATM"},
        (opt("case_mm", 41), colours("Matte Black", "Polished Silver", "Champagne Gold"), _WATCH_CONN),
    ),
]
