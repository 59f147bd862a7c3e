"""`{% energy_label_rows label as rows %}`: the EU energy label's fields to show, translated, in order."""

from __future__ import annotations

from django import template

from comeback.catalog import energy_label

register = template.Library()


@register.simple_tag
def energy_label_rows(label):
    return energy_label.rows(label)
