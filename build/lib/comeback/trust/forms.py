from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form


class PlaceForm(Form):
    offer_id = forms.IntegerField(label=_("Offer number"), min_value=1)
    name = forms.CharField(label=_("Name on the parcel"), max_length=120)
    line1 = forms.CharField(label=_("Address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=100)
    payment_method = forms.CharField(label=_("Payment method"), max_length=100)


class InspectionForm(Form):
    grade_as_described = forms.BooleanField(label=_("Grade as described"), required=False)
    battery_health = forms.IntegerField(
        label=_("Battery health (%)"), min_value=0, max_value=100, required=False
    )
    wiped = forms.BooleanField(label=_("Data wiped"), required=False)
    accessories_ok = forms.BooleanField(label=_("Accessories as listed"), required=False)
    packaging_ok = forms.BooleanField(label=_("Packaging protects the item"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContestForm(Form):
    text = forms.CharField(
        label=_("Why this decision is wrong"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class StatementDecisionForm(Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("upheld", _("Upheld")), ("reversed", _("Reversed"))]
    )
    statement = forms.CharField(
        label=_("Your statement to the seller"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(Form):
    reason = forms.ChoiceField(
        label=_("What is wrong"),
        choices=[
            ("illegal", _("Illegal")),
            ("unsafe", _("Unsafe or recalled")),
            ("counterfeit", _("Counterfeit")),
            ("misleading", _("Misleading")),
        ],
    )
    details = forms.CharField(label=_("Details"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    email = forms.EmailField(label=_("Your email (optional, for an answer)"), required=False)


class ReportDecisionForm(Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("withdraw", _("Withdraw the listing")), ("dismiss", _("Dismiss"))]
    )
    note = forms.CharField(label=_("Facts found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
