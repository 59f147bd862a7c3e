"""Outbox handlers: the seller hears of every change of where it is paid, and of every transfer the bank
sent back. Each claims its row's `notified_at` with a guarded update first, so a replayed event sends
nothing twice."""

from __future__ import annotations

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from comeback.core import clock, locales, markets, outbox, site
from comeback.core.money import Money

from .models import BankAccount, Transfer


def _language(seller) -> str:
    market = markets.find(seller.country)
    return market.language if market is not None else "en"


def _portal() -> str:
    return site.absolute(reverse("payouts:seller_home"))


@outbox.handles("payouts.bank_account.registered")
def email_bank_account(event_id: int, payload: dict) -> None:
    pk = payload.get("bank_account_id")
    if not BankAccount.objects.filter(pk=pk, notified_at__isnull=True).update(notified_at=clock.now()):
        return
    account = BankAccount.objects.select_related("seller__user").get(pk=pk)
    with translation.override(_language(account.seller)):
        lines = [
            _("Hello %s,") % account.seller.display_name,
            "",
            _("Your %(currency)s payouts now go to the account %(masked)s held by %(holder)s.")
            % {"currency": account.currency, "masked": account.masked, "holder": account.holder},
        ]
        if account.payouts_held_until:
            lines.append(
                _("For your safety, no payout leaves in this currency before %(date)s.")
                % {"date": account.payouts_held_until.date().isoformat()}
            )
        lines += ["", _("If you did not make this change, contact us at once."), _portal()]
        send_mail(_("Your payout bank account changed"), "\n".join(lines), None, [account.seller.user.email])


@outbox.handles("payouts.transfer.failed")
def email_failed_transfer(event_id: int, payload: dict) -> None:
    pk = payload.get("transfer_id")
    if not Transfer.objects.filter(pk=pk, notified_at__isnull=True).update(notified_at=clock.now()):
        return
    transfer = Transfer.objects.select_related("seller__user", "bank_account").get(pk=pk)
    seller = transfer.seller
    market = markets.find(seller.country)
    with translation.override(_language(seller)):
        amount = locales.money(Money(transfer.amount, transfer.currency), market)
        body = "\n".join(
            [
                _("Hello %s,") % seller.display_name,
                "",
                _("Your bank sent back the payout %(ref)s of %(amount)s to %(masked)s (reason %(code)s).")
                % {
                    "ref": transfer.end_to_end_id,
                    "amount": amount,
                    "masked": transfer.bank_account.masked,
                    "code": transfer.failure_code or "-",
                },
                _("The money is back in your balance and will be paid by the next payout run."),
                _("Check your bank account details in the seller portal:"),
                _portal(),
            ]
        )
        send_mail(_("A payout was returned by your bank"), body, None, [seller.user.email])
