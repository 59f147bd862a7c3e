"""The demo's game consoles, home and handheld."""

from __future__ import annotations

from .specs import D, ProductSpec, colours, storage


def _console(cat, name, brand, released, ended, weight, price, pop, attrs, opts, origin="CN"):
    materials = "console_handheld" if attrs["portable"] else "console_home"
    return ProductSpec(cat, brand, name, released, ended, origin, weight, materials, price, pop, attrs, opts)


_CONSOLE = {"chipset": "AMD Zen 2 + RDNA 2 (custom)", "portable": False}
_SWITCH = {"chipset": "NVIDIA Tegra X1 (custom)", "portable": True, "optical_drive": False}

CONSOLES: list[ProductSpec] = [
    # Game consoles ----------------------------------------------------------------------------------------
    _console(
        "handheld-consoles",
        "Switch",
        "Nintendo",
        D(2017, 3, 3),
        None,
        398,
        179,
        3,
        {**_SWITCH, "max_resolution": "1080p", "screen_inches": 6.2, "display": "LCD"},
        (storage((32, 0)), colours("Neon Red/Neon Blue", "Grey")),
    ),
    _console(
        "handheld-consoles",
        "Switch – OLED Model",
        "Nintendo",
        D(2021, 10, 8),
        None,
        420,
        249,
        3,
        {**_SWITCH, "max_resolution": "1080p", "screen_inches": 7.0, "display": "OLED"},
        (storage((64, 0)), colours("White", "Neon Red/Neon Blue")),
    ),
    _console(
        "handheld-consoles",
        "Switch Lite",
        "Nintendo",
        D(2019, 9, 20),
        None,
        275,
        129,
        2,
        {**_SWITCH, "max_resolution": "720p", "screen_inches": 5.5, "display": "LCD"},
        (storage((32, 0)), colours("Yellow", "Grey", "Turquoise", "Coral")),
    ),
    _console(
        "handheld-consoles",
        "Steam Deck LCD",
        "Valve",
        D(2022, 2, 25),
        None,
        669,
        299,
        2,
        {
            "chipset": "AMD Aerith APU (Zen 2 + RDNA 2)",
            "max_resolution": "720p",
            "optical_drive": False,
            "portable": True,
            "screen_inches": 7.0,
            "display": "LCD",
        },
        (storage((64, 0), (256, 70), (512, 130)), colours("Black")),
    ),
    _console(
        "handheld-consoles",
        "Steam Deck OLED",
        "Valve",
        D(2023, 11, 16),
        None,
        640,
        449,
        1,
        {
            "chipset": "AMD Sephiroth APU (Zen 2 + RDNA 2)",
            "max_resolution": "720p",
            "optical_drive": False,
            "portable": True,
            "screen_inches": 7.4,
            "display": "OLED",
        },
        (storage((512, 0), (1024, 110)), colours("Black")),
    ),
    _console(
        "home-consoles",
        "PlayStation 5",
        "Sony",
        D(2020, 11, 12),
        D(2023, 11, 10),
        4500,
        329,
        3,
        {**_CONSOLE, "max_resolution": "4K", "optical_drive": True},
        (storage((825, 0)), colours("White")),
    ),
    _console(
        "home-consoles",
        "PlayStation 5 Digital Edition",
        "Sony",
        D(2020, 11, 12),
        D(2023, 11, 10),
        3900,
        279,
        2,
        {**_CONSOLE, "max_resolution": "4K", "optical_drive": False},
        (storage((825, 0)), colours("White")),
    ),
    _console(
        "home-consoles",
        "Xbox Series X",
        "Microsoft",
        D(2020, 11, 10),
        None,
        4450,
        299,
        2,
        {**_CONSOLE, "max_resolution": "4K", "optical_drive": True},
        (storage((1024, 0)), colours("Carbon Black")),
    ),
    _console(
        "home-consoles",
        "Xbox Series S",
        "Microsoft",
        D(2020, 11, 10),
        None,
        1930,
        179,
        2,
        {**_CONSOLE, "max_resolution": "1440p", "optical_drive": False},
        (storage((512, 0)), colours("Robot White")),
    ),
]
