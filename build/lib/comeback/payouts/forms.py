"""The seller's bank-account form: one form for every currency; the service checks what each one needs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form

from .models import SCHEME_FOR_CURRENCY, JapaneseAccountType


class BankAccountForm(Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in SCHEME_FOR_CURRENCY])
    holder = forms.CharField(label=_("Account holder"), max_length=140)
    iban = forms.CharField(label="IBAN", max_length=64, required=False, help_text=_("EUR: your IBAN"))
    bic = forms.CharField(
        label="BIC", max_length=16, required=False, help_text=_("EUR: optional when your bank is known")
    )
    sort_code = forms.CharField(label=_("Sort code"), max_length=16, required=False, help_text=_("GBP"))
    routing_number = forms.CharField(
        label=_("ABA routing number"), max_length=16, required=False, help_text=_("USD")
    )
    account_number = forms.CharField(
        label=_("Account number"), max_length=34, required=False, help_text=_("GBP, USD and JPY")
    )
    bank_code = forms.CharField(
        label=_("Bank code"), max_length=8, required=False, help_text=_("JPY (Zengin)")
    )
    branch_code = forms.CharField(label=_("Branch code"), max_length=8, required=False, help_text=_("JPY"))
    account_type = forms.ChoiceField(
        label=_("Account type"),
        choices=[("", "—"), *JapaneseAccountType.choices],
        required=False,
        help_text=_("JPY"),
    )
    holder_kana = forms.CharField(
        label=_("Holder's name in katakana"), max_length=140, required=False, help_text=_("JPY")
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Asked again for every change of where you are paid."),
    )

    def details(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("currency", "password")}


class StatementForm(Form):
    file = forms.FileField(label=_("camt.053 statement (XML)"))


class RunForm(Form):
    force = forms.BooleanField(label=_("Run even though today is not a payout day"), required=False)
