"""A seller registers the bank account it is paid into, one per currency.

Money redirected by whoever stole a session is the fraud this guards against (docs/payouts.md "Bank
accounts"): every registration asks for the account's password again, and a change (an account replacing
another) holds the seller's payouts in that currency for `conf.change_hold()` and tells the seller by email.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox, ratelimit
from comeback.core.problems import Conflict, Forbidden

from .. import accounts, conf
from ..models import BankAccount

REAUTH_RATE = "10/h"  # password re-entries per account: enough for typos, too few to guess


def confirm_password(user, password: str, *, at: datetime) -> None:
    """The password again, rate-limited per account; a 403 naming the field otherwise."""
    ratelimit.hit("payout_reauth", str(user.pk), rate=REAUTH_RATE, at=at)
    if not password or not user.check_password(password):
        raise Forbidden(
            _("Enter your password again to change where you are paid."),
            code="password_incorrect",
            errors=[
                {"field": "password", "code": "password_incorrect", "message": _("The password is wrong.")}
            ],
        )


def register(
    *, seller, user, password: str, currency: str, data: dict, at: datetime | None = None
) -> BankAccount:
    """Check and store the seller's account for `currency`, retiring the one it replaces."""
    at = at or clock.now()
    checked = accounts.details(data, currency=currency)
    confirm_password(user, password, at=at)
    try:
        with transaction.atomic():
            retired = BankAccount.objects.filter(
                seller=seller, currency=checked.currency, retired_at__isnull=True
            ).update(retired_at=at)
            account = BankAccount.objects.create(
                seller=seller,
                created_at=at,
                created_by=user,
                payouts_held_until=at + conf.change_hold() if retired else None,
                **asdict(checked),
            )
            outbox.emit(
                "payouts.bank_account.registered",
                bank_account_id=account.pk,
                seller_id=seller.pk,
                changed=bool(retired),
            )
    except IntegrityError as exc:  # a concurrent change of the same currency won the partial unique index
        raise Conflict(
            _("Another change of this account was saved at the same moment; reload and try again."),
            code="bank_account_changed_meanwhile",
        ) from exc
    return account


def active(seller_id: int, currency: str) -> BankAccount | None:
    return BankAccount.objects.filter(seller_id=seller_id, currency=currency, retired_at__isnull=True).first()
