from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form


class CloseForm(Form):
    note = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandOverForm(Form):
    identifier = forms.CharField(label=_("IMEI or serial"), max_length=64)
    to_seller_id = forms.IntegerField(label=_("Seller number"), min_value=1)
    reason = forms.CharField(label=_("How the unit reached this seller"), max_length=300)
