from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Market(models.Model):
    """A country where Comeback sells: currency, locale, timezone and legal settings (docs/design.md §2 Markets)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(_("name"), max_length=60)
    currency = models.CharField(_("currency"), max_length=3, help_text="ISO 4217")
    locale = models.CharField(_("locale"), max_length=10, help_text="CLDR locale, e.g. fr_FR")
    language = models.CharField(_("language"), max_length=5)
    timezone = models.CharField(_("timezone"), max_length=40)
    commercial_warranty_min_months = models.PositiveSmallIntegerField(default=12)
    return_window_days = models.PositiveSmallIntegerField(default=30)
    legal_guarantee_months = models.PositiveSmallIntegerField(
        default=0, help_text=_("Statutory conformity guarantee; 0 where the law sets no fixed period.")
    )
    legal_guarantee_note = models.CharField(max_length=300, blank=True)
    buyer_fee_bps = models.PositiveSmallIntegerField(
        default=150, help_text=_("Buyer service fee in basis points; capped at 2% (200 bps) of the basket.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(buyer_fee_bps__lte=200), name="market_buyer_fee_cap_2pct"
            ),
            models.CheckConstraint(
                condition=models.Q(commercial_warranty_min_months__gte=12), name="market_warranty_min_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        from comeback.core import markets

        with transaction.atomic():
            super().save(*args, **kwargs)
            markets.changed()

    def delete(self, *args, **kwargs):
        from comeback.core import markets

        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            markets.changed()
        return deleted

    @property
    def local_name(self) -> str:
        """The market's country in the active language ("Royaume-Uni" on a French page); `name` is the
        operator's English label, kept for the API and the admin."""
        from comeback.core import locales

        named = locales.country_name(self.code)
        return self.name if named == self.code.upper() else named


class OutboxEvent(models.Model):
    """A side effect recorded in the same transaction as the change that causes it (transactional outbox).

    Delivered after commit by `core.outbox.drain`; handlers are idempotent, keyed by the event id. A drain
    claims events before handling them (`claimed_by` until `claimed_until`), so two drains never handle the
    same event; a failed attempt backs off (`available_at`) and the last one leaves it dead (`dead_at`), for
    staff to see and replay (docs/deploy.md "Freshness and healing").
    """

    topic = models.CharField(max_length=80, db_index=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=40, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True, db_index=True)
    replayed_at = models.DateTimeField(null=True, blank=True)
    replayed_by = models.CharField(
        max_length=254, blank=True, help_text="who replayed it, from the dead letters"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            # What a drain scans: the few events still to deliver, in order.
            models.Index(
                fields=["id"],
                condition=models.Q(processed_at__isnull=True, dead_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic}#{self.pk}"


class IdempotentRequest(models.Model):
    """One Idempotency-Key a caller sent on a creating POST, and the answer it got (core/idempotency.py).

    `status` is null while the first request runs; a twin request with the same key waits for it and then
    gets the same answer. Rows expire (`expires_at`) and are pruned by `comeback prune-idempotency-keys`.
    """

    caller = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and inputs")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotent_request_caller_key"),
            models.CheckConstraint(
                condition=models.Q(status__isnull=True) | models.Q(status__gte=100, status__lt=600),
                name="idempotent_request_status_http",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"


class ScheduledJob(models.Model):
    """What the scheduler knows of one periodic job (core/scheduler.py): when it last ran, and how it went."""

    name = models.CharField(max_length=60, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lease(models.Model):
    """A role one process holds at a time across every node (the scheduler), until `expires_at`."""

    name = models.CharField(max_length=60, primary_key=True)
    holder = models.CharField(max_length=120)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"


class WorkerBeat(models.Model):
    """A task worker's heartbeat: a RUNNING task whose worker stopped beating is run again (core/worker.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    queues = models.CharField(max_length=200)
    host = models.CharField(max_length=120)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.queues})"


class RateCounter(models.Model):
    """One rate-limit window's count when no Redis is configured (core/ratelimit.py): every process and node
    counts in the same row, incremented by one atomic upsert. Expired windows are pruned hourly."""

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class ConfigVersion(models.Model):
    """The version of a piece of configuration every process copies (markets, the signing keyring): bumped by
    the transaction that edits it, compared by each process at most once a second (core/versioned.py)."""

    name = models.CharField(max_length=60, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class SigningKey(models.Model):
    """One Ed25519 key of the platform's keyring (core/keyring.py), shared by every node.

    The current key of a purpose signs (`retired_at` is null); retired ones stay published, so what they signed
    still verifies. A key the keyring generated keeps its private half here, encrypted (Fernet) with
    KEYRING_SECRET or SECRET_KEY; a key given as PASSPORT_SIGNING_KEY is only registered (its public half).
    """

    kid = models.CharField(max_length=64, primary_key=True, help_text="RFC 7638 JWK thumbprint")
    purpose = models.CharField(max_length=30, default="passports")
    public_key = models.CharField(max_length=64, help_text="raw Ed25519 public key, base64url")
    private_key_encrypted = models.TextField(
        blank=True, help_text="PKCS#8 DER, Fernet-encrypted; empty when the key comes from the environment"
    )
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["purpose", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"],
                condition=models.Q(retired_at__isnull=True),
                name="one_current_signing_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.kid}{' (retired)' if self.retired_at else ''}"
