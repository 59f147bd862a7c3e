"""`{% product_impact product as impact %}`: a product model's avoided impact per unit (passports.impact)."""

from __future__ import annotations

from django import template

from comeback.passports import impact

register = template.Library()


@register.simple_tag
def product_impact(product):
    return impact.per_unit(product) if product is not None else None
