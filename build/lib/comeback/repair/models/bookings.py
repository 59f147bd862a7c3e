"""Bookings and jobs: a booking holds grid cells of a location's calendar (SlotHold, whose unique
constraint forbids double booking); a job is the repair done, with its parts, emails and the European
Repair Information Form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money

from .locations import BonusRate, Location, Service
from .parts import Part


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    IN_REPAIR = "in_repair", _("In repair")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("Did not come")


class Booking(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="repair_bookings"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    product = models.ForeignKey(
        "catalog.ProductModel", on_delete=models.PROTECT, related_name="repair_bookings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    bay = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    price_amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    # A repair bonus deducted from the price at booking (the customer pays price − bonus), and its rate.
    bonus_amount = models.BigIntegerField(default=0)
    bonus_rate = models.ForeignKey(
        BonusRate, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["location", "starts_at"], name="repair_booking_day")]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("status", BookingStatus), name="repair_booking_status_valid"
            ),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="repair_booking_order"),
            models.CheckConstraint(condition=Q(bay__gte=1), name="repair_booking_bay"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="repair_booking_cancelled_at",
            ),
            models.CheckConstraint(
                condition=Q(bonus_amount=0, bonus_rate__isnull=True)
                | (
                    Q(bonus_amount__gt=0)
                    & Q(bonus_amount__lte=F("price_amount"))
                    & Q(bonus_rate__isnull=False)
                ),
                name="repair_booking_bonus_within_price",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def to_pay(self) -> Money:
        return Money(self.price_amount - self.bonus_amount, self.currency)


class SlotHold(models.Model):
    """One calendar cell (location.slot_minutes long) of one bay held by a booking. The unique constraint is
    the no-double-booking rule: two bookings racing for a cell cannot both insert it."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="holds")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    bay = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "starts_at", "bay"], name="repair_slot_once")
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.starts_at} bay {self.bay}"


class JobStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    REPAIRED = "repaired", _("Repaired")
    NOT_REPAIRED = "not_repaired", _("Could not be repaired")


class RepairBarrier(models.TextChoices):
    """Why a unit could not be repaired: the Open Repair Data Standard's codelist (ORDS 0.3,
    `repair_barrier_if_end_of_life`), so our repair data compares with everyone else's (docs/repair.md)."""

    PARTS_UNAVAILABLE = "spare_parts_not_available", _("Spare parts not available")
    PARTS_TOO_EXPENSIVE = "spare_parts_too_expensive", _("Spare parts too expensive")
    CANNOT_OPEN = "no_way_to_open_product", _("No way to open the product")
    NO_INFORMATION = "repair_information_not_available", _("Repair information not available")
    NO_EQUIPMENT = "lack_of_equipment", _("Lack of equipment")
    WORN_OUT = "item_too_worn_out", _("Item too worn out")


class Job(models.Model):
    """A repair carried out: diagnosis, parts used, battery health before and after, result, warranty."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="jobs")
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="job"
    )
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="repair_jobs")
    passport = models.ForeignKey(
        "passports.Passport", null=True, blank=True, on_delete=models.PROTECT, related_name="repair_jobs"
    )
    repairer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.OPEN)
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    summary = models.CharField(_("summary"), max_length=1000, blank=True)
    battery_before = models.PositiveSmallIntegerField(null=True, blank=True)
    battery_after = models.PositiveSmallIntegerField(null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(default=0)
    warranty_until = models.DateField(null=True, blank=True)
    repair_barrier = models.CharField(
        _("why it could not be repaired"), max_length=40, blank=True, choices=RepairBarrier.choices
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("status", JobStatus), name="repair_job_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(battery_before__isnull=True) | Q(battery_before__lte=100),
                name="repair_job_battery_before",
            ),
            models.CheckConstraint(
                condition=Q(battery_after__isnull=True) | Q(battery_after__lte=100),
                name="repair_job_battery_after",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(completed_at__isnull=False), name="repair_job_completed_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="repaired") | Q(warranty_until__isnull=False),
                name="repair_job_warranty_recorded",
            ),
            models.CheckConstraint(
                condition=Q(repair_barrier="")
                | (Q(status="not_repaired") & valid_choice("repair_barrier", RepairBarrier)),
                name="repair_job_barrier_when_not_repaired",
            ),
        ]

    def __str__(self) -> str:
        return f"repair job {self.pk}"


class JobPart(models.Model):
    """A part fitted in a job; a harvested part keeps its donor through `part.donor_passport`."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(default=1)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="repair_job_part_quantity")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.quantity} × {self.part_id}"


class SentEmail(models.Model):
    """One row per email sent (key = event + recipient): a replayed outbox event never emails twice."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class InformationForm(models.Model):
    """The European Repair Information Form a repairer gives before repairing (Directive (EU) 2024/1799
    Art. 4 and Annex I): who repairs, what, the defect, the repair proposed, its price (or maximum), its
    time, a replacement while it lasts, where it happens, and how long these conditions hold. Once the
    customer accepts it, the booking's price and time are the form's (docs/repair.md)."""

    reference = models.CharField(max_length=20, unique=True)
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="information_forms")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8)
    defect = models.CharField(_("defect"), max_length=1000)
    repair = models.CharField(_("repair proposed"), max_length=1000)
    price_amount = models.BigIntegerField(null=True, blank=True)
    max_price_amount = models.BigIntegerField(null=True, blank=True)
    price_method = models.CharField(_("how the price is calculated"), max_length=500, blank=True)
    currency = models.CharField(max_length=3)
    working_days = models.PositiveSmallIntegerField(_("working days to repair"))
    replacement_available = models.BooleanField(_("temporary replacement available"), default=False)
    replacement_price_amount = models.BigIntegerField(null=True, blank=True)
    ancillary = models.CharField(_("ancillary services and their cost"), max_length=500, blank=True)
    issued_at = models.DateTimeField()
    valid_until = models.DateField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.DateField(
        null=True, blank=True, help_text=_("Bound at acceptance: the repair's deadline.")
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_amount__isnull=False) | Q(max_price_amount__isnull=False),
                name="repair_form_has_a_price",
            ),
            models.CheckConstraint(
                condition=Q(price_amount__isnull=True) | Q(price_amount__gte=0), name="repair_form_price"
            ),
            models.CheckConstraint(
                condition=Q(max_price_amount__isnull=True) | Q(max_price_amount__gte=0),
                name="repair_form_max_price",
            ),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="repair_form_days"),
            # One accepted form per booking: the one that binds it.
            models.UniqueConstraint(
                fields=["booking"], condition=Q(accepted_at__isnull=False), name="repair_form_one_accepted"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def binding_amount(self) -> int:
        return self.price_amount if self.price_amount is not None else self.max_price_amount
