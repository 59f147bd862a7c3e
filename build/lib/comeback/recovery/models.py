"""Where collected devices go (docs/design.md §2): each trade-in device's route — decided at inspection by
`comeback.tradein.routes` — carried out as an explicit process (processes.py).

A `CollectedDevice` row is the carrying-out of one trade-in's route; it exists from the first step taken
(before that, the inventory shows the device as waiting, straight from the trade-in's route). Invariants
that must hold whatever the code does are CHECK constraints here: a listed device names its offer, an
upcycled one its collection, a recycled one its certified recycler, weight and certificate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.tradein.models import Route


class Status(models.TextChoices):
    AWAITING = "awaiting", _("Waiting to be handled")
    REFURBISHING = "refurbishing", _("Being refurbished")
    READY = "ready", _("Refurbished, ready to list")
    AT_RECYCLER = "at_recycler", _("Handed to the recycler")
    LISTED = "listed", _("Listed for sale")
    HARVESTED = "harvested", _("Harvested for spare parts")
    UPCYCLED = "upcycled", _("Upcycled")
    RECYCLED = "recycled", _("Recycled")


DONE = (Status.LISTED, Status.HARVESTED, Status.UPCYCLED, Status.RECYCLED)


class Certification(models.TextChoices):
    """Treatment standards a recycler may be certified to: e-waste for devices, textile-to-textile recycling
    for garments (a garment goes only to a textile recycler, a device only to an e-waste one)."""

    WEEELABEX = "weeelabex", "WEEELABEX"
    CENELEC = "en50625", "EN 50625 (CENELEC)"
    R2 = "r2", "R2 (SERI)"
    E_STEWARDS = "e_stewards", "e-Stewards"
    GRS = "grs", "Global Recycled Standard (textiles)"
    RCS = "rcs", "Recycled Claim Standard (textiles)"


TEXTILE_CERTIFICATIONS = (Certification.GRS, Certification.RCS)


class Recycler(models.Model):
    """A certified e-waste recycler: nothing goes to a recycler without a certification (docs/design.md §2)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    certification = models.CharField(_("certification"), max_length=12, choices=Certification.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("certification", Certification), name="recycler_certification_valid"
            ),
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="recycler_country_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_certification_display()})"


class Collection(models.Model):
    """A creative collection devices are upcycled into, made by a maker or partner (e.g. a belt whose buckle
    is a flip phone)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    maker = models.CharField(_("maker or partner"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.maker}"


class CollectedDevice(models.Model):
    """One trade-in device's route being carried out (processes.py has who may move it where)."""

    tradein = models.OneToOneField("tradein.TradeIn", on_delete=models.PROTECT, related_name="recovery")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="collected_devices")
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="+")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=10, choices=Route.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AWAITING)
    received_at = models.DateTimeField(help_text=_("When the device arrived: its age counts from here"))
    moved_at = models.DateTimeField(help_text=_("Last progress: a step taken or a part fitted"))
    done_at = models.DateTimeField(null=True, blank=True)

    # Refurbishing (and grading, for a device resold as is)
    refurbishing_started_at = models.DateTimeField(null=True, blank=True)
    refurbished_at = models.DateTimeField(null=True, blank=True)
    grade = models.CharField(max_length=10, blank=True)
    battery_health = models.PositiveSmallIntegerField(null=True, blank=True)
    operations = models.JSONField(default=list, blank=True)
    technician = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)

    # Listed for sale
    offer = models.ForeignKey(
        "offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    listed_at = models.DateTimeField(null=True, blank=True)

    # Harvested, upcycled, recycled
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.PROTECT, related_name="devices"
    )
    recycler = models.ForeignKey(
        Recycler, null=True, blank=True, on_delete=models.PROTECT, related_name="devices"
    )
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    certificate_ref = models.CharField(max_length=80, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="recovery_seller_status"),
            models.Index(fields=["status", "moved_at"], name="recovery_status_moved"),
        ]
        constraints = [
            models.CheckConstraint(condition=valid_choice("status", Status), name="recovery_status_valid"),
            models.CheckConstraint(condition=valid_choice("route", Route), name="recovery_route_valid"),
            models.CheckConstraint(
                condition=Q(battery_health__isnull=True) | Q(battery_health__lte=100),
                name="recovery_battery_percent",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in DONE]) | Q(done_at__isnull=False),
                name="recovery_done_has_time",
            ),
            # Each fate names what it was: nothing is silently discarded (docs/design.md §2).
            models.CheckConstraint(
                condition=~Q(status="listed") | (Q(offer__isnull=False) & ~Q(grade="")),
                name="recovery_listed_has_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(grade="") & Q(refurbished_at__isnull=False)),
                name="recovery_ready_is_graded",
            ),
            models.CheckConstraint(
                condition=~Q(status="upcycled") | Q(collection__isnull=False),
                name="recovery_upcycled_has_collection",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["at_recycler", "recycled"])
                | (Q(recycler__isnull=False) & Q(weight_grams__gt=0) & Q(handed_over_at__isnull=False)),
                name="recovery_recycling_has_recycler_and_weight",
            ),
            models.CheckConstraint(
                condition=~Q(status="recycled") | ~Q(certificate_ref=""),
                name="recovery_recycled_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tradein_id} {self.route}/{self.status}"


class PartFitted(models.Model):
    """A spare part fitted while refurbishing, taken from parts stock (the repair app's consume_part)."""

    device = models.ForeignKey(CollectedDevice, on_delete=models.CASCADE, related_name="parts_fitted")
    part_ref = models.CharField(max_length=40, help_text=_("The repair app's stock item"))
    name = models.CharField(max_length=120)
    source = models.CharField(max_length=12, help_text=_("oem, compatible or harvested"))
    donor = models.CharField(
        max_length=40, blank=True, help_text=_("Donor unit's passport, for a harvested part")
    )
    quantity = models.PositiveSmallIntegerField(default=1)
    fitted_at = models.DateTimeField()

    class Meta:
        ordering = ["fitted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="recovery_part_fitted_quantity")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.device_id}"


class PartHarvested(models.Model):
    """A usable part taken out of a donor device and put into parts stock (the repair app's stock_harvested_part)."""

    device = models.ForeignKey(CollectedDevice, on_delete=models.CASCADE, related_name="parts_harvested")
    part_ref = models.CharField(max_length=40, help_text=_("The repair app's stock item"))
    name = models.CharField(max_length=120)
    quantity = models.PositiveSmallIntegerField(default=1)
    harvested_at = models.DateTimeField()

    class Meta:
        ordering = ["harvested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="recovery_part_harvested_quantity")
        ]

    def __str__(self) -> str:
        return f"{self.name} ← {self.device_id}"


class Step(models.Model):
    """One step of a device's route, for its timeline: append-only."""

    device = models.ForeignKey(CollectedDevice, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20)
    actor = models.CharField(max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind}"

    @property
    def label(self) -> str:
        if self.kind in Status.values:
            return Status(self.kind).label
        return {"rerouted": _("Rerouted"), "part_fitted": _("Part fitted")}.get(self.kind, self.kind)
