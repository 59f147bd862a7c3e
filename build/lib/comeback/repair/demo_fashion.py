"""Garment and shoe repair in the demo (docs/fashion.md "Garment repair"): a cobbler in Paris labelled for
France's textile repair bonus, so its prices show the bonus deducted, and an unlabelled tailor beside it, whose
prices do not; buyer@ has a repair booked at the cobbler with the bonus recorded."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from comeback.core.money import Money

from . import slots
from .models import BonusLabel, BonusScheme, Location, LocationKind, OpeningHours, Service, ServiceKind
from .services import bookings

BUYER = "buyer@demo.comeback.test"
# (slug, name, kind, address, postcode, latitude, longitude, labelled for the textile bonus)
SHOPS = [
    (
        "cordonnerie-saint-paul",
        "Cordonnerie Saint-Paul",
        LocationKind.COBBLER,
        "14 rue Saint-Paul",
        "75004",
        "48.853100",
        "2.362100",
        "RF-DEMO-0421",
    ),
    (
        "retouches-du-canal",
        "Retouches du Canal",
        LocationKind.TAILOR,
        "58 quai de Valmy",
        "75010",
        "48.871200",
        "2.364400",
        "",
    ),
]
SLUGS = [row[0] for row in SHOPS]
# Prices in euros and durations in minutes, typical of Paris cobblers and tailors.
COBBLER = {
    ServiceKind.SHOE_RESOLING: (45, 60),
    ServiceKind.SHOE_RESOLING_LEATHER: (75, 90),
    ServiceKind.SHOE_HEEL_TIP: (16, 20),
    ServiceKind.SHOE_ZIP: (35, 45),
    ServiceKind.SHOE_SEAM: (18, 30),
    ServiceKind.GARMENT_ZIP: (28, 45),
}
TAILOR = {
    ServiceKind.GARMENT_ZIP: (28, 45),
    ServiceKind.GARMENT_HOLE: (20, 30),
    ServiceKind.GARMENT_SEAM: (14, 20),
    ServiceKind.GARMENT_LINING: (45, 60),
    ServiceKind.HEM: (15, 30),
    ServiceKind.RESIZING: (30, 45),
}


def seed(ctx) -> list[Location]:
    made = []
    for slug, name, kind, address, postcode, lat, lon, label in SHOPS:
        loc = Location.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            market_id="FR",
            address=address,
            postal_code=postcode,
            city="Paris",
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            timezone="Europe/Paris",
            bays=2,
            created_at=ctx.now - timedelta(days=120),
        )
        OpeningHours.objects.bulk_create(
            [OpeningHours(location=loc, weekday=d, opens=time(9), closes=time(19)) for d in range(0, 6)]
        )
        offered = COBBLER if kind == LocationKind.COBBLER else TAILOR
        Service.objects.bulk_create(
            [
                Service(
                    location=loc,
                    kind=k,
                    price_amount=Money.from_major(price, "EUR").amount,
                    currency="EUR",
                    duration_minutes=minutes,
                )
                for k, (price, minutes) in offered.items()
            ]
        )
        if label:
            BonusLabel.objects.create(location=loc, scheme=BonusScheme.FR_TEXTILE, reference=label)
        made.append(loc)
    _booking(ctx, made[0])
    return made


def _booking(ctx, cobbler: Location) -> None:
    """buyer@ brings a pair of shoes to be re-soled (a demo footwear model, when the catalogue has one), else a
    jacket whose zip broke."""
    from comeback.catalog.models import ProductModel

    buyer = ctx.users.get(BUYER)
    garments = ProductModel.objects.filter(category__tradein_questionnaire="garment").order_by("pk")
    shoes = garments.filter(category__slug__icontains="shoe").first()
    item = shoes or garments.first()
    if buyer is None or item is None:
        return
    service = Service.objects.get(
        location=cobbler, kind=ServiceKind.SHOE_RESOLING if shoes else ServiceKind.GARMENT_ZIP
    )
    start = slots.first_free(cobbler, service)
    if start is None:
        return
    bookings.book(
        customer=buyer,
        location=cobbler,
        service_kind=service.kind,
        product=item,
        starts_at=start,
        notes="Soles worn through at the heel (demo)" if shoes else "The zip no longer closes (demo)",
    )
