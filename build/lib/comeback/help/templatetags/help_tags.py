"""`{% load help_tags %}{% guarantee_notice %}`: the legal-guarantee notice of the page's market (the EU's
harmonised notice in EU markets; GB, US and JP their own rules), e.g. at checkout."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from comeback.help import content

register = template.Library()


@register.simple_tag(takes_context=True)
def guarantee_notice(context) -> str:
    market = context.get("market")
    if market is None:
        return ""
    page = content.guarantee_notice(market=market)
    if page is None:
        return ""
    return render_to_string(
        "help/_guarantee_notice.html", {"page": page, "regime": content.guarantee_regime(market)}
    )
