"""Trade-in forms: they parse what a browser sends; the services own every rule and name the field they
refuse, and `apply_problem` shows that message next to the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import forms as core_forms
from comeback.core.forms import Form
from comeback.core.money import Money, minor_units
from comeback.core.problems import Problem

from . import conditions, garments, validation
from .models import (
    Body,
    BuybackStatus,
    CounterReason,
    GarmentCondition,
    Holes,
    PayoutMethod,
    Pilling,
    Route,
    Screen,
    Stains,
    Tier,
    Verification,
    WipeMethod,
)
from .services import inspection

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

# Service field names → the form field that shows the message (otherwise the last part: `payout.iban` → iban).
FIELD_FOR = {"product_id": "product"}


def apply_problem(form: forms.Form, problem: Problem) -> None:
    """Field errors beside their fields, the rest on top of the form."""
    core_forms.apply_problem(form, problem, field_for=FIELD_FOR)


def _radio(label, choices, **kw):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kw)


class QuestionnaireForm(Form):
    """The five questions (docs/design.md §2), plus the storage when the model comes in several sizes."""

    storage_gb = forms.TypedChoiceField(label=_("Storage"), coerce=int)
    powers_on = _radio(_("Does it power on?"), YES_NO)
    screen = _radio(_("What state is the screen in?"), Screen.choices)
    body = _radio(_("What state is the body in?"), Body.choices)
    functional = _radio(_("Do all functions work (buttons, cameras, sound, connections)?"), YES_NO)
    accounts_removed = _radio(
        _("Have you removed your accounts (iCloud, Google…)?"),
        YES_NO,
        help_text=_("Remove them before shipping: a locked device gets a counter-offer."),
    )
    # The garment questionnaire (garments.py), for a model whose category asks it instead.
    condition = _radio(_("What condition is it in overall?"), GarmentCondition.choices)
    stains = _radio(_("Any stains?"), Stains.choices)
    holes = _radio(_("Any holes, tears or open seams?"), Holes.choices)
    pilling = _radio(_("Any pilling (small bobbles on the fabric)?"), Pilling.choices)
    size = forms.CharField(label=_("Size on the label"), max_length=garments.SIZE_MAX_LENGTH)
    brand_label = _radio(_("Is the brand label still sewn in and readable?"), YES_NO)
    partner = forms.CharField(required=False, widget=forms.HiddenInput)

    DEVICE_FIELDS = ("powers_on", "screen", "body", "functional", "accounts_removed")

    def __init__(self, *args, product, storage_options: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.garment = conditions.is_garment(product)
        if storage_options:
            self.fields["storage_gb"].choices = [(s, f"{s} GB") for s in storage_options]
        else:
            del self.fields["storage_gb"]
        for name in garments.FIELDS if not self.garment else self.DEVICE_FIELDS:
            del self.fields[name]
        if self.garment:
            sizes = conditions.size_options(product)
            if sizes:
                self.fields["size"] = _radio(_("Size"), [(s, s) for s in sizes])
        elif not conditions.has_screen(product):
            del self.fields["screen"]

    def answers(self) -> dict:
        d = self.cleaned_data
        if self.garment:
            return {
                "condition": d["condition"],
                "stains": d["stains"],
                "holes": d["holes"],
                "pilling": d["pilling"],
                "size": d["size"],
                "brand_label": d["brand_label"] == "yes",
            }
        return {
            "powers_on": d["powers_on"] == "yes",
            "screen": d.get("screen"),
            "body": d["body"],
            "functional": d["functional"] == "yes",
            "accounts_removed": d["accounts_removed"] == "yes",
        }


class AcceptForm(Form):
    """Identity, the device's identifier and the bank account the money goes to (per the market)."""

    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("You must be 18 or older."),
    )
    imei = forms.CharField(label=_("IMEI"), max_length=40, help_text=_("15 digits: dial *#06# to see it."))
    serial = forms.CharField(label=_("Serial number"), max_length=60)
    address = forms.CharField(
        label=_("Return address"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where we send the device back if you refuse a counter-offer."),
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=120)
    iban = forms.CharField(label=_("IBAN"), max_length=60)
    routing_number = forms.CharField(label=_("ABA routing number"), max_length=20)
    account_number = forms.CharField(label=_("Account number"), max_length=40)
    bank_code = forms.CharField(label=_("Bank code"), max_length=10)
    branch_code = forms.CharField(label=_("Branch code"), max_length=10)

    METHOD_FIELDS = {
        PayoutMethod.IBAN: ("iban",),
        PayoutMethod.US_ACCOUNT: ("routing_number", "account_number"),
        PayoutMethod.JP_ACCOUNT: ("bank_code", "branch_code", "account_number"),
    }
    BANK_FIELDS = ("iban", "routing_number", "account_number", "bank_code", "branch_code")

    def __init__(self, *args, product, market_code: str, store_counter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = validation.method_for(market_code)
        keep = self.METHOD_FIELDS[PayoutMethod(self.method)]
        for name in self.BANK_FIELDS:
            if name not in keep:
                del self.fields[name]
        identifier = conditions.identifier(product)
        for name in ("imei", "serial"):
            if name != identifier:  # a garment ("none") gives neither
                del self.fields[name]
        if store_counter:
            del self.fields["address"]

    @property
    def bank_fields(self):
        return [self[n] for n in ("account_holder", *self.METHOD_FIELDS[PayoutMethod(self.method)])]

    def payout(self) -> dict:
        d = self.cleaned_data
        return {
            "method": self.method,
            "account_holder": d.get("account_holder", ""),
            **{n: d.get(n, "") for n in self.BANK_FIELDS if n in self.fields},
        }


class TrackingForm(Form):
    tracking = forms.CharField(label=_("Tracking number (optional)"), max_length=60, required=False)


def price_field(label):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


def to_minor(form: forms.Form, field: str, value, currency: str) -> int | None:
    if value is None:
        return None
    try:
        return Money.from_major(value, currency).amount
    except (ValueError, ArithmeticError):
        places = minor_units(currency)
        form.add_error(field, _("At most %(n)d decimals in %(c)s.") % {"n": places, "c": currency})
        return None


class BuybackOfferForm(Form):
    product = forms.IntegerField(
        label=_("Model id"), min_value=1, help_text=_("The model's id, from the trade-in model search.")
    )
    storage_gb = forms.IntegerField(label=_("Storage (GB, 0 = every size)"), min_value=0, initial=0)
    market = forms.ChoiceField(label=_("Market"))
    tier = forms.ChoiceField(label=_("Condition tier"), choices=Tier.choices)
    price = price_field(_("Price you pay"))
    weekly_capacity = forms.IntegerField(label=_("Devices per week"), min_value=1, initial=20)

    def __init__(self, *args, market_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = market_choices


class BuybackEditForm(Form):
    price = price_field(_("Price"))
    weekly_capacity = forms.IntegerField(label=_("Devices per week"), min_value=1)
    status = forms.ChoiceField(label=_("Status"), choices=BuybackStatus.choices)


class CsvUploadForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: product, storage_gb, market, tier, price (minor units), currency, weekly_capacity."
        ),
    )


class InspectionForm(Form):
    """What the inspector found (pre-filled with what the customer declared)."""

    powers_on = _radio(_("Powers on"), YES_NO)
    screen = _radio(_("Screen"), Screen.choices, required=False)
    body = _radio(_("Body"), Body.choices)
    functional = _radio(_("All functions work"), YES_NO)
    notes = forms.CharField(
        label=_("Inspection notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def inspected(self) -> dict:
        d = self.cleaned_data
        found = {
            "powers_on": d["powers_on"] == "yes",
            "body": d["body"],
            "functional": d["functional"] == "yes",
        }
        if d.get("screen"):
            found["screen"] = d["screen"]
        return found


class GarmentInspectionForm(Form):
    """What the reseller finds on a garment (garments.py); the size is the one declared."""

    condition = _radio(_("Condition"), GarmentCondition.choices)
    stains = _radio(_("Stains"), Stains.choices)
    holes = _radio(_("Holes, tears, open seams"), Holes.choices)
    pilling = _radio(_("Pilling"), Pilling.choices)
    brand_label = _radio(_("Brand label sewn in and readable"), YES_NO)
    notes = forms.CharField(
        label=_("Inspection notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def inspected(self) -> dict:
        d = self.cleaned_data
        return {
            "condition": d["condition"],
            "stains": d["stains"],
            "holes": d["holes"],
            "pilling": d["pilling"],
            "brand_label": d["brand_label"] == "yes",
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); their content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CounterOfferForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *CounterReason.choices], required=False)
    price = price_field(_("Counter-offer price"))
    note = forms.CharField(
        label=_("Explanation for the customer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("Photos of the defect"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB each; at least one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].required = False


class WipeForm(Form):
    method = forms.ChoiceField(label=_("NIST SP 800-88 method"), choices=WipeMethod.choices)
    technique = forms.CharField(label=_("Technique"), max_length=200, initial="Cryptographic erase")
    tool = forms.CharField(label=_("Tool"), max_length=100)
    tool_version = forms.CharField(label=_("Tool version"), max_length=40)
    operator_name = forms.CharField(label=_("Operator"), max_length=120)
    started_at = forms.DateTimeField(
        label=_("Started (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ended_at = forms.DateTimeField(
        label=_("Ended (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    verification = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)
    verification_method = forms.CharField(
        label=_("Verification method"), max_length=200, required=False, initial="Full read-back sampling"
    )

    def draft(self) -> inspection.WipeDraft:
        d = self.cleaned_data
        return inspection.WipeDraft(
            method=d["method"],
            technique=d["technique"],
            tool=d["tool"],
            tool_version=d["tool_version"],
            operator_name=d["operator_name"],
            started_at=utc(d["started_at"]),
            ended_at=utc(d["ended_at"]),
            verification=d["verification"],
            verification_method=d.get("verification_method", ""),
        )


def utc(value: datetime) -> datetime:
    """A datetime-local input has no zone: the form says UTC."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class RouteForm(Form):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)
    reason = forms.CharField(label=_("Why"), max_length=300)
    recycler = forms.CharField(label=_("Certified recycler"), max_length=120, required=False)
    weight_grams = forms.IntegerField(label=_("Weight (g)"), min_value=1, required=False)


class ReturnForm(Form):
    label = forms.CharField(label=_("Return label"), max_length=60)
    tracking = forms.CharField(label=_("Tracking number"), max_length=60)


class DropOffForm(Form):
    tradein_id = forms.CharField(
        label=_("Trade-in reference"), max_length=20, help_text=_("e.g. TRD-7K2M9Q4XHC")
    )


class StoreWipeForm(WipeForm):
    lock_off = forms.BooleanField(
        label=_("The customer removed their accounts (activation lock off) with me"), required=False
    )
