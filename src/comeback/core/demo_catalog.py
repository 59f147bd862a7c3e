"""The demo catalogue: real product models with approximate published figures (issue "Foundation": demo data).

Release dates are the makers' launch dates; `ended` is when the maker stopped placing the model on the
market (its successor's launch) where that is known, else None. Material shares are approximate, rounded
from makers' environmental reports and teardown weights; they sum to 100. Prices are what a refurbished
unit in Good grade, in its cheapest configuration, sells for in France (whole euros); demo.py derives
the other grades, configurations and markets from them. GTINs stay empty: the passport issue allocates
them from a company prefix.

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


_TEXT = {"type": "string", "minLength": 1, "maxLength": 80}
_INCHES = {"type": "number", "exclusiveMinimum": 0, "maximum": 20}
_STORAGE = {"type": "integer", "enum": [32, 64, 128, 256, 512, 825, 1024, 2048]}
_COLOUR = {"type": "string", "minLength": 1, "maxLength": 40}
_IP = {"type": "string", "pattern": "^IP[0-9X][0-9]$"}
_MM = {"type": "integer", "enum": [38, 40, 41, 42, 44, 45, 49]}
_PLUG = {"type": "string", "enum": ["EU", "UK", "US/JP"]}

_PHONE_ATTRS = _schema(
    {
        "screen_inches": _INCHES,
        "chipset": _TEXT,
        "os": {"type": "string", "enum": ["iOS", "Android"]},
        "network": {"type": "string", "enum": ["4G", "5G"]},
        "main_camera_mp": {"type": "integer", "minimum": 1, "maximum": 300},
        "battery_mah": {"type": "integer", "minimum": 500, "maximum": 10000},
        "water_resistance": _IP,
    },
    ("screen_inches", "chipset", "os", "network"),
)
_LAPTOP_ATTRS = _schema(
    {
        "screen_inches": _INCHES,
        "processor": _TEXT,
        "os": {"type": "string", "enum": ["macOS", "Windows 11", "Windows 10", "ChromeOS", "Linux"]},
        "resolution": {"type": "string", "pattern": "^[0-9]{3,4}x[0-9]{3,4}$"},
        "battery_wh": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    },
    ("screen_inches", "processor", "os"),
)
_TABLET_ATTRS = _schema(
    {
        "screen_inches": _INCHES,
        "chipset": _TEXT,
        "os": {"type": "string", "enum": ["iPadOS", "Android"]},
        "stylus": _TEXT,
    },
    ("screen_inches", "chipset", "os"),
)
_CONSOLE_ATTRS = _schema(
    {
        "chipset": _TEXT,
        "max_resolution": {"type": "string", "enum": ["720p", "1080p", "1440p", "4K", "8K"]},
        "optical_drive": {"type": "boolean"},
        "portable": {"type": "boolean"},
        "screen_inches": _INCHES,
        "display": {"type": "string", "enum": ["LCD", "OLED"]},
    },
    ("max_resolution", "optical_drive", "portable"),
)
_WATCH_ATTRS = _schema(
    {
        "os": {"type": "string", "enum": ["watchOS", "Wear OS"]},
        "chipset": _TEXT,
        "display": {"type": "string", "enum": ["OLED", "LTPO OLED", "AMOLED", "Super AMOLED"]},
        "water_resistance": _TEXT,
        "case_material": {"type": "string", "enum": ["aluminium", "stainless steel", "titanium"]},
    },
    ("os", "case_material"),
)
_EARPHONE_ATTRS = _schema(
    {
        "noise_cancelling": {"type": "boolean"},
        "case_connector": {"type": "string", "enum": ["Lightning", "USB-C"]},
        "wireless_charging": {"type": "boolean"},
        "water_resistance": _IP,
    },
    ("noise_cancelling", "case_connector"),
)
_JACKET_ATTRS = _schema(
    {
        "gender": {"type": "string", "enum": ["men", "women", "unisex"]},
        "fit": {"type": "string", "enum": ["slim", "regular", "relaxed"]},
        "insulation": {"type": "string", "enum": ["none", "down", "synthetic", "fleece", "sherpa"]},
        "waterproof": {"type": "boolean"},
        "fabric": {"type": "string", "minLength": 1, "maxLength": 200},
    },
    ("gender", "insulation", "fabric"),
)
_STRAP_ATTRS = _schema(
    {
        "material": {"type": "string", "enum": ["fluoroelastomer", "nylon weave", "silicone", "leather"]},
        "fastening": {"type": "string", "enum": ["pin-and-tuck", "hook-and-loop", "buckle"]},
    },
    ("material",),
)
_CASE_ATTRS = _schema(
    {
        "material": {"type": "string", "enum": ["silicone", "leather", "FineWoven", "polycarbonate"]},
        "magsafe": {"type": "boolean"},
    },
    ("material", "magsafe"),
)
_CHARGER_ATTRS = _schema(
    {
        "power_watts": {"type": "integer", "minimum": 1, "maximum": 240},
        "connector": {"type": "string", "enum": ["USB-C", "USB-A", "MagSafe"]},
        "ports": {"type": "integer", "minimum": 0, "maximum": 4},
        "wall_plug": {"type": "boolean"},
    },
    ("power_watts", "connector", "ports"),
)
_STORAGE_COLOUR = _schema({"storage_gb": _STORAGE, "colour": _COLOUR}, ("storage_gb", "colour"))


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    kind: str  # "device" | "accessory" | "apparel"
    illustration: str
    battery_floor: int | None  # DESIGN.md §2: 80 for smartphones, 85 for other battery devices, None without
    attribute_schema: dict
    variant_schema: dict
    parent: str | None = None


_GROUP = _schema({})  # grouping categories hold no products directly

CATEGORIES: list[CategorySpec] = [
    CategorySpec("smartphones", "Smartphones", "device", "phone", 80, _PHONE_ATTRS, _STORAGE_COLOUR),
    CategorySpec(
        "laptops", "Laptops", "device", "laptop", 85, _LAPTOP_ATTRS,
        _schema({"ram_gb": {"type": "integer", "enum": [8, 16, 18, 24, 32, 36, 64]}, "storage_gb": _STORAGE,
                 "colour": _COLOUR}, ("ram_gb", "storage_gb")),
    ),
    CategorySpec(
        "tablets", "Tablets", "device", "tablet", 85, _TABLET_ATTRS,
        _schema({"storage_gb": _STORAGE, "colour": _COLOUR,
                 "connectivity": {"type": "string", "enum": ["Wi-Fi", "Wi-Fi + Cellular"]}},
                ("storage_gb", "colour", "connectivity")),
    ),
    CategorySpec("game-consoles", "Game consoles", "device", "console", None, _GROUP, _GROUP),
    CategorySpec("handheld-consoles", "Handheld consoles", "device", "console", 85, _CONSOLE_ATTRS,
                 _STORAGE_COLOUR, parent="game-consoles"),
    CategorySpec("home-consoles", "Home consoles", "device", "console", None, _CONSOLE_ATTRS,
                 _STORAGE_COLOUR, parent="game-consoles"),
    CategorySpec(
        "smartwatches", "Smartwatches", "device", "watch", 85, _WATCH_ATTRS,
        _schema({"case_mm": _MM, "colour": _COLOUR,
                 "connectivity": {"type": "string", "enum": ["GPS", "GPS + Cellular"]}},
                ("case_mm", "colour", "connectivity")),
    ),
    CategorySpec("earphones", "Earphones", "device", "earphones", 85, _EARPHONE_ATTRS,
                 _schema({"colour": _COLOUR}, ("colour",))),
    CategorySpec(
        "jackets", "Jackets", "apparel", "jacket", None, _JACKET_ATTRS,
        _schema({"size": {"type": "string", "enum": ["XS", "S", "M", "L", "XL", "XXL"]}, "colour": _COLOUR},
                ("size", "colour")),
    ),
    CategorySpec("accessories", "Accessories", "accessory", "accessory", None, _GROUP, _GROUP),
    CategorySpec(
        "watch-straps", "Watch straps", "accessory", "accessory", None, _STRAP_ATTRS,
        _schema({"case_mm": _MM, "band_size": {"type": "string", "enum": ["S/M", "M/L", "One size"]},
                 "colour": _COLOUR}, ("colour",)),
        parent="accessories",
    ),
    CategorySpec("cases", "Cases", "accessory", "accessory", None, _CASE_ATTRS,
                 _schema({"colour": _COLOUR}, ("colour",)), parent="accessories"),
    CategorySpec(
        "chargers", "Chargers", "accessory", "accessory", None, _CHARGER_ATTRS,
        _schema({"plug": _PLUG, "cable_m": {"type": "number", "enum": [1, 2]}}),
        parent="accessories",
    ),
]

# Approximate material shares by weight (percent), from makers' environmental reports and teardowns.
MATERIALS: dict[str, list[tuple[str, int]]] = {
    "phone_aluminium": [("aluminium", 23), ("glass", 25), ("steel", 12), ("lithium-ion battery", 16),
                        ("copper", 6), ("plastics", 8), ("rare earth elements", 1), ("other", 9)],
    "phone_steel": [("stainless steel", 30), ("glass", 27), ("aluminium", 5), ("lithium-ion battery", 15),
                    ("copper", 5), ("plastics", 6), ("rare earth elements", 1), ("other", 11)],
    "phone_titanium": [("titanium", 12), ("aluminium", 14), ("glass", 27), ("steel", 10),
                       ("lithium-ion battery", 16), ("copper", 6), ("plastics", 6), ("rare earth elements", 1),
                       ("other", 8)],
    "phone_plastic": [("plastics", 28), ("glass", 20), ("aluminium", 10), ("steel", 8),
                      ("lithium-ion battery", 18), ("copper", 6), ("other", 10)],
    "laptop_aluminium": [("aluminium", 38), ("lithium-ion battery", 18), ("steel", 8), ("glass", 8),
                         ("copper", 5), ("plastics", 10), ("other", 13)],
    "laptop_magnesium": [("magnesium alloy", 20), ("carbon fibre", 15), ("plastics", 15),
                         ("lithium-ion battery", 20), ("glass", 6), ("copper", 6), ("steel", 6), ("other", 12)],
    "tablet_aluminium": [("aluminium", 33), ("glass", 24), ("lithium-ion battery", 22), ("steel", 5),
                         ("copper", 4), ("plastics", 5), ("other", 7)],
    "console_home": [("plastics", 45), ("steel", 22), ("aluminium", 6), ("copper", 10), ("other", 17)],
    "console_handheld": [("plastics", 42), ("glass", 10), ("lithium-ion battery", 15), ("aluminium", 8),
                         ("steel", 8), ("copper", 6), ("other", 11)],
    "watch_aluminium": [("aluminium", 35), ("glass", 15), ("ceramics", 12), ("lithium-ion battery", 10),
                        ("plastics", 10), ("copper", 5), ("other", 13)],
    "watch_steel": [("stainless steel", 55), ("glass", 12), ("ceramics", 8), ("lithium-ion battery", 8),
                    ("plastics", 6), ("copper", 4), ("other", 7)],
    "watch_titanium": [("titanium", 55), ("sapphire crystal", 10), ("ceramics", 8), ("lithium-ion battery", 9),
                       ("plastics", 7), ("copper", 4), ("other", 7)],
    "earbuds": [("plastics", 58), ("lithium-ion battery", 17), ("copper", 7), ("rare earth magnets", 4),
                ("steel", 4), ("other", 10)],
    "charger": [("plastics", 45), ("copper", 20), ("steel", 8), ("aluminium", 5), ("other", 22)],
    "case_silicone": [("silicone", 72), ("polycarbonate", 10), ("microfibre", 6), ("rare earth magnets", 12)],
}


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


def _phone(name, brand, released, ended, origin, weight, materials, price, pop, screen, chip, network, mp, mah,
           ip, opts, os_="iOS"):
    attrs = {"screen_inches": screen, "chipset": chip, "os": os_, "network": network, "main_camera_mp": mp,
             "battery_mah": mah, "water_resistance": ip}
    return ProductSpec("smartphones", brand, name, released, ended, origin, weight, materials, price, pop, attrs, opts)


def _android(*args, **kw):
    return _phone(*args, os_="Android", **kw)


_S64 = storage((64, 0), (128, 40), (256, 110))
_S128 = storage((128, 0), (256, 70), (512, 190))
_S128_TB = storage((128, 0), (256, 80), (512, 210), (1024, 380))
_S128_256 = storage((128, 0), (256, 60))

PRODUCTS: list[ProductSpec] = [
    # Smartphones ------------------------------------------------------------------------------------------
    _phone("iPhone 11", "Apple", D(2019, 9, 20), D(2022, 9, 7), "CN", 194, "phone_aluminium", 249, 3, 6.1,
           "A13 Bionic", "4G", 12, 3110, "IP68", (_S64, colours("Black", "White", "Purple", "Green"))),
    _phone("iPhone 11 Pro", "Apple", D(2019, 9, 20), D(2020, 10, 13), "CN", 188, "phone_steel", 319, 2, 5.8,
           "A13 Bionic", "4G", 12, 3046, "IP68",
           (storage((64, 0), (256, 90), (512, 200)), colours("Space Grey", "Silver", "Midnight Green"))),
    _phone("iPhone 12", "Apple", D(2020, 10, 23), D(2023, 9, 12), "CN", 164, "phone_aluminium", 299, 3, 6.1,
           "A14 Bionic", "5G", 12, 2815, "IP68", (_S64, colours("Black", "White", "Blue", "Green", "Purple"))),
    _phone("iPhone 12 mini", "Apple", D(2020, 11, 13), D(2022, 9, 7), "CN", 133, "phone_aluminium", 249, 2, 5.4,
           "A14 Bionic", "5G", 12, 2227, "IP68", (_S64, colours("Black", "White", "Blue"))),
    _phone("iPhone 12 Pro", "Apple", D(2020, 10, 23), D(2021, 9, 14), "CN", 187, "phone_steel", 399, 2, 6.1,
           "A14 Bionic", "5G", 12, 2815, "IP68", (_S128, colours("Graphite", "Silver", "Gold", "Pacific Blue"))),
    _phone("iPhone 13", "Apple", D(2021, 9, 24), D(2024, 9, 9), "CN", 173, "phone_aluminium", 389, 3, 6.1,
           "A15 Bionic", "5G", 12, 3227, "IP68",
           (_S128, colours("Midnight", "Starlight", "Blue", "Pink", "Green"))),
    _phone("iPhone 13 mini", "Apple", D(2021, 9, 24), D(2022, 9, 7), "CN", 140, "phone_aluminium", 339, 2, 5.4,
           "A15 Bionic", "5G", 12, 2406, "IP68", (_S128, colours("Midnight", "Starlight", "Blue"))),
    _phone("iPhone 13 Pro", "Apple", D(2021, 9, 24), D(2022, 9, 7), "CN", 203, "phone_steel", 519, 3, 6.1,
           "A15 Bionic", "5G", 12, 3095, "IP68",
           (_S128_TB, colours("Graphite", "Sierra Blue", "Silver", "Alpine Green"))),
    _phone("iPhone 14", "Apple", D(2022, 9, 16), D(2025, 2, 19), "CN", 172, "phone_aluminium", 469, 3, 6.1,
           "A15 Bionic", "5G", 12, 3279, "IP68", (_S128, colours("Midnight", "Starlight", "Blue", "Purple"))),
    _phone("iPhone 14 Pro", "Apple", D(2022, 9, 16), D(2023, 9, 12), "CN", 206, "phone_steel", 649, 3, 6.1,
           "A16 Bionic", "5G", 48, 3200, "IP68",
           (_S128_TB, colours("Space Black", "Silver", "Gold", "Deep Purple"))),
    _phone("iPhone 15", "Apple", D(2023, 9, 22), D(2025, 9, 9), "CN", 171, "phone_aluminium", 599, 3, 6.1,
           "A16 Bionic", "5G", 48, 3349, "IP68", (_S128, colours("Black", "Blue", "Green", "Yellow", "Pink"))),
    _phone("iPhone 15 Pro", "Apple", D(2023, 9, 22), D(2024, 9, 9), "CN", 187, "phone_titanium", 799, 2, 6.1,
           "A17 Pro", "5G", 48, 3274, "IP68",
           (_S128_TB, colours("Natural Titanium", "Blue Titanium", "White Titanium", "Black Titanium"))),
    _phone("iPhone SE (3rd generation)", "Apple", D(2022, 3, 18), D(2025, 2, 19), "CN", 144, "phone_aluminium", 229,
           2, 4.7, "A15 Bionic", "5G", 12, 2018, "IP67", (_S64, colours("Midnight", "Starlight", "(PRODUCT)RED"))),
    _android("Galaxy S21 5G", "Samsung", D(2021, 1, 29), None, "VN", 169, "phone_plastic", 249, 2, 6.2,
             "Exynos 2100", "5G", 12, 4000, "IP68",
             (_S128_256, colours("Phantom Gray", "Phantom White", "Phantom Violet"))),
    _android("Galaxy S21 FE 5G", "Samsung", D(2022, 1, 11), None, "VN", 177, "phone_plastic", 229, 1, 6.4,
             "Exynos 2100", "5G", 12, 4500, "IP68", (_S128_256, colours("Graphite", "Olive", "Lavender"))),
    _android("Galaxy S22", "Samsung", D(2022, 2, 25), None, "VN", 167, "phone_aluminium", 319, 2, 6.1,
             "Exynos 2200", "5G", 50, 3700, "IP68",
             (_S128_256, colours("Phantom Black", "Phantom White", "Green", "Pink Gold"))),
    _android("Galaxy S23", "Samsung", D(2023, 2, 17), None, "VN", 168, "phone_aluminium", 449, 3, 6.1,
             "Snapdragon 8 Gen 2 for Galaxy", "5G", 50, 3900, "IP68",
             (_S128, colours("Phantom Black", "Cream", "Green", "Lavender"))),
    _android("Galaxy S23 Ultra", "Samsung", D(2023, 2, 17), None, "VN", 234, "phone_aluminium", 699, 2, 6.8,
             "Snapdragon 8 Gen 2 for Galaxy", "5G", 200, 5000, "IP68",
             (storage((256, 0), (512, 120), (1024, 320)), colours("Phantom Black", "Cream", "Green", "Lavender"))),
    _android("Galaxy S24", "Samsung", D(2024, 1, 31), None, "VN", 167, "phone_aluminium", 549, 2, 6.2,
             "Exynos 2400", "5G", 50, 4000, "IP68",
             (_S128, colours("Onyx Black", "Marble Grey", "Cobalt Violet", "Amber Yellow"))),
    _android("Galaxy A54 5G", "Samsung", D(2023, 3, 24), None, "VN", 202, "phone_plastic", 219, 2, 6.4,
             "Exynos 1380", "5G", 50, 5000, "IP67",
             (_S128_256, colours("Awesome Graphite", "Awesome White", "Awesome Lime", "Awesome Violet"))),
    _android("Pixel 6", "Google", D(2021, 10, 28), None, "CN", 207, "phone_aluminium", 239, 2, 6.4,
             "Google Tensor", "5G", 50, 4614, "IP68",
             (_S128_256, colours("Stormy Black", "Sorta Seafoam", "Kinda Coral"))),
    _android("Pixel 6a", "Google", D(2022, 7, 28), None, "VN", 178, "phone_plastic", 189, 1, 6.1,
             "Google Tensor", "5G", 12, 4410, "IP67", (storage((128, 0)), colours("Charcoal", "Chalk", "Sage"))),
    _android("Pixel 7", "Google", D(2022, 10, 13), None, "VN", 197, "phone_aluminium", 299, 2, 6.3,
             "Google Tensor G2", "5G", 50, 4355, "IP68", (_S128_256, colours("Obsidian", "Snow", "Lemongrass"))),
    _android("Pixel 7a", "Google", D(2023, 5, 10), None, "VN", 194, "phone_plastic", 269, 1, 6.1,
             "Google Tensor G2", "5G", 64, 4385, "IP67",
             (storage((128, 0)), colours("Charcoal", "Snow", "Sea", "Coral"))),
    _android("Pixel 8", "Google", D(2023, 10, 12), None, "VN", 187, "phone_aluminium", 429, 2, 6.2,
             "Google Tensor G3", "5G", 50, 4575, "IP68", (_S128_256, colours("Obsidian", "Hazel", "Rose"))),
    _android("Pixel 8 Pro", "Google", D(2023, 10, 12), None, "VN", 213, "phone_aluminium", 579, 1, 6.7,
             "Google Tensor G3", "5G", 50, 5050, "IP68", (_S128, colours("Obsidian", "Porcelain", "Bay"))),
    _android("Fairphone 4", "Fairphone", D(2021, 10, 25), D(2023, 8, 30), "CN", 225, "phone_plastic", 329, 1, 6.3,
             "Snapdragon 750G", "5G", 48, 3905, "IP54", (_S128_256, colours("Grey", "Green"))),
    _android("Fairphone 5", "Fairphone", D(2023, 9, 14), None, "CN", 212, "phone_plastic", 449, 1, 6.46,
             "Qualcomm QCM6490", "5G", 50, 4200, "IP55",
             (storage((256, 0)), colours("Matte Black", "Sky Blue", "Transparent Edition"))),
    _android("Xiaomi 13", "Xiaomi", D(2023, 2, 26), None, "CN", 185, "phone_aluminium", 399, 1, 6.36,
             "Snapdragon 8 Gen 2", "5G", 50, 4500, "IP68", (storage((256, 0)), colours("Black", "White", "Flora Green"))),
    _android("Xiaomi 13T", "Xiaomi", D(2023, 9, 26), None, "CN", 197, "phone_aluminium", 329, 1, 6.67,
             "MediaTek Dimensity 8200-Ultra", "5G", 50, 5000, "IP68",
             (storage((256, 0)), colours("Black", "Meadow Green", "Alpine Blue"))),
]


def _laptop(name, brand, released, ended, origin, weight, materials, price, pop, screen, cpu, os_, res, wh, opts):
    attrs = {"screen_inches": screen, "processor": cpu, "os": os_, "resolution": res, "battery_wh": wh}
    return ProductSpec("laptops", brand, name, released, ended, origin, weight, materials, price, pop, attrs, opts)


def _tablet(name, brand, released, ended, weight, price, pop, screen, chip, stylus, opts, os_="iPadOS", origin="CN"):
    attrs = {"screen_inches": screen, "chipset": chip, "os": os_, "stylus": stylus}
    opts = (*opts, opt("connectivity", "Wi-Fi", ("Wi-Fi + Cellular", 110)))
    return ProductSpec("tablets", brand, name, released, ended, origin, weight, "tablet_aluminium", price, pop, attrs,
                       opts)


def _console(cat, name, brand, released, ended, weight, price, pop, attrs, opts, origin="CN"):
    materials = "console_handheld" if attrs["portable"] else "console_home"
    return ProductSpec(cat, brand, name, released, ended, origin, weight, materials, price, pop, attrs, opts)


def _watch(name, brand, released, ended, weight, material, price, pop, attrs, opts, origin="CN"):
    attrs = {**attrs, "case_material": material}
    materials = {"aluminium": "watch_aluminium", "stainless steel": "watch_steel", "titanium": "watch_titanium"}
    return ProductSpec("smartwatches", brand, name, released, ended, origin, weight, materials[material], price, pop,
                       attrs, opts)


def _buds(name, brand, released, ended, origin, weight, price, pop, anc, connector, wireless, ip, opts):
    attrs = {"noise_cancelling": anc, "case_connector": connector, "wireless_charging": wireless}
    if ip:
        attrs["water_resistance"] = ip
    return ProductSpec("earphones", brand, name, released, ended, origin, weight, "earbuds", price, pop, attrs, opts)


def _jacket(name, brand, origin, weight, materials, price, pop, gender, fit, insulation, waterproof, fabric, opts):
    attrs = {"gender": gender, "fit": fit, "insulation": insulation, "waterproof": waterproof, "fabric": fabric}
    return ProductSpec("jackets", brand, name, None, None, origin, weight, materials, price, pop, attrs, opts)


_RAM_8_16 = opt("ram_gb", (8, 0), (16, 110))
_SSD_256_512 = storage((256, 0), (512, 110))
_WATCH_41_45 = opt("case_mm", (41, 0), (45, 30))
_WATCH_CONN = opt("connectivity", "GPS", ("GPS + Cellular", 50))
_CONSOLE = {"chipset": "AMD Zen 2 + RDNA 2 (custom)", "portable": False}
_SWITCH = {"chipset": "NVIDIA Tegra X1 (custom)", "portable": True, "optical_drive": False}

PRODUCTS += [
    # Laptops ----------------------------------------------------------------------------------------------
    _laptop("MacBook Air 13\" (M1, 2020)", "Apple", D(2020, 11, 17), D(2024, 3, 4), "CN", 1290, "laptop_aluminium",
            549, 3, 13.3, "Apple M1", "macOS", "2560x1600", 49.9,
            (_RAM_8_16, _SSD_256_512, colours("Space Grey", "Silver", "Gold"))),
    _laptop("MacBook Air 13\" (M2, 2022)", "Apple", D(2022, 7, 15), D(2025, 3, 5), "CN", 1240, "laptop_aluminium",
            799, 2, 13.6, "Apple M2", "macOS", "2560x1664", 52.6,
            (opt("ram_gb", (8, 0), (16, 120), (24, 230)), storage((256, 0), (512, 120), (1024, 300)),
             colours("Midnight", "Starlight", "Space Grey", "Silver"))),
    _laptop("MacBook Air 15\" (M2, 2023)", "Apple", D(2023, 6, 13), D(2024, 3, 4), "CN", 1510, "laptop_aluminium",
            949, 1, 15.3, "Apple M2", "macOS", "2880x1864", 66.5,
            (_RAM_8_16, _SSD_256_512, colours("Midnight", "Starlight"))),
    _laptop("MacBook Pro 14\" (M1 Pro, 2021)", "Apple", D(2021, 10, 26), D(2023, 1, 17), "CN", 1600,
            "laptop_aluminium", 1099, 2, 14.2, "Apple M1 Pro", "macOS", "3024x1964", 70.0,
            (opt("ram_gb", (16, 0), (32, 190)), storage((512, 0), (1024, 160)), colours("Space Grey", "Silver"))),
    _laptop("MacBook Pro 14\" (M3, 2023)", "Apple", D(2023, 11, 7), D(2024, 10, 30), "CN", 1550, "laptop_aluminium",
            1249, 1, 14.2, "Apple M3", "macOS", "3024x1964", 70.0,
            (_RAM_8_16, storage((512, 0), (1024, 170)), colours("Space Grey", "Silver"))),
    _laptop("XPS 13 (9310)", "Dell", D(2020, 9, 30), None, "CN", 1270, "laptop_aluminium", 549, 2, 13.4,
            "Intel Core i7-1165G7", "Windows 11", "1920x1200", 52.0,
            (_RAM_8_16, _SSD_256_512, colours("Platinum Silver", "Frost"))),
    _laptop("ThinkPad X1 Carbon Gen 9", "Lenovo", D(2021, 1, 11), None, "CN", 1130, "laptop_magnesium", 649, 2, 14.0,
            "Intel Core i7-1165G7", "Windows 11", "1920x1200", 57.0,
            (opt("ram_gb", (16, 0), (32, 120)), storage((512, 0), (1024, 110)), colours("Black"))),
    _laptop("EliteBook 840 G8", "HP", D(2021, 1, 13), None, "CN", 1330, "laptop_aluminium", 449, 1, 14.0,
            "Intel Core i5-1135G7", "Windows 11", "1920x1080", 53.0, (_RAM_8_16, _SSD_256_512, colours("Silver"))),
    _laptop("Surface Laptop 5 13.5\"", "Microsoft", D(2022, 10, 25), None, "CN", 1297, "laptop_aluminium", 599, 1,
            13.5, "Intel Core i5-1235U", "Windows 11", "2256x1504", 47.4,
            (_RAM_8_16, _SSD_256_512, colours("Platinum", "Matte Black", "Sage"))),
    # Tablets ----------------------------------------------------------------------------------------------
    _tablet("iPad (9th generation)", "Apple", D(2021, 9, 24), D(2024, 5, 7), 487, 249, 3, 10.2, "A13 Bionic",
            "Apple Pencil (1st generation)", (storage((64, 0), (256, 110)), colours("Space Grey", "Silver"))),
    _tablet("iPad (10th generation)", "Apple", D(2022, 10, 26), D(2025, 3, 4), 477, 349, 2, 10.9, "A14 Bionic",
            "Apple Pencil (1st generation)",
            (storage((64, 0), (256, 120)), colours("Blue", "Pink", "Yellow", "Silver"))),
    _tablet("iPad Air (5th generation)", "Apple", D(2022, 3, 18), D(2024, 5, 7), 461, 469, 2, 10.9, "Apple M1",
            "Apple Pencil (2nd generation)",
            (storage((64, 0), (256, 120)), colours("Space Grey", "Starlight", "Purple", "Blue"))),
    _tablet("iPad Pro 11\" (4th generation)", "Apple", D(2022, 10, 26), D(2024, 5, 7), 466, 699, 1, 11.0,
            "Apple M2", "Apple Pencil (2nd generation)",
            (storage((128, 0), (256, 80), (512, 220)), colours("Space Grey", "Silver"))),
    _tablet("iPad mini (6th generation)", "Apple", D(2021, 9, 24), D(2024, 10, 15), 293, 389, 1, 8.3, "A15 Bionic",
            "Apple Pencil (2nd generation)",
            (storage((64, 0), (256, 110)), colours("Space Grey", "Pink", "Purple", "Starlight"))),
    _tablet("Galaxy Tab S8", "Samsung", D(2022, 2, 25), None, 503, 399, 1, 11.0, "Snapdragon 8 Gen 1",
            "S Pen (included)", (_S128_256, colours("Graphite", "Silver", "Pink Gold")), os_="Android", origin="VN"),
    # Game consoles ----------------------------------------------------------------------------------------
    _console("handheld-consoles", "Switch", "Nintendo", D(2017, 3, 3), None, 398, 179, 3,
             {**_SWITCH, "max_resolution": "1080p", "screen_inches": 6.2, "display": "LCD"},
             (storage((32, 0)), colours("Neon Red/Neon Blue", "Grey"))),
    _console("handheld-consoles", "Switch – OLED Model", "Nintendo", D(2021, 10, 8), None, 420, 249, 3,
             {**_SWITCH, "max_resolution": "1080p", "screen_inches": 7.0, "display": "OLED"},
             (storage((64, 0)), colours("White", "Neon Red/Neon Blue"))),
    _console("handheld-consoles", "Switch Lite", "Nintendo", D(2019, 9, 20), None, 275, 129, 2,
             {**_SWITCH, "max_resolution": "720p", "screen_inches": 5.5, "display": "LCD"},
             (storage((32, 0)), colours("Yellow", "Grey", "Turquoise", "Coral"))),
    _console("handheld-consoles", "Steam Deck LCD", "Valve", D(2022, 2, 25), None, 669, 299, 2,
             {"chipset": "AMD Aerith APU (Zen 2 + RDNA 2)", "max_resolution": "720p", "optical_drive": False,
              "portable": True, "screen_inches": 7.0, "display": "LCD"},
             (storage((64, 0), (256, 70), (512, 130)), colours("Black"))),
    _console("handheld-consoles", "Steam Deck OLED", "Valve", D(2023, 11, 16), None, 640, 449, 1,
             {"chipset": "AMD Sephiroth APU (Zen 2 + RDNA 2)", "max_resolution": "720p", "optical_drive": False,
              "portable": True, "screen_inches": 7.4, "display": "OLED"},
             (storage((512, 0), (1024, 110)), colours("Black"))),
    _console("home-consoles", "PlayStation 5", "Sony", D(2020, 11, 12), D(2023, 11, 10), 4500, 329, 3,
             {**_CONSOLE, "max_resolution": "4K", "optical_drive": True}, (storage((825, 0)), colours("White"))),
    _console("home-consoles", "PlayStation 5 Digital Edition", "Sony", D(2020, 11, 12), D(2023, 11, 10), 3900, 279,
             2, {**_CONSOLE, "max_resolution": "4K", "optical_drive": False}, (storage((825, 0)), colours("White"))),
    _console("home-consoles", "Xbox Series X", "Microsoft", D(2020, 11, 10), None, 4450, 299, 2,
             {**_CONSOLE, "max_resolution": "4K", "optical_drive": True}, (storage((1024, 0)), colours("Carbon Black"))),
    _console("home-consoles", "Xbox Series S", "Microsoft", D(2020, 11, 10), None, 1930, 179, 2,
             {**_CONSOLE, "max_resolution": "1440p", "optical_drive": False},
             (storage((512, 0)), colours("Robot White"))),
    # Smartwatches -----------------------------------------------------------------------------------------
    _watch("Watch SE (2nd generation)", "Apple", D(2022, 9, 16), None, 27, "aluminium", 169, 2,
           {"os": "watchOS", "chipset": "S8 SiP", "display": "OLED", "water_resistance": "WR50"},
           (opt("case_mm", (40, 0), (44, 30)), colours("Midnight", "Starlight", "Silver"), _WATCH_CONN)),
    _watch("Watch Series 7", "Apple", D(2021, 10, 15), D(2022, 9, 7), 32, "aluminium", 219, 2,
           {"os": "watchOS", "chipset": "S7 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
           (_WATCH_41_45, colours("Midnight", "Starlight", "Green", "Blue"), _WATCH_CONN)),
    _watch("Watch Series 8", "Apple", D(2022, 9, 16), D(2023, 9, 12), 32, "aluminium", 259, 2,
           {"os": "watchOS", "chipset": "S8 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
           (_WATCH_41_45, colours("Midnight", "Starlight", "Silver", "(PRODUCT)RED"), _WATCH_CONN)),
    _watch("Watch Series 9", "Apple", D(2023, 9, 22), D(2024, 9, 9), 32, "aluminium", 299, 2,
           {"os": "watchOS", "chipset": "S9 SiP", "display": "LTPO OLED", "water_resistance": "WR50"},
           (_WATCH_41_45, colours("Midnight", "Starlight", "Silver", "Pink"), _WATCH_CONN)),
    _watch("Watch Ultra", "Apple", D(2022, 9, 23), D(2023, 9, 12), 61, "titanium", 499, 1,
           {"os": "watchOS", "chipset": "S8 SiP", "display": "LTPO OLED", "water_resistance": "WR100"},
           (opt("case_mm", 49), colours("Natural Titanium"), opt("connectivity", "GPS + Cellular"))),
    _watch("Galaxy Watch5", "Samsung", D(2022, 8, 26), None, 29, "aluminium", 129, 1,
           {"os": "Wear OS", "chipset": "Exynos W920", "display": "Super AMOLED", "water_resistance": "5ATM, IP68"},
           (opt("case_mm", (40, 0), (44, 20)), colours("Graphite", "Silver"), _WATCH_CONN), origin="VN"),
    _watch("Galaxy Watch6", "Samsung", D(2023, 8, 11), None, 29, "aluminium", 169, 1,
           {"os": "Wear OS", "chipset": "Exynos W930", "display": "Super AMOLED", "water_resistance": "5ATM, IP68"},
           (opt("case_mm", (40, 0), (44, 20)), colours("Graphite", "Silver"), _WATCH_CONN), origin="VN"),
    _watch("Pixel Watch", "Google", D(2022, 10, 13), None, 36, "stainless steel", 179, 1,
           {"os": "Wear OS", "chipset": "Exynos 9110", "display": "AMOLED", "water_resistance": "5ATM"},
           (opt("case_mm", 41), colours("Matte Black", "Polished Silver", "Champagne Gold"), _WATCH_CONN)),
    # Earphones --------------------------------------------------------------------------------------------
    _buds("AirPods (2nd generation)", "Apple", D(2019, 3, 20), D(2024, 9, 9), "CN", 46, 79, 2, False, "Lightning",
          False, None, (colours("White"),)),
    _buds("AirPods (3rd generation)", "Apple", D(2021, 10, 26), D(2024, 9, 9), "VN", 43, 119, 2, False, "Lightning",
          True, "IPX4", (colours("White"),)),
    _buds("AirPods Pro (1st generation)", "Apple", D(2019, 10, 30), D(2022, 9, 7), "CN", 56, 119, 3, True,
          "Lightning", True, "IPX4", (colours("White"),)),
    _buds("AirPods Pro (2nd generation)", "Apple", D(2022, 9, 23), D(2023, 9, 12), "VN", 61, 169, 3, True,
          "Lightning", True, "IP54", (colours("White"),)),
    _buds("WF-1000XM4", "Sony", D(2021, 6, 8), None, "MY", 56, 119, 2, True, "USB-C", True, "IPX4",
          (colours("Black", "Silver"),)),
    _buds("WF-1000XM5", "Sony", D(2023, 7, 24), None, "MY", 51, 179, 1, True, "USB-C", True, "IPX4",
          (colours("Black", "Platinum Silver"),)),
    _buds("Galaxy Buds2 Pro", "Samsung", D(2022, 8, 26), None, "VN", 54, 99, 2, True, "USB-C", True, "IPX7",
          (colours("Graphite", "White", "Bora Purple"),)),
    _buds("Galaxy Buds2", "Samsung", D(2021, 8, 27), None, "VN", 51, 59, 1, True, "USB-C", True, "IPX2",
          (colours("Graphite", "White", "Olive", "Lavender"),)),
    # Jackets (apparel: no battery, sizes instead of storage) ---------------------------------------------
    _jacket("Men's Better Sweater Fleece Jacket", "Patagonia", "VN", 567, (("polyester (recycled)", 100),), 69, 2,
            "men", "regular", "fleece", False, "100% recycled polyester sweater-knit fleece",
            (_SIZES, colours("Black", "New Navy", "Industrial Green"))),
    _jacket("Women's Nano Puff Jacket", "Patagonia", "VN", 240, (("polyester (recycled)", 100),), 99, 2, "women",
            "regular", "synthetic", False,
            "Shell 100% recycled polyester ripstop; insulation PrimaLoft Gold Eco 100% recycled polyester",
            (_SIZES_W, colours("Black", "Pitch Blue"))),
    _jacket("Men's Torrentshell 3L Jacket", "Patagonia", "VN", 394, (("nylon (recycled)", 100),), 89, 1, "men",
            "regular", "none", True, "100% recycled nylon ripstop, 3-layer H2No Performance Standard shell",
            (_SIZES, colours("Black", "Forge Grey", "Wavy Blue"))),
    _jacket("Men's 1996 Retro Nuptse Jacket", "The North Face", "CN", 765,
            (("nylon (recycled)", 70), ("goose down (recycled, 700-fill)", 30)), 119, 3, "men", "relaxed", "down",
            False, "Shell 100% recycled nylon ripstop; fill 700-fill recycled goose down",
            (_SIZES, colours("TNF Black", "Summit Navy"))),
    _jacket("Women's Denali Jacket", "The North Face", "VN", 690, (("polyester (recycled)", 88), ("nylon", 12)), 89,
            1, "women", "regular", "fleece", False, "100% recycled polyester fleece with nylon overlays",
            (_SIZES_W, colours("TNF Black", "Summit Navy"))),
    _jacket("Trucker Jacket", "Levi's", "PK", 900, (("cotton", 100),), 59, 2, "men", "regular", "none", False,
            "100% cotton denim", (_SIZES, colours("Medium Stonewash", "Dark Rinse", "Black"))),
    _jacket("Sherpa Trucker Jacket", "Levi's", "BD", 1150, (("cotton", 62), ("polyester", 38)), 79, 2, "men",
            "regular", "sherpa", False, "Shell 100% cotton denim; lining 100% polyester sherpa",
            (_SIZES, colours("Medium Stonewash", "Black"))),
]

_APPLE_WATCHES = ("Watch SE (2nd generation)", "Watch Series 7", "Watch Series 8", "Watch Series 9")
_IPHONES = ("iPhone 11", "iPhone 11 Pro", "iPhone 12", "iPhone 12 mini", "iPhone 12 Pro", "iPhone 13",
            "iPhone 13 mini", "iPhone 13 Pro", "iPhone 14", "iPhone 14 Pro", "iPhone 15", "iPhone 15 Pro",
            "iPhone SE (3rd generation)")


def _accessory(cat, name, brand, released, origin, weight, materials, price, attrs, opts, fits, pop=1):
    return ProductSpec(cat, brand, name, released, None, origin, weight, materials, price, pop, attrs, opts, fits)


PRODUCTS += [
    # Accessories: linked to the models they fit -----------------------------------------------------------
    _accessory("watch-straps", "Watch Sport Band", "Apple", D(2021, 10, 15), "CN", 30,
               (("fluoroelastomer", 90), ("stainless steel", 10)), 19,
               {"material": "fluoroelastomer", "fastening": "pin-and-tuck"},
               (_WATCH_41_45, opt("band_size", "S/M", "M/L"), colours("Midnight", "Starlight")), _APPLE_WATCHES, 2),
    _accessory("watch-straps", "Watch Sport Loop", "Apple", D(2021, 10, 15), "CN", 20,
               (("nylon", 90), ("polyester", 10)), 17, {"material": "nylon weave", "fastening": "hook-and-loop"},
               (_WATCH_41_45, colours("Midnight", "Clover", "Abyss Blue")), _APPLE_WATCHES),
    _accessory("watch-straps", "Galaxy Watch Sport Band (20 mm)", "Samsung", D(2022, 8, 26), "VN", 24,
               (("silicone", 92), ("stainless steel", 8)), 14, {"material": "silicone", "fastening": "buckle"},
               (opt("band_size", "S/M", "M/L"), colours("Graphite", "Silver")), ("Galaxy Watch5", "Galaxy Watch6")),
    _accessory("cases", "iPhone 13 Silicone Case with MagSafe", "Apple", D(2021, 9, 24), "CN", 31, "case_silicone",
               15, {"material": "silicone", "magsafe": True}, (colours("Midnight", "Abyss Blue", "Marigold"),),
               ("iPhone 13",), 2),
    _accessory("cases", "iPhone 14 Pro Leather Case with MagSafe", "Apple", D(2022, 9, 16), "CN", 33,
               (("leather", 68), ("polycarbonate", 12), ("microfibre", 6), ("rare earth magnets", 14)), 25,
               {"material": "leather", "magsafe": True}, (colours("Midnight", "Ink", "Umber"),), ("iPhone 14 Pro",)),
    _accessory("cases", "iPhone 15 FineWoven Case with MagSafe", "Apple", D(2023, 9, 22), "CN", 30,
               (("polyester microtwill (recycled)", 70), ("polycarbonate", 14), ("rare earth magnets", 16)), 19,
               {"material": "FineWoven", "magsafe": True}, (colours("Black", "Taupe", "Pacific Blue"),),
               ("iPhone 15",)),
    _accessory("cases", "Galaxy S23 Silicone Case", "Samsung", D(2023, 2, 17), "VN", 28,
               (("silicone", 85), ("polycarbonate", 15)), 12, {"material": "silicone", "magsafe": False},
               (colours("Black", "Cream", "Green"),), ("Galaxy S23",)),
    _accessory("chargers", "20W USB-C Power Adapter", "Apple", D(2020, 10, 13), "CN", 55, "charger", 12,
               {"power_watts": 20, "connector": "USB-C", "ports": 1, "wall_plug": True}, (_PLUGS,),
               (*_IPHONES, "iPad (9th generation)", "iPad (10th generation)", "iPad Air (5th generation)",
                "iPad mini (6th generation)", "AirPods Pro (2nd generation)"), 2),
    _accessory("chargers", "MagSafe Charger (1 m)", "Apple", D(2020, 10, 13), "CN", 55, "charger", 25,
               {"power_watts": 15, "connector": "MagSafe", "ports": 0, "wall_plug": False}, (opt("cable_m", 1),),
               ("iPhone 12", "iPhone 12 mini", "iPhone 12 Pro", "iPhone 13", "iPhone 13 mini", "iPhone 13 Pro",
                "iPhone 14", "iPhone 14 Pro", "iPhone 15", "iPhone 15 Pro", "AirPods Pro (2nd generation)")),
    _accessory("chargers", "25W Super Fast Charging Power Adapter", "Samsung", D(2019, 8, 23), "VN", 54, "charger", 12,
               {"power_watts": 25, "connector": "USB-C", "ports": 1, "wall_plug": True}, (_PLUGS,),
               ("Galaxy S21 5G", "Galaxy S21 FE 5G", "Galaxy S22", "Galaxy S23", "Galaxy S23 Ultra", "Galaxy S24",
                "Galaxy A54 5G", "Galaxy Tab S8", "Galaxy Buds2 Pro")),
    _accessory("chargers", "30W USB-C Charger", "Google", D(2021, 10, 28), "CN", 65, "charger", 15,
               {"power_watts": 30, "connector": "USB-C", "ports": 1, "wall_plug": True}, (_PLUGS,),
               ("Pixel 6", "Pixel 6a", "Pixel 7", "Pixel 7a", "Pixel 8", "Pixel 8 Pro")),
    _accessory("chargers", "35W Dual USB-C Port Compact Power Adapter", "Apple", D(2022, 7, 15), "CN", 120, "charger",
               29, {"power_watts": 35, "connector": "USB-C", "ports": 2, "wall_plug": True}, (_PLUGS,),
               ("MacBook Air 13\" (M2, 2022)", "MacBook Air 13\" (M1, 2020)", "iPhone 15", "iPhone 15 Pro",
                "iPad Air (5th generation)", "iPad (10th generation)")),
]

# Where each plug type may be sold: a charger variant is only offered in the markets whose sockets it fits.
PLUG_MARKETS = {"EU": ("FR", "DE"), "UK": ("GB",), "US/JP": ("US", "JP")}

# How each variant attribute reads in a label ("128 GB · Midnight").
LABELS = {
    "storage_gb": lambda v: f"{v // 1024} TB" if v >= 1024 and v % 1024 == 0 else f"{v} GB",
    "ram_gb": lambda v: f"{v} GB RAM",
    "case_mm": lambda v: f"{v} mm",
    "plug": lambda v: f"{v} plug",
    "cable_m": lambda v: f"{v} m cable",
}
