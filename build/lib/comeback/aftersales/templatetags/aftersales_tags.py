"""`{% load aftersales_tags %}{% line_warranty line as w %}`: a delivered line's warranty, legal guarantee and
latest claim, for pages of other apps (the order page includes aftersales/_line_warranty.html)."""

from __future__ import annotations

from django import template

from comeback.aftersales import processes
from comeback.aftersales.models import Claim
from comeback.orders import warranty

register = template.Library()


@register.simple_tag(takes_context=True)
def line_warranty(context, line) -> dict:
    market = context.get("market")
    order_market = getattr(getattr(line, "order", None), "market_id", None)
    if market is None or market.code != order_market:
        from comeback.core import markets

        market = markets.find(order_market)
    if market is None:
        return {}
    w = warranty.for_line(line, market=market)
    claim = (
        Claim.objects.filter(order_line_id=line.pk).order_by("-opened_at", "-id").first()
        if w.started
        else None
    )
    return {"warranty": w, "claim": claim, "can_claim": w.active and (claim is None or not claim.is_active)}


@register.simple_tag
def answer_business_days() -> int:
    """The seller's answer deadline, for sentences that spell it (`{% answer_business_days as days %}`)."""
    return processes.ANSWER_BUSINESS_DAYS
