"""Trader traceability (DSA Art. 30; docs/trust.md §3): before a seller's listings may go live the platform
holds its identity document, a payment account, its trade-register entry and its self-certification that it
offers only products that comply with EU law. `missing` names what is not there yet; `ensure_complete` is part
of the gate every new listing passes (processes.ensure_may_publish); staff see the same list.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import clock
from comeback.core.problems import Conflict, Invalid

from .models import Seller

DOCUMENT_TYPES = ("passport", "id_card", "residence_permit", "driving_licence")
PIECES = {
    "identity_document": gettext_lazy("an identity document of the legal representative"),
    "payment_account": gettext_lazy("a payment account (register a payout bank account)"),
    "trade_register": gettext_lazy("the trade-register entry"),
    "self_certification": gettext_lazy("the self-certification that you offer only compliant products"),
}


def missing(seller: Seller) -> list[str]:
    out = []
    if not (seller.id_document_type and seller.id_document_number and seller.id_document_holder):
        out.append("identity_document")
    if seller.payment_account_at is None:
        out.append("payment_account")
    if not seller.trade_register:
        out.append("trade_register")
    if seller.self_certified_at is None:
        out.append("self_certification")
    return out


def ensure_complete(seller: Seller) -> None:
    gaps = missing(seller)
    if gaps:
        raise Conflict(
            _("Before listing, the law asks us to hold: %s. Complete them under Traceability in your portal.")
            % "; ".join(str(PIECES[g]) for g in gaps),
            code="traceability_incomplete",
            missing=gaps,
        )


def record(
    *,
    seller: Seller,
    trade_register: str,
    id_document_type: str,
    id_document_number: str,
    id_document_holder: str,
    self_certification: bool,
    at: datetime | None = None,
) -> Seller:
    """The seller gives (or corrects) its traceability information; the certification is stamped when given."""
    at = at or clock.now()
    errors = []

    def need(field: str, value: str, minimum: int, message: str) -> str:
        value = " ".join((value or "").split())
        if len(value) < minimum:
            errors.append({"field": field, "code": f"{field}_required", "message": message})
        return value

    register = need(
        "trade_register", trade_register, 4, _("Name the register and the entry, e.g. RCS Lyon 732 829 320.")
    )
    number = need("id_document_number", id_document_number, 4, _("Enter the document's number."))
    holder = need("id_document_holder", id_document_holder, 2, _("Enter the legal representative's name."))
    if id_document_type not in DOCUMENT_TYPES:
        errors.append(
            {
                "field": "id_document_type",
                "code": "invalid_document_type",
                "message": _("The document is one of %s.") % ", ".join(DOCUMENT_TYPES),
            }
        )
    if not self_certification:
        errors.append(
            {
                "field": "self_certification",
                "code": "self_certification_required",
                "message": _("Certify that you offer only products that comply with EU law."),
            }
        )
    Invalid.raise_any(errors)
    with transaction.atomic():
        Seller.objects.filter(pk=seller.pk).update(
            trade_register=register[:200],
            id_document_type=id_document_type,
            id_document_number=number[:40],
            id_document_holder=holder[:150],
            self_certified_at=seller.self_certified_at or at,
        )
    seller.refresh_from_db()
    return seller


def on_payment_account(event_id: int, payload: dict) -> None:
    """A payout bank account was registered (payouts): the payment-account piece is there."""
    seller_id = payload.get("seller_id")
    if isinstance(seller_id, int):
        Seller.objects.filter(pk=seller_id, payment_account_at__isnull=True).update(
            payment_account_at=clock.now()
        )
