"""The demo's device and accessory categories, each with its JSON Schemas, battery floor and kind.

The fashion categories (fashion.py) are spliced in around the jackets by the package.
"""

from __future__ import annotations

from .specs import CategorySpec, _schema

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


_GROUP = _schema({})  # grouping categories hold no products directly

CATEGORIES: list[CategorySpec] = [
    CategorySpec("smartphones", "Smartphones", "device", "phone", 80, _PHONE_ATTRS, _STORAGE_COLOUR),
    CategorySpec(
        "laptops",
        "Laptops",
        "device",
        "laptop",
        85,
        _LAPTOP_ATTRS,
        _schema(
            {
                "ram_gb": {"type": "integer", "enum": [8, 16, 18, 24, 32, 36, 64]},
                "storage_gb": _STORAGE,
                "colour": _COLOUR,
            },
            ("ram_gb", "storage_gb"),
        ),
    ),
    CategorySpec(
        "tablets",
        "Tablets",
        "device",
        "tablet",
        85,
        _TABLET_ATTRS,
        _schema(
            {
                "storage_gb": _STORAGE,
                "colour": _COLOUR,
                "connectivity": {"type": "string", "enum": ["Wi-Fi", "Wi-Fi + Cellular"]},
            },
            ("storage_gb", "colour", "connectivity"),
        ),
    ),
    CategorySpec("game-consoles", "Game consoles", "device", "console", None, _GROUP, _GROUP),
    CategorySpec(
        "handheld-consoles",
        "Handheld consoles",
        "device",
        "console",
        85,
        _CONSOLE_ATTRS,
        _STORAGE_COLOUR,
        parent="game-consoles",
    ),
    CategorySpec(
        "home-consoles",
        "Home consoles",
        "device",
        "console",
        None,
        _CONSOLE_ATTRS,
        _STORAGE_COLOUR,
        parent="game-consoles",
    ),
    CategorySpec(
        "smartwatches",
        "Smartwatches",
        "device",
        "watch",
        85,
        _WATCH_ATTRS,
        _schema(
            {
                "case_mm": _MM,
                "colour": _COLOUR,
                "connectivity": {"type": "string", "enum": ["GPS", "GPS + Cellular"]},
            },
            ("case_mm", "colour", "connectivity"),
        ),
    ),
    CategorySpec(
        "earphones",
        "Earphones",
        "device",
        "earphones",
        85,
        _EARPHONE_ATTRS,
        _schema({"colour": _COLOUR}, ("colour",)),
    ),
    CategorySpec(
        "jackets",
        "Jackets",
        "apparel",
        "jacket",
        None,
        _JACKET_ATTRS,
        _schema(
            {"size": {"type": "string", "enum": ["XS", "S", "M", "L", "XL", "XXL"]}, "colour": _COLOUR},
            ("size", "colour"),
        ),
        parent="fashion",
    ),
    CategorySpec("accessories", "Accessories", "accessory", "accessory", None, _GROUP, _GROUP),
    CategorySpec(
        "watch-straps",
        "Watch straps",
        "accessory",
        "accessory",
        None,
        _STRAP_ATTRS,
        _schema(
            {
                "case_mm": _MM,
                "band_size": {"type": "string", "enum": ["S/M", "M/L", "One size"]},
                "colour": _COLOUR,
            },
            ("colour",),
        ),
        parent="accessories",
    ),
    CategorySpec(
        "cases",
        "Cases",
        "accessory",
        "accessory",
        None,
        _CASE_ATTRS,
        _schema({"colour": _COLOUR}, ("colour",)),
        parent="accessories",
    ),
    CategorySpec(
        "chargers",
        "Chargers",
        "accessory",
        "accessory",
        None,
        _CHARGER_ATTRS,
        _schema({"plug": _PLUG, "cable_m": {"type": "number", "enum": [1, 2]}}),
        parent="accessories",
    ),
]
