"""Web forms of repair. They only shape input; services decide (a refusal is shown with apply_problem)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form

from .models import GARMENT_SERVICES, PartSource, PartType, RepairBarrier, ServiceKind


def device_models(kinds=("device",)):
    from comeback.catalog.models import ProductModel

    return (
        ProductModel.objects.filter(category__kind__in=kinds)
        .select_related("brand")
        .order_by("brand__name", "name")
    )


def models_for(services) -> tuple[str, ...]:
    """The catalogue kinds a location's services repair: garments and shoes at a cobbler, devices elsewhere."""
    kinds = {"apparel" if s.kind in GARMENT_SERVICES else "device" for s in services}
    return tuple(sorted(kinds)) or ("device",)


class NearForm(Form):
    place = forms.CharField(
        label=_("City or postcode"),
        max_length=80,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. Paris, 10115, London"), "autocomplete": "postal-code"}
        ),
    )
    service = forms.ChoiceField(
        label=_("Repair"), required=False, choices=[("", _("Any repair"))] + list(ServiceKind.choices)
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)


class BookForm(Form):
    service = forms.ChoiceField(label=_("Repair"))
    product = forms.ModelChoiceField(
        label=_("Your device"), queryset=None, empty_label=_("Choose your model")
    )
    starts_at = forms.DateTimeField(label=_("Time"), widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Anything we should know?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.kind, s.get_kind_display()) for s in services]
        self.fields["product"].queryset = device_models(models_for(services))


class RescheduleForm(Form):
    starts_at = forms.DateTimeField(label=_("New time"))


class WalkInForm(Form):
    product = forms.ModelChoiceField(label=_("Model"), queryset=None, empty_label=_("Choose the model"))
    passport_serial = forms.CharField(
        label=_("Passport serial (if the unit has one)"), max_length=20, required=False
    )
    diagnosis = forms.CharField(
        label=_("Diagnosis"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    battery_before = forms.IntegerField(
        label=_("Battery health before (%)"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = device_models()


class StartForm(Form):
    passport_serial = forms.CharField(
        label=_("Passport serial (if the unit has one)"), max_length=20, required=False
    )


class DiagnosisForm(Form):
    diagnosis = forms.CharField(
        label=_("Diagnosis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    battery_before = forms.IntegerField(
        label=_("Battery health before (%)"), min_value=0, max_value=100, required=False
    )
    passport_serial = forms.CharField(label=_("Passport serial"), max_length=20, required=False)


class UsePartForm(Form):
    part = forms.TypedChoiceField(label=_("Part"), coerce=int)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=20, initial=1)

    def __init__(self, *args, available=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [
            (
                a.part.pk,
                f"{a.part.get_part_type_display()} · {a.part.name} ({a.part.get_source_display()}) — "
                + str(_("%(n)d here") % {"n": a.quantity_here}),
            )
            for a in available
        ]


class CompleteForm(Form):
    repaired = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Repaired")), ("no", _("Could not be repaired"))],
    )
    summary = forms.CharField(
        label=_("What was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    battery_after = forms.IntegerField(
        label=_("Battery health after (%)"), min_value=0, max_value=100, required=False
    )
    warranty_months = forms.IntegerField(
        label=_("Repair warranty (months)"), min_value=0, max_value=36, initial=6
    )
    repair_barrier = forms.ChoiceField(
        label=_("If it could not be repaired, why"),
        choices=[("", "—"), *RepairBarrier.choices],
        required=False,
    )


class PartForm(Form):
    sku = forms.CharField(label=_("SKU"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=160)
    part_type = forms.ChoiceField(label=_("Part type"), choices=PartType.choices)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (PartSource.OEM, PartSource.OEM.label),
            (PartSource.COMPATIBLE, PartSource.COMPATIBLE.label),
        ],
    )
    compatible_models = forms.ModelMultipleChoiceField(
        label=_("Compatible models"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    lead_time_days = forms.IntegerField(
        label=_("Lead time (working days)"), min_value=0, max_value=365, initial=5
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args, markets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compatible_models"].queryset = device_models()
        self.price_fields = []
        for market in markets:
            name = f"price_{market.code}"
            self.fields[name] = forms.IntegerField(
                label=_("Price in %(market)s (%(currency)s, minor units)")
                % {"market": market.local_name, "currency": market.currency},
                min_value=0,
                required=False,
            )
            self.price_fields.append(name)


class StockForm(Form):
    location = forms.TypedChoiceField(label=_("Location"), coerce=int)
    quantity = forms.IntegerField(label=_("Quantity counted"), min_value=0)

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [
            (loc.pk, f"{loc.name} ({loc.city or loc.market_id})") for loc in locations
        ]


class ImportForm(Form):
    file = forms.FileField(label=_("CSV file"))
