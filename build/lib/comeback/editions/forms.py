"""Web forms of editions: they parse and label input; the services hold the rules (their refusals come back
onto the form through comeback.core.forms.apply_problem)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.catalog.models import Category
from comeback.core import markets
from comeback.core.forms import Form
from comeback.core.money import Money
from comeback.recovery.models import Collection

from . import selectors
from .models import MAX_EDITION_SIZE


class EditionForm(Form):
    collection_id = forms.TypedChoiceField(label=_("Collection"), coerce=int, choices=())
    name = forms.CharField(label=_("Name of the piece"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=())
    size = forms.IntegerField(label=_("Edition size"), min_value=1, max_value=MAX_EDITION_SIZE, initial=50)
    price = forms.DecimalField(label=_("Price of a piece"), min_value=0, decimal_places=2, max_digits=12)
    market = forms.ChoiceField(label=_("Market"), choices=())
    story = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown on the product page and in each piece's passport. Default: the collection's."),
    )

    def __init__(self, *args, seller=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection_id"].choices = [
            (c.pk, f"{c.name} — {c.maker}") for c in Collection.objects.filter(is_active=True)
        ]
        self.fields["category"].choices = [
            (c.slug, c.name) for c in Category.objects.all() if selectors.is_numbered(c)
        ]
        sells = set(seller.markets or []) if seller is not None else set(markets.codes())
        self.fields["market"].choices = [
            (m.code, f"{m.local_name} ({m.currency})") for m in markets.all_markets() if m.code in sells
        ]

    def price_minor(self) -> int | None:
        d = self.cleaned_data
        try:
            return Money.from_major(d["price"], markets.get(d["market"]).currency).amount
        except (ValueError, ArithmeticError):
            self.add_error("price", _("Too many decimals for this market's currency."))
            return None


class PieceForm(Form):
    donors = forms.MultipleChoiceField(
        label=_("Made from"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("Your upcycled units allocated to this collection and not used yet."),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donors"].choices = [(d.tradein.ref, f"{d.tradein.ref} · {d.product}") for d in units]
