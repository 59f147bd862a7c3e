"""Template tags of seller trust: a seller's quality in plain words, and its status for the portal.

{% load seller_trust %}
{% seller_quality_summary offer.seller %}          renders sellers/_quality_summary.html
{% seller_quality offer.seller as q %}{{ q.headline }}
{% seller_standing seller as st %}                 status, deadline, today's cap (portal panel)
"""

from __future__ import annotations

from django import template

from comeback.core import clock

from .. import metrics, models, selectors

register = template.Library()


@register.inclusion_tag("sellers/_quality_summary.html")
def seller_quality_summary(seller, compact: bool = False):
    return {"q": selectors.quality_summary(seller), "compact": compact}


@register.simple_tag
def seller_quality(seller):
    return selectors.quality_summary(seller)


@register.simple_tag
def seller_standing(seller):
    return selectors.standing(seller, at=clock.now())


@register.simple_tag
def probation_rules() -> dict:
    """The probation's length and daily cap, for sentences that spell them (`{% probation_rules as pr %}`)."""
    return {"days": models.PROBATION_DAYS, "daily_cap": models.PROBATION_DAILY_CAP}


@register.simple_tag
def trailing_days() -> int:
    """The trailing metrics window in days, for sentences that spell it (`{% trailing_days as days %}`)."""
    return metrics.TRAILING_WINDOW.days
