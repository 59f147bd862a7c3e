"""The seller's invoices page: sales invoices in its name, credit notes, commission invoices, and whether
it sells under the margin scheme."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core.forms import Form
from comeback.web.access import seller_required

from .. import selectors, services


class MarginSchemeForm(Form):
    margin_scheme = forms.BooleanField(
        label=gettext_lazy("I sell second-hand goods under the margin scheme (no VAT shown on my invoices)"),
        required=False,
    )


@seller_required
def home(request):
    seller = request.seller
    form = MarginSchemeForm(request.POST or None, initial={"margin_scheme": services.margin_scheme(seller)})
    if request.method == "POST" and form.is_valid():
        services.set_margin_scheme(seller=seller, enabled=form.cleaned_data["margin_scheme"])
        messages.success(request, _("Saved: your next invoices follow this setting."))
        return redirect("invoices:seller_home")
    return render(
        request, "invoices/seller_invoices.html", {"form": form, "invoices": selectors.for_seller(seller)}
    )
