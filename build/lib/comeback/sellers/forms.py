"""Web forms: they render and label fields; the rules are the services' (errors come back as problems)."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comeback.core import locales, markets
from comeback.core.forms import Form

from . import models, removal
from .services import DECISIONS, MAX_EXTENSION_DAYS, MIN_PROCESS_DESCRIPTION


# Labels that spell the notice are formatted when shown (in the reader's language), not at import.
def _remove_label() -> str:
    return ngettext(
        "Remove: %(days)d day's notice, then listings withdrawn and no new listings",
        "Remove: %(days)d days' notice, then listings withdrawn and no new listings",
        removal.NOTICE_DAYS,
    ) % {"days": removal.NOTICE_DAYS}


def _verify_label() -> str:
    days = models.PROBATION_DAYS
    return ngettext(
        "Verify: start the %(days)d-day probation", "Verify: start the %(days)d-day probation", days
    ) % {"days": days}


def _notice_choice() -> str:
    return ngettext(
        "With %(days)d day's notice (the rule)", "With %(days)d days' notice (the rule)", removal.NOTICE_DAYS
    ) % {"days": removal.NOTICE_DAYS}


def _market_choices():
    return [(m.code, f"{m.local_name} ({m.code})") for m in markets.all_markets()]


class ApplicationForm(Form):
    legal_name = forms.CharField(label=_("Legal name of the company"), max_length=200)
    display_name = forms.CharField(
        label=_("Shop name shown to buyers"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the legal name."),
    )
    country = forms.ChoiceField(label=_("Country of registration"))
    company_registration = forms.CharField(
        label=_("Company registration number"),
        max_length=40,
        help_text=_("France: SIREN or SIRET. Elsewhere: the trade register number."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=30,
        help_text=_("EU and UK: VAT number. US: EIN. Japan: corporate number."),
    )
    address = forms.CharField(label=_("Registered address"), widget=forms.Textarea(attrs={"rows": 3}))
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_email = forms.EmailField(label=_("Contact email"), help_text=_("Becomes your seller login."))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    markets = forms.MultipleChoiceField(
        label=_("Markets you want to sell in"), widget=forms.CheckboxSelectMultiple
    )
    process_description = forms.CharField(
        label=_("Your refurbishing process"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At least %d characters: how you source, test, grade, repair and wipe devices.")
        % MIN_PROCESS_DESCRIPTION,
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("At least 10 characters."),
    )
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, required=False)

    def __init__(self, *args, needs_password: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        first = [m.code for m in markets.all_markets()]
        self.fields["country"].choices = [("", _("Choose…"))] + locales.country_choices(first=first)
        self.fields["markets"].choices = _market_choices()
        self.needs_password = needs_password
        if not needs_password:
            del self.fields["password"]
            del self.fields["password2"]
        # the services own the rules: the browser only marks fields as required
        for name in (
            "legal_name",
            "country",
            "company_registration",
            "vat_number",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "process_description",
        ):
            self.fields[name].required = False
            self.fields[name].widget.attrs["required"] = "required"
        self.fields["markets"].required = False
        if needs_password:
            self.fields["password"].widget.attrs.update(required="required", autocomplete="new-password")
            self.fields["password2"].widget.attrs.update(required="required", autocomplete="new-password")
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        data = super().clean()
        if self.needs_password and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class VerifyForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("verify", lazy(_verify_label, str)()),
            ("reject", _("Reject the application")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (recorded, shown to the applicant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject."),
    )


DECISION_LABELS = {
    "approve": _("Approve: full seller, no daily cap, listings visible at once"),
    "extend": _("Extend probation by N days"),
    "remove": lazy(_remove_label, str)(),
    "suspend": _("Suspend: hide every listing until reinstated"),
    "reinstate": _("Reinstate: make the listings visible again"),
    "cancel_notice": _("Withdraw the removal notice: the shop stays"),
}


class DecisionForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    days = forms.IntegerField(
        label=_("Days to add (extension)"), required=False, min_value=1, max_value=MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(
        label=_("Reason (recorded, shown to the seller)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to extend, suspend or remove."),
    )
    ground = forms.ChoiceField(
        label=_("Removal"),
        required=False,
        choices=[
            ("", lazy(_notice_choice, str)()),
            ("illegal_content", _("At once: illegal content, a legal obligation to end the service")),
            ("repeated_infringement", _("At once: repeated infringement of the terms")),
        ],
        help_text=_("Only for a removal. Removing at once records the ground in the statement of reasons."),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d, DECISION_LABELS[d]) for d in (allowed or DECISIONS)]
        if "extend" not in (allowed or DECISIONS):
            del self.fields["days"]
        if "remove" not in (allowed or DECISIONS):
            del self.fields["ground"]


class TraceabilityForm(Form):
    trade_register = forms.CharField(
        label=_("Trade register entry"), max_length=200, help_text=_("e.g. RCS Lyon 732 829 320")
    )
    id_document_type = forms.ChoiceField(
        label=_("Identity document of the legal representative"),
        choices=[
            ("passport", _("Passport")),
            ("id_card", _("Identity card")),
            ("residence_permit", _("Residence permit")),
            ("driving_licence", _("Driving licence")),
        ],
    )
    id_document_number = forms.CharField(label=_("Document number"), max_length=40)
    id_document_holder = forms.CharField(label=_("Legal representative"), max_length=150)
    self_certification = forms.BooleanField(
        label=_("I certify that I offer only products that comply with the applicable rules of EU law."),
        required=False,
    )
