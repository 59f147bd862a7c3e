"""Web forms of recovery: they parse and label input; the services hold the rules (their refusals come back
onto the form through comeback.core.forms.apply_problem)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import markets
from comeback.core.forms import Form
from comeback.core.money import Money, minor_units
from comeback.offers.models import Grade
from comeback.tradein.models import Route

from . import parts, selectors

GRADE_CHOICES = [("", _("— choose —")), *Grade.choices]


class ListForm(Form):
    price = forms.DecimalField(label=_("Price"), min_value=0, decimal_places=2, max_digits=12)
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=GRADE_CHOICES,
        required=False,
        help_text=_("Resell as is: grade it now. A refurbished device keeps its job's grade."),
    )
    battery_health = forms.IntegerField(
        label=_("Battery health measured (%)"), min_value=0, max_value=100, required=False
    )
    battery_health_min = forms.IntegerField(
        label=_("Battery health guaranteed (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Default: the category's floor."),
    )
    warranty_months = forms.IntegerField(label=_("Warranty (months)"), min_value=0, required=False)
    market = forms.ChoiceField(
        label=_("Market"),
        required=False,
        help_text=_("Default: the trade-in's market. The price is in this market's currency."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = [
            ("", _("The trade-in's market")),
            *((m.code, f"{m.local_name} ({m.currency})") for m in markets.all_markets()),
        ]

    def terms(self, default_market: str):
        from .services import ListingTerms

        d = self.cleaned_data
        currency = markets.get(d.get("market") or default_market).currency
        try:
            price = Money.from_major(d["price"], currency).amount
        except (ValueError, ArithmeticError):
            self.add_error(
                "price", _("At most %(n)d decimals in %(c)s.") % {"n": minor_units(currency), "c": currency}
            )
            return None
        return ListingTerms(
            price=price,
            grade=d.get("grade") or "",
            battery_health=d.get("battery_health"),
            battery_health_min=d.get("battery_health_min"),
            warranty_months=d.get("warranty_months"),
            market=d.get("market") or "",
        )


class StartForm(Form):
    technician = forms.CharField(label=_("Technician"), max_length=120, required=False)


class FitForm(Form):
    part_id = forms.TypedChoiceField(
        label=_("Part from your stock"),
        coerce=int,
        choices=(),
        help_text=_("Your parts in stock that fit this model, harvested ones included."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10, initial=1)

    def __init__(self, *args, seller=None, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seller is not None and product is not None:
            self.fields["part_id"].choices = [
                (a.part.pk, f"{a.part.name} ({a.quantity_total})")
                for a in parts.available(seller=seller, product=product)
            ]


class FinishForm(Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=GRADE_CHOICES)
    battery_health = forms.IntegerField(
        label=_("Battery health measured (%)"), min_value=0, max_value=100, required=False
    )
    operations = forms.CharField(
        label=_("Operations (one per line)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["operations"].splitlines() if line.strip()]


class HarvestForm(Form):
    parts = forms.MultipleChoiceField(
        label=_("Usable parts"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    notes = forms.CharField(label=_("Notes"), max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = parts.part_types()


class UpcycleForm(Form):
    collection_id = forms.TypedChoiceField(label=_("Creative collection"), coerce=int, choices=())
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection_id"].choices = [(c.pk, str(c)) for c in selectors.collections()]


class RecyclerForm(Form):
    recycler_id = forms.TypedChoiceField(label=_("Certified recycler"), coerce=int, choices=())
    weight_grams = forms.IntegerField(
        label=_("Weight (grams)"),
        min_value=1,
        required=False,
        help_text=_("Default: the weight recorded with the route."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recycler_id"].choices = [(r.pk, str(r)) for r in selectors.recyclers()]


class RecycledForm(Form):
    certificate_ref = forms.CharField(label=_("Certificate reference"), max_length=80)


class RerouteForm(Form):
    route = forms.ChoiceField(label=_("New route"), choices=Route.choices)
    reason = forms.CharField(label=_("Why"), max_length=300)
    recycler_id = forms.TypedChoiceField(
        label=_("Certified recycler (to recycle)"), coerce=int, choices=(), required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recycler_id"].choices = [("", "—"), *((r.pk, str(r)) for r in selectors.recyclers())]


class FilterForm(Form):
    route = forms.ChoiceField(
        label=_("Route"), choices=[("", _("All routes")), *Route.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("In progress")),
            ("done", _("Done")),
            ("stale", _("Sitting too long")),
        ],
    )
