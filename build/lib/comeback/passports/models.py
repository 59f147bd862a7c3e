"""Digital product passports: one per physical unit and life, with an append-only, hash-chained history
(docs/design.md §2 "Digital product passport"; docs/passports.md).

The passport row holds the identifier (GTIN + our serial), the unit's model, the restricted identifiers
(IMEI, maker's serial) and the signed head of its chain. Everything that happens to the unit is a
PassportEvent; what a page shows is derived from the events (selectors.py), never stored twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import AppendOnly

GTIN_LENGTH = 14
SERIAL_MAX = 20  # GS1 AI (21) is X..20


class Level(models.TextChoices):
    """Who may read a field (EU ESPR access model). Ordered: each level sees the ones before it."""

    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Repairers, refurbishers and recyclers")
    AUTHORITY = "authority", _("Authorities")


LEVEL_ORDER = [Level.PUBLIC, Level.RESTRICTED, Level.AUTHORITY]


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))


class PassportStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded by a new life")
    END_OF_LIFE = "end_of_life", _("End of life")


class Source(models.TextChoices):
    """Why a passport was opened."""

    ORDER_LINE = "order_line", _("Shipped to a buyer")
    STOCK = "stock", _("Registered by a refurbisher")
    TRADE_IN = "trade_in", _("Received through trade-in")
    REPAIR = "repair", _("Registered at a repair")
    UPCYCLED = "upcycled", _("Made from upcycled units")


class ModelIdentifier(models.Model):
    """The GTIN a product model is resolved by: its catalogue GTIN, or one allocated from our GS1 company
    prefix when the maker's is unknown (catalogue models are not edited; this record is ours)."""

    product = models.OneToOneField(
        "catalog.ProductModel", on_delete=models.CASCADE, related_name="passport_identifier"
    )
    gtin = models.CharField(max_length=GTIN_LENGTH, unique=True)
    allocated = models.BooleanField(default=False, help_text=_("Allocated from COMEBACK_GS1_COMPANY_PREFIX."))
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(gtin__regex=r"^[0-9]{14}$"), name="model_identifier_gtin14")
        ]

    def __str__(self) -> str:
        return f"{self.gtin} → {self.product_id}"


class GtinCounter(models.Model):
    """One row per company prefix whose UPDATE queues GTIN allocations (the row lock); counts them."""

    prefix = models.CharField(max_length=12, primary_key=True)
    next_reference = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.next_reference}"


class Passport(models.Model):
    serial = models.CharField(
        max_length=SERIAL_MAX, unique=True, help_text=_("Ours, opaque; never the IMEI.")
    )
    gtin = models.CharField(max_length=GTIN_LENGTH, db_index=True)
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="passports")
    variant = models.ForeignKey(
        "catalog.Variant", null=True, blank=True, on_delete=models.PROTECT, related_name="passports"
    )
    status = models.CharField(max_length=12, choices=PassportStatus.choices, default=PassportStatus.ACTIVE)
    life = models.PositiveSmallIntegerField(default=1)
    # ESPR Art. 11(d): a new life's passport links to the earlier one; one successor at most.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_life"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    source_ref = models.CharField(max_length=120, blank=True, default="")
    issuer = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.PROTECT, related_name="passports"
    )
    # Restricted identifiers: never in the public view (see kinds.py for every field's level).
    imei = models.CharField(max_length=15, blank=True, default="", db_index=True)
    maker_serial = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField()
    # The chain's head, signed by the platform key (chain.py): moved only by a guarded update.
    head_seq = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="0" * 64)
    head_signed_at = models.DateTimeField(null=True, blank=True)
    head_signature = models.CharField(max_length=120, blank=True, default="")
    head_key_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["issuer", "-created_at"], name="passport_issuer_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~Q(source_ref=""), name="passport_one_per_source"
            ),
            models.CheckConstraint(condition=Q(gtin__regex=r"^[0-9]{14}$"), name="passport_gtin14"),
            models.CheckConstraint(
                condition=Q(serial__regex=r"^[0-9A-Z]{6,20}$"), name="passport_serial_format"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PassportStatus.values), name="passport_status_valid"
            ),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="passport_source_valid"),
            models.CheckConstraint(condition=Q(life__gte=1), name="passport_life_positive"),
            models.CheckConstraint(
                condition=(Q(previous__isnull=True) & Q(life=1))
                | (Q(previous__isnull=False) & Q(life__gt=1)),
                name="passport_life_matches_lineage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path} ({self.status})"

    @property
    def path(self) -> str:
        """The GS1 Digital Link path, host-independent: what the chain binds every event to."""
        return f"/01/{self.gtin}/21/{self.serial}"


class PassportEvent(AppendOnly, models.Model):
    """One entry of a passport's history. Append-only: the application refuses to save an existing row and
    the database refuses any UPDATE (a trigger, see migrations); any other edit breaks the hash chain."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=24)
    at = models.DateTimeField(help_text=_("When it happened (whole seconds, UTC)."))
    recorded_at = models.DateTimeField()
    actor_role = models.CharField(max_length=12)
    actor_name = models.CharField(max_length=120, blank=True, default="")
    # Who may write next is decided from these (not hashed: the hashed actor is role + name).
    actor_seller = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Field values by level: {"public": {...}, "restricted": {...}, "authority": {...}}; salts per sealed level.
    data = models.JSONField(default=dict)
    salts = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Idempotency for integrations ("order_line:12:sold"): the same fact is never recorded twice.
    key = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["passport_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["passport", "seq"], name="passport_event_seq"),
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="passport_event_key"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="passport_event_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.passport_id}#{self.seq} {self.kind}"


class GrantRole(models.TextChoices):
    """Roles that read restricted passport fields (and write some events) without being a seller."""

    REPAIRER = "repairer", _("Repairer")
    RECYCLER = "recycler", _("Recycler")
    AUTHORITY = "authority", _("Market-surveillance authority")


GRANT_LEVEL = {
    GrantRole.REPAIRER: Level.RESTRICTED,
    GrantRole.RECYCLER: Level.RESTRICTED,
    GrantRole.AUTHORITY: Level.AUTHORITY,
}


class PassportAccessGrant(models.Model):
    """Staff grant a user a passport role; any of that user's API tokens (or a web session) then carries it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passport_grants"
    )
    role = models.CharField(max_length=12, choices=GrantRole.choices)
    organisation = models.CharField(
        _("organisation"), max_length=120, help_text=_("Shown as the author of the events this user records.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True),
                name="passport_grant_one_active_per_role",
            ),
            models.CheckConstraint(condition=Q(role__in=GrantRole.values), name="passport_grant_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"

    @property
    def level(self) -> str:
        return GRANT_LEVEL[GrantRole(self.role)]
