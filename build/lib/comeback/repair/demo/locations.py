"""Repair locations in the five markets' cities (partner stores, pop-ups, independents), with their
opening hours and priced services.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from comeback.core import markets
from comeback.core.money import Money

from ..models import (
    Location,
    LocationKind,
    OpeningHours,
    Service,
    ServiceKind,
)

K = LocationKind
# (slug, name, kind, partner store code, address, postcode, city, market, timezone, lat, lon, bays)
LOCATIONS = [
    (
        "atelier-oberkampf",
        "Atelier Oberkampf Réparation",
        K.INDEPENDENT,
        None,
        "112 rue Oberkampf",
        "75011",
        "Paris",
        "FR",
        "Europe/Paris",
        "48.865600",
        "2.377900",
        2,
    ),
    (
        "popup-les-halles",
        "Comeback Pop-up Les Halles",
        K.POPUP,
        None,
        "101 Porte Berger, Forum des Halles",
        "75001",
        "Paris",
        "FR",
        "Europe/Paris",
        "48.862300",
        "2.346600",
        1,
    ),
    (
        "relay-paris-rivoli",
        "Relay Paris Rivoli — repair corner",
        K.PARTNER_STORE,
        "PAR-RIV",
        "120 rue de Rivoli",
        "75001",
        "Paris",
        "FR",
        "Europe/Paris",
        "48.860700",
        "2.344200",
        1,
    ),
    (
        "repar-lyon-part-dieu",
        "Répar'Lyon Part-Dieu",
        K.PARTNER_STORE,
        "LYS-PDI",
        "17 rue du Docteur Bouchut",
        "69003",
        "Lyon",
        "FR",
        "Europe/Paris",
        "45.761000",
        "4.856000",
        1,
    ),
    (
        "lyon-croix-rousse",
        "Le Labo Croix-Rousse",
        K.INDEPENDENT,
        None,
        "4 place de la Croix-Rousse",
        "69004",
        "Lyon",
        "FR",
        "Europe/Paris",
        "45.774300",
        "4.831900",
        1,
    ),
    (
        "marseille-vieux-port",
        "Réparation Vieux-Port",
        K.INDEPENDENT,
        None,
        "22 quai du Port",
        "13002",
        "Marseille",
        "FR",
        "Europe/Paris",
        "43.296600",
        "5.369900",
        1,
    ),
    (
        "berlin-kreuzberg",
        "Reparatur-Werkstatt Kreuzberg",
        K.INDEPENDENT,
        None,
        "Oranienstraße 24",
        "10999",
        "Berlin",
        "DE",
        "Europe/Berlin",
        "52.500900",
        "13.419500",
        2,
    ),
    (
        "relay-berlin-alexanderplatz",
        "Relay Berlin Alexanderplatz — Reparatur",
        K.PARTNER_STORE,
        "BER-ALX",
        "Alexanderplatz 9",
        "10178",
        "Berlin",
        "DE",
        "Europe/Berlin",
        "52.521900",
        "13.413200",
        1,
    ),
    (
        "munich-maxvorstadt",
        "Handy-Klinik Maxvorstadt",
        K.INDEPENDENT,
        None,
        "Türkenstraße 52",
        "80799",
        "München",
        "DE",
        "Europe/Berlin",
        "48.150800",
        "11.578700",
        1,
    ),
    (
        "london-clerkenwell",
        "Fix Lab Clerkenwell",
        K.INDEPENDENT,
        None,
        "45 Exmouth Market",
        "EC1R 4QL",
        "London",
        "GB",
        "Europe/London",
        "51.526300",
        "-0.108800",
        2,
    ),
    (
        "relay-london-oxford-street",
        "Relay London Oxford Street — repairs",
        K.PARTNER_STORE,
        "LON-OXF",
        "300 Oxford Street",
        "W1C 1DX",
        "London",
        "GB",
        "Europe/London",
        "51.515000",
        "-0.145000",
        1,
    ),
    (
        "manchester-northern-quarter",
        "Northern Quarter Repairs",
        K.INDEPENDENT,
        None,
        "18 Oldham Street",
        "M1 1JN",
        "Manchester",
        "GB",
        "Europe/London",
        "53.482700",
        "-2.235300",
        1,
    ),
    (
        "nyc-chelsea",
        "Gadget Clinic Chelsea",
        K.INDEPENDENT,
        None,
        "214 W 23rd St",
        "10011",
        "New York",
        "US",
        "America/New_York",
        "40.744400",
        "-73.995800",
        2,
    ),
    (
        "relay-new-york-fifth-avenue",
        "Relay New York Fifth Avenue — repair bar",
        K.PARTNER_STORE,
        "NYC-5AV",
        "500 Fifth Avenue",
        "10110",
        "New York",
        "US",
        "America/New_York",
        "40.753600",
        "-73.981600",
        1,
    ),
    (
        "brooklyn-popup",
        "Comeback Pop-up Williamsburg",
        K.POPUP,
        None,
        "110 N 6th St",
        "11249",
        "Brooklyn",
        "US",
        "America/New_York",
        "40.719300",
        "-73.959600",
        1,
    ),
    (
        "tokyo-shibuya",
        "渋谷リペアラボ Shibuya Repair Labo",
        K.INDEPENDENT,
        None,
        "1-14-14 Shibuya",
        "150-0002",
        "Tokyo",
        "JP",
        "Asia/Tokyo",
        "35.660700",
        "139.703500",
        2,
    ),
    (
        "osaka-umeda",
        "梅田スマホ修理 Umeda Repair",
        K.INDEPENDENT,
        None,
        "3-1-3 Umeda, Kita-ku",
        "530-0001",
        "Osaka",
        "JP",
        "Asia/Tokyo",
        "34.700600",
        "135.495800",
        1,
    ),
]

# Service prices in each market (major units) and durations (minutes): a battery is the cheapest, quickest fix.
SERVICES = {
    ServiceKind.BATTERY: ({"EUR": 69, "GBP": 59, "USD": 79, "JPY": 9800}, 45),
    ServiceKind.SCREEN: ({"EUR": 149, "GBP": 129, "USD": 169, "JPY": 22800}, 60),
    ServiceKind.CHARGING_PORT: ({"EUR": 59, "GBP": 49, "USD": 69, "JPY": 8800}, 45),
    ServiceKind.BACK_GLASS: ({"EUR": 99, "GBP": 89, "USD": 119, "JPY": 15800}, 90),
    ServiceKind.CAMERA: ({"EUR": 89, "GBP": 79, "USD": 99, "JPY": 13800}, 45),
    ServiceKind.DIAGNOSTIC: ({"EUR": 0, "GBP": 0, "USD": 0, "JPY": 0}, 20),
}


def _hours(location: Location, kind: str) -> list[OpeningHours]:
    if kind == K.POPUP:  # pop-ups open Wednesday to Sunday, afternoons
        days = [(d, time(12), time(19)) for d in range(2, 7)]
    else:  # Monday to Saturday, with a lunch break on weekdays
        days = [(d, time(9, 30), time(13)) for d in range(0, 5)] + [
            (d, time(14), time(19)) for d in range(0, 5)
        ]
        days.append((5, time(10), time(18)))
    return [OpeningHours(location=location, weekday=d, opens=o, closes=c) for d, o, c in days]


def _locations(ctx) -> list[Location]:
    from comeback.tradein.models import Store

    stores = {s.code: s for s in Store.objects.filter(partner__slug="relay-mobile")}
    made = []
    for slug, name, kind, store, address, postcode, city, market, tz, lat, lon, bays in LOCATIONS:
        loc = Location.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            store=stores.get(store) if store else None,
            market_id=market,
            address=address,
            postal_code=postcode,
            city=city,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            timezone=tz,
            bays=bays,
            phone="",
            created_at=ctx.now - timedelta(days=180),
        )
        OpeningHours.objects.bulk_create(_hours(loc, kind))
        currency = markets.get(market).currency
        offered = (
            list(SERVICES)
            if kind != K.POPUP
            else [ServiceKind.BATTERY, ServiceKind.SCREEN, ServiceKind.DIAGNOSTIC]
        )
        Service.objects.bulk_create(
            [
                Service(
                    location=loc,
                    kind=k,
                    price_amount=Money.from_major(SERVICES[k][0][currency], currency).amount,
                    currency=currency,
                    duration_minutes=SERVICES[k][1],
                )
                for k in offered
            ]
        )
        made.append(loc)
    return made
