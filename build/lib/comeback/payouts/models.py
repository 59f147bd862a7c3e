"""Money leaving the platform (docs/payouts.md): sellers' bank accounts, payout runs, the transfers they
make, the SEPA files they write, and the bank statements that say what happened to each transfer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    """How a bank account is identified, one scheme per payout currency."""

    SEPA = "sepa", _("SEPA (IBAN and BIC)")
    GB = "gb", _("UK (sort code and account number)")
    US = "us", _("US (ABA routing and account number)")
    JP = "jp", _("Japan (Zengin bank, branch and account)")


# The currency a scheme pays in; EUR leaves in SEPA files, the others through the payout provider.
SCHEME_FOR_CURRENCY = {"EUR": Scheme.SEPA, "GBP": Scheme.GB, "USD": Scheme.US, "JPY": Scheme.JP}


class JapaneseAccountType(models.TextChoices):
    ORDINARY = "futsu", _("Ordinary (futsū)")
    CURRENT = "toza", _("Current (tōza)")


class BankAccount(models.Model):
    """Where a seller is paid in one currency. A change adds a row and retires the old one, so every
    transfer keeps pointing at the account it was sent to."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="bank_accounts")
    currency = models.CharField(max_length=3)
    scheme = models.CharField(max_length=4, choices=Scheme.choices)
    holder = models.CharField(_("account holder"), max_length=140)
    holder_kana = models.CharField(_("account holder (katakana)"), max_length=140, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)
    sort_code = models.CharField(_("sort code"), max_length=6, blank=True)
    routing_number = models.CharField(_("ABA routing number"), max_length=9, blank=True)
    bank_code = models.CharField(_("bank code"), max_length=4, blank=True)
    branch_code = models.CharField(_("branch code"), max_length=3, blank=True)
    account_type = models.CharField(max_length=5, choices=JapaneseAccountType.choices, blank=True)
    account_number = models.CharField(_("account number"), max_length=17, blank=True)
    provider_ref = models.CharField(
        max_length=80, blank=True, help_text=_("The payout provider's id for this account (Stripe: acct_…).")
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payouts_held_until = models.DateTimeField(
        null=True, blank=True, help_text=_("A changed account pays nothing before this time.")
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["currency", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "currency"],
                condition=Q(retired_at__isnull=True),
                name="bank_account_one_active_per_currency",
            ),
            models.CheckConstraint(condition=Q(scheme__in=Scheme.values), name="bank_account_scheme_valid"),
            models.CheckConstraint(
                condition=~Q(scheme="sepa") | (~Q(iban="") & Q(currency="EUR")), name="bank_account_sepa_iban"
            ),
            models.CheckConstraint(
                condition=~Q(scheme="us") | (~Q(routing_number="") & ~Q(account_number="")),
                name="bank_account_us_numbers",
            ),
            models.CheckConstraint(
                condition=~Q(scheme="gb") | (~Q(sort_code="") & ~Q(account_number="")),
                name="bank_account_gb_numbers",
            ),
            models.CheckConstraint(
                condition=~Q(scheme="jp") | (~Q(bank_code="") & ~Q(branch_code="") & ~Q(account_number="")),
                name="bank_account_jp_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.masked}"

    @property
    def masked(self) -> str:
        """The last four characters only: enough to recognise the account, not to reuse it."""
        return "•••• " + (self.iban or self.account_number)[-4:]


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class PayoutRun(models.Model):
    """One payout day's run: pays every seller what is released, once, whatever the number of callers."""

    run_date = models.DateField(unique=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.PENDING)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-run_date"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="payout_run_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False), name="payout_run_done_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Payout run {self.run_date}"


class Channel(models.TextChoices):
    SEPA = "sepa", _("SEPA credit transfer file")
    PROVIDER = "provider", _("Payout provider")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent, awaiting the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed, back in the balance")


SETTLED = (TransferStatus.PAID, TransferStatus.FAILED)


class PayoutFile(models.Model):
    """A pain.001.001.09 credit-transfer file, kept byte for byte as it was handed to the bank."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="files")
    message_id = models.CharField(max_length=35, unique=True)
    currency = models.CharField(max_length=3)
    transfer_count = models.PositiveIntegerField()
    control_sum = models.BigIntegerField(help_text=_("The sum of the file's transfers, in minor units."))
    content = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(transfer_count__gt=0), name="payout_file_not_empty"),
        ]

    def __str__(self) -> str:
        return self.message_id


class Transfer(models.Model):
    """One payout's money on its way to the seller's bank account."""

    payout = models.OneToOneField("orders.Payout", on_delete=models.PROTECT, related_name="transfer")
    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="transfers")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="transfers")
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="transfers")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    file = models.ForeignKey(
        PayoutFile, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    provider_ref = models.CharField(max_length=80, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    failure_code = models.CharField(
        max_length=40, blank=True, help_text=_("ISO 20022 return reason, or the provider's failure code")
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_positive"),
            models.CheckConstraint(
                condition=Q(status__in=TransferStatus.values), name="transfer_status_valid"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="transfer_channel_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=["paid", "failed"]) | Q(settled_at__isnull=False),
                name="transfer_settled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "channel"], name="transfer_status_channel")]

    def __str__(self) -> str:
        return self.end_to_end_id


class BankStatement(models.Model):
    """An imported camt.053 statement; importing the same one again changes nothing."""

    message_id = models.CharField(max_length=35)
    statement_id = models.CharField(max_length=35)
    account_iban = models.CharField(max_length=34, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    content = models.TextField()
    entry_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.statement_id} ({self.message_id})"


class Outcome(models.TextChoices):
    PAID = "paid", _("Marked paid")
    FAILED = "failed", _("Marked failed")
    ALREADY = "already", _("Already settled")
    UNMATCHED = "unmatched", _("No matching transfer")
    MISMATCH = "mismatch", _("Amount or currency differs")


class StatementEntry(models.Model):
    """One debit of a statement, matched to a transfer by its end-to-end id."""

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="entries")
    end_to_end_id = models.CharField(max_length=35, blank=True)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    returned = models.BooleanField(default=False)
    reason_code = models.CharField(max_length=10, blank=True)
    booking_date = models.DateField(null=True, blank=True)
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_entries"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.outcome}"
