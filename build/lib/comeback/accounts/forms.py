from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import markets
from comeback.core.forms import Form, PostalAddressForm


def _market_choices():
    return [("", _("Choose later"))] + [
        (m.code, f"{m.local_name} ({m.currency})") for m in markets.all_markets()
    ]


class SignUpForm(Form):
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


def _country_choices():
    return [(m.code, m.local_name) for m in markets.all_markets()]


class ProfileForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_market = forms.ChoiceField(label=_("Where you shop"), required=False, choices=_market_choices)


class AddressForm(PostalAddressForm):
    """A saved address; the rules (postcode per country, text rule) are in profile.clean_address."""

    field_order = ["label", "name", "line1", "line2", "postal_code", "city", "country"]

    label = forms.CharField(
        label=_("Label (optional)"), max_length=60, required=False, help_text=_("Home, work…")
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=_country_choices, widget=forms.Select(attrs={"autocomplete": "country"})
    )
    phone = forms.CharField(
        label=_("Phone (for the carrier)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    is_default = forms.BooleanField(label=_("Use this address by default"), required=False)


class EmailChangeForm(Form):
    email = forms.EmailField(
        label=_("New email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not close to your email or name."),
    )


class DeleteAccountForm(Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
