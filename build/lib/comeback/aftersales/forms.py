"""Web forms of after-sales. They only shape input; the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form
from comeback.orders.services.guarantee import REPAIR_EXTENSION_MONTHS

from .models import Decision, Fault, RemedyChoice, Resolution


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return list(files)


class ClaimForm(Form):
    fault = forms.ChoiceField(label=_("What is wrong?"), choices=Fault.choices)
    description = forms.CharField(
        label=_("Describe the fault"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("When it happens, what you tried."),
    )
    battery_health = forms.IntegerField(
        label=_("Battery health (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("For a battery fault: Settings › Battery › Battery health."),
    )
    remedy = forms.ChoiceField(
        label=_("The remedy you choose"),
        choices=[("", _("Let the seller propose")), *RemedyChoice.choices],
        required=False,
        help_text=format_lazy(
            _("In the EU, choosing repair within the legal guarantee extends it by {months} months."),
            months=REPAIR_EXTENSION_MONTHS,
        ),
    )
    declared_dropped = forms.BooleanField(label=_("The device was dropped"), required=False)
    declared_liquid = forms.BooleanField(label=_("The device had contact with liquid"), required=False)
    declared_third_party_repair = forms.BooleanField(
        label=_("The device was repaired by someone else"), required=False
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to 6 JPEG, PNG or WebP images, 5 MB each."),
    )


class MessageForm(Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReopenForm(Form):
    reason = forms.CharField(
        label=_("What still does not work?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AnswerForm(Form):
    resolution = forms.ChoiceField(
        label=_("Your answer"), choices=Resolution.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the buyer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Required for remote assistance: the steps to follow."),
    )
    return_label_url = forms.URLField(
        label=_("Prepaid return label (link)"),
        required=False,
        assume_scheme="https",
        help_text=_("Repair: the buyer prints it to send the unit."),
    )
    return_tracking = forms.CharField(label=_("Return parcel tracking number"), required=False, max_length=64)
    replacement_offer_id = forms.TypedChoiceField(
        label=_("Replacement unit comes from"), required=False, coerce=int, empty_value=None
    )
    replacement_imei = forms.CharField(label=_("Replacement IMEI"), required=False, max_length=15)
    replacement_serial = forms.CharField(label=_("Replacement serial number"), required=False, max_length=64)
    tracking_number = forms.CharField(
        label=_("Replacement parcel tracking number"), required=False, max_length=64
    )
    carrier = forms.CharField(label=_("Carrier"), required=False, max_length=40)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement_offer_id"].choices = [("", _("A unit from my reserve (not listed)"))] + [
            (
                o.pk,
                _("Listing #%(id)s — %(grade)s, %(n)d in stock")
                % {"id": o.pk, "grade": o.get_grade_display(), "n": o.quantity},
            )
            for o in offers
        ]


class RepairedForm(Form):
    tracking_number = forms.CharField(label=_("Tracking number of the parcel back"), max_length=64)
    carrier = forms.CharField(label=_("Carrier"), max_length=40)
    note = forms.CharField(
        label=_("What was repaired"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (recorded, shown to the buyer and the seller)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
