"""Repair demo: repair locations in the five markets' cities (partner stores, pop-ups, independents) with
hours and priced services, a spare parts catalogue for the demo phones with stock at every location (a few
models deliberately at risk for the obligation report), a refurbisher's workshop, bookings, and finished
repairs written to units' passports. Login: repairer@demo.comeback.test (works in Paris)."""

from __future__ import annotations

from .. import demo_fashion
from ..models import Location, Part, Stock, StockMovement
from .bookings import _bookings_and_jobs
from .locations import LOCATIONS, _locations
from .people import BUYER, DEMO_NOTE, REPAIRER, _people, describe_login
from .spare_parts import _parts, _workshop

__all__ = ["BUYER", "REPAIRER", "describe_login", "seed_demo"]


def _purge() -> None:
    """A second `seed-demo` starts from scratch: the demo's locations and parts go with what hangs off them
    (the core purge removes demo users, sellers — their workshops — and products, not rows that only point at
    them)."""
    from django.db.models import Q

    from ..models import Booking, Job, SentEmail

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
