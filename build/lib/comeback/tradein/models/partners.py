"""Partner channels: brands and retail networks, their stores, members and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice

# Partners --------------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    BRAND = "brand", _("Brand programme")
    RETAIL = "retail", _("Retail network")


class Partner(models.Model):
    """A brand running its official trade-in on Comeback, or a retail network trading in at its stores."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=PartnerKind.choices)
    tagline = models.CharField(max_length=200, blank=True)
    logo_text = models.CharField(max_length=40, help_text=_("Word mark shown on the landing page"))
    colour_primary = models.CharField(max_length=7, default="#0b6a55", help_text="#rrggbb")
    colour_on_primary = models.CharField(max_length=7, default="#ffffff", help_text="#rrggbb")
    bonus_bps = models.PositiveIntegerField(
        default=0, help_text=_("Bonus on top of the quote, paid by the brand")
    )
    commission_bps = models.PositiveIntegerField(
        default=0, help_text=_("Commission earned per paid trade-in")
    )
    brand = models.ForeignKey(
        "catalog.Brand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        help_text=_("A brand programme's own brand: its members upload the official photos of its models"),
    )
    eligible_models = models.ManyToManyField(
        "catalog.ProductModel", blank=True, related_name="tradein_partners", help_text=_("Empty: every model")
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(bonus_bps__lte=5000), name="partner_bonus_max_50pct"),
            models.CheckConstraint(
                condition=Q(commission_bps__lte=5000), name="partner_commission_max_50pct"
            ),
            models.CheckConstraint(condition=valid_choice("kind", PartnerKind), name="partner_kind_valid"),
            models.CheckConstraint(
                condition=Q(colour_primary__regex=r"^#[0-9a-fA-F]{6}$")
                & Q(colour_on_primary__regex=r"^#[0-9a-fA-F]{6}$"),
                name="partner_colours_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Store(models.Model):
    """One of a retail partner's stores: a drop-off point and a counter where staff trade in on the spot."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="stores")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=80)
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    commission_bps = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Overrides the partner's")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["partner_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="store_code_per_partner"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="store_latitude"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180), name="store_longitude"
            ),
            models.CheckConstraint(
                condition=Q(commission_bps__isnull=True) | Q(commission_bps__lte=5000),
                name="store_commission_max_50pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PartnerMember(models.Model):
    """A user working for a partner: at headquarters (store empty: every store) or at one store."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="members")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["partner_id", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="partner_member_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.store or self.partner}"


class PartnerToken(models.Model):
    """A partner API bearer token (hashed at rest, shown once); a store token sees only its store."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100, default="api")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.partner})"
