"""Repair demo: repair locations in the five markets' cities (partner stores, pop-ups, independents) with
hours and priced services, a spare parts catalogue for the demo phones with stock at every location (a few
models deliberately at risk for the obligation report), a refurbisher's workshop, bookings, and finished
repairs written to units' passports. Login: repairer@demo.comeback.test (works in Paris)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from comeback.core import markets
from comeback.core.money import Money

from . import demo_fashion, handlers, slots
from .models import (
    Location,
    LocationKind,
    Membership,
    OpeningHours,
    Part,
    PartPrice,
    PartSource,
    PartType,
    Service,
    ServiceKind,
    Stock,
    StockMovement,
)
from .obligation import required_types
from .services import bookings, jobs, parts

REPAIRER = "repairer@demo.comeback.test"
BUYER = "buyer@demo.comeback.test"
DEMO_NOTE = "demo"

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
# Part prices (major units, FR) by type; other markets follow MARKET_FACTORS.
PART_PRICES = {
    PartType.BATTERY: 29,
    PartType.SCREEN: 89,
    PartType.BACK_GLASS: 39,
    PartType.CAMERA: 49,
    PartType.CHARGING_PORT: 19,
    PartType.SPEAKER: 15,
    PartType.KEYBOARD: 79,
    PartType.TRACKPAD: 59,
    PartType.CHARGER: 35,
    PartType.STRAP: 19,
}
MARKET_FACTORS = {"FR": 1.0, "DE": 1.0, "GB": 0.88, "US": 1.1, "JP": 150}
# Deliberate gaps, so the obligation report has something to show: (model name, part type, what is wrong).
GAPS = [
    ("iPhone 11 Pro", PartType.BATTERY, "out_of_stock"),
    ("iPhone 12 mini", PartType.CAMERA, "slow"),
    ("iPhone 12 Pro", PartType.BACK_GLASS, "no_part"),
    ("Galaxy S21 5G", PartType.SPEAKER, "slow"),
]


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


def _price(part_type: str, code: str) -> int:
    market = markets.get(code)
    major = round(PART_PRICES.get(part_type, 25) * MARKET_FACTORS[code])
    return Money.from_major(major, market.currency).amount


def _parts(ctx, locations: list[Location]) -> None:
    covered = [p for p in ctx.products if required_types(p.category)]
    gaps = {(model, part_type): what for model, part_type, what in GAPS}
    codes = markets.codes()
    stock_rows, moves = [], []
    for product in ctx.progress(covered, desc="repair: spare parts"):
        for part_type in required_types(product.category):
            what = gaps.get((product.name, part_type))
            if what == "no_part":
                continue
            oem = part_type in (PartType.BATTERY, PartType.CAMERA)
            part = Part.objects.create(
                sku=f"{product.slug}-{part_type}".upper()[:64],
                part_type=part_type,
                name=f"{product.name} {PartType(part_type).label.lower()}"[:160],
                source=PartSource.OEM if oem else PartSource.COMPATIBLE,
                lead_time_days=15 if what == "slow" else ctx.rng.randint(2, 8),
                notes=DEMO_NOTE,
                created_at=ctx.now - timedelta(days=90),
            )
            part.compatible_models.set([product])
            PartPrice.objects.bulk_create(
                [
                    PartPrice(
                        part=part, market_id=c, amount=_price(part_type, c), currency=markets.get(c).currency
                    )
                    for c in codes
                ]
            )
            for loc in locations:
                quantity = 0 if what == "out_of_stock" else ctx.rng.choice([0, 1, 2, 3, 5, 8])
                if part_type == PartType.BATTERY and what is None:
                    quantity = max(quantity, 3)  # batteries are the first-class repair: always some in stock
                stock_rows.append(Stock(part=part, location=loc, quantity=quantity, updated_at=ctx.now))
                if quantity:
                    moves.append(
                        StockMovement(
                            part=part,
                            location=loc,
                            delta=quantity,
                            reason="received",
                            ref="demo",
                            at=ctx.now - timedelta(days=30),
                        )
                    )
    Stock.objects.bulk_create(stock_rows, batch_size=500)
    StockMovement.objects.bulk_create(moves, batch_size=500)


def _workshop(ctx) -> None:
    """The first full refurbisher stocks its own compatible batteries in its workshop."""
    seller = next((s for _e, s in sorted(ctx.sellers.items()) if s.status == "full"), None)
    gaps = {model for model, _type, _what in GAPS}
    phones = [p for p in ctx.products if p.category.slug == "smartphones" and p.name not in gaps][:4]
    if seller is None or not phones:
        return
    workshop = parts.workshop_for(seller=seller)
    for product in phones:
        part = Part.objects.create(
            sku=f"{seller.slug}-{product.slug}-bat".upper()[:64],
            part_type=PartType.BATTERY,
            name=f"{product.name} battery (compatible, {seller.display_name})"[:160],
            source=PartSource.COMPATIBLE,
            seller=seller,
            lead_time_days=3,
            notes=DEMO_NOTE,
            created_at=ctx.now,
        )
        part.compatible_models.set([product])
        Stock.objects.create(
            part=part, location=workshop, quantity=ctx.rng.randint(4, 12), updated_at=ctx.now
        )


def _people(ctx, paris: list[Location]):
    from comeback.accounts.models import User

    hashed = ctx.users[BUYER].password if BUYER in ctx.users else make_password(ctx.password)
    repairer = User.objects.create(
        email=REPAIRER,
        name="Rémi Réparateur",
        password=hashed,
        preferred_market="FR",
        date_joined=ctx.now - timedelta(days=150),
    )
    ctx.users[REPAIRER] = repairer
    for loc in paris:
        Membership.objects.create(user=repairer, location=loc, created_at=ctx.now - timedelta(days=150))
    return repairer


def _bookings_and_jobs(ctx, shop: Location, repairer) -> None:
    from comeback.passports.models import Passport, PassportStatus

    buyer = ctx.users.get(BUYER)
    battery = Service.objects.get(location=shop, kind=ServiceKind.BATTERY)
    phones = [p for p in ctx.products if p.category.slug == "smartphones"]
    if buyer is not None and phones:
        start = slots.first_free(shop, battery)
        if start is not None:
            bookings.book(
                customer=buyer,
                location=shop,
                service_kind=ServiceKind.BATTERY,
                product=phones[0],
                starts_at=start,
                notes="Battery drains by lunchtime.",
            )
        later = slots.first_free(
            shop, Service.objects.get(location=shop, kind=ServiceKind.SCREEN), at=ctx.now + timedelta(days=3)
        )
        if later is not None:
            moved = bookings.book(
                customer=buyer,
                location=shop,
                service_kind=ServiceKind.SCREEN,
                product=phones[1],
                starts_at=later,
            )
            bookings.cancel(booking=moved, user=buyer)
    # Finished repairs on units Comeback sold: their passports show them.
    units = list(
        Passport.objects.filter(status=PassportStatus.ACTIVE, product__category__slug="smartphones")
        .select_related("product")
        .order_by("pk")[:3]
    )
    for n, unit in enumerate(units):
        kind = PartType.BATTERY if n < 2 else PartType.SCREEN
        job = jobs.start_job(
            user=repairer,
            location=shop,
            product=unit.product,
            passport_serial=unit.serial,
            diagnosis="Battery health low, device shuts down when cold"
            if kind == PartType.BATTERY
            else "Cracked screen, touch unresponsive in one corner",
            battery_before=ctx.rng.randint(68, 79) if kind == PartType.BATTERY else None,
        )
        part = Part.objects.filter(
            part_type=kind,
            compatible_models=unit.product,
            seller__isnull=True,
            stock__location=shop,
            stock__quantity__gt=0,
        ).first()
        if part is not None:
            jobs.use_part(job=job, user=repairer, part=part)
        jobs.complete_job(
            job=job,
            user=repairer,
            repaired=True,
            summary="Battery replaced and calibrated" if kind == PartType.BATTERY else "Screen replaced",
            battery_after=100 if kind == PartType.BATTERY else None,
        )
        handlers.on_job_completed(
            0, {"job_id": job.pk}
        )  # the outbox does it after commit; the demo wants it now
    # A walk-in whose device Comeback did not know: the repair opens its passport.
    if phones:
        walk_in = jobs.start_job(
            user=repairer,
            location=shop,
            product=phones[-1],
            battery_before=72,
            diagnosis="Charging port full of lint",
        )
        jobs.complete_job(
            job=walk_in,
            user=repairer,
            repaired=True,
            summary="Charging port cleaned and tested",
            battery_after=72,
        )
        handlers.on_job_completed(0, {"job_id": walk_in.pk})


def _purge() -> None:
    """A second `seed-demo` starts from scratch: the demo's locations and parts go with what hangs off them
    (the core purge removes demo users, sellers — their workshops — and products, not rows that only point at
    them)."""
    from django.db.models import Q

    from .models import Booking, Job, SentEmail

    places = list(
        Location.objects.filter(slug__in=[row[0] for row in LOCATIONS]).values_list("pk", flat=True)
    )
    demo_parts = list(
        Part.objects.filter(Q(notes=DEMO_NOTE) | Q(stock__location__in=places))
        .values_list("pk", flat=True)
        .distinct()
    )
    Job.objects.filter(Q(location__in=places) | Q(parts__part__in=demo_parts)).delete()
    Booking.objects.filter(location__in=places).delete()
    StockMovement.objects.filter(Q(location__in=places) | Q(part__in=demo_parts)).delete()
    Stock.objects.filter(Q(location__in=places) | Q(part__in=demo_parts)).delete()
    Part.objects.filter(pk__in=demo_parts).delete()
    Location.objects.filter(pk__in=places).delete()
    Booking.objects.filter(location__slug__in=demo_fashion.SLUGS).delete()
    Location.objects.filter(slug__in=demo_fashion.SLUGS).delete()
    SentEmail.objects.filter(key__startswith="repair:").delete()


def seed_demo(ctx) -> None:
    _purge()
    locations = _locations(ctx)
    _parts(ctx, locations)
    _workshop(ctx)
    paris = [loc for loc in locations if loc.slug in ("atelier-oberkampf", "popup-les-halles")]
    repairer = _people(ctx, paris)
    _bookings_and_jobs(ctx, paris[0], repairer)
    demo_fashion.seed(ctx)


def describe_login(user) -> tuple[str, str] | None:
    """Role and what to try for the repairer login in `comeback demo-logins`."""
    from django.utils.translation import gettext as _

    if user.email == REPAIRER:
        return _("repairer · Paris"), _("Repair desk /repair/desk/: today's bookings, jobs, parts, passports")
    return None
