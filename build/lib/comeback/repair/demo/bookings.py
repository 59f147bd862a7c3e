"""Bookings and jobs at the Paris workshop, finished repairs written to units' passports."""

from __future__ import annotations

from datetime import timedelta

from .. import handlers, slots
from ..models import (
    Location,
    Part,
    PartType,
    Service,
    ServiceKind,
)
from ..services import bookings, jobs
from .people import BUYER


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
