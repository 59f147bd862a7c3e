"""The demo's jackets (apparel: no battery, sizes instead of storage)."""

from __future__ import annotations

from .specs import _SIZES, _SIZES_W, ProductSpec, colours


def _jacket(
    name, brand, origin, weight, materials, price, pop, gender, fit, insulation, waterproof, fabric, opts
):
    attrs = {
        "gender": gender,
        "fit": fit,
        "insulation": insulation,
        "waterproof": waterproof,
        "fabric": fabric,
    }
    return ProductSpec("jackets", brand, name, None, None, origin, weight, materials, price, pop, attrs, opts)


JACKETS: list[ProductSpec] = [
    # Jackets (apparel: no battery, sizes instead of storage) ---------------------------------------------
    _jacket(
        "Men's Sweater-Knit Fleece Jacket",
        "Fjellvik",
        "VN",
        567,
        (("polyester (recycled)", 100),),
        69,
        2,
        "men",
        "regular",
        "fleece",
        False,
        "100% recycled polyester sweater-knit fleece",
        (_SIZES, colours("Black", "New Navy", "Industrial Green")),
    ),
    _jacket(
        "Women's Light Insulated Jacket",
        "Fjellvik",
        "VN",
        240,
        (("polyester (recycled)", 100),),
        99,
        2,
        "women",
        "regular",
        "synthetic",
        False,
        "Shell 100% recycled polyester ripstop; insulation 100% recycled polyester",
        (_SIZES_W, colours("Black", "Pitch Blue")),
    ),
    _jacket(
        "Men's 3-Layer Rain Shell Jacket",
        "Fjellvik",
        "VN",
        394,
        (("nylon (recycled)", 100),),
        89,
        1,
        "men",
        "regular",
        "none",
        True,
        "100% recycled nylon ripstop, 3-layer waterproof, breathable shell",
        (_SIZES, colours("Black", "Forge Grey", "Wavy Blue")),
    ),
    _jacket(
        "Men's Boxy Down Puffer Jacket",
        "Haut Col",
        "CN",
        765,
        (("nylon (recycled)", 70), ("goose down (recycled, 700-fill)", 30)),
        119,
        3,
        "men",
        "relaxed",
        "down",
        False,
        "Shell 100% recycled nylon ripstop; fill 700-fill recycled goose down",
        (_SIZES, colours("Black", "Summit Navy")),
    ),
    _jacket(
        "Women's Fleece Jacket with Overlays",
        "Haut Col",
        "VN",
        690,
        (("polyester (recycled)", 88), ("nylon", 12)),
        89,
        1,
        "women",
        "regular",
        "fleece",
        False,
        "100% recycled polyester fleece with nylon overlays",
        (_SIZES_W, colours("Black", "Summit Navy")),
    ),
    _jacket(
        "Trucker Jacket",
        "Indigo Works",
        "PK",
        900,
        (("cotton", 100),),
        59,
        2,
        "men",
        "regular",
        "none",
        False,
        "100% cotton denim",
        (_SIZES, colours("Medium Stonewash", "Dark Rinse", "Black")),
    ),
    _jacket(
        "Sherpa Trucker Jacket",
        "Indigo Works",
        "BD",
        1150,
        (("cotton", 62), ("polyester", 38)),
        79,
        2,
        "men",
        "regular",
        "sherpa",
        False,
        "Shell 100% cotton denim; lining 100% polyester sherpa",
        (_SIZES, colours("Medium Stonewash", "Black")),
    ),
]
