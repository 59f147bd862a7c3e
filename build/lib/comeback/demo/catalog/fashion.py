"""The demo's fashion section: typical second-hand garments, shoes and bags (docs/fashion.md).

Brands and model names are generic, made up for the demo: no maker's name or mark is used. Prices are what
a second-hand item in Good condition sells for in France (whole euros); demo.py derives the other
conditions and markets. Every garment category is graded by the apparel condition scheme and has no
battery. Variants are size × colour × main material, so the storefront filters by size, colour and
material as it filters phones by storage, and by brand as everywhere.
"""

from __future__ import annotations

from .specs import CategorySpec, ProductSpec, _schema, opt

_COLOUR = {"type": "string", "minLength": 1, "maxLength": 40}
_MATERIAL = {"type": "string", "minLength": 1, "maxLength": 40}
_GENDER = {"type": "string", "enum": ["men", "women", "unisex"]}
_LETTER_SIZES = ["XXS", "XS", "S", "M", "L", "XL", "XXL"]
_WAIST_SIZES = ["W26", "W27", "W28", "W29", "W30", "W31", "W32", "W33", "W34", "W36", "W38"]
_SHOE_SIZES = [
    "EU 36",
    "EU 37",
    "EU 38",
    "EU 39",
    "EU 40",
    "EU 41",
    "EU 42",
    "EU 43",
    "EU 44",
    "EU 45",
    "EU 46",
]


def _sized(sizes: list[str]) -> dict:
    return _schema(
        {"size": {"type": "string", "enum": sizes}, "colour": _COLOUR, "material": _MATERIAL},
        ("size", "colour", "material"),
    )


_GARMENT_ATTRS = _schema(
    {
        "gender": _GENDER,
        "fit": {"type": "string", "enum": ["slim", "regular", "relaxed", "oversized"]},
        "care": {"type": "string", "minLength": 1, "maxLength": 200},
    },
    ("gender",),
)
_SHOE_ATTRS = _schema(
    {
        "gender": _GENDER,
        "style": {"type": "string", "enum": ["sneaker", "boot", "loafer", "sandal"]},
        "sole": {"type": "string", "minLength": 1, "maxLength": 80},
        "resoleable": {"type": "boolean"},
    },
    ("gender", "style"),
)
_BAG_ATTRS = _schema(
    {
        "style": {"type": "string", "enum": ["tote", "crossbody", "backpack", "shoulder"]},
        "width_cm": {"type": "integer", "minimum": 5, "maximum": 100},
        "height_cm": {"type": "integer", "minimum": 5, "maximum": 100},
        "closure": {"type": "string", "enum": ["zip", "magnet", "buckle", "open"]},
    },
    ("style",),
)

FASHION_ROOT = CategorySpec(
    "fashion", "Fashion", "apparel", "jacket", None, _schema({}), _schema({}), condition_scheme="apparel"
)
FASHION_CATEGORIES: list[CategorySpec] = [
    CategorySpec(
        "knitwear", "Knitwear", "apparel", "knit", None, _GARMENT_ATTRS, _sized(_LETTER_SIZES), "fashion"
    ),
    CategorySpec("jeans", "Jeans", "apparel", "jeans", None, _GARMENT_ATTRS, _sized(_WAIST_SIZES), "fashion"),
    CategorySpec(
        "dresses", "Dresses", "apparel", "dress", None, _GARMENT_ATTRS, _sized(_LETTER_SIZES), "fashion"
    ),
    CategorySpec("shoes", "Shoes", "apparel", "shoe", None, _SHOE_ATTRS, _sized(_SHOE_SIZES), "fashion"),
    CategorySpec("bags", "Bags", "apparel", "bag", None, _BAG_ATTRS, _sized(["One size"]), "fashion"),
    # Upcycled limited editions (docs/fashion.md): each variant is one numbered piece of a run.
    CategorySpec(
        "upcycled",
        "Upcycled editions",
        "apparel",
        "bag",
        None,
        _schema({}),
        _schema({"edition_number": {"type": "integer", "minimum": 1, "maximum": 999, "x-label": "No. {}"}}),
        "fashion",
    ),
]


def _axes(sizes: list[str], colours: tuple[str, ...], material: str) -> tuple:
    return (opt("size", *sizes), opt("colour", *colours), opt("material", material))


def _garment(cat, brand, name, origin, weight, materials, price, pop, attrs, sizes, colours, material):
    return ProductSpec(
        cat,
        brand,
        name,
        None,
        None,
        origin,
        weight,
        materials,
        price,
        pop,
        attrs,
        _axes(sizes, colours, material),
    )


_CARE_WOOL = "Hand wash cold, dry flat; do not tumble dry."
_CARE_COTTON = "Machine wash 30 °C inside out; line dry."
_M, _W = "men", "women"

FASHION_PRODUCTS: list[ProductSpec] = [
    _garment(
        "knitwear",
        "Atelier Nord",
        "Merino Crew-Neck Jumper",
        "PT",
        320,
        (("merino wool", 100),),
        39,
        2,
        {"gender": _M, "fit": "regular", "care": _CARE_WOOL},
        ["S", "M", "L", "XL"],
        ("Navy", "Grey", "Green"),
        "wool",
    ),
    _garment(
        "knitwear",
        "Atelier Nord",
        "Cable-Knit Cardigan",
        "IT",
        540,
        (("wool", 70), ("polyamide", 30)),
        45,
        1,
        {"gender": _W, "fit": "relaxed", "care": _CARE_WOOL},
        ["XS", "S", "M", "L"],
        ("Cream", "Black"),
        "wool",
    ),
    _garment(
        "knitwear",
        "Maison Lune",
        "Cashmere Roll-Neck Sweater",
        "CN",
        280,
        (("cashmere", 100),),
        69,
        1,
        {"gender": _W, "fit": "slim", "care": _CARE_WOOL},
        ["XS", "S", "M"],
        ("Camel", "Black"),
        "cashmere",
    ),
    _garment(
        "jeans",
        "Indigo Works",
        "Straight-Leg Jeans",
        "TR",
        650,
        (("cotton", 99), ("elastane", 1)),
        29,
        2,
        {"gender": _M, "fit": "regular", "care": _CARE_COTTON},
        ["W30", "W32", "W34", "W36"],
        ("Mid Blue", "Dark Rinse", "Black"),
        "cotton denim",
    ),
    _garment(
        "jeans",
        "Indigo Works",
        "High-Rise Mom Jeans",
        "TN",
        600,
        (("cotton", 100),),
        27,
        1,
        {"gender": _W, "fit": "relaxed", "care": _CARE_COTTON},
        ["W26", "W27", "W28", "W29", "W30"],
        ("Light Blue", "Mid Blue"),
        "cotton denim",
    ),
    _garment(
        "dresses",
        "Maison Lune",
        "Linen Wrap Dress",
        "LT",
        350,
        (("linen", 100),),
        35,
        2,
        {"gender": _W, "fit": "regular", "care": "Machine wash 30 °C; iron while damp."},
        ["XS", "S", "M", "L"],
        ("Sand", "Terracotta"),
        "linen",
    ),
    _garment(
        "dresses",
        "Maison Lune",
        "Floral Midi Dress",
        "IN",
        300,
        (("viscose", 100),),
        25,
        1,
        {"gender": _W, "fit": "regular", "care": "Hand wash cold; do not wring."},
        ["S", "M", "L"],
        ("Blue Floral", "Red Floral"),
        "viscose",
    ),
    _garment(
        "shoes",
        "Pas Léger",
        "Leather Low-Top Sneakers",
        "PT",
        900,
        (("leather", 70), ("rubber", 25), ("cotton", 5)),
        49,
        2,
        {"gender": "unisex", "style": "sneaker", "sole": "cupsole, stitched", "resoleable": True},
        ["EU 38", "EU 40", "EU 42", "EU 44"],
        ("White", "Black"),
        "leather",
    ),
    _garment(
        "shoes",
        "Pas Léger",
        "Chelsea Boots",
        "ES",
        1200,
        (("suede", 75), ("rubber", 25)),
        65,
        1,
        {"gender": _M, "style": "boot", "sole": "Goodyear-welted rubber", "resoleable": True},
        ["EU 41", "EU 42", "EU 43", "EU 44", "EU 45"],
        ("Brown", "Black"),
        "suede",
    ),
    _garment(
        "shoes",
        "Pas Léger",
        "Canvas Plimsolls",
        "VN",
        520,
        (("cotton", 60), ("rubber", 40)),
        19,
        1,
        {"gender": "unisex", "style": "sneaker", "sole": "vulcanised rubber", "resoleable": False},
        ["EU 37", "EU 39", "EU 41"],
        ("Navy", "White"),
        "canvas",
    ),
    _garment(
        "bags",
        "Atelier Cuir",
        "Leather Tote Bag",
        "FR",
        850,
        (("leather", 90), ("cotton", 10)),
        79,
        1,
        {"style": "tote", "width_cm": 38, "height_cm": 32, "closure": "magnet"},
        ["One size"],
        ("Cognac", "Black"),
        "leather",
    ),
    _garment(
        "bags",
        "Atelier Cuir",
        "Crossbody Saddle Bag",
        "IT",
        450,
        (("leather", 95), ("brass", 5)),
        59,
        2,
        {"style": "crossbody", "width_cm": 22, "height_cm": 18, "closure": "buckle"},
        ["One size"],
        ("Tan", "Burgundy"),
        "leather",
    ),
    _garment(
        "bags",
        "Nordhavn",
        "Waxed Canvas Backpack",
        "VN",
        980,
        (("cotton (waxed)", 80), ("leather", 15), ("steel", 5)),
        45,
        1,
        {"style": "backpack", "width_cm": 30, "height_cm": 44, "closure": "buckle"},
        ["One size"],
        ("Olive", "Navy"),
        "waxed canvas",
    ),
]

# Size guides per brand and category: body measurements (cm) a size fits (docs/fashion.md "Sizes").
SIZE_GUIDES: list[tuple[str, str, dict]] = [
    (
        "Atelier Nord",
        "knitwear",
        {
            "XS": {"chest_cm": 84, "length_cm": 62, "sleeve_cm": 60},
            "S": {"chest_cm": 92, "length_cm": 66, "sleeve_cm": 62},
            "M": {"chest_cm": 100, "length_cm": 69, "sleeve_cm": 64},
            "L": {"chest_cm": 108, "length_cm": 72, "sleeve_cm": 65},
            "XL": {"chest_cm": 116, "length_cm": 74, "sleeve_cm": 66},
        },
    ),
    (
        "Maison Lune",
        "knitwear",
        {
            "XS": {"chest_cm": 82, "length_cm": 58, "sleeve_cm": 58},
            "S": {"chest_cm": 88, "length_cm": 60, "sleeve_cm": 59},
            "M": {"chest_cm": 94, "length_cm": 62, "sleeve_cm": 60},
        },
    ),
    (
        "Maison Lune",
        "dresses",
        {
            "XS": {"chest_cm": 80, "waist_cm": 62, "length_cm": 112},
            "S": {"chest_cm": 86, "waist_cm": 68, "length_cm": 114},
            "M": {"chest_cm": 92, "waist_cm": 74, "length_cm": 116},
            "L": {"chest_cm": 100, "waist_cm": 82, "length_cm": 118},
        },
    ),
    (
        "Indigo Works",
        "jeans",
        {
            f"W{w}": {
                "waist_cm": round(w * 2.54),
                "hip_cm": round(w * 2.54) + 20,
                "inseam_cm": 81 if w < 30 else 84,
            }
            for w in (26, 27, 28, 29, 30, 31, 32, 33, 34, 36)
        },
    ),
    ("Pas Léger", "shoes", {f"EU {n}": {"foot_length_cm": round(n * 2 / 3 - 1.5, 1)} for n in range(36, 47)}),
]


# Textile facts of the demo's garments (catalog/textile.py): derived from each model's materials, so every
# garment, shoe and bag carries its fibres, where each stage happened and its care symbols.
_FIBRE_WORDS = (
    ("cashmere", "cashmere"),
    ("wool", "wool"),
    ("cotton", "cotton"),
    ("linen", "linen"),
    ("viscose", "viscose"),
    ("elastane", "elastane"),
    ("polyester", "polyester"),
    ("polyamide", "polyamide"),
    ("nylon", "polyamide"),
    ("leather", "leather"),
    ("suede", "leather"),
)
# Where the main fibre is typically spun (demo data, plausible, not a claim about any real maker).
_SPUN_IN = {"cotton": "IN", "wool": "IT", "cashmere": "IT", "linen": "FR", "viscose": "CN"}
_CARE = {
    "wool": {
        "washing": "hand_wash",
        "bleaching": "no_bleach",
        "drying": "dry_flat",
        "ironing": "iron_low",
        "professional": "dry_clean_p",
    },
    "cashmere": {
        "washing": "hand_wash",
        "bleaching": "no_bleach",
        "drying": "dry_flat",
        "ironing": "iron_low",
        "professional": "dry_clean_p",
    },
    "cotton": {
        "washing": "wash_30",
        "bleaching": "no_bleach",
        "drying": "line_dry",
        "ironing": "iron_medium",
        "professional": "dry_clean_p",
    },
    "linen": {
        "washing": "wash_40",
        "bleaching": "no_bleach",
        "drying": "line_dry",
        "ironing": "iron_high",
        "professional": "dry_clean_p",
    },
    "leather": {
        "washing": "no_wash",
        "bleaching": "no_bleach",
        "drying": "no_tumble",
        "ironing": "no_iron",
        "professional": "no_dry_clean",
    },
}
_CARE_SYNTHETIC = {
    "washing": "wash_30_mild",
    "bleaching": "no_bleach",
    "drying": "tumble_low",
    "ironing": "iron_low",
    "professional": "dry_clean_f",
}


def _fibre(material: str) -> str:
    return next((code for word, code in _FIBRE_WORDS if word in material.lower()), "other")


def textile_facts(spec: ProductSpec) -> dict:
    """The model's fibres (its materials named by the textile vocabulary, the rest "other", adding up to
    100), its stages (made up in its country of origin) and its care, by its main fibre."""
    shares: dict[str, int] = {}
    for material, percent in spec.materials if not isinstance(spec.materials, str) else ():
        fibre = _fibre(material)
        shares[fibre] = shares.get(fibre, 0) + percent
    if sum(shares.values()) < 100:
        shares["other"] = shares.get("other", 0) + 100 - sum(shares.values())
    if not shares or sum(shares.values()) != 100:
        return {}
    main = max((f for f in shares if f != "other"), key=lambda f: shares[f], default="other")
    stages = {"weaving_knitting": spec.origin, "dyeing_finishing": spec.origin, "making_up": spec.origin}
    if main != "leather":
        stages = {"spinning": _SPUN_IN.get(main, spec.origin), **stages}
    return {
        "composition": [{"part": "main", "fibres": [{"fibre": f, "percent": p} for f, p in shares.items()]}],
        "stages": stages if spec.origin else {},
        "care": _CARE.get(main, _CARE_SYNTHETIC),
    }
