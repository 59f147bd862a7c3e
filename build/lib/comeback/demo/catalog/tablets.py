"""The demo's tablets: every one comes in Wi-Fi and Wi-Fi + Cellular."""

from __future__ import annotations

from .phones import _S128_256
from .specs import D, ProductSpec, colours, opt, storage


def _tablet(
    name, brand, released, ended, weight, price, pop, screen, chip, stylus, opts, os_="iPadOS", origin="CN"
):
    attrs = {"screen_inches": screen, "chipset": chip, "os": os_, "stylus": stylus}
    opts = (*opts, opt("connectivity", "Wi-Fi", ("Wi-Fi + Cellular", 110)))
    return ProductSpec(
        "tablets", brand, name, released, ended, origin, weight, "tablet_aluminium", price, pop, attrs, opts
    )


TABLETS: list[ProductSpec] = [
    # Tablets ----------------------------------------------------------------------------------------------
    _tablet(
        "iPad (9th generation)",
        "Apple",
        D(2021, 9, 24),
        D(2024, 5, 7),
        487,
        249,
        3,
        10.2,
        "A13 Bionic",
        "Apple Pencil (1st generation)",
        (storage((64, 0), (256, 110)), colours("Space Grey", "Silver")),
    ),
    _tablet(
        "iPad (10th generation)",
        "Apple",
        D(2022, 10, 26),
        D(2025, 3, 4),
        477,
        349,
        2,
        10.9,
        "A14 Bionic",
        "Apple Pencil (1st generation)",
        (storage((64, 0), (256, 120)), colours("Blue", "Pink", "Yellow", "Silver")),
    ),
    _tablet(
        "iPad Air (5th generation)",
        "Apple",
        D(2022, 3, 18),
        D(2024, 5, 7),
        461,
        469,
        2,
        10.9,
        "Apple M1",
        "Apple Pencil (2nd generation)",
        (storage((64, 0), (256, 120)), colours("Space Grey", "Starlight", "Purple", "Blue")),
    ),
    _tablet(
        'iPad Pro 11" (4th generation)',
        "Apple",
        D(2022, 10, 26),
        D(2024, 5, 7),
        466,
        699,
        1,
        11.0,
        "Apple M2",
        "Apple Pencil (2nd generation)",
        (storage((128, 0), (256, 80), (512, 220)), colours("Space Grey", "Silver")),
    ),
    _tablet(
        "iPad mini (6th generation)",
        "Apple",
        D(2021, 9, 24),
        D(2024, 10, 15),
        293,
        389,
        1,
        8.3,
        "A15 Bionic",
        "Apple Pencil (2nd generation)",
        (storage((64, 0), (256, 110)), colours("Space Grey", "Pink", "Purple", "Starlight")),
    ),
    _tablet(
        "Galaxy Tab S8",
        "Samsung",
        D(2022, 2, 25),
        None,
        503,
        399,
        1,
        11.0,
        "Snapdragon 8 Gen 1",
        "S Pen (included)",
        (_S128_256, colours("Graphite", "Silver", "Pink Gold")),
        os_="Android",
        origin="VN",
    ),
]
