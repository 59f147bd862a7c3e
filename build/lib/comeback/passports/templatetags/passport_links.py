"""Links from other apps' pages to units' passports, e.g. each shipped line of a buyer's order.

`{% load passport_links %}{% attach_passports lines %}` sets `line.passport_path` (the unit's GS1 Digital
Link path, or "") on each order line, in one query for all of them. A template tag, so orders, which
passports build on, never imports passports.
"""

from __future__ import annotations

from django import template

from comeback.passports.handlers import line_key
from comeback.passports.models import PassportEvent

register = template.Library()


@register.simple_tag
def attach_passports(lines) -> str:
    lines = list(lines)
    keys = {line_key(line.pk, "sold"): line for line in lines}
    for line in lines:
        line.passport_path = ""
    if not keys:
        return ""
    for event in (
        PassportEvent.objects.filter(key__in=list(keys))
        .select_related("passport")
        .only("key", "passport__gtin", "passport__serial")
    ):
        keys[event.key].passport_path = event.passport.path
    return ""
