"""Outbox handlers of repair: confirmation emails after a booking commits, and a finished job written to the
unit's digital product passport. Idempotent: emails have a SentEmail key, passport events a key per fact."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from comeback.core import clock, outbox, site
from comeback.core.mail import send_mail
from comeback.core.problems import Problem

from .models import Booking, Job, JobStatus, PartSource, SentEmail

log = logging.getLogger(__name__)


def _send(key: str, *, to: str, subject, template: str, context: dict, language: str) -> bool:
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key[:160], sent_at=clock.now())
    except IntegrityError:
        return False  # already sent
    try:
        with translation.override(language):
            body = render_to_string(f"repair/emails/{template}.txt", {"site_url": site.url(), **context})
            send_mail(str(subject) % context.get("params", {}), body, None, [to])
    except Exception:
        SentEmail.objects.filter(key=key[:160]).delete()
        raise
    return True


def _booking(payload: dict) -> Booking | None:
    booking_id = payload.get("booking_id")
    if not isinstance(booking_id, int):
        return None
    return (
        Booking.objects.select_related("customer", "location", "location__market", "service", "product")
        .filter(pk=booking_id)
        .first()
    )


@outbox.handles("repair.booking_confirmed")
def on_booking_confirmed(event_id: int, payload: dict) -> None:
    booking = _booking(payload)
    if booking is None or not booking.customer.email:
        return
    url = site.absolute(reverse("repair:booking", args=[booking.reference]))
    _send(
        f"repair:{event_id}:confirmed",
        to=booking.customer.email,
        template="booking_confirmed",
        subject=_("Your repair %(ref)s is booked"),
        language=booking.location.market.language,
        context={
            "booking": booking,
            "market": booking.location.market,
            "url": url,
            "params": {"ref": booking.reference},
        },
    )


@outbox.handles("repair.booking_cancelled")
def on_booking_cancelled(event_id: int, payload: dict) -> None:
    booking = _booking(payload)
    if booking is None or not booking.customer.email:
        return
    _send(
        f"repair:{event_id}:cancelled",
        to=booking.customer.email,
        template="booking_cancelled",
        subject=_("Your repair %(ref)s is cancelled"),
        language=booking.location.market.language,
        context={"booking": booking, "market": booking.location.market, "params": {"ref": booking.reference}},
    )


def _bonus(job: Job) -> dict:
    """The service booked and a repair bonus deducted from its price (none for a walk-in)."""
    booking = job.booking
    if booking is None:
        return {}
    found = {"service": booking.service.kind}
    if booking.bonus_amount:
        found["repair_bonus"] = booking.bonus_amount
        found["repair_bonus_scheme"] = booking.bonus_rate.scheme
    return found


def _key(job: Job, fact: str) -> str:
    return f"repair_job:{job.pk}:{fact}"


@outbox.handles("repair.job_completed")
def on_job_completed(event_id: int, payload: dict) -> None:
    """battery_measured (before), part_replaced for each part, repaired (when repaired), battery_measured (after)."""
    from comeback.passports import services as passports
    from comeback.passports.kinds import Actor, Role
    from comeback.passports.models import Source

    job_id = payload.get("job_id")
    job = (
        Job.objects.select_related("location", "product", "passport", "booking").filter(pk=job_id).first()
        if isinstance(job_id, int)
        else None
    )
    if job is None or job.status == JobStatus.OPEN:
        return
    actor = Actor(Role.REPAIRER, job.location.name, location=job.location)
    try:
        passport = job.passport
        if passport is None:  # a unit Comeback did not know: the repair opens its passport
            passport = passports.open_passport(
                product=job.product,
                source=Source.REPAIR,
                source_ref=f"repair_job:{job.pk}",
                actor=actor,
                at=job.created_at,
            )
            Job.objects.filter(pk=job.pk, passport__isnull=True).update(passport=passport)
        if job.battery_before is not None:
            passports.record_event(
                passport=passport,
                kind="battery_measured",
                actor=actor,
                at=job.created_at,
                key=_key(job, "battery_before"),
                data={"battery_health": job.battery_before, "measured_with": "repair diagnosis"},
            )
        fitted = []
        for used in job.parts.select_related("part", "part__donor_passport").order_by("pk"):
            part = used.part
            donor = (
                part.donor_passport.path
                if part.source == PartSource.HARVESTED and part.donor_passport
                else None
            )
            passports.record_event(
                passport=passport,
                kind="part_replaced",
                actor=actor,
                at=used.at,
                key=_key(job, f"part:{used.pk}"),
                data={
                    "part": part.name[:120],
                    "part_source": part.source,
                    "donor": donor,
                    "notes": f"{part.part_type} · {part.sku}",
                },
            )
            fitted.append({"part": part.name[:120], "source": part.source})
        if job.status == JobStatus.REPAIRED:
            passports.record_event(
                passport=passport,
                kind="repaired",
                actor=actor,
                at=job.completed_at,
                key=_key(job, "repaired"),
                data={
                    "summary": job.summary,
                    "parts_replaced": fitted,
                    "repairer": job.location.name,
                    "warranty_months": job.warranty_months,
                    "warranty_until": job.warranty_until.isoformat() if job.warranty_until else None,
                    "booking_ref": job.booking.reference if job.booking else None,
                    **_bonus(job),
                },
            )
        if job.battery_after is not None:
            passports.record_event(
                passport=passport,
                kind="battery_measured",
                actor=actor,
                at=job.completed_at,
                key=_key(job, "battery_after"),
                data={"battery_health": job.battery_after, "measured_with": "repair check-out"},
            )
    except Problem as exc:  # a closed passport refuses the facts: logged, never retried forever
        log.info("repair job %s: passport not updated (%s)", job.pk, exc.code)
