"""Forms of the passport pages: they parse what a browser sends; the services name every rule broken."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import forms as core_forms
from comeback.core.forms import Form
from comeback.core.problems import Problem

from . import kinds, present

GRADE_CHOICES = [
    ("", _("— not graded yet —")),
    *[(g, present.GRADE_LABELS.get(g, g)) for g in kinds.GRADES],
]
FIELD_FOR = {"variant_id": "variant"}


def apply_problem(form: forms.Form, problem: Problem) -> None:
    """A service's refusal on the form: field errors beside their fields (`data.x` → `x`), the rest on top."""
    core_forms.apply_problem(form, problem, field_for=FIELD_FOR)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PassportForm(Form):
    variant = forms.ModelChoiceField(
        queryset=None,
        label=_("Product variant"),
        required=False,
        help_text=_("One of the variants you list."),
    )
    sku = forms.CharField(label=_("…or its SKU"), required=False, max_length=64)
    imei = forms.CharField(
        label=_("IMEI"), required=False, max_length=20, help_text=_("Restricted: never shown to the public.")
    )
    maker_serial = forms.CharField(
        label=_("Maker's serial number"),
        required=False,
        max_length=64,
        help_text=_("Restricted: never shown to the public."),
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=GRADE_CHOICES, required=False)
    battery_health = forms.IntegerField(
        label=_("Battery health (%)"), required=False, min_value=0, max_value=100
    )
    previous = forms.CharField(
        label=_("Earlier passport (a unit's next life)"),
        required=False,
        max_length=20,
        help_text=_("The serial of this unit's earlier passport, if it had one."),
    )
    care_instructions = forms.CharField(
        label=_("Care instructions"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One per line, e.g. “Machine wash 30 °C”."),
    )
    repair_instructions = forms.CharField(
        label=_("Repair instructions"), required=False, widget=forms.Textarea, max_length=2000
    )

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        from comeback.catalog.models import Variant

        self.fields["variant"].queryset = (
            Variant.objects.filter(offers__seller=seller)
            .select_related("product__brand")
            .distinct()
            .order_by("product__brand__name", "product__name", "label")
        )

    def clean(self):
        data = super().clean()
        if not data.get("variant") and data.get("sku"):
            from comeback.catalog.models import Variant

            data["variant"] = Variant.objects.filter(sku=data["sku"].strip()).first()
            if data["variant"] is None:
                self.add_error("sku", _("No variant has this SKU."))
        if not data.get("variant") and not self.errors:
            self.add_error("variant", _("Choose the unit's product variant."))
        data.pop("sku", None)
        data["care_instructions"] = _lines(data.get("care_instructions", ""))
        data["battery_health"] = data.get("battery_health")
        return data


class RecordEventForm(Form):
    """One form for every kind a professional records; each field says which kinds use it."""

    kind = forms.ChoiceField(label=_("What happened"))
    at = forms.DateTimeField(
        label=_("When (UTC, leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=GRADE_CHOICES, required=False)
    battery_health = forms.IntegerField(
        label=_("Battery health (%)"), required=False, min_value=0, max_value=100
    )
    cycle_count = forms.IntegerField(label=_("Charge cycles"), required=False, min_value=0)
    measured_with = forms.CharField(label=_("Measured with"), required=False, max_length=120)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea, max_length=1000)
    parts_replaced = forms.CharField(
        label=_("Parts replaced"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One per line: part | oem, compatible or harvested."),
    )
    part = forms.CharField(label=_("Part"), required=False, max_length=120)
    part_source = forms.ChoiceField(
        label=_("Part source"),
        required=False,
        choices=[("", "—"), *[(s, present.PART_SOURCE_LABELS[s]) for s in kinds.PART_SOURCES]],
    )
    route = forms.ChoiceField(
        label=_("Route"),
        required=False,
        choices=[("", "—"), *[(r, present.ROUTE_LABELS[r]) for r in kinds.ROUTES]],
    )
    method = forms.ChoiceField(
        label=_("Wipe method (NIST SP 800-88)"),
        required=False,
        choices=[("", "—"), *[(m, m) for m in kinds.WIPE_METHODS]],
    )
    tool = forms.CharField(label=_("Wipe tool"), required=False, max_length=120)
    tool_version = forms.CharField(label=_("Tool version"), required=False, max_length=60)
    verified = forms.BooleanField(label=_("Wipe verified"), required=False)
    certificate_ref = forms.CharField(label=_("Certificate reference"), required=False, max_length=120)
    weight_grams = forms.IntegerField(label=_("Weight (grams)"), required=False, min_value=1)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea, max_length=1000)
    technician = forms.CharField(
        label=_("Technician"),
        required=False,
        max_length=120,
        help_text=_("Restricted: never shown to the public."),
    )

    def __init__(self, *args, kinds: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        for name, field in self.fields.items():
            if name not in ("kind", "at"):
                field.widget.attrs["data-kinds"] = " ".join(k.name for k in kinds if name in k.fields)

    def data_for(self, kind: kinds.Kind) -> dict:
        data = {}
        for name in kind.fields:
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if name == "parts_replaced":
                value = [
                    dict(zip(("part", "source"), (x.strip() for x in line.split("|", 1)), strict=False))
                    for line in _lines(value)
                ]
            if name == "verified":
                value = value or None
            if value not in (None, "", []):
                data[name] = value
        return data
