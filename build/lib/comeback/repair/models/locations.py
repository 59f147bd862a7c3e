"""Repair locations: where they are, when they open, who works there, the services they offer and the
repair bonus they apply (labels and rates)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money

from .choices import SERVICE_PART, LocationKind, ServiceKind


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
