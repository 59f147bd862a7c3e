"""Trade-in template tags: the QR code on the prepaid label (inline SVG, no style attributes: CSP-safe)."""

from __future__ import annotations

import segno
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def qr_svg(text: str, scale: int = 4):
    return mark_safe(
        segno.make(str(text), error="m").svg_inline(scale=scale, omitsize=True, title=str(text))
    )  # segno escapes


QUESTIONS = {
    "powers_on": _("Powers on"),
    "screen": _("Screen"),
    "body": _("Body"),
    "functional": _("All functions work"),
    "accounts_removed": _("Accounts removed"),
}


@register.filter
def question(key: str) -> str:
    return str(QUESTIONS.get(key, key))


@register.filter
def route_label(code: str) -> str:
    """A route's words in the reader's language (the code itself never shows)."""
    from ..models import Route

    return str(dict(Route.choices).get(code, "")) if code else ""


@register.filter
def answer(value) -> str:
    """Yes / No for a yes-no answer, the choice's label otherwise (— when not asked)."""
    from ..models import Body, Screen

    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if value in (None, ""):
        return "—"
    labels = {**dict(Screen.choices), **dict(Body.choices)}
    return str(labels.get(value, value))
