"""The refurbisher's passport pages: register a unit from stock, see what it issued, and print a passport's
label (the issuer's, and staff's). Rules live in services; what is shown comes from selectors.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comeback.core.problems import Problem
from comeback.web import access as access_guards
from comeback.web.access import login_required

from .. import conf, gs1, qr, selectors, services
from ..forms import PassportForm, apply_problem
from . import pages


@login_required
@require_GET
def label(request, serial: str):
    """A printable label: the QR code, the GS1 element string and the model. The issuer's and staff's."""
    p = selectors.find(serial)
    if p is None:
        return pages.missing(request, serial)
    if not pages.may_label(request.user, p):
        return render(request, "passports/forbidden.html", status=403)
    uri = conf.absolute(p.path)
    return render(
        request,
        "passports/label.html",
        {
            "p": p,
            "title": pages.title(p),
            "uri": uri,
            "hri": gs1.element_string(p.gtin, p.serial),
            "qr_svg": mark_safe(qr.svg(uri, title=_("QR code: %s") % uri, inline=True)),
        },
    )


seller_required = access_guards.seller_required(
    template="passports/forbidden.html", context={"seller_only": True}
)


@seller_required
@require_http_methods(["GET", "POST"])
def seller_passports(request):
    """The refurbisher's passports: register a unit from stock, print its label, see what it issued."""
    seller = request.seller
    form = PassportForm(request.POST or None, seller=seller)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.open_stock_passport(seller=seller, **form.cleaned_data)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            return redirect("passports:label", serial=p.serial)
    passports, count = selectors.issued_by(seller, limit=100)
    return render(
        request,
        "passports/seller_passports.html",
        {"seller": seller, "form": form, "passports": passports, "count": count},
    )
