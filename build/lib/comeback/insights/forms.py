"""Insights forms: the exchange rate staff add (the dashboard's filters are parsed by filters.parse)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import markets
from comeback.core.forms import Form


def _currencies() -> list[tuple[str, str]]:
    return [(c, c) for c in sorted({m.currency for m in markets.all_markets()})]


class RateForm(Form):
    currency = forms.ChoiceField(label=_("1 unit of"), choices=_currencies)
    target = forms.ChoiceField(label=_("is worth, in"), choices=_currencies)
    rate = forms.DecimalField(label=_("Rate"), max_digits=18, decimal_places=8, min_value=0)
    valid_on = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(
        label=_("Source"),
        max_length=120,
        required=False,
        help_text=_("Where the rate comes from, e.g. the ECB reference rate of that day."),
    )
