"""Invoices (docs/payouts.md "Invoices"): the buyer's invoice for each order in the seller's name, credit
notes for refunds, and the platform's monthly invoice to each seller for its commission.

An invoice is a legal document: its parties, lines and totals are a snapshot taken when it is issued, and
it is never changed afterwards (corrections are credit notes). Numbers come from one gapless sequence per
issuer (`InvoiceSequence`), taken in the transaction that stores the invoice.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InvoiceSequence(models.Model):
    """The next number of one issuer's series: a seller's (`seller:<id>`) or the platform's (`platform`)."""

    issuer = models.CharField(max_length=40, unique=True)
    next_number = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.issuer} → {self.next_number}"


class SellerTaxProfile(models.Model):
    """How a seller invoices: whether it sells under the margin scheme for second-hand goods."""

    seller = models.OneToOneField("sellers.Seller", on_delete=models.CASCADE, related_name="tax_profile")
    margin_scheme = models.BooleanField(
        _("margin scheme for second-hand goods"),
        default=False,
        help_text=_("VAT on the margin only (VAT Directive Art. 311–325): invoices show no VAT."),
    )
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"tax profile of {self.seller_id}"


class InvoiceKind(models.TextChoices):
    SALE = "sale", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")
    COMMISSION = "commission", _("Commission invoice")


class Invoice(models.Model):
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices)
    issuer = models.CharField(max_length=40)
    number = models.CharField(max_length=30)
    sequence_number = models.PositiveIntegerField()
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="invoices")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    buyer = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    line = models.OneToOneField(
        "orders.OrderLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_note",
        help_text=_("The refunded line a credit note is for."),
    )
    period = models.DateField(
        null=True, blank=True, help_text=_("First day of the month a commission invoice covers.")
    )
    market = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    issued_by = models.JSONField(help_text=_("The issuer's identity as printed: name, address, VAT number…"))
    issued_to = models.JSONField(help_text=_("The customer's identity as printed."))
    lines = models.JSONField()
    total_net = models.BigIntegerField()
    total_vat = models.BigIntegerField()
    total_gross = models.BigIntegerField()
    vat_treatment = models.CharField(max_length=16)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="invoice_number_unique"),
            models.UniqueConstraint(fields=["issuer", "sequence_number"], name="invoice_sequence_unique"),
            models.UniqueConstraint(
                fields=["order", "seller"], condition=Q(kind="sale"), name="invoice_one_per_order_seller"
            ),
            models.UniqueConstraint(
                fields=["seller", "period", "currency"],
                condition=Q(kind="commission"),
                name="invoice_one_commission_per_month",
            ),
            models.CheckConstraint(condition=Q(kind__in=InvoiceKind.values), name="invoice_kind_valid"),
            models.CheckConstraint(
                condition=Q(total_gross=models.F("total_net") + models.F("total_vat")),
                name="invoice_totals_add_up",
            ),
        ]
        indexes = [models.Index(fields=["seller", "kind", "issued_at"], name="invoice_seller_kind")]

    def __str__(self) -> str:
        return self.number
