"""What the passports' pages share: a passport's title, who may print its label, and the page that says a
serial is unknown."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from comeback.core.problems import NotFound
from comeback.sellers import selectors as seller_selectors


def title(p) -> str:
    return f"{p.product.brand.name} {p.product.name}" + (f" · {p.variant.label}" if p.variant_id else "")


def missing(request, serial: str) -> HttpResponse:
    problem = NotFound(_("No passport %s.") % serial, code="passport_not_found")
    return render(request, "passports/resolver_error.html", {"problem": problem}, status=404)


def may_label(user, p) -> bool:
    """The label is the issuer's and staff's."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    seller = seller_selectors.seller_for_user(user)
    return seller is not None and p.issuer_id == seller.pk
