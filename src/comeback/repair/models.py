"""Repair network data (DESIGN.md §2 "Repair and spare parts"; docs/repair.md).

Parts are catalogue items (a part type for some models, from a source); stock is counted per location and
moved only by conditional UPDATEs (services/parts.py). A booking holds grid cells of a location's calendar
(SlotHold): the unique constraint on (location, cell start, bay) is what forbids double booking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.money import Money


def _valid(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class PartType(models.TextChoices):
    """What a part is, across categories (phones, laptops, watches, apparel): never only "phone"."""

    BATTERY = "battery", _("Battery")
    SCREEN = "screen", _("Screen assembly")
    BACK_GLASS = "back_glass", _("Back glass")
    CAMERA = "camera", _("Camera")
    CHARGING_PORT = "charging_port", _("Charging port")
    SPEAKER = "speaker", _("Speaker")
    MICROPHONE = "microphone", _("Microphone")
    BUTTONS = "buttons", _("Buttons")
    KEYBOARD = "keyboard", _("Keyboard")
    TRACKPAD = "trackpad", _("Trackpad")
    HINGE = "hinge", _("Hinge")
    CHARGER = "charger", _("Charger")
    STRAP = "strap", _("Strap")
    ZIP = "zip", _("Zip")
    OTHER = "other", _("Other")


class PartSource(models.TextChoices):
    OEM = "oem", _("Original (OEM)")
    COMPATIBLE = "compatible", _("Compatible")
    HARVESTED = "harvested", _("Harvested from a donor unit")


class LocationKind(models.TextChoices):
    PARTNER_STORE = "partner_store", _("Partner store")
    POPUP = "popup", _("Pop-up repair shop")
    INDEPENDENT = "independent", _("Independent repairer")
    WORKSHOP = "workshop", _("Refurbisher's workshop")


class ServiceKind(models.TextChoices):
    BATTERY = "battery_replacement", _("Battery replacement")
    SCREEN = "screen_replacement", _("Screen replacement")
    CHARGING_PORT = "charging_port_repair", _("Charging port repair")
    BACK_GLASS = "back_glass_replacement", _("Back glass replacement")
    CAMERA = "camera_replacement", _("Camera replacement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")


# The part a service normally fits (None: a diagnostic uses none).
SERVICE_PART = {
    ServiceKind.BATTERY: PartType.BATTERY,
    ServiceKind.SCREEN: PartType.SCREEN,
    ServiceKind.CHARGING_PORT: PartType.CHARGING_PORT,
    ServiceKind.BACK_GLASS: PartType.BACK_GLASS,
    ServiceKind.CAMERA: PartType.CAMERA,
    ServiceKind.DIAGNOSTIC: None,
}


class Location(models.Model):
    """Where repairs happen and parts are stocked: a partner store, a pop-up, an independent repairer, or a
    refurbisher's own workshop (not public: stock only)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=LocationKind.choices)
    seller = models.ForeignKey(
        "sellers.Seller",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_locations",
        help_text=_("The refurbisher that runs it, if any."),
    )
    store = models.ForeignKey(
        "tradein.Store",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The partner store it is, if any."),
    )
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=80)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    timezone = models.CharField(_("timezone"), max_length=40, help_text=_("IANA zone of the opening hours."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    bays = models.PositiveSmallIntegerField(
        _("repair bays"), default=1, help_text=_("Repairs that can run at the same time.")
    )
    slot_minutes = models.PositiveSmallIntegerField(default=15, help_text=_("Grid of the booking calendar."))
    is_public = models.BooleanField(default=True, help_text=_("Listed in the near-me search and bookable."))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=_valid("kind", LocationKind), name="repair_location_kind_valid"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="repair_location_lat"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180), name="repair_location_lon"
            ),
            # Customers find public locations by distance: those need coordinates.
            models.CheckConstraint(
                condition=Q(is_public=False) | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="repair_location_public_has_coordinates",
            ),
            models.CheckConstraint(condition=Q(bays__gte=1) & Q(bays__lte=50), name="repair_location_bays"),
            models.CheckConstraint(
                condition=Q(slot_minutes__in=[5, 10, 15, 20, 30, 60]), name="repair_location_slot_grid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One opening interval on a weekday (0 = Monday), local time; a day may have several (lunch break)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["location_id", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="repair_hours_weekday"),
            models.CheckConstraint(condition=Q(opens__lt=F("closes")), name="repair_hours_order"),
            models.UniqueConstraint(fields=["location", "weekday", "opens"], name="repair_hours_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.weekday} {self.opens}-{self.closes}"


class Membership(models.Model):
    """A repairer working at a location: records jobs and consumes its parts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="repair_memberships"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="members")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "location"], name="repair_member_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.location_id}"


class Service(models.Model):
    """What a location offers, its price and how long it takes."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices)
    price_amount = models.BigIntegerField(
        help_text=_("Minor units of currency, labour and usual part included.")
    )
    currency = models.CharField(max_length=3)
    duration_minutes = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["location_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["location", "kind"], name="repair_service_once_per_location"),
            models.CheckConstraint(condition=_valid("kind", ServiceKind), name="repair_service_kind_valid"),
            models.CheckConstraint(
                condition=Q(price_amount__gte=0), name="repair_service_price_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="repair_service_duration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.location_id}"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def part_type(self) -> str | None:
        part = SERVICE_PART.get(ServiceKind(self.kind))
        return part.value if part else None


class Part(models.Model):
    """A spare part on offer: a type, the models it fits, where it comes from and how fast it can be had.

    A harvested part is one physical item taken from a donor unit, linked to the donor's passport.
    `seller` empty: managed by Comeback (staff); else by that refurbisher.
    """

    sku = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=160)
    part_type = models.CharField(_("part type"), max_length=16, choices=PartType.choices)
    source = models.CharField(_("source"), max_length=12, choices=PartSource.choices)
    compatible_models = models.ManyToManyField("catalog.ProductModel", related_name="spare_parts", blank=True)
    donor_passport = models.ForeignKey(
        "passports.Passport", null=True, blank=True, on_delete=models.PROTECT, related_name="harvested_parts"
    )
    seller = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.PROTECT, related_name="spare_parts"
    )
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (working days)"), default=5)
    notes = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["part_type", "name"]
        constraints = [
            models.CheckConstraint(condition=_valid("part_type", PartType), name="repair_part_type_valid"),
            models.CheckConstraint(condition=_valid("source", PartSource), name="repair_part_source_valid"),
            models.CheckConstraint(
                condition=(Q(source="harvested") & Q(donor_passport__isnull=False))
                | (~Q(source="harvested") & Q(donor_passport__isnull=True)),
                name="repair_part_donor_iff_harvested",
            ),
            models.CheckConstraint(condition=Q(lead_time_days__lte=365), name="repair_part_lead_time_max"),
            # One harvested item per donor and part type: harvesting twice is idempotent.
            models.UniqueConstraint(
                fields=["donor_passport", "part_type"],
                condition=Q(donor_passport__isnull=False),
                name="repair_part_one_per_donor_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class PartPrice(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="prices")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ["part_id", "market_id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "market"], name="repair_part_price_per_market"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="repair_part_price_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} {self.market_id} {self.amount} {self.currency}"

    @property
    def price(self) -> Money:
        return Money(self.amount, self.currency)


class Stock(models.Model):
    """How many of a part a location holds. Moved only by conditional UPDATEs; never negative."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="stock")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock")
    quantity = models.IntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["location_id", "part_id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "location"], name="repair_stock_once_per_location"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="repair_stock_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.location_id}: {self.quantity}"


class MovementReason(models.TextChoices):
    RECEIVED = "received", _("Received")
    HARVESTED = "harvested", _("Harvested from a donor")
    IMPORTED = "imported", _("Set by import")
    ADJUSTED = "adjusted", _("Adjusted")
    REPAIR = "repair", _("Used in a repair")
    REFURBISH = "refurbish", _("Used in a refurbishment")


class StockMovement(models.Model):
    """The ledger of stock changes: who took what, for which job (append-only)."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    delta = models.IntegerField()
    reason = models.CharField(max_length=12, choices=MovementReason.choices)
    ref = models.CharField(max_length=80, blank=True, help_text=_("e.g. repair_job:12, refurbish_job:3"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="repair_movement_nonzero"),
            models.CheckConstraint(
                condition=_valid("reason", MovementReason), name="repair_movement_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.location_id} {self.delta:+d} {self.reason}"


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
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["location", "starts_at"], name="repair_booking_day")]
        constraints = [
            models.CheckConstraint(
                condition=_valid("status", BookingStatus), name="repair_booking_status_valid"
            ),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="repair_booking_order"),
            models.CheckConstraint(condition=Q(bay__gte=1), name="repair_booking_bay"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="repair_booking_cancelled_at",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


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
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=_valid("status", JobStatus), name="repair_job_status_valid"),
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
