from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import markets


def _market_choices():
    return [("", _("Choose later"))] + [(m.code, f"{m.name} ({m.currency})") for m in markets.all_markets()]


class SignUpForm(forms.Form):
    """The web sign-up form. Rules live in registration.sign_up; this only collects and re-displays."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not close to your email or name."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_market = forms.ChoiceField(label=_("Where you shop"), required=False, choices=_market_choices)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data
