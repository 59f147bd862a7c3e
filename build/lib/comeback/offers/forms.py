"""Portal forms: they parse what a browser sends; every rule about values is the service's.

A price is typed in major units ("349.00") and converted with `Money.from_major`; the service then
names any rule broken, and `apply_problem` puts its message next to the field it names.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core import forms as core_forms
from comeback.core import markets
from comeback.core.forms import Form
from comeback.core.money import Money, minor_units
from comeback.core.problems import Problem

from .models import Grade, OfferStatus
from .services import ListingDraft

# Service field names → the form field that shows the message.
FIELD_FOR = {"variant_id": "variant", "currency": "price", "market": "market"}


def apply_problem(form: forms.Form, problem: Problem) -> None:
    """Show a service's refusal on the form: field errors beside their fields, the rest on top."""
    core_forms.apply_problem(form, problem, field_for=FIELD_FOR)


def price_to_minor(form: forms.Form, field: str, value: Decimal | None, currency: str) -> int | None:
    """Major units typed by a person → minor units, or a field error when it has too many decimals."""
    if value is None:
        return None
    try:
        return Money.from_major(value, currency).amount
    except (ValueError, ArithmeticError):
        places = minor_units(currency)
        if places == 0:
            form.add_error(field, _("%(c)s prices are whole numbers.") % {"c": currency})
        else:
            form.add_error(
                field, _("%(c)s prices have at most %(n)d decimals.") % {"c": currency, "n": places}
            )
        return None


class ListingForm(Form):
    """A new listing. The product is picked first (search); its variants fill the `variant` choices."""

    product = forms.IntegerField(widget=forms.HiddenInput)
    variant = forms.TypedChoiceField(label=_("Variant"), coerce=int)
    market = forms.ChoiceField(label=_("Market"))
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=Grade.choices,
        # xgettext:no-python-format
        help_text=_("Cosmetic grade; every grade is 100% functional."),
    )
    price = forms.DecimalField(
        label=_("Price"),
        max_digits=14,
        min_value=Decimal(0),
        help_text=_("In the market's currency, e.g. 349.00"),
    )
    quantity = forms.IntegerField(label=_("Units in stock"), min_value=0, initial=1)
    battery_health_min = forms.IntegerField(
        label=_("Guaranteed minimum battery health (%)"), required=False, min_value=0, max_value=100
    )
    warranty_months = forms.IntegerField(label=_("Warranty (months)"), initial=12, min_value=0)
    handling_days = forms.IntegerField(label=_("Handling time (business days)"), initial=1, min_value=0)

    def __init__(self, *args, seller, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seller = seller
        self.product = product
        allowed = [m for m in markets.all_markets() if m.code in (seller.markets or [])]
        self.fields["market"].choices = [(m.code, f"{m.local_name} ({m.currency})") for m in allowed]
        self.fields["handling_days"].initial = seller.default_handling_days
        if product is not None:
            self.fields["product"].initial = product.pk
            self.fields["variant"].choices = [(v.pk, v.label) for v in product.variants.all()]
            scheme = product.category.conditions  # only the grades of the category's condition scheme
            self.fields["grade"].choices = [(g.code, g.label) for g in scheme.grades]
            if not scheme.functional_claim:
                self.fields["grade"].help_text = _("Disclose every sign of wear with a photo of it.")
            floor = product.category.battery_floor
            if floor is None:
                del self.fields["battery_health_min"]
            else:
                self.fields["battery_health_min"].required = True
                self.fields["battery_health_min"].help_text = _(
                    "At least %(floor)d%% for %(category)s; at least 90%% for Premium."
                ) % {"floor": floor, "category": product.category.name}

    def to_draft(self) -> ListingDraft | None:
        """The service's input, or None when the form already has errors (e.g. too many decimals)."""
        data = self.cleaned_data
        market = markets.get(data["market"])
        price = price_to_minor(self, "price", data["price"], market.currency)
        if price is None:
            return None
        return ListingDraft(
            variant_id=data["variant"],
            market=market.code,
            grade=data["grade"],
            price=price,
            currency=market.currency,
            quantity=data["quantity"],
            battery_health_min=data.get("battery_health_min"),
            warranty_months=data["warranty_months"],
            handling_days=data["handling_days"],
        )


class RowEditForm(Form):
    """The listings table's inline edit: price (major units) and stock."""

    price = forms.DecimalField(label=_("Price"), max_digits=14, min_value=Decimal(0))
    quantity = forms.IntegerField(label=_("Stock"), min_value=0)

    def __init__(self, *args, offer_id: int, **kwargs):
        super().__init__(*args, prefix=f"o{offer_id}", **kwargs)
        # The inputs sit in table cells and belong to the row's form by its id (a <form> cannot wrap a <tr>).
        for field in self.fields.values():
            field.widget.attrs.update({"form": f"edit-{offer_id}", "class": "input-sm"})
        self.fields["price"].widget.attrs["step"] = "any"
        self.fields["price"].widget.attrs["inputmode"] = "decimal"

    def changes(self, currency: str) -> dict | None:
        price = price_to_minor(self, "price", self.cleaned_data["price"], currency)
        if price is None:
            return None
        return {"price": price, "quantity": self.cleaned_data["quantity"]}


class ListingFilterForm(Form):
    """The listings table's filters (GET)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *OfferStatus.choices]
    )
    market = forms.ChoiceField(label=_("Market"), required=False)
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("Any grade")), *Grade.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = [("", _("Any market"))] + [
            (m.code, m.code) for m in markets.all_markets() if m.code in (seller.markets or [])
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
