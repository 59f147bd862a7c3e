"""Web forms of buying. They only shape input; the rules are in services (whose problems the views put
back on the form, next to the field they name)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form, PostalAddressForm

from .models import MAX_ITEM_QUANTITY, ReturnReason
from .payments.testing import CARD_SUCCEEDS


class AddToCartForm(Form):
    offer_id = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_ITEM_QUANTITY, initial=1)
    # A customisation chosen on the product page (an add-on offer), or the cart item an add-on goes with.
    addon_offer_id = forms.IntegerField(required=False, min_value=1)
    attach_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CartQuantityForm(Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_ITEM_QUANTITY)


class CheckoutForm(PostalAddressForm):
    phone = forms.CharField(
        label=_("Phone (for the carrier)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=23,
        initial=CARD_SUCCEEDS,
        help_text=_(
            "Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, "
            "4000 0000 0000 3220 asks you to confirm."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    # One key per rendered form: a double submit or a reload replays the same order instead of a second one.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def address(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k, "") for k in ("name", "line1", "line2", "postal_code", "city", "phone")}


class ShipForm(Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=40)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64)
    imei = forms.CharField(
        label=_("IMEI"),
        max_length=20,
        required=False,
        help_text=_("15 digits, checked with the Luhn algorithm. Or give a serial number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    serial = forms.CharField(label=_("Serial number"), max_length=64, required=False)


class CancelForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ReturnForm(Form):
    line_ids = forms.TypedMultipleChoiceField(
        label=_("Items to return"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)
    comment = forms.CharField(
        label=_("Tell the seller more (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_ids"].choices = [(ln.pk, f"{ln.title} {ln.variant_label}") for ln in lines]


class ReviewForm(Form):
    stars = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, n) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Your review (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffReturnForm(Form):
    """A staff step on a return in the seller's stead, with the reason kept on the return."""

    reason = forms.CharField(
        label=_("Reason (kept on the return)"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
