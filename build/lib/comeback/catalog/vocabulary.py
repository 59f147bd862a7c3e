"""The catalogue's own words, translated: category names and attribute (filter) labels.

Categories are content entered once, in English; the names the catalogue ships with are listed here so
`makemessages` carries them into every language's catalogue and a French or Japanese page shows them
translated. A name added later by staff stays as entered until it is listed and translated here.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from comeback.core import locales

from . import colours

CATEGORY_NAMES = (
    N_("Smartphones"),
    N_("Laptops"),
    N_("Tablets"),
    N_("Game consoles"),
    N_("Handheld consoles"),
    N_("Home consoles"),
    N_("Smartwatches"),
    N_("Earphones"),
    N_("Jackets"),
    N_("Fashion"),
    N_("Knitwear"),
    N_("Jeans"),
    N_("Dresses"),
    N_("Shoes"),
    N_("Bags"),
    N_("Upcycled editions"),
    N_("Accessories"),
    N_("Watch straps"),
    N_("Cases"),
    N_("Chargers"),
)

# Attribute name -> (label, unit shown beside the label when the values carry none).
ATTRIBUTE_LABELS: dict[str, tuple[str, str]] = {
    "band_size": (N_("Band size"), ""),
    "battery_mah": (N_("Battery"), "mAh"),
    "battery_wh": (N_("Battery"), "Wh"),
    "cable_m": (N_("Cable length"), "m"),
    "closure": (N_("Closure"), ""),
    "case_connector": (N_("Case connector"), ""),
    "case_material": (N_("Case material"), ""),
    "care": (N_("Care"), ""),
    "case_mm": (N_("Case size"), "mm"),
    "chipset": (N_("Chipset"), ""),
    "colour": (N_("Colour"), ""),
    "colour_group": (N_("Colour"), ""),  # the base colour (catalog/colours.py)
    "edition_number": (N_("Piece number"), ""),  # a numbered piece of an upcycled edition
    "connectivity": (N_("Connectivity"), ""),
    "connector": (N_("Connector"), ""),
    "display": (N_("Display"), ""),
    "fabric": (N_("Fabric"), ""),
    "fastening": (N_("Fastening"), ""),
    "fit": (N_("Fit"), ""),
    "gender": (N_("Cut"), ""),
    "insulation": (N_("Insulation"), ""),
    "magsafe": (N_("MagSafe"), ""),
    "main_camera_mp": (N_("Main camera"), "MP"),
    "material": (N_("Material"), ""),
    "max_resolution": (N_("Maximum resolution"), ""),
    "network": (N_("Network"), ""),
    "noise_cancelling": (N_("Noise cancelling"), ""),
    "optical_drive": (N_("Optical drive"), ""),
    "os": (N_("Operating system"), ""),
    "plug": (N_("Plug"), ""),
    "portable": (N_("Portable"), ""),
    "ports": (N_("Ports"), ""),
    "power_watts": (N_("Power"), "W"),
    "processor": (N_("Processor"), ""),
    "ram_gb": (N_("Memory (RAM)"), "GB"),
    "resoleable": (N_("Can be resoled"), ""),
    "resolution": (N_("Resolution"), ""),
    "screen_inches": (N_("Screen size"), "in"),
    "size": (N_("Size"), ""),
    "sole": (N_("Sole"), ""),
    "style": (N_("Style"), ""),
    "storage_gb": (N_("Storage"), "GB"),
    "stylus": (N_("Stylus"), ""),
    "wall_plug": (N_("Wall plug"), ""),
    "width_cm": (N_("Width"), "cm"),
    "height_cm": (N_("Height"), "cm"),
    "water_resistance": (N_("Water resistance"), ""),
    "waterproof": (N_("Waterproof"), ""),
    "wireless_charging": (N_("Wireless charging"), ""),
}


def category_name(name: str | None) -> str:
    """A category's name in the page's language (as entered when the catalogue does not know it)."""
    return gettext(name) if name else ""


def attribute_label(name: str, *, unit_suffix: bool = True) -> str:
    """ "storage_gb" -> "Storage (GB)", "Stockage (GB)"; "Storage" alone where the values carry their unit."""
    label, unit = ATTRIBUTE_LABELS.get(name, ("", ""))
    if not label:
        base = name
        for suffix in ("_gb", "_mm"):
            if name.endswith(suffix):
                base, unit = name[: -len(suffix)], suffix[1:].upper() if suffix == "_gb" else suffix[1:]
        return base.replace("_", " ").strip().capitalize() + (f" ({unit})" if unit and unit_suffix else "")
    return gettext(label) + (f" ({unit})" if unit and unit_suffix else "")


def attribute_value(name: str, value) -> str:
    """A filter value as people read it, its unit beside it: storage 1024 -> "1 TB", 128 -> "128 GB",
    case_mm 41 -> "41 mm", power_watts 20 -> "20 W", a yes/no -> "Yes"/"No" (numbers in the page's language)."""
    text = str(value)
    if name == colours.GROUP:
        return colours.label(text)
    if text.lower() in ("true", "false"):
        return gettext("Yes") if text.lower() == "true" else gettext("No")
    _label, unit = ATTRIBUTE_LABELS.get(name, ("", ""))
    if not unit:
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    if unit == "GB" and number >= 1024 and number % 1024 == 0:
        number, unit = number / 1024, "TB"
    return f"{locales.number(number, -2)}\xa0{unit}"
