"""The partner programmes: a console maker's official programme (NovaPlay) with its bonus, and a retail
network (Relay Mobile) with six stores across the markets and its commission.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ..models import (
    Partner,
    PartnerKind,
    Store,
)

STORES = [  # code, name, address, postal code, city, market, latitude, longitude, commission override
    (
        "PAR-RIV",
        "Relay Paris Rivoli",
        "120 rue de Rivoli",
        "75001",
        "Paris",
        "FR",
        "48.860700",
        "2.344200",
        400,
    ),
    (
        "LYS-PDI",
        "Relay Lyon Part-Dieu",
        "17 rue du Docteur Bouchut",
        "69003",
        "Lyon",
        "FR",
        "45.761000",
        "4.856000",
        None,
    ),
    (
        "BER-ALX",
        "Relay Berlin Alexanderplatz",
        "Alexanderplatz 9",
        "10178",
        "Berlin",
        "DE",
        "52.521900",
        "13.413200",
        None,
    ),
    (
        "LON-OXF",
        "Relay London Oxford Street",
        "300 Oxford Street",
        "W1C 1DX",
        "London",
        "GB",
        "51.515000",
        "-0.145000",
        None,
    ),
    (
        "NYC-5AV",
        "Relay New York Fifth Avenue",
        "500 Fifth Avenue",
        "10110",
        "New York",
        "US",
        "40.753600",
        "-73.981600",
        None,
    ),
    (
        "TYO-SBY",
        "Relay Tokyo Shibuya",
        "2-24-1 Shibuya",
        "150-0002",
        "Tokyo",
        "JP",
        "35.658000",
        "139.701600",
        None,
    ),
]


def _partners(ctx) -> tuple[Partner, Partner]:
    consoles = [p for p in ctx.products if p.category.slug in ("home-consoles", "handheld-consoles")]
    brand, _ = Partner.objects.update_or_create(
        slug="novaplay",
        defaults={
            "name": "NovaPlay",
            "kind": PartnerKind.BRAND,
            "logo_text": "NOVAPLAY",
            "tagline": "Trade in your console, level up to the next one.",
            "colour_primary": "#33206e",
            "colour_on_primary": "#ffffff",
            "bonus_bps": 1000,
            "commission_bps": 0,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=120),
        },
    )
    brand.eligible_models.set(consoles)
    retail, _ = Partner.objects.update_or_create(
        slug="relay-mobile",
        defaults={
            "name": "Relay Mobile",
            "kind": PartnerKind.RETAIL,
            "logo_text": "RELAY",
            "tagline": "Trade in at the counter, paid on the spot.",
            "colour_primary": "#0b4f8a",
            "colour_on_primary": "#ffffff",
            "bonus_bps": 0,
            "commission_bps": 300,
            "is_active": True,
            "created_at": ctx.now - timedelta(days=200),
        },
    )
    retail.eligible_models.clear()
    for code, name, address, postal, city, market, lat, lon, commission in STORES:
        Store.objects.update_or_create(
            partner=retail,
            code=code,
            defaults={
                "name": name,
                "address": address,
                "postal_code": postal,
                "city": city,
                "market_id": market,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "commission_bps": commission,
                "is_active": True,
            },
        )
    return brand, retail
