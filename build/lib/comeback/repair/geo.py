"""Distances and the near-me search's place names (no network: a small built-in table, see docs/repair.md)."""

from __future__ import annotations

import math
import unicodedata

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_point(lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise Invalid.field("lat", "latitude_out_of_range", _("Latitude is between -90 and 90."))
    if not -180 <= lon <= 180:
        raise Invalid.field("lon", "longitude_out_of_range", _("Longitude is between -180 and 180."))


# Demo cities and postcodes of the five markets (city centres or the postcode's district centre).
PLACES: dict[str, tuple[float, float, str]] = {
    "paris": (48.8566, 2.3522, "Paris"),
    "75001": (48.8625, 2.3364, "Paris 1er"),
    "75002": (48.8683, 2.3428, "Paris 2e"),
    "75011": (48.8590, 2.3800, "Paris 11e"),
    "75015": (48.8412, 2.3003, "Paris 15e"),
    "lyon": (45.7640, 4.8357, "Lyon"),
    "69001": (45.7699, 4.8292, "Lyon 1er"),
    "69002": (45.7485, 4.8270, "Lyon 2e"),
    "marseille": (43.2965, 5.3698, "Marseille"),
    "13001": (43.2999, 5.3841, "Marseille 1er"),
    "berlin": (52.5200, 13.4050, "Berlin"),
    "10115": (52.5323, 13.3846, "Berlin-Mitte"),
    "10999": (52.4997, 13.4186, "Berlin-Kreuzberg"),
    "munich": (48.1351, 11.5820, "München"),
    "münchen": (48.1351, 11.5820, "München"),
    "80331": (48.1372, 11.5755, "München Altstadt"),
    "hamburg": (53.5511, 9.9937, "Hamburg"),
    "london": (51.5072, -0.1276, "London"),
    "ec1a": (51.5200, -0.0977, "London EC1A"),
    "sw1a": (51.5014, -0.1419, "London SW1A"),
    "n1": (51.5388, -0.0990, "London N1"),
    "manchester": (53.4808, -2.2426, "Manchester"),
    "m1": (53.4794, -2.2453, "Manchester M1"),
    "new york": (40.7128, -74.0060, "New York"),
    "nyc": (40.7128, -74.0060, "New York"),
    "10001": (40.7506, -73.9972, "New York 10001"),
    "10013": (40.7201, -74.0050, "New York 10013"),
    "brooklyn": (40.6782, -73.9442, "Brooklyn"),
    "11211": (40.7128, -73.9538, "Brooklyn 11211"),
    "san francisco": (37.7749, -122.4194, "San Francisco"),
    "94103": (37.7725, -122.4091, "San Francisco 94103"),
    "tokyo": (35.6762, 139.6503, "東京 Tokyo"),
    "東京": (35.6762, 139.6503, "東京 Tokyo"),
    "150-0002": (35.6595, 139.7005, "Shibuya 150-0002"),
    "100-0005": (35.6812, 139.7671, "Marunouchi 100-0005"),
    "osaka": (34.6937, 135.5023, "大阪 Osaka"),
    "大阪": (34.6937, 135.5023, "大阪 Osaka"),
}


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().casefold()
    return " ".join(text.replace(",", " ").split())


def geocode(text: str) -> tuple[float, float, str]:
    """(lat, lon, label) of a demo city or postcode; 422 naming the field when unknown."""
    key = _key(text)
    found = (
        PLACES.get(key) or PLACES.get(key.replace(" ", "")) or PLACES.get(key.split(" ")[0] if key else "")
    )
    if found is None:
        raise Invalid.field(
            "place",
            "unknown_place",
            _("We do not know “%s”; try a city (Paris, Lyon, Berlin, London, New York, Tokyo) or a postcode.")
            % text.strip(),
        )
    return found
