"""Template filters for money, dates and percentages in the market's locale (babel), and storefront bits.

`{% load comeback %}` then `{% money amount currency %}`, `{% localdate d %}`, `{% percent x %}`,
`{% number x 1 %}`, `{% currency_symbol %}`, `{% country_name "CN" %}`, `{% illustration key %}`, `{% stars avg count %}`, `{{ grade|grade_label }}`,
`{{ grade|grade_definition }}`, `{{ reason|reason_text }}`.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_currency_symbol
from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from comeback.core.money import Money

register = template.Library()

# Category illustration keys that have an SVG in web/static/comeback/illustrations/ (Category.illustration).
ILLUSTRATIONS = frozenset(
    {"phone", "laptop", "tablet", "console", "watch", "earphones", "jacket", "accessory", "generic"}
)


def _locale(context) -> str:
    m = context.get("market")
    return m.locale if m is not None else "en_GB"


@register.simple_tag(takes_context=True)
def money(context, amount, currency=None):
    """{% money offer.price %} or {% money 34900 "EUR" %}"""
    if amount is None or amount == "":
        return ""
    value = amount if isinstance(amount, Money) else Money(int(amount), currency)
    return value.format(_locale(context))


@register.simple_tag(takes_context=True)
def localdate(context, value, fmt="medium"):
    return format_date(value, format=fmt, locale=_locale(context)) if value else ""


@register.simple_tag(takes_context=True)
def percent(context, value, digits=0):
    if value is None:
        return ""
    return format_percent(float(value), format="#,##0" + ("." + "0" * digits if digits else "") + "%", locale=_locale(context))


@register.simple_tag(takes_context=True)
def percent_points(context, value):
    """A whole percentage stored as points (battery 85, material 24) -> "85%" / "85 %" by locale."""
    if value is None or value == "":
        return ""
    return format_percent(Decimal(str(value)) / 100, locale=_locale(context))


@register.simple_tag(takes_context=True)
def number(context, value, digits=0):
    """A plain number in the market's locale: {% number seller.rating_avg 1 %} -> "4,5" in France."""
    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=_locale(context))


@register.simple_tag(takes_context=True)
def currency_symbol(context, currency=None) -> str:
    """"€", "£", "¥"… for `currency` (default: the market's) in the market's locale."""
    m = context.get("market")
    code = currency or (m.currency if m is not None else "EUR")
    return get_currency_symbol(code, locale=_locale(context))


@register.simple_tag(takes_context=True)
def country_name(context, code) -> str:
    """An ISO 3166 code as the country's name in the page's language ("CN" -> "China", "Chine" in French)."""
    if not code:
        return ""
    try:
        return Locale.parse(to_locale(get_language() or "en")).territories.get(str(code).upper(), str(code))
    except (UnknownLocaleError, ValueError):
        return str(code)


@register.simple_tag
def illustration(key) -> str:
    """Static URL of a category illustration; unknown keys fall back to the generic one."""
    name = key if key in ILLUSTRATIONS else "generic"
    return static(f"comeback/illustrations/{name}.svg")


@register.simple_tag(takes_context=True)
def stars(context, average, count=None):
    """★★★★☆ with the numbers spelled out for screen readers; "No reviews yet" without ratings."""
    if not count or average is None:
        return format_html('<span class="stars muted">{}</span>', _("No reviews yet"))
    avg = Decimal(str(average))
    full = int(avg + Decimal("0.5"))
    shown = "★" * full + "☆" * (5 - full)
    avg_text = number(context, avg, 1)
    return format_html(
        '<span class="stars"><span aria-hidden="true">{}</span> {} <span class="count">({})</span>'
        '<span class="visually-hidden">{}</span></span>',
        shown,
        avg_text,
        number(context, count),
        ngettext(", rated %(avg)s out of 5 from %(n)s review", ", rated %(avg)s out of 5 from %(n)s reviews", count)
        % {"avg": avg_text, "n": count},
    )


def _grade_texts() -> dict[str, tuple[str, str]]:
    # DESIGN.md §2 Grades: cosmetic only; every grade is 100% functional.
    return {
        "premium": (_("Premium"), _("Flawless, genuine parts, battery at least 90% at delivery.")),
        "excellent": (_("Excellent"), _("Micro-scratches invisible at 20 cm.")),
        "good": (_("Good"), _("Light marks invisible at 50 cm.")),
        "fair": (_("Fair"), _("Visible scratches or dents.")),
    }


@register.filter
def get_item(mapping, key):
    """{{ params.attrs|get_item:name }}: a dict value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def grade_label(grade) -> str:
    return _grade_texts().get(str(grade), (str(grade).title(), ""))[0]


@register.filter
def grade_definition(grade) -> str:
    return _grade_texts().get(str(grade), ("", ""))[1]
