"""Repair network data (docs/design.md §2 "Repair and spare parts"; docs/repair.md).

Parts are catalogue items (a part type for some models, from a source); stock is counted per location and
moved only by conditional UPDATEs (services/parts.py). A booking holds grid cells of a location's calendar
(SlotHold): the unique constraint on (location, cell start, bay) is what forbids double booking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money


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
    COBBLER = "cobbler", _("Cobbler")
    TAILOR = "tailor", _("Tailor and clothing repair")


class ServiceKind(models.TextChoices):
    BATTERY = "battery_replacement", _("Battery replacement")
    SCREEN = "screen_replacement", _("Screen replacement")
    CHARGING_PORT = "charging_port_repair", _("Charging port repair")
    BACK_GLASS = "back_glass_replacement", _("Back glass replacement")
    CAMERA = "camera_replacement", _("Camera replacement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    # Garments and shoes (docs/fashion.md "Garment repair").
    GARMENT_ZIP = "garment_zip", _("Zip replacement (garment)")
    GARMENT_HOLE = "garment_hole", _("Hole or tear mended")
    GARMENT_SEAM = "garment_seam", _("Undone seam resewn")
    GARMENT_LINING = "garment_lining", _("Lining repaired")
    HEM = "hem", _("Hem taken up or let down")
    RESIZING = "resizing", _("Resizing (taken in or let out)")
    SHOE_RESOLING = "shoe_resoling", _("Re-soling (rubber sole)")
    SHOE_RESOLING_LEATHER = "shoe_resoling_leather", _("Re-soling (leather sole)")
    SHOE_HEEL_TIP = "shoe_heel_tip", _("Heel tips replaced")
    SHOE_ZIP = "shoe_zip", _("Zip replacement (shoe or boot)")
    SHOE_SEAM = "shoe_seam", _("Shoe seam resewn or glued")


# Services on garments and shoes (a tailor's, a cobbler's): booked for apparel models.
GARMENT_SERVICES = frozenset(
    {
        ServiceKind.GARMENT_ZIP,
        ServiceKind.GARMENT_HOLE,
        ServiceKind.GARMENT_SEAM,
        ServiceKind.GARMENT_LINING,
        ServiceKind.HEM,
        ServiceKind.RESIZING,
        ServiceKind.SHOE_RESOLING,
        ServiceKind.SHOE_RESOLING_LEATHER,
        ServiceKind.SHOE_HEEL_TIP,
        ServiceKind.SHOE_ZIP,
        ServiceKind.SHOE_SEAM,
    }
)

# The part a service normally fits (None: a diagnostic uses none).
SERVICE_PART = {
    ServiceKind.BATTERY: PartType.BATTERY,
    ServiceKind.SCREEN: PartType.SCREEN,
    ServiceKind.CHARGING_PORT: PartType.CHARGING_PORT,
    ServiceKind.BACK_GLASS: PartType.BACK_GLASS,
    ServiceKind.CAMERA: PartType.CAMERA,
    ServiceKind.DIAGNOSTIC: None,
    ServiceKind.GARMENT_ZIP: PartType.ZIP,
    ServiceKind.SHOE_ZIP: PartType.ZIP,
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
            models.CheckConstraint(
                condition=valid_choice("kind", LocationKind), name="repair_location_kind_valid"
            ),
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
            models.CheckConstraint(
                condition=valid_choice("kind", ServiceKind), name="repair_service_kind_valid"
            ),
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
        part = SERVICE_PART.get(self.kind)
        return part.value if part else None


class BonusScheme(models.TextChoices):
    """Public repair bonuses deducted from the price at labelled repairers (docs/fashion.md "Garment repair")."""

    FR_TEXTILE = "fr_textile", _("France: textile and shoe repair bonus (bonus réparation textile)")


class BonusLabel(models.Model):
    """A location labelled under a bonus scheme (for the French textile bonus, by its eco-organisation): only a
    labelled repairer may deduct the bonus."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="bonus_labels")
    scheme = models.CharField(max_length=20, choices=BonusScheme.choices)
    reference = models.CharField(_("label reference"), max_length=60)
    valid_until = models.DateField(null=True, blank=True, help_text=_("Empty: until withdrawn."))

    class Meta:
        ordering = ["location_id", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["location", "scheme"], name="repair_bonus_label_once"),
            models.CheckConstraint(
                condition=valid_choice("scheme", BonusScheme), name="repair_bonus_label_scheme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.scheme} {self.reference}"


class BonusRate(models.Model):
    """A bonus scheme's fixed amount for one repair type in one market, with where the amount comes from and
    since when: amounts are data, changed when the scheme's grid changes (a new row, the old one ended)."""

    scheme = models.CharField(max_length=20, choices=BonusScheme.choices)
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    service_kind = models.CharField(max_length=24, choices=ServiceKind.choices)
    amount = models.BigIntegerField(help_text=_("Minor units of currency"))
    currency = models.CharField(max_length=3)
    cap_bps = models.PositiveIntegerField(
        default=10_000, help_text=_("At most this share of the repair's price, in basis points")
    )
    min_price_amount = models.BigIntegerField(default=0, help_text=_("Repairs cheaper than this get none"))
    source = models.CharField(max_length=300, help_text=_("Where the amount is published"))
    source_date = models.DateField(help_text=_("The date of that publication"))
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["scheme", "market_id", "service_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("scheme", BonusScheme), name="repair_bonus_rate_scheme"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="repair_bonus_rate_positive"),
            models.CheckConstraint(condition=Q(cap_bps__lte=10_000), name="repair_bonus_rate_cap"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="repair_bonus_rate_period",
            ),
            models.UniqueConstraint(
                fields=["scheme", "market", "service_kind", "valid_from"], name="repair_bonus_rate_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.market_id} {self.service_kind}: {self.amount} {self.currency}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


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
            models.CheckConstraint(
                condition=valid_choice("part_type", PartType), name="repair_part_type_valid"
            ),
            models.CheckConstraint(
                condition=valid_choice("source", PartSource), name="repair_part_source_valid"
            ),
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
                condition=valid_choice("reason", MovementReason), name="repair_movement_reason_valid"
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
