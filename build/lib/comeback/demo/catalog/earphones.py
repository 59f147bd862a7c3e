"""The demo's wireless earphones."""

from __future__ import annotations

from .specs import D, ProductSpec, colours


def _buds(name, brand, released, ended, origin, weight, price, pop, anc, connector, wireless, ip, opts):
    attrs = {"noise_cancelling": anc, "case_connector": connector, "wireless_charging": wireless}
    if ip:
        attrs["water_resistance"] = ip
    return ProductSpec(
        "earphones", brand, name, released, ended, origin, weight, "earbuds", price, pop, attrs, opts
    )


EARPHONES: list[ProductSpec] = [
    # Earphones --------------------------------------------------------------------------------------------
    _buds(
        "AirPods (2nd generation)",
        "Apple",
        D(2019, 3, 20),
        D(2024, 9, 9),
        "CN",
        46,
        79,
        2,
        False,
        "Lightning",
        False,
        None,
        (colours("White"),),
    ),
    _buds(
        "AirPods (3rd generation)",
        "Apple",
        D(2021, 10, 26),
        D(2024, 9, 9),
        "VN",
        43,
        119,
        2,
        False,
        "Lightning",
        True,
        "IPX4",
        (colours("White"),),
    ),
    _buds(
        "AirPods Pro (1st generation)",
        "Apple",
        D(2019, 10, 30),
        D(2022, 9, 7),
        "CN",
        56,
        119,
        3,
        True,
        "Lightning",
        True,
        "IPX4",
        (colours("White"),),
    ),
    _buds(
        "AirPods Pro (2nd generation)",
        "Apple",
        D(2022, 9, 23),
        D(2023, 9, 12),
        "VN",
        61,
        169,
        3,
        True,
        "Lightning",
        True,
        "IP54",
        (colours("White"),),
    ),
    _buds(
        "WF-1000XM4",
        "Sony",
        D(2021, 6, 8),
        None,
        "MY",
        56,
        119,
        2,
        True,
        "USB-C",
        True,
        "IPX4",
        (colours("Black", "Silver"),),
    ),
    _buds(
        "WF-1000XM5",
        "Sony",
        D(2023, 7, 24),
        None,
        "MY",
        51,
        179,
        1,
        True,
        "USB-C",
        True,
        "IPX4",
        (colours("Black", "Platinum Silver"),),
    ),
    _buds(
        "Galaxy Buds2 Pro",
        "Samsung",
        D(2022, 8, 26),
        None,
        "VN",
        54,
        99,
        2,
        True,
        "USB-C",
        True,
        "IPX7",
        (colours("Graphite", "White", "Bora Purple"),),
    ),
    _buds(
        "Galaxy Buds2",
        "Samsung",
        D(2021, 8, 27),
        None,
        "VN",
        51,
        59,
        1,
        True,
        "USB-C",
        True,
        "IPX2",
        (colours("Graphite", "White", "Olive", "Lavender"),),
    ),
]
